//! The command line: one module per subcommand, each with its `Args` and a
//! `run` that returns an exit code. Nothing here computes; it turns flags
//! into library calls and library values into bytes on stdout.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::scenario::ScenarioError;

pub use output::*;
pub use signals::{cleanup_on_signal, stop_on_signal};

pub mod args;
pub mod batch;
pub mod check;
pub mod compare;
pub mod completions;
pub mod explain;
pub mod generate;
pub mod graph;
pub mod init;
pub mod matching;
mod output;
pub mod process;
pub mod report;
pub mod run;
pub mod schema;
mod signals;
pub mod warnings;

/// Simulate an organisational restructuring: merge units, then re-appoint
/// everyone through two-way competitive rounds.
#[derive(Debug, Parser)]
#[command(name = "reorg", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Print no warnings on stderr (they are still found; `check` still lists them).
    #[arg(long, global = true)]
    pub quiet: bool,
    /// Treat warnings as errors: exit with code 2 when a scenario has any.
    #[arg(long, global = true)]
    pub deny_warnings: bool,
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
    /// Two or more scenarios, or one under several sets of settings, side by side (each against A).
    Compare(compare::Args),
    /// Why each named person ended where they did in one run: eligibility
    /// per round, the lists they filed with scores and cut-offs, the nearest miss.
    Explain(explain::Args),
    /// Each process (`[[process]]`) before and after the reform: working
    /// days, hand-offs, units, materials; `--runs N` for Monte Carlo
    /// durations (no file: the built-in scenario).
    Process(process::Args),
    /// Write a starter scenario from a roster file (CSV or `.xlsx`).
    Init(init::Args),
    /// Print the JSON Schema of the scenario format (for editors: Taplo, Even Better TOML).
    Schema(schema::Args),
    /// Print a shell completion script: bash, zsh, fish, powershell or elvish.
    Completions(completions::Args),
    /// Write one run as a self-contained HTML page: flows of people, org charts, pyramids, rounds.
    Report(report::Args),
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    warnings::set_policy(warnings::Policy {
        quiet: cli.quiet,
        deny: cli.deny_warnings,
    });
    match cli.command {
        Command::Run(args) => run::run(args),
        Command::Check(args) => check::run(args),
        Command::Generate(args) => generate::run(args),
        Command::Graph(args) => graph::run(args),
        Command::Match(args) => matching::run(args),
        Command::Batch(args) => batch::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Process(args) => process::run(args),
        Command::Init(args) => init::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Report(args) => report::run(args),
    }
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

    /// A failed write or rename leaves no temporary file behind, and the
    /// target untouched.
    #[test]
    fn a_failed_write_or_rename_leaves_nothing_behind() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let listing = || {
            let mut names: Vec<String> = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        };
        // Dropped before its commit (an error on the way): nothing left.
        let target = dir.path().join("out.csv");
        let (output, mut file) = super::Output::open(&target, super::Privacy::Shared).unwrap();
        file.write_all(b"half").unwrap();
        assert_eq!(listing().len(), 1, "the temporary file exists meanwhile");
        drop((output, file));
        assert!(listing().is_empty(), "{:?}", listing());

        // The target turned into a folder before the rename: refused, nothing left.
        std::fs::write(&target, "old").unwrap();
        let (output, mut file) = super::Output::open(&target, super::Privacy::Shared).unwrap();
        file.write_all(b"new").unwrap();
        std::fs::remove_file(&target).unwrap();
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("kept"), "x").unwrap();
        assert!(output.commit(file).is_err());
        assert_eq!(listing(), ["out.csv"]);
        assert_eq!(std::fs::read_to_string(target.join("kept")).unwrap(), "x");
    }

    /// The rule of Linux's `fs.protected_symlinks`, case by case.
    #[test]
    fn links_in_shared_folders_are_followed_only_when_trusted() {
        use super::may_follow;
        let tmp = 0o41777; // drwxrwxrwt, as /tmp
        // Anywhere else, any link is followed.
        assert!(may_follow(0o40755, 0, 1000, Some(0)));
        assert!(
            may_follow(0o40777, 0, 1000, Some(0)),
            "writable, not sticky"
        );
        assert!(
            may_follow(0o41755, 0, 1000, Some(0)),
            "sticky, not writable by all"
        );
        // In /tmp: one's own link, or the folder owner's; not a stranger's.
        assert!(may_follow(tmp, 0, 1000, Some(1000)));
        assert!(may_follow(tmp, 0, 0, Some(1000)));
        assert!(!may_follow(tmp, 0, 1000, Some(0)));
        assert!(!may_follow(tmp, 0, 1000, None));
    }
}
