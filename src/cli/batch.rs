//! `reorg batch [SCENARIO] --runs N`: many runs, sweeps over `--set` values,
//! shards for a cluster; and `reorg batch merge PART...`, which puts shards
//! back together. docs/batch.md is the guide, docs/cluster.md the cluster
//! recipes.

use std::fs::File;
use std::io::{BufReader, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use anyhow::Context;

use crate::batch::grid::Grid;
use crate::batch::merge::{Merger, open_part};
use crate::batch::rows::{RowFormat, RowWriter, reserved_names};
use crate::batch::shard::Shard;
use crate::batch::{Batch, BatchError, BatchSummary, Completion, Plan, Source};
use crate::cli::args::{BOM, Format, FormatArg, JobsArg, render};
use crate::cli::bad_input;
use crate::metrics::stranded_warning;

/// Arguments of `reorg batch`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct Args {
    /// `merge`: combine the row files of a sharded batch.
    #[command(subcommand)]
    pub command: Option<Sub>,
    /// Scenario file (TOML); without one, the built-in scenario.
    pub scenario: Option<PathBuf>,
    /// Runs per grid point; run i uses generator stream i of the seed.
    #[arg(long, value_name = "N", required = true)]
    pub runs: Option<u64>,
    /// Master seed (default: the scenario's `seed`); run 0 is `reorg run --seed S`.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// The shared [`JobsArg`].
    #[command(flatten)]
    pub jobs: JobsArg,
    /// Override a scenario value by its TOML path; several values separated by
    /// top-level commas are swept, e.g. `--set policy.choices=2,3,5`. Several
    /// `--set`s make a grid, the first varying slowest.
    #[arg(long = "set", value_name = "PATH=V1,V2,...")]
    pub set: Vec<String>,
    /// Write one row per run to FILE: JSON Lines (`.jsonl`) or CSV (`.csv`);
    /// the summary goes to stdout.
    #[arg(
        short = 'o',
        long = "output",
        visible_alias = "out",
        value_name = "FILE"
    )]
    pub output: Option<PathBuf>,
    /// Run only shard K of N: the runs whose number (point × runs + run) is K − 1 modulo N.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub shard: Option<Shard>,
    /// Write the risk over all runs to FILE (`.json`, created 0600: it names
    /// people): per person the share of runs with each status and with their
    /// level kept or lost; per unit and post the seats filled, vacancies and
    /// cut-offs. One grid point only (each `--set` with one value).
    #[arg(long, value_name = "FILE")]
    pub risk: Option<PathBuf>,
    /// The shared [`FormatArg`].
    #[command(flatten)]
    pub format: FormatArg,
}

/// `reorg batch` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// Combine the row files of a sharded batch into the rows and summary one
    /// unsharded batch gives, byte for byte.
    Merge(MergeArgs),
}

/// Arguments of `reorg batch merge`.
#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// Row files written by `reorg batch --shard K/N --out ...`, in any order.
    #[arg(required = true, value_name = "PART")]
    pub parts: Vec<PathBuf>,
    /// Write the merged rows to FILE (`.jsonl` or `.csv`); the summary goes to stdout.
    #[arg(
        short = 'o',
        long = "output",
        visible_alias = "out",
        value_name = "FILE"
    )]
    pub output: Option<PathBuf>,
    /// Summarise whatever runs the parts hold, even if some are missing.
    #[arg(long)]
    pub partial: bool,
    /// Write the merged risk to FILE (`.json`): the parts' risk files
    /// (`reorg batch --risk`, ending in `.json`) are given among the PARTs.
    #[arg(long, value_name = "FILE")]
    pub risk: Option<PathBuf>,
    /// The shared [`FormatArg`].
    #[command(flatten)]
    pub format: FormatArg,
}

fn parse_shard(text: &str) -> Result<Shard, String> {
    text.parse()
}

/// The exit code of a batch stopped by Ctrl-C (128 + SIGINT, as shells use).
pub const INTERRUPTED: u8 = 130;

/// Set by Ctrl-C, `SIGTERM` or `SIGHUP` ([`super::stop_on_signal`]); a
/// batch stops within a chunk of runs.
pub(crate) static STOP: AtomicBool = AtomicBool::new(false);

/// Runs `reorg batch`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if let Some(Sub::Merge(merge_args)) = args.command {
        return merge(merge_args);
    }
    let runs = args
        .runs
        .context("`--runs N` is required")
        .map_err(bad_input)?;
    let grid = Grid::parse(&args.set, &reserved_names()).map_err(batch_error)?;
    let row_format = args.output.as_deref().map(row_format).transpose()?;
    let threads = threads(args.jobs.jobs)?;
    if let Some(path) = &args.risk {
        risk_format(path)?;
        if grid.len() != 1 {
            return Err(bad_input(anyhow::anyhow!(
                "`--risk`: risk is counted at one grid point, but this batch sweeps {} points; give each `--set` one value and run one batch per setting",
                grid.len()
            )));
        }
    }
    let plan = Plan {
        source: source(&args.scenario),
        base: Vec::new(),
        grid,
        runs,
        seed: args.seed,
        shard: args.shard,
    };
    let batch = Batch::prepare(plan).map_err(batch_error)?;
    let (located, plain) = batch.warnings();
    super::warnings::report(located, plain)?;
    // The rows file is opened before Ctrl-C turns into a clean stop, so
    // that a FIFO without a reader can still be given up on with Ctrl-C.
    let mut rows = match (&args.output, row_format) {
        (Some(path), Some(format)) => {
            let bom = args.format.bom(true);
            Some(RowFile::create(
                path,
                format,
                bom,
                &batch.plan().grid.paths(),
                batch.extra_columns(),
            )?)
        }
        _ => None,
    };
    super::stop_on_signal(&STOP);
    let bar = progress_bar(batch.runs_planned());
    let mut sink = |row: &crate::batch::rows::Row| match &mut rows {
        Some(file) => file.writer.write(row),
        None => Ok(()),
    };
    let mut progress = |done| bar.set_position(done);
    let result = match &args.risk {
        None => batch
            .run(threads, &STOP, &mut sink, &mut progress)
            .map(|summary| (summary, None)),
        Some(_) => batch
            .run_with_risk(threads, &STOP, &mut sink, &mut progress)
            .map(|(summary, risk)| (summary, Some(risk))),
    };
    bar.finish_and_clear();
    let result = match result {
        Ok((summary, risk)) => {
            // Written like the rows: also after Ctrl-C, covering the runs done.
            if let (Some(path), Some(risk)) = (&args.risk, risk) {
                write_risk(path, &risk, &args.format)?;
            }
            Ok(summary)
        }
        Err(err) => Err(err),
    };
    conclude(result, rows, &args.format)
}

/// True for a risk file `reorg batch merge` reads: a name ending in `.json`.
fn is_risk_part(path: &Path) -> bool {
    Format::of_path(path) == Some(Format::Json)
}

/// The format of a risk file by its name: `.json` (the file `reorg batch
/// merge` reads), or a view of it: `.csv` (one row per person), `.xlsx`,
/// `.md`, `.html`.
fn risk_format(path: &Path) -> anyhow::Result<Format> {
    Format::of_path(path).ok_or_else(|| {
        bad_input(anyhow::anyhow!(
            "`--risk {}`: end the name in `.json` (the file `reorg batch merge` reads), or `.csv`, `.xlsx`, `.md` or `.html` for a view of it",
            path.display()
        ))
    })
}

/// Writes a risk file in the format its name asks for, private (0600)
/// when new: it names people.
fn write_risk(
    path: &Path,
    risk: &crate::batch::risk::Risk,
    flags: &FormatArg,
) -> anyhow::Result<()> {
    let format = risk_format(path)?;
    let bytes = render(&risk.report(), format, flags, true)?;
    super::Destination::open(Some(path), super::Privacy::Private)?.write(&bytes)
}

/// Runs `reorg batch merge`.
fn merge(args: MergeArgs) -> anyhow::Result<ExitCode> {
    let (risk_parts, row_parts): (Vec<&PathBuf>, Vec<&PathBuf>) =
        args.parts.iter().partition(|path| is_risk_part(path));
    match (&args.risk, risk_parts.is_empty()) {
        (Some(out), false) => {
            risk_format(out)?;
            let paths: Vec<&Path> = risk_parts.iter().map(|p| p.as_path()).collect();
            let risk =
                crate::batch::risk::merge::merge(&paths, args.partial).map_err(batch_error)?;
            write_risk(out, &risk, &args.format)?;
            if risk.runs < risk.frame.runs_per_point {
                eprintln!(
                    "warning: partial merge: the risk covers {} of {} runs",
                    risk.runs, risk.frame.runs_per_point
                );
            }
        }
        (Some(out), true) => {
            return Err(bad_input(anyhow::anyhow!(
                "`--risk {}`: give the shards' risk files (`.json`) among the parts",
                out.display()
            )));
        }
        (None, false) => {
            return Err(bad_input(anyhow::anyhow!(
                "`{}` is a risk file: give `--risk FILE.json` for the merged risk",
                risk_parts[0].display()
            )));
        }
        (None, true) => {}
    }
    if row_parts.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let mut inputs = Vec::with_capacity(row_parts.len());
    for path in row_parts {
        let format = row_format(path)?;
        let file = open_part(path).map_err(batch_error)?;
        inputs.push((
            path.display().to_string(),
            format,
            BufReader::with_capacity(1 << 16, file),
        ));
    }
    let merger = Merger::open(inputs).map_err(batch_error)?;
    let out_format = args.output.as_deref().map(row_format).transpose()?;
    let mut rows = match (&args.output, out_format) {
        (Some(path), Some(format)) => Some(RowFile::create(
            path,
            format,
            args.format.bom(true),
            merger.paths(),
            merger.extra(),
        )?),
        _ => None,
    };
    let result = merger.run(args.partial, &mut |row| match &mut rows {
        Some(file) => file.writer.write(row),
        None => Ok(()),
    });
    conclude(result, rows, &args.format)
}

/// Ends a batch or a merge: on success the rows file is renamed into place
/// and the summary printed; on failure the partial rows file is removed
/// (a device or FIFO keeps what it was sent).
fn conclude(
    result: Result<BatchSummary, BatchError>,
    rows: Option<RowFile>,
    format: &FormatArg,
) -> anyhow::Result<ExitCode> {
    let summary = match result {
        Ok(summary) => summary,
        // Only the rows file is written while rows come: name it. Dropping
        // it removes its temporary file.
        Err(BatchError::Write(err)) if rows.is_some() => {
            return Err(rows.expect("checked").output.failure(err));
        }
        Err(err) => return Err(batch_error(err)),
    };
    if let Some(file) = rows {
        file.finish()?;
    }
    finish(&summary, format)
}

/// Prints the summary (it always goes to stdout: `-o` names the rows
/// file); a note and exit code 130 when interrupted.
fn finish(summary: &BatchSummary, format: &FormatArg) -> anyhow::Result<ExitCode> {
    super::write_stdout(&render(summary, format.on_stdout(), format, false)?)?;
    let stranded = summary
        .points
        .iter()
        .flat_map(|point| &point.figures)
        .filter(|figure| figure.figure == "stranded")
        .filter_map(|figure| figure.mean)
        .fold(0.0, f64::max);
    if stranded > 0.0 {
        let who = format!("on average {stranded:.1} people per run (at the worst grid point)");
        let warned = super::warnings::report(&[], &[stranded_warning(&who, None)]);
        // An interrupted batch keeps its own exit code (130) whatever
        // `--deny-warnings` says.
        if summary.status != Completion::Interrupted {
            warned?;
        }
    }
    match summary.status {
        Completion::Interrupted => {
            eprintln!(
                "interrupted: the rows and the summary cover {} of {} runs",
                summary.runs_done, summary.runs_planned
            );
            Ok(ExitCode::from(INTERRUPTED))
        }
        Completion::Partial => {
            eprintln!(
                "warning: partial merge: the summary covers {} of {} runs",
                summary.runs_done, summary.runs_planned
            );
            Ok(ExitCode::SUCCESS)
        }
        Completion::Complete => Ok(ExitCode::SUCCESS),
    }
}

/// The scenario file, or the built-in scenario.
pub(crate) fn source(path: &Option<PathBuf>) -> Source {
    match path {
        Some(path) => Source::File(path.clone()),
        None => Source::Input(crate::scenario::builtin::input()),
    }
}

/// The most threads `--jobs` may ask for (or the number of cores, if more):
/// more than the cores only adds
/// memory and switching, and a typo such as `-j 100000` would stall the
/// machine before the first run.
const MAX_JOBS: usize = 256;

/// `--jobs`, or the number of cores.
pub(crate) fn threads(jobs: Option<usize>) -> anyhow::Result<usize> {
    match jobs {
        Some(0) => Err(bad_input(anyhow::anyhow!(
            "`--jobs 0`: give at least 1 thread"
        ))),
        Some(jobs) if jobs > MAX_JOBS.max(cores()) => Err(bad_input(anyhow::anyhow!(
            "`--jobs {jobs}`: at most {} threads; this machine has {} cores",
            MAX_JOBS.max(cores()),
            cores()
        ))),
        Some(jobs) => Ok(jobs),
        None => Ok(cores()),
    }
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// A progress bar with ETA on stderr when it is a terminal; hidden otherwise.
pub(crate) fn progress_bar(total: u64) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(total),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{elapsed_precise} [{wide_bar}] {human_pos}/{human_len} runs, ETA {eta}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// Maps a batch error to the CLI's: scenario errors keep their diagnostics,
/// the user's mistakes exit with 2.
pub(crate) fn batch_error(err: BatchError) -> anyhow::Error {
    match err {
        BatchError::Scenario(err) => err.into(),
        err if err.is_bad_input() => bad_input(err),
        err => err.into(),
    }
}

fn row_format(path: &Path) -> anyhow::Result<RowFormat> {
    RowFormat::from_path(path).ok_or_else(|| {
        bad_input(anyhow::anyhow!(
            "`{}`: row files end in `.jsonl` (JSON Lines) or `.csv`",
            path.display()
        ))
    })
}

/// Rows streamed to an [`super::Output`]: a temporary file renamed into
/// place when the batch ends (also after Ctrl-C) and removed on failure, or
/// a device or FIFO written through.
struct RowFile {
    output: super::Output,
    writer: RowWriter<File>,
}

impl RowFile {
    /// Opens the rows file; CSV rows start with the byte-order mark when
    /// `bom` (`reorg batch merge` reads parts with or without one).
    fn create(
        path: &Path,
        format: RowFormat,
        bom: bool,
        paths: &[String],
        extra: &[String],
    ) -> anyhow::Result<RowFile> {
        let (output, mut file) = super::Output::open(path, super::Privacy::Shared)?;
        if format == RowFormat::Csv && bom {
            use std::io::Write;
            file.write_all(BOM).map_err(|err| output.failure(err))?;
        }
        let writer =
            RowWriter::with_extra(format, paths, extra, file).map_err(|err| output.failure(err))?;
        Ok(RowFile { output, writer })
    }

    fn finish(self) -> anyhow::Result<()> {
        let file = self
            .writer
            .finish()
            .map_err(|err| self.output.failure(err))?;
        self.output.commit(file)
    }
}
