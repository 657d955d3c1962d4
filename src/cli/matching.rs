//! `reorg match INSTANCE`: the matching engine on its own, for scripting and
//! for cross-checking it against other implementations.
//!
//! # Input
//!
//! One JSON object, from a file or from standard input (`-`), in the format
//! of [`crate::matching::json`]; `--optimal` overrides the file's `optimal`.
//! Errors name the offending id and exit with code 2. At most
//! [`MAX_INPUT_BYTES`] bytes (1 GiB) and [`MAX_ENTRIES`] ids and list
//! entries (64 million) are read unless `--max-bytes` and `--max-entries`
//! say otherwise; a million candidates with 10 to 20 choices each (about
//! 300 MB, 31 million entries) fit the defaults.
//!
//! # Output (wire format)
//!
//! With `--format json` (the default), the object described in
//! [`crate::matching::json`], pretty-printed, then a newline:
//!
//! ```json
//! {
//!   "assignment": {"c1": "p1", "c2": null},
//!   "blocking_pairs": 0
//! }
//! ```
//!
//! `blocking_pairs` is present only with `--verify`: the number of blocking
//! pairs found by an independent check of the result (always 0 unless the
//! engine is wrong). `--format table` prints a table of candidate, post and
//! choice rank (1 = first choice as listed in the input), then `blocking
//! pairs: N` with `--verify`.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use crate::cli::args::OutputArg;
use crate::cli::bad_input;
use crate::matching::json::{self, NamedInstance};
use crate::matching::{self, Matching, Side};

pub use crate::matching::json::MAX_ENTRIES;

/// Largest instance file read by default, in bytes (1 GiB); `--max-bytes`
/// sets another bound.
pub const MAX_INPUT_BYTES: u64 = 1 << 30;

/// Arguments of `reorg match`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The instance file (JSON), or `-` to read standard input.
    pub instance: PathBuf,
    /// Which side's optimal stable matching to compute; overrides the file's
    /// `optimal`.
    #[arg(long, value_enum)]
    pub optimal: Option<Optimal>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// Also check the result and report its number of blocking pairs.
    #[arg(long)]
    pub verify: bool,
    /// Largest input read, in bytes (default 1 GiB); a larger one is
    /// refused before it is parsed.
    #[arg(long, value_name = "BYTES", default_value_t = MAX_INPUT_BYTES)]
    pub max_bytes: u64,
    /// Most ids plus list entries (choices and ranking places) read, in all;
    /// reading stops with an error at the first one over. Memory while
    /// reading and solving is about 30 bytes per entry plus the file.
    #[arg(long, value_name = "N", default_value_t = MAX_ENTRIES)]
    pub max_entries: usize,
    /// The shared [`OutputArg`].
    #[command(flatten)]
    pub output: OutputArg,
}

/// The side whose optimal stable matching is computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Optimal {
    /// Candidates propose: best for the candidates.
    Candidate,
    /// Posts propose: best for the posts.
    Post,
}

impl From<Optimal> for Side {
    fn from(optimal: Optimal) -> Side {
        match optimal {
            Optimal::Candidate => Side::Candidate,
            Optimal::Post => Side::Post,
        }
    }
}

/// Output formats of `reorg match`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The JSON object described in the module documentation.
    Json,
    /// A table for people.
    Table,
}

/// Runs `reorg match`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let name = if is_stdin(&args.instance) {
        "<stdin>".to_owned()
    } else {
        args.instance.display().to_string()
    };
    let bytes = read_input(&args.instance, args.max_bytes)
        .with_context(|| format!("cannot read `{name}`"))
        .map_err(bad_input)?;
    let problem = json::from_slice_limited(&bytes, args.max_entries)
        .with_context(|| format!("invalid instance `{name}`"))
        .map_err(bad_input)?;

    let side = args.optimal.map_or(problem.optimal(), Side::from);
    let matching = matching::deferred_acceptance(problem.instance(), side);
    let blocking_pairs = if args.verify {
        // An invalid result here would be a bug in the engine, not bad input.
        Some(matching::verify(problem.instance(), &matching)?.len())
    } else {
        None
    };

    // Written whole, then to stdout or the `-o` file like every command's
    // output (so a closed pipe is the same quiet success everywhere).
    let mut out = Vec::new();
    match args.format {
        Format::Json => {
            json::write_answer(&mut out, &problem, &matching, blocking_pairs)?;
            out.write_all(b"\n")?;
        }
        Format::Table => write_table(&mut out, &problem, &matching, blocking_pairs)?,
    }
    super::write_output(args.output.output.as_deref(), &out)?;
    Ok(ExitCode::SUCCESS)
}

fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Reads the whole input, refusing more than `max` bytes.
fn read_input(path: &Path, max: u64) -> anyhow::Result<Vec<u8>> {
    let too_large =
        || anyhow::anyhow!("the instance is larger than {max} bytes; see `--max-bytes`");
    let mut bytes = Vec::new();
    if is_stdin(path) {
        std::io::stdin()
            .lock()
            .take(max.saturating_add(1))
            .read_to_end(&mut bytes)?;
    } else {
        let file = std::fs::File::open(path)?;
        // Sized up front: one allocation, no copies while growing.
        let len = file.metadata().map_or(0, |m| m.len());
        if len > max {
            return Err(too_large());
        }
        bytes.reserve_exact(len as usize + 1);
        file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    }
    if bytes.len() as u64 > max {
        return Err(too_large());
    }
    Ok(bytes)
}

fn write_table(
    out: &mut impl Write,
    problem: &NamedInstance<'_>,
    matching: &Matching,
    blocking_pairs: Option<usize>,
) -> anyhow::Result<()> {
    let mut rows = Vec::new();
    for (c, assignment) in matching.iter().enumerate() {
        let (post, rank) = match assignment {
            Some(a) => {
                // Rank in the candidate's list as given, which may include
                // posts that did not rank them back.
                let rank = problem
                    .listed_posts(c as u32)
                    .iter()
                    .position(|&p| p == a.post)
                    .map_or(0, |i| i + 1);
                (problem.post_id(a.post).to_owned(), rank.to_string())
            }
            None => ("-".to_owned(), "-".to_owned()),
        };
        rows.push(vec![problem.candidate_id(c as u32).to_owned(), post, rank]);
    }
    let table = crate::report::document::Section {
        title: None,
        header: ["candidate", "post", "choice rank"]
            .map(String::from)
            .to_vec(),
        rows,
        numeric_from: 2,
        layout: crate::report::document::Layout::Boxed,
    };
    writeln!(out, "{}", crate::report::document::terminal_table(&table))?;
    if let Some(n) = blocking_pairs {
        writeln!(out, "blocking pairs: {n}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &[u8] =
        br#"{"candidates": {"a": ["p"]}, "posts": {"p": {"capacity": 1, "ranking": ["a"]}}}"#;

    #[test]
    fn the_entry_bound_is_the_callers() {
        // Four ids and entries: `a` and its choice `p`, `p` and its ranking's `a`.
        assert!(json::from_slice_limited(TEXT, 4).is_ok());
        let err = json::from_slice_limited(TEXT, 3).unwrap_err();
        assert!(
            matches!(err, json::ReadError::TooLarge { max: 3, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn the_byte_bound_is_the_callers() {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), TEXT).unwrap();
        let len = TEXT.len() as u64;
        assert_eq!(read_input(file.path(), len).unwrap(), TEXT);
        let err = read_input(file.path(), len - 1).unwrap_err();
        assert!(
            err.to_string()
                .contains(&format!("larger than {} bytes", len - 1))
        );
    }
}
