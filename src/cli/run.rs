//! `reorg run [SCENARIO]`: one simulation, shown before and after.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::graph::MergeGraph;
use crate::metrics::{AnonymizeMode, RunReport};
use crate::report;
use crate::scenario::{self, Loaded};
use crate::simulate::Simulator;

/// Arguments of `reorg run`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file (TOML); without one, the built-in scenario.
    pub scenario: Option<PathBuf>,
    /// Seed of the simulation (default: the scenario's `seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Override a scenario value by its TOML path, e.g. `--set policy.choices=5`
    /// or `--set after.approval_bureau.posts.staff=40`. Repeatable.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Include one row per person (the per-person CSV with `--format csv`).
    #[arg(long)]
    pub people: bool,
    /// Write to this file instead of stdout (written whole, then renamed into place).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace people's names with stable pseudonyms (`P-3f9a2c81d0e4`) in
    /// every format; `--anonymize=ids` replaces their ids too.
    #[arg(
        long,
        value_enum,
        value_name = "WHAT",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "names"
    )]
    pub anonymize: Option<Anonymize>,
    /// Secret key of the pseudonyms (else `REORG_ANONYMIZE_KEY`). Without one,
    /// anyone with the roster can recompute them.
    #[arg(long, value_name = "KEY", requires = "anonymize")]
    pub anonymize_key: Option<String>,
}

/// What `--anonymize` replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Anonymize {
    /// Names only: ids stay, so rows still join with the roster.
    Names,
    /// Names and ids.
    Ids,
}

/// Output formats of `reorg run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Tables for a terminal.
    Table,
    /// JSON (docs/output-format.md).
    Json,
    /// CSV: the summary, or one row per person with `--people`.
    Csv,
    /// GitHub Markdown tables.
    Markdown,
}

/// Runs `reorg run`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let loaded = load(&args.scenario, &args.set)?;
    let scenario = &loaded.scenario;
    let graph = MergeGraph::build(scenario);
    let seed = args.seed.unwrap_or(scenario.seed);
    let outcome = Simulator::new(scenario, &graph).run(seed, 0);
    let mut report = RunReport::of(scenario, &graph, &outcome);
    if let Some(what) = args.anonymize {
        let key = args
            .anonymize_key
            .or_else(|| std::env::var("REORG_ANONYMIZE_KEY").ok())
            .filter(|key| !key.is_empty());
        let mode = match what {
            Anonymize::Names => AnonymizeMode::Names,
            Anonymize::Ids => AnonymizeMode::Ids,
        };
        report.anonymize(mode, key.as_deref());
    }
    let text = match args.format {
        Format::Table => report::run::table(&report, args.people),
        Format::Json => report::run::json(&report, args.people),
        Format::Csv => report::run::csv(&report, args.people),
        Format::Markdown => report::run::markdown(&report, args.people),
    };
    super::write_output(args.output.as_deref(), text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// Loads the named scenario, or the built-in one, with overrides.
pub(crate) fn load(path: &Option<PathBuf>, set: &[String]) -> anyhow::Result<Loaded> {
    Ok(match path {
        Some(path) => scenario::load_with(path, set)?,
        None => scenario::load_input(&scenario::builtin::input(), set)?,
    })
}
