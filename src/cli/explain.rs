//! `reorg explain SCENARIO PERSON...`: why each person ended where they did
//! in one run (docs/explain.md).

use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::args::{AnonymizeArg, FormatArg, OutputArg, render};
use crate::cli::run::load;
use crate::cli::{Destination, Privacy, bad_input};
use crate::graph::MergeGraph;
use crate::metrics::explain::{Explanation, find_person};
use crate::simulate::Simulator;

/// Arguments of `reorg explain`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    /// The people to explain, by id or by name (one or more).
    #[arg(required = true, value_name = "PERSON")]
    pub people: Vec<String>,
    /// Seed of the simulation (default: the scenario's `seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Run index within the seed (generator stream): run K of a batch point.
    #[arg(long, value_name = "K", default_value_t = 0)]
    pub run: u64,
    /// Override a scenario value by its TOML path, as `reorg run --set`. Repeatable.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// The shared [`FormatArg`].
    #[command(flatten)]
    pub format: FormatArg,
    /// The shared [`OutputArg`].
    #[command(flatten)]
    pub output: OutputArg,
    /// The shared [`AnonymizeArg`].
    #[command(flatten)]
    pub anonymize: AnonymizeArg,
}

/// Runs `reorg explain`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let output = args.output.output.as_deref();
    let format = args.format.resolve(output)?;
    let loaded = load(&Some(args.scenario.clone()), &args.set)?;
    super::warnings::report_loaded(&loaded)?;
    let scenario = &loaded.scenario;
    let mut people: Vec<usize> = Vec::with_capacity(args.people.len());
    for query in &args.people {
        let p = find_person(scenario, query).map_err(bad_input)?;
        // A person asked for twice (by id and by name) is explained once.
        if !people.contains(&p) {
            people.push(p);
        }
    }
    // About named people: a new file for it is created 0600.
    let destination = Destination::open(output, Privacy::Private)?;
    let graph = MergeGraph::build(scenario);
    let seed = args.seed.unwrap_or(scenario.seed);
    let (outcome, passes) = Simulator::new(scenario, &graph).run_traced_on(seed, args.run);
    let mut explanation = Explanation::of(scenario, &graph, &outcome, &passes, &people);
    if let Some((mode, key)) = args.anonymize.resolve() {
        explanation.anonymize(mode, key.as_deref());
    }
    destination.write(&render(
        &explanation,
        format,
        &args.format,
        output.is_some(),
    )?)?;
    Ok(ExitCode::SUCCESS)
}
