//! `reorg compare A [B] [C...]`: two or more scenarios, or one under several
//! sets of settings, side by side, each against A; with `--runs`, means and
//! spread and whether each difference is beyond Monte Carlo noise.
//! docs/batch.md explains the test.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::batch::compare::{Comparison, MAX_SIDES, Side};
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
    /// Scenarios C, D… (each against A). A side named only by `--set-side`
    /// runs scenario A.
    #[arg(value_name = "MORE")]
    pub more: Vec<PathBuf>,
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
    /// Override a value on one side, named by its letter: `--set-side
    /// C:policy.choices=7` (after `--set`, `--set-a`, `--set-b`). A letter past
    /// the scenarios given adds sides that run scenario A.
    #[arg(long = "set-side", value_name = "SIDE:PATH=VALUE")]
    pub set_side: Vec<String>,
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
        more: &args.more,
        set: &args.set,
        set_a: &args.set_a,
        set_b: &args.set_b,
        set_side: &args.set_side,
    })?;
    let seed = args.seed.unwrap_or(sides.loaded[0].scenario.seed);
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

/// What names the sides: scenario A, scenario B and more (default A), and
/// the overrides of all sides and of each (`reorg compare`, `reorg report A B`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct SideArgs<'a> {
    /// Scenario A.
    pub a: &'a Path,
    /// Scenario B, if another.
    pub b: Option<&'a Path>,
    /// Scenarios C, D…
    pub more: &'a [PathBuf],
    /// Overrides of every side.
    pub set: &'a [String],
    /// Overrides of A only (after `set`).
    pub set_a: &'a [String],
    /// Overrides of B only (after `set`).
    pub set_b: &'a [String],
    /// `SIDE:PATH=VALUE` overrides of one side by its letter (after the others).
    pub set_side: &'a [String],
}

/// The sides of a comparison, loaded, their warnings reported once.
pub(crate) struct Sides {
    sources: Vec<Source>,
    overrides: Vec<Vec<String>>,
    /// Each side's scenario, A first.
    pub loaded: Vec<Loaded>,
}

impl Sides {
    /// Loads every side (a bad input when there is only one, or more than
    /// [`MAX_SIDES`]) and reports their warnings once each.
    pub fn load(args: SideArgs) -> anyhow::Result<Sides> {
        let per_side = side_settings(args.set_side)?;
        let files: Vec<PathBuf> = std::iter::once(args.a.to_path_buf())
            .chain(args.b.map(Path::to_path_buf))
            .chain(args.more.iter().cloned())
            .collect();
        let named = per_side.iter().map(|(side, _)| side + 1).max().unwrap_or(0);
        let split = if args.set_a.is_empty() && args.set_b.is_empty() {
            0
        } else {
            2
        };
        let count = files.len().max(named).max(split);
        if count < 2 {
            return Err(bad_input(anyhow::anyhow!(
                "nothing to compare `{}` with: give a second scenario, or `--set-a`/`--set-b` (or `--set-side C:PATH=VALUE`) to compare it under other settings",
                args.a.display()
            )));
        }
        if count > MAX_SIDES {
            return Err(bad_input(anyhow::anyhow!(
                "{count} sides to compare: at most {MAX_SIDES} (A to Z)"
            )));
        }
        let mut sides = Sides {
            sources: Vec::with_capacity(count),
            overrides: Vec::with_capacity(count),
            loaded: Vec::with_capacity(count),
        };
        for i in 0..count {
            let source = Source::File(files.get(i).unwrap_or(&files[0]).clone());
            let own: &[String] = match i {
                0 => args.set_a,
                1 => args.set_b,
                _ => &[],
            };
            let settings: Vec<String> = args
                .set
                .iter()
                .chain(own)
                .chain(
                    per_side
                        .iter()
                        .filter(|(side, _)| *side == i)
                        .map(|(_, setting)| setting),
                )
                .cloned()
                .collect();
            sides.loaded.push(source.load(&settings)?);
            sides.sources.push(source);
            sides.overrides.push(settings);
        }
        sides.report_warnings()?;
        Ok(sides)
    }

    /// Reports the warnings of every side, each once.
    fn report_warnings(&self) -> anyhow::Result<()> {
        let (mut located, mut plain) = (Vec::new(), Vec::new());
        for side in &self.loaded {
            let (side_located, side_plain) = super::warnings::of(side);
            for warning in side_located {
                if !located.contains(&warning) {
                    located.push(warning);
                }
            }
            for warning in side_plain {
                if !plain.contains(&warning) {
                    plain.push(warning);
                }
            }
        }
        super::warnings::report(&located, &plain)
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
        let sides: Vec<Side> = (0..self.loaded.len())
            .map(|i| Side {
                scenario: self.loaded[i].scenario.name.clone(),
                source: self.sources[i].label(),
                settings: self.overrides[i].clone(),
                units: crate::metrics::unit_kinds(&self.loaded[i].scenario),
                depths: crate::metrics::unit_depths(&self.loaded[i].scenario),
            })
            .collect();
        let Some(runs) = runs else {
            let summary = |loaded: &Loaded| {
                let graph = MergeGraph::build(&loaded.scenario);
                let outcome = Simulator::new(&loaded.scenario, &graph).run(seed, 0);
                RunReport::of(&loaded.scenario, &graph, &outcome).summary
            };
            let summaries: Vec<_> = self.loaded.iter().map(summary).collect();
            let summaries: Vec<_> = summaries.iter().collect();
            return Ok(Ok(Comparison::single_all(seed, sides, &summaries)));
        };
        let threads = threads(jobs)?;
        // Ctrl-C, `SIGTERM` and `SIGHUP` stop the runs within a chunk;
        // the output is then dropped, which removes its temporary file.
        stop_on_signal(&STOP);
        let total = runs.saturating_mul(self.loaded.len() as u64);
        let bar = progress_bar(total);
        let mut results = Vec::with_capacity(self.loaded.len());
        for (offset, (source, base)) in self.sources.iter().zip(&self.overrides).enumerate() {
            let plan = Plan {
                source: source.clone(),
                base: base.clone(),
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
                    total
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
        let points: Vec<_> = results.iter().collect();
        Ok(Ok(Comparison::monte_carlo_all(seed, runs, sides, &points)))
    }
}

/// `--set-side` values as (side index, `PATH=VALUE`), in the order given.
fn side_settings(values: &[String]) -> anyhow::Result<Vec<(usize, String)>> {
    values
        .iter()
        .map(|value| {
            let parsed = value.split_once(':').and_then(|(side, setting)| {
                let mut letters = side.chars();
                match (letters.next(), letters.next()) {
                    (Some(letter), None) if letter.is_ascii_alphabetic() => {
                        let index = (letter.to_ascii_uppercase() as u8 - b'A') as usize;
                        Some((index, setting.to_string()))
                    }
                    _ => None,
                }
            });
            parsed.ok_or_else(|| {
                bad_input(anyhow::anyhow!(
                    "`--set-side {value}`: expected a side letter, a colon and PATH=VALUE, e.g. `--set-side C:policy.choices=7`"
                ))
            })
        })
        .collect()
}
