//! The command line: one module per subcommand, each with its `Args` and a
//! `run` that returns an exit code. Nothing here computes; it turns flags
//! into library calls and library values into bytes on stdout.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::scenario::ScenarioError;

pub mod args;
pub mod batch;
pub mod check;
pub mod compare;
pub mod generate;
pub mod graph;
pub mod matching;
pub mod run;

/// Simulate an organisational restructuring: merge units, then re-appoint
/// everyone through two-way competitive rounds.
#[derive(Debug, Parser)]
#[command(name = "reorg", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run one simulation and show it before and after (no file: the built-in scenario).
    Run(run::Args),
    /// Validate scenarios and summarise them without running.
    Check(check::Args),
    /// Write the synthetic roster of a scenario's `[roster.generate]` as CSV.
    Generate(generate::Args),
    /// Print the merge graph as DOT, Mermaid or JSON.
    Graph(graph::Args),
    /// Solve a bare many-to-one matching instance given as JSON.
    Match(matching::Args),
    /// Many runs over seeds and swept `--set` values, with summary statistics;
    /// `--shard K/N` for a cluster, `reorg batch merge` to combine the parts.
    Batch(batch::Args),
    /// Two scenarios, or one under two sets of settings, side by side.
    Compare(compare::Args),
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Run(args) => run::run(args),
        Command::Check(args) => check::run(args),
        Command::Generate(args) => generate::run(args),
        Command::Graph(args) => graph::run(args),
        Command::Match(args) => matching::run(args),
        Command::Batch(args) => batch::run(args),
        Command::Compare(args) => compare::run(args),
    }
}

/// Writes command output to stdout, or to a file atomically: the bytes go to
/// a temporary file beside it, which is then renamed over the target, so an
/// interrupted run never leaves a half-written file.
pub fn write_output(path: Option<&std::path::Path>, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let Some(path) = path else {
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(bytes)?;
        return Ok(stdout.flush()?);
    };
    let temp = temp_path_beside(path)?;
    let written = std::fs::File::create(&temp).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    put_in_place(&temp, path, written).map_err(|err| {
        bad_input(anyhow::Error::new(err).context(format!("cannot write `{}`", path.display())))
    })
}

/// Ends an atomic write: once `written` (the writing of `temp`) succeeded,
/// renames `temp` over `path`; after any failure removes `temp`, so that
/// no partial file is left under either name.
pub(crate) fn put_in_place(
    temp: &std::path::Path,
    path: &std::path::Path,
    written: std::io::Result<()>,
) -> std::io::Result<()> {
    let done = written.and_then(|()| std::fs::rename(temp, path));
    if done.is_err() {
        let _ = std::fs::remove_file(temp);
    }
    done
}

/// The temporary file an atomic write of `path` goes to first: in the same
/// folder (so the final rename cannot cross file systems), hidden, and named
/// after the process so that two runs do not collide.
pub fn temp_path_beside(path: &std::path::Path) -> anyhow::Result<std::path::PathBuf> {
    use anyhow::Context;
    // The rename at the end would fail on a folder: say so before any work.
    if path.is_dir() {
        return Err(bad_input(anyhow::anyhow!(
            "`{}` is a folder; give the name of a file to write",
            path.display()
        )));
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path
        .file_name()
        .with_context(|| format!("`{}` is not a file name", path.display()))
        .map_err(bad_input)?;
    Ok(dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    )))
}

/// Marks an error as caused by what the user gave (a file, a flag, a value),
/// so that it exits with code 2 rather than 1.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct BadInput(#[from] pub anyhow::Error);

/// Wraps an error as [`BadInput`].
pub fn bad_input(err: impl Into<anyhow::Error>) -> anyhow::Error {
    anyhow::Error::new(BadInput(err.into()))
}

/// The process exit code for an error: 2 for bad input, 1 for anything else.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    let is_input =
        err.downcast_ref::<BadInput>().is_some() || err.downcast_ref::<ScenarioError>().is_some();
    if is_input { 2 } else { 1 }
}

/// True when the error is a closed pipe on stdout (`reorg run | head`), which
/// is not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Renders an error for stderr: scenario errors as located, annotated
/// diagnostics, everything else as one `error:` line with its causes.
pub fn render_error(err: &anyhow::Error) -> String {
    let scenario_err = err.downcast_ref::<ScenarioError>().or_else(|| {
        err.downcast_ref::<BadInput>()
            .and_then(|b| b.0.downcast_ref())
    });
    match scenario_err {
        Some(scenario_err) => crate::diagnostic::render(
            scenario_err.diagnostics(),
            scenario_err.hidden(),
            use_color(),
        ),
        None => format!("error: {err:#}\n"),
    }
}

/// Whether to colour stderr: only on a terminal and when `NO_COLOR` is unset.
pub fn use_color() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }

    /// A rename that fails (here onto a folder that is not empty; the CLI
    /// refuses folders earlier) or a write that failed leaves no temporary
    /// file behind, and the target untouched.
    #[test]
    fn a_failed_write_or_rename_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("kept"), "x").unwrap();
        let temp = dir.path().join(".out.csv.1.tmp");

        std::fs::write(&temp, "half").unwrap();
        assert!(super::put_in_place(&temp, &target, Ok(())).is_err());
        assert!(!temp.exists());
        assert_eq!(std::fs::read_to_string(target.join("kept")).unwrap(), "x");

        std::fs::write(&temp, "half").unwrap();
        let failed = Err(std::io::Error::other("disk full"));
        assert!(super::put_in_place(&temp, &dir.path().join("new.csv"), failed).is_err());
        assert!(!temp.exists());
        assert!(!dir.path().join("new.csv").exists());
    }
}
