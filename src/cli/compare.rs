//! `reorg compare A [B]`: two scenarios, or one under two sets of settings,
//! side by side; with `--runs`, means and spread and whether each difference
//! is beyond Monte Carlo noise. docs/batch.md explains the test.

use std::path::{Path, PathBuf};
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
use crate::scenario::Loaded;
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
    let output = args.output.output.as_deref();
    let format = args.format.resolve(output)?;
    let sides = Sides::load(SideArgs {
        a: &args.a,
        b: args.b.as_deref(),
        set: &args.set,
        set_a: &args.set_a,
        set_b: &args.set_b,
    })?;
    let seed = args.seed.unwrap_or(sides.loaded_a.scenario.seed);
    // Opened before the runs, so that a target reorg will not write is
    // refused before them.
    let destination = Destination::open(output, Privacy::Shared)?;
    let comparison = match sides.compare(seed, args.runs, args.jobs.jobs)? {
        Ok(comparison) => comparison,
        Err(interrupted) => return Ok(interrupted),
    };
    destination.write(&render(
        &comparison,
        format,
        &args.format,
        output.is_some(),
    )?)?;
    Ok(ExitCode::SUCCESS)
}

/// What names the two sides: scenario A, scenario B (default A), and the
/// overrides of both and of each (`reorg compare`, `reorg report A B`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct SideArgs<'a> {
    /// Scenario A.
    pub a: &'a Path,
    /// Scenario B, if another.
    pub b: Option<&'a Path>,
    /// Overrides of both sides.
    pub set: &'a [String],
    /// Overrides of A only (after `set`).
    pub set_a: &'a [String],
    /// Overrides of B only (after `set`).
    pub set_b: &'a [String],
}

impl SideArgs<'_> {
    /// Whether these arguments name two sides: a second scenario, or
    /// overrides of one side.
    pub fn two_sides(&self) -> bool {
        self.b.is_some() || !self.set_a.is_empty() || !self.set_b.is_empty()
    }
}

/// The two sides of a comparison, loaded, their warnings reported.
pub(crate) struct Sides {
    source_a: Source,
    source_b: Source,
    overrides_a: Vec<String>,
    overrides_b: Vec<String>,
    /// Side A's scenario.
    pub loaded_a: Loaded,
    /// Side B's scenario.
    pub loaded_b: Loaded,
}

impl Sides {
    /// Loads both sides (a bad input when there is only one) and reports
    /// their warnings once each.
    pub fn load(args: SideArgs) -> anyhow::Result<Sides> {
        if !args.two_sides() {
            return Err(bad_input(anyhow::anyhow!(
                "nothing to compare `{}` with: give a second scenario, or `--set-a`/`--set-b` to compare it under two settings",
                args.a.display()
            )));
        }
        let source_a = Source::File(args.a.to_path_buf());
        let source_b = Source::File(args.b.unwrap_or(args.a).to_path_buf());
        let overrides_a: Vec<String> = args.set.iter().chain(args.set_a).cloned().collect();
        let overrides_b: Vec<String> = args.set.iter().chain(args.set_b).cloned().collect();
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
        Ok(Sides {
            source_a,
            source_b,
            overrides_a,
            overrides_b,
            loaded_a,
            loaded_b,
        })
    }

    /// The comparison: one run each with `runs` `None`, else `runs` runs
    /// each on `jobs` threads; `Err(code)` when the runs were interrupted
    /// (said on stderr; nothing is to be written).
    pub fn compare(
        &self,
        seed: u64,
        runs: Option<u64>,
        jobs: Option<usize>,
    ) -> anyhow::Result<Result<Comparison, ExitCode>> {
        let side =
            |source: &Source, scenario: &crate::scenario::Scenario, settings: &[String]| Side {
                scenario: scenario.name.clone(),
                source: source.label(),
                settings: settings.to_vec(),
                units: crate::metrics::unit_kinds(scenario),
            };
        let sides = (
            side(&self.source_a, &self.loaded_a.scenario, &self.overrides_a),
            side(&self.source_b, &self.loaded_b.scenario, &self.overrides_b),
        );
        let Some(runs) = runs else {
            let summary = |loaded: &Loaded| {
                let graph = MergeGraph::build(&loaded.scenario);
                let outcome = Simulator::new(&loaded.scenario, &graph).run(seed, 0);
                RunReport::of(&loaded.scenario, &graph, &outcome).summary
            };
            return Ok(Ok(Comparison::single(
                seed,
                sides,
                (&summary(&self.loaded_a), &summary(&self.loaded_b)),
            )));
        };
        let threads = threads(jobs)?;
        // Ctrl-C, `SIGTERM` and `SIGHUP` stop the runs within a chunk;
        // the output is then dropped, which removes its temporary file.
        stop_on_signal(&STOP);
        let bar = progress_bar(runs.saturating_mul(2));
        let mut results = Vec::with_capacity(2);
        for (offset, (source, base)) in [
            (self.source_a.clone(), self.overrides_a.clone()),
            (self.source_b.clone(), self.overrides_b.clone()),
        ]
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
                return Ok(Err(ExitCode::from(INTERRUPTED)));
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
        Ok(Ok(Comparison::monte_carlo(
            seed,
            runs,
            sides,
            (&results[0], &results[1]),
        )))
    }
}
