//! `reorg report [SCENARIO] -o report.html`: the page of one run, the Sankey
//! of people first (docs/report.md). The same page as `reorg run --format
//! html`, named for what a reform office asks for.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use crate::batch::grid::Grid;
use crate::batch::risk::RiskReport;
use crate::batch::{Batch, Plan};

use crate::cli::args::{Format, FormatArg, JobsArg, Lang, OutputArg};
use crate::cli::bad_input;

/// Arguments of `reorg report`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file (TOML); without one, the built-in scenario.
    pub scenario: Option<PathBuf>,
    /// Seed of the simulation (default: the scenario's `seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Override a scenario value by its TOML path, e.g. `--set policy.choices=5`. Repeatable.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Language of the page's headings and labels.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
    /// Add the table of people, one row each (the file is then created 0600).
    #[arg(long)]
    pub people: bool,
    /// Also run the scenario N times (run 0 is the page's run) and draw the
    /// risk per unit: the share of each unit's people who lose their level.
    #[arg(long, value_name = "N")]
    pub runs: Option<u64>,
    /// The shared [`JobsArg`] (threads for `--runs`).
    #[command(flatten)]
    pub jobs: JobsArg,
    /// The page to write (`.html`); `-` or none: stdout.
    #[command(flatten)]
    pub output: OutputArg,
}

/// Runs `reorg report`: `reorg run --format html` with these arguments.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let format = FormatArg {
        format: Some(Format::Html),
        lang: args.lang,
        bom: false,
        no_bom: false,
    };
    // A page written under another format's name would mislead its reader.
    if let Some(path) = args.output.output.as_deref() {
        format.resolve(Some(path)).map_err(|_| {
            bad_input(anyhow::anyhow!(
                "`reorg report` writes an HTML page, but `{}` names another kind of file; end it in .html (or use `reorg run -o {}`)",
                path.display(),
                path.display()
            ))
        })?;
    }
    let risk = match args.runs {
        Some(runs) => Some(risk(&args, runs)?),
        None => None,
    };
    super::run::run_with(
        super::run::Args {
            scenario: args.scenario,
            seed: args.seed,
            set: args.set,
            format,
            people: args.people,
            output: args.output,
            anonymize: None,
            anonymize_key: None,
        },
        risk.as_ref(),
    )
}

/// The risk over `runs` runs of the page's scenario, settings and seed:
/// a batch of one grid point (docs/batch.md), without rows.
fn risk(args: &Args, runs: u64) -> anyhow::Result<RiskReport> {
    use super::batch::{batch_error, progress_bar, source, threads};
    let threads = threads(args.jobs.jobs)?;
    let plan = Plan {
        source: source(&args.scenario),
        base: args.set.clone(),
        grid: Grid::default(),
        runs,
        seed: args.seed,
        shard: None,
    };
    let batch = Batch::prepare(plan).map_err(batch_error)?;
    let bar = progress_bar(batch.runs_planned());
    let result = batch.run_with_risk(
        threads,
        &AtomicBool::new(false),
        &mut |_| Ok(()),
        &mut |done| bar.set_position(done),
    );
    bar.finish_and_clear();
    let (_, risk) = result.map_err(batch_error)?;
    Ok(risk.report())
}
