//! `reorg run [SCENARIO]`: one simulation, shown before and after.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::args::{AnonymizeArg, FormatArg, OutputArg, render};
use crate::cli::{Destination, Privacy};
use crate::graph::MergeGraph;
use crate::metrics::{RunReport, stranded_warning};
use crate::report;
use crate::scenario::{self, Loaded};
use crate::simulate::Simulator;
use crate::simulate::years::run_years;

/// Arguments of `reorg run`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file (TOML); without one, the built-in scenario.
    pub scenario: Option<PathBuf>,
    /// Seed of the simulation (default: the scenario's `seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Run index within the seed (the generator stream): `--run K` replays
    /// run K of a batch point, given the row's `--seed` and the point's `--set`s.
    #[arg(long, value_name = "K", default_value_t = 0)]
    pub run: u64,
    /// Override a scenario value by its TOML path, e.g. `--set policy.choices=5`
    /// or `--set after.approval_bureau.posts.staff=40`. Repeatable.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// The shared [`FormatArg`].
    #[command(flatten)]
    pub format: FormatArg,
    /// Include one row per person (the per-person CSV with `--format csv`).
    #[arg(long)]
    pub people: bool,
    /// The shared [`OutputArg`].
    #[command(flatten)]
    pub output: OutputArg,
    /// The shared [`AnonymizeArg`].
    #[command(flatten)]
    pub anonymize: AnonymizeArg,
}

/// Runs `reorg run`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let output = args.output.output.as_deref();
    let format = args.format.resolve(output)?;
    let loaded = load(&args.scenario, &args.set)?;
    super::warnings::report_loaded(&loaded)?;
    // One row per person is private: a new file for it is created 0600.
    let privacy = if args.people {
        Privacy::Private
    } else {
        Privacy::Shared
    };
    let destination = Destination::open(output, privacy)?;
    let scenario = &loaded.scenario;
    let graph = MergeGraph::build(scenario);
    let seed = args.seed.unwrap_or(scenario.seed);
    let outcome = Simulator::new(scenario, &graph).run(seed, args.run);
    let mut report = RunReport::of(scenario, &graph, &outcome);
    if let Some((mode, key)) = args.anonymize.resolve() {
        report.anonymize(mode, key.as_deref());
    }
    let graph = graph.view(scenario);
    let view = report::run::View {
        report: &report,
        graph: &graph,
        with_people: args.people,
    };
    // Before the result, as the scenario's warnings are: with
    // `--deny-warnings` nothing is written.
    if report.summary.stranded > 0 {
        let n = report.summary.stranded;
        let who = if n == 1 {
            "1 person".to_string()
        } else {
            format!("{n} people")
        };
        super::warnings::report(&[], &[stranded_warning(&who, Some(scenario))])?;
    }
    // With a `[timeline]`, the years after the reform day follow the run.
    let years = scenario
        .timeline
        .as_ref()
        .map(|timeline| run_years(scenario, timeline, &outcome, seed, args.run));
    let bytes = match &years {
        Some(years) => render(
            &report::years::WithYears {
                view,
                years,
                scenario,
            },
            format,
            &args.format,
            output.is_some(),
        )?,
        None => render(&view, format, &args.format, output.is_some())?,
    };
    destination.write(&bytes)?;
    Ok(ExitCode::SUCCESS)
}

/// Loads the named scenario, or the built-in one, with overrides.
pub(crate) fn load(path: &Option<PathBuf>, set: &[String]) -> anyhow::Result<Loaded> {
    Ok(match path {
        Some(path) => scenario::load_with(path, set)?,
        None => scenario::load_input(&scenario::builtin::input(), set)?,
    })
}
