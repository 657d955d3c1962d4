//! `reorg compare A [B]`: two scenarios, or one under two sets of settings,
//! side by side; with `--runs`, means and spread and whether each difference
//! is beyond Monte Carlo noise. docs/batch.md explains the test.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::batch::compare::{Comparison, Side};
use crate::batch::grid::Grid;
use crate::batch::{Batch, Completion, Plan, Source};
use crate::cli::args::{FormatArg, JobsArg, OutputArg, render};
use crate::cli::bad_input;
use crate::cli::batch::{INTERRUPTED, STOP, batch_error, progress_bar, threads};
use crate::cli::{Destination, Privacy, stop_on_signal};
use crate::graph::MergeGraph;
use crate::metrics::RunReport;
use crate::simulate::Simulator;

/// Arguments of `reorg compare`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario A (TOML).
    pub a: PathBuf,
    /// Scenario B (default, with `--set-a`/`--set-b`: A again, to compare two settings).
    pub b: Option<PathBuf>,
    /// Runs per side; without it, one run each.
    #[arg(long, value_name = "N")]
    pub runs: Option<u64>,
    /// Master seed of both sides (default: A's `seed`).
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Override a value on both sides, e.g. `--set policy.choices=5` (not split on commas).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Override a value on side A only (after `--set`).
    #[arg(long = "set-a", value_name = "PATH=VALUE")]
    pub set_a: Vec<String>,
    /// Override a value on side B only (after `--set`).
    #[arg(long = "set-b", value_name = "PATH=VALUE")]
    pub set_b: Vec<String>,
    /// The shared [`JobsArg`].
    #[command(flatten)]
    pub jobs: JobsArg,
    /// The shared [`FormatArg`].
    #[command(flatten)]
    pub format: FormatArg,
    /// The shared [`OutputArg`].
    #[command(flatten)]
    pub output: OutputArg,
}

/// Runs `reorg compare`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.b.is_none() && args.set_a.is_empty() && args.set_b.is_empty() {
        return Err(bad_input(anyhow::anyhow!(
            "nothing to compare `{}` with: give a second scenario, or `--set-a`/`--set-b` to compare it under two settings",
            args.a.display()
        )));
    }
    let output = args.output.output.as_deref();
    let format = args.format.resolve(output)?;
    let source_a = Source::File(args.a.clone());
    let source_b = Source::File(args.b.clone().unwrap_or_else(|| args.a.clone()));
    let overrides_a: Vec<String> = args.set.iter().chain(&args.set_a).cloned().collect();
    let overrides_b: Vec<String> = args.set.iter().chain(&args.set_b).cloned().collect();
    let loaded_a = source_a.load(&overrides_a)?;
    let loaded_b = source_b.load(&overrides_b)?;
    let (mut located, mut plain) = super::warnings::of(&loaded_a);
    let (located_b, plain_b) = super::warnings::of(&loaded_b);
    for warning in located_b {
        if !located.contains(&warning) {
            located.push(warning);
        }
    }
    for warning in plain_b {
        if !plain.contains(&warning) {
            plain.push(warning);
        }
    }
    super::warnings::report(&located, &plain)?;
    let seed = args.seed.unwrap_or(loaded_a.scenario.seed);
    // Opened before the runs, so that a target reorg will not write is
    // refused before them.
    let destination = Destination::open(output, Privacy::Shared)?;
    let side = |source: &Source, scenario: &crate::scenario::Scenario, settings: &[String]| Side {
        scenario: scenario.name.clone(),
        source: source.label(),
        settings: settings.to_vec(),
        units: crate::metrics::unit_kinds(scenario),
    };
    let sides = (
        side(&source_a, &loaded_a.scenario, &overrides_a),
        side(&source_b, &loaded_b.scenario, &overrides_b),
    );
    let comparison = match args.runs {
        None => {
            let summary = |loaded: &crate::scenario::Loaded| {
                let graph = MergeGraph::build(&loaded.scenario);
                let outcome = Simulator::new(&loaded.scenario, &graph).run(seed, 0);
                RunReport::of(&loaded.scenario, &graph, &outcome).summary
            };
            Comparison::single(seed, sides, (&summary(&loaded_a), &summary(&loaded_b)))
        }
        Some(runs) => {
            let threads = threads(args.jobs.jobs)?;
            // Ctrl-C, `SIGTERM` and `SIGHUP` stop the runs within a chunk;
            // the output is then dropped, which removes its temporary file.
            stop_on_signal(&STOP);
            let bar = progress_bar(runs.saturating_mul(2));
            let mut results = Vec::with_capacity(2);
            for (offset, (source, base)) in [(source_a, overrides_a), (source_b, overrides_b)]
                .into_iter()
                .enumerate()
            {
                let plan = Plan {
                    source,
                    base,
                    grid: Grid::default(),
                    runs,
                    seed: Some(seed),
                    shard: None,
                };
                let batch = Batch::prepare(plan).map_err(batch_error)?;
                let offset = offset as u64 * runs;
                let summary = batch
                    .run(threads, &STOP, &mut |_| Ok(()), &mut |done| {
                        bar.set_position(offset + done)
                    })
                    .map_err(batch_error)?;
                if summary.status == Completion::Interrupted {
                    bar.finish_and_clear();
                    eprintln!(
                        "interrupted after {} of {} runs: nothing compared, nothing written",
                        offset + summary.runs_done,
                        runs.saturating_mul(2)
                    );
                    return Ok(ExitCode::from(INTERRUPTED));
                }
                results.push(
                    summary
                        .points
                        .into_iter()
                        .next()
                        .expect("one point, run whole"),
                );
            }
            bar.finish_and_clear();
            Comparison::monte_carlo(seed, runs, sides, (&results[0], &results[1]))
        }
    };
    destination.write(&render(
        &comparison,
        format,
        &args.format,
        output.is_some(),
    )?)?;
    Ok(ExitCode::SUCCESS)
}
