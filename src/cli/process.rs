//! `reorg process [SCENARIO]`: each process of a scenario before and after
//! the reform; with `--runs N`, the spread of their working days over
//! Monte Carlo draws of the durations.

use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::Destination;
use crate::cli::Privacy;
use crate::cli::args::{FormatArg, OutputArg, render};
use crate::graph::MergeGraph;
use crate::process::{ProcessReport, spread};
use crate::scenario;

/// The most Monte Carlo runs: each process keeps one number per run and side.
const MAX_RUNS: u64 = 1_000_000;

/// Arguments of `reorg process`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file (TOML); without one, the built-in scenario.
    pub scenario: Option<PathBuf>,
    /// Override a scenario value by its TOML path, e.g.
    /// `--set process.investment.parallel=all`. Repeatable.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Draw every duration N times from its three-point estimate and show
    /// the spread of the working days (mean, p5, p50, p95).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=MAX_RUNS))]
    pub runs: Option<u64>,
    /// Seed of the draws with `--runs` (default: the scenario's `seed`).
    #[arg(long, requires = "runs")]
    pub seed: Option<u64>,
    /// The shared [`FormatArg`].
    #[command(flatten)]
    pub format: FormatArg,
    /// The shared [`OutputArg`].
    #[command(flatten)]
    pub output: OutputArg,
}

/// Runs `reorg process`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let loaded = match &args.scenario {
        Some(path) => scenario::load_with(path, &args.set)?,
        None => scenario::load_input(&scenario::builtin::input(), &args.set)?,
    };
    let output = args.output.output.as_deref();
    let format = args.format.resolve(output)?;
    let destination = Destination::open(output, Privacy::Shared)?;
    let scenario = &loaded.scenario;
    let graph = MergeGraph::build(scenario);
    let bytes = match args.runs {
        None => render(
            &ProcessReport::of(scenario, &graph),
            format,
            &args.format,
            output.is_some(),
        )?,
        Some(runs) => {
            let runs = NonZeroUsize::new(runs as usize).expect("clap refuses 0 runs");
            let seed = args.seed.unwrap_or(scenario.seed);
            render(
                &spread(scenario, &graph, runs, seed),
                format,
                &args.format,
                output.is_some(),
            )?
        }
    };
    destination.write(&bytes)?;
    Ok(ExitCode::SUCCESS)
}
