//! Many runs of a scenario: Monte Carlo over generator streams, parameter
//! sweeps over a grid of `--set` values, shards for a cluster, and the merge
//! that puts shards back together.
//!
//! A batch is a [`Plan`]: a scenario, a [`grid::Grid`] of settings, a number
//! of runs per grid point, a master seed and optionally a [`shard::Shard`].
//! [`Batch::prepare`] loads and checks the scenario at every grid point before
//! anything runs; [`Batch::run`] runs the plan on a pool of threads, hands
//! every run's [`rows::Row`] to a sink in (grid point, run) order and returns
//! a [`BatchSummary`]. [`merge::Merger`] reads shards' rows back and returns
//! exactly the rows and summary one unsharded batch gives. Nothing here
//! prints; docs/batch.md is the user's guide.
//!
//! # Reproducibility
//!
//! Run `i` of a grid point is `Simulator::new(&scenario, &graph).run(seed, i)`:
//! its generator is ChaCha8 seeded with the point's master seed on stream `i`,
//! so a run depends on (scenario, settings, seed, i) alone, never on the
//! thread that ran it, the number of threads or the shard. Run 0 is what
//! `reorg run --seed SEED` shows. Rows are collected per chunk and handed on
//! in order, and the summary is built from exact integer histograms
//! ([`stats`]), so the rows and the summary are the same bytes for any
//! `--jobs` and for any split into shards once merged.
//!
//! # Memory
//!
//! Independent of the number of runs: one chunk of rows in flight
//! ([`CHUNK_PER_THREAD`] per thread), the scenario of the grid point being
//! run, one seed per grid point, and per figure one [`stats::Histogram`]
//! entry per distinct value seen at the current point (see [`stats`] for the
//! bounds), plus the finished points' statistics (18 figures × 7 numbers
//! each). Rows stream to the sink and are never kept.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::graph::MergeGraph;
use crate::metrics::{
    Cell, DepthCount, KindCount, RunSummary, ScenarioSummary, VERSION, figure_values, unit_depths,
    unit_kinds,
};
use crate::scenario::{self, Input, Loaded, ScenarioError, UnitKind};
use crate::simulate::Simulator;

pub mod compare;
mod fingerprint;
pub mod grid;
pub mod merge;
pub mod risk;
pub mod rows;
pub mod shard;
pub mod stats;
mod summary;

use fingerprint::Fingerprint;
pub use summary::{BatchSummary, Completion, PointStats, PointSummary};

use grid::{Grid, Setting};
use rows::Row;
use shard::Shard;

/// Runs handed to each thread per chunk: rows are collected a chunk at a
/// time and written in order, and Ctrl-C is noticed within a chunk.
pub const CHUNK_PER_THREAD: usize = 64;

/// The most runs per grid point (keeps the exact sums of [`stats`] in range).
pub const MAX_RUNS: u64 = 1_000_000_000;

/// What went wrong in a batch.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// A `--set` could not be read as `PATH=V1,V2,...`.
    #[error("`--set {arg}`: {why}")]
    Set {
        /// The argument as given.
        arg: String,
        /// What is wrong with it.
        why: String,
    },
    /// A number of runs, a seed or a grid out of range.
    #[error("{0}")]
    Plan(String),
    /// The scenario did not load at some grid point.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// A part given to merge is not what `reorg batch` writes.
    #[error("`{part}` line {line}: {why}")]
    Part {
        /// The part's name.
        part: String,
        /// Line number (1-based).
        line: u64,
        /// What is wrong.
        why: String,
    },
    /// The parts given to merge do not fit together.
    #[error("{0}")]
    Merge(String),
    /// A part given to merge is not a regular file (a device such as
    /// `/dev/zero` never ends; a FIFO can block forever).
    #[error("`{path}` is {what}, not a row file; give the files `reorg batch -o` wrote")]
    NotAFile {
        /// The part's path.
        path: String,
        /// What it is instead.
        what: &'static str,
    },
    /// A part could not be read.
    #[error("cannot read `{path}`")]
    Read {
        /// The part's path.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// Writing rows failed.
    #[error("cannot write the rows")]
    Write(#[source] std::io::Error),
    /// The thread pool could not start.
    #[error("cannot start {threads} threads")]
    Threads {
        /// Threads asked for.
        threads: usize,
        /// The cause.
        #[source]
        source: rayon::ThreadPoolBuildError,
    },
}

impl BatchError {
    /// True when the user's input is at fault (exit code 2).
    pub fn is_bad_input(&self) -> bool {
        !matches!(self, BatchError::Write(_) | BatchError::Threads { .. })
    }
}

/// Where the scenario comes from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A scenario file.
    File(PathBuf),
    /// Scenario text (the built-in scenario).
    Input(Input),
}

impl Source {
    /// Loads the scenario with `overrides`.
    pub fn load(&self, overrides: &[String]) -> Result<Loaded, ScenarioError> {
        match self {
            Source::File(path) => scenario::load_with(path, overrides),
            Source::Input(input) => scenario::load_input(input, overrides),
        }
    }

    /// The scenario as text in memory: a file is read (once, checked as
    /// [`scenario::read_scenario_file`] checks it), its roster still looked
    /// up beside it.
    pub fn read(self) -> Result<Input, ScenarioError> {
        match self {
            Source::File(path) => {
                let name = path.display().to_string();
                let text = scenario::read_scenario_file(&path, &name)?;
                let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
                Ok(Input {
                    name,
                    text,
                    files: scenario::Files::Dir(dir),
                })
            }
            Source::Input(input) => Ok(input),
        }
    }

    /// How reports name it: the path, or the built-in scenario's name.
    pub fn label(&self) -> String {
        match self {
            Source::File(path) => path.display().to_string(),
            Source::Input(input) => input.name.clone(),
        }
    }
}

/// What a batch is to run.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The scenario.
    pub source: Source,
    /// Overrides applied at every grid point, before the grid's (`reorg compare` uses them).
    pub base: Vec<String>,
    /// The settings to sweep.
    pub grid: Grid,
    /// Runs per grid point.
    pub runs: u64,
    /// Master seed for every point; `None`: each point's scenario `seed`.
    pub seed: Option<u64>,
    /// Only this slice of the runs.
    pub shard: Option<Shard>,
}

/// A checked plan, ready to run.
#[derive(Debug)]
pub struct Batch {
    plan: Plan,
    scenario: String,
    seeds: Vec<u64>,
    fingerprint: String,
    warnings: (Vec<Diagnostic>, Vec<String>),
    /// The rows' extra columns: `figure.ID` per `[[figure]]` of the scenario.
    extra: Vec<String>,
}

impl Batch {
    /// Checks the plan and loads the scenario at every grid point, so a bad
    /// value anywhere in the grid stops the batch before any run.
    pub fn prepare(plan: Plan) -> Result<Batch, BatchError> {
        if plan.runs == 0 || plan.runs > MAX_RUNS {
            return Err(BatchError::Plan(format!(
                "`--runs {}` is out of range; give 1 to {MAX_RUNS}",
                plan.runs
            )));
        }
        let points = plan.grid.len();
        if points.checked_mul(plan.runs).is_none() {
            return Err(BatchError::Plan(format!(
                "{points} grid points × {} runs is too many",
                plan.runs
            )));
        }
        // Read once: every point then runs, and the fingerprint hashes, the same text.
        let input = plan.source.read()?;
        let mut fingerprint = Fingerprint::new(&input.text, &plan.base);
        let plan = Plan {
            source: Source::Input(input),
            ..plan
        };
        let mut seeds = Vec::with_capacity(points as usize);
        let mut scenario = String::new();
        let mut extra: Vec<String> = Vec::new();
        let mut warnings: (Vec<Diagnostic>, Vec<String>) = Default::default();
        for point in 0..points {
            let loaded = plan.source.load(&overrides(&plan, point))?;
            let graph = MergeGraph::build(&loaded.scenario);
            let figures = ScenarioSummary::of(&loaded.scenario, &graph).warnings;
            for warning in &loaded.warnings {
                if !warnings.0.contains(warning) {
                    warnings.0.push(warning.clone());
                }
            }
            for warning in figures {
                if !warnings.1.contains(&warning) {
                    warnings.1.push(warning);
                }
            }
            let columns: Vec<String> = loaded
                .scenario
                .figures
                .iter()
                .map(|f| format!("figure.{}", f.id))
                .chain(
                    loaded
                        .scenario
                        .processes
                        .iter()
                        .filter(|p| crate::process::varies(p))
                        .flat_map(|p| {
                            ["before_days", "after_days"]
                                .map(|side| format!("process.{}.{side}", p.id()))
                        }),
                )
                .collect();
            if point == 0 {
                scenario = loaded.scenario.name.clone();
                extra = columns;
            } else if columns != extra {
                return Err(BatchError::Plan(format!(
                    "grid point {point} defines other figures than point 0: a `--set` may not change `[[figure]]`"
                )));
            }
            let bound = row_bound(&loaded.scenario, &plan.grid.point(point));
            if bound > rows::MAX_ROW_BYTES {
                return Err(BatchError::Plan(format!(
                    "the rows of grid point {point} could be {bound} bytes long, more than the {} bytes `reorg batch merge` reads in a row; shorten the `--set` values, the scenario's name or the ids",
                    rows::MAX_ROW_BYTES
                )));
            }
            fingerprint.people(&loaded.scenario.people);
            seeds.push(plan.seed.unwrap_or(loaded.scenario.seed));
        }
        Ok(Batch {
            plan,
            scenario,
            seeds,
            fingerprint: fingerprint.finish(),
            warnings,
            extra,
        })
    }

    /// The rows' extra columns after `kinds` (`figure.ID` per `[[figure]]`), in order.
    pub fn extra_columns(&self) -> &[String] {
        &self.extra
    }

    /// The warnings of the scenario over every grid point, each once: the
    /// located ones found while loading, and the figures' own.
    pub fn warnings(&self) -> (&[Diagnostic], &[String]) {
        (&self.warnings.0, &self.warnings.1)
    }

    /// The batch's fingerprint, written in every row: 16 hexadecimal digits,
    /// the first 64 bits of a SHA-256 hash of the reorg version, the
    /// scenario's text, the plan's base settings and the people of every grid
    /// point as loaded (from the scenario and its roster). Two batches with
    /// the same fingerprint ran the same scenario on the same people; the
    /// grid, the seed and the runs are in the rows themselves. The shard is
    /// not hashed: every shard of a batch has its fingerprint.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The plan.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The scenario's name at grid point 0.
    pub fn scenario(&self) -> &str {
        &self.scenario
    }

    /// The master seed of each grid point.
    pub fn seeds(&self) -> &[u64] {
        &self.seeds
    }

    /// Runs this batch (or its shard) will do.
    pub fn runs_planned(&self) -> u64 {
        (0..self.plan.grid.len())
            .map(|point| self.planned_at(point))
            .sum()
    }

    fn planned_at(&self, point: u64) -> u64 {
        match self.plan.shard {
            Some(shard) => shard.count_of_point(point, self.plan.runs),
            None => self.plan.runs,
        }
    }

    /// Runs the plan on `threads` threads. Every run's row goes to `sink` in
    /// (point, run) order; `progress` hears the number of runs done after
    /// each chunk. When `stop` turns true, the batch stops within a chunk:
    /// the rows handed on are a prefix of the planned order and the summary
    /// covers exactly them.
    pub fn run(
        &self,
        threads: usize,
        stop: &AtomicBool,
        sink: &mut dyn FnMut(&Row) -> std::io::Result<()>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<BatchSummary, BatchError> {
        self.run_inner(threads, stop, sink, progress, None)
    }

    /// Runs the plan as [`Batch::run`] does, and also counts every run's
    /// outcome per person and per unit ([`risk::Risk`]). Only a plan of one
    /// grid point has risk: a sweep's points can differ in their people and
    /// units, and each point would multiply the rows.
    pub fn run_with_risk(
        &self,
        threads: usize,
        stop: &AtomicBool,
        sink: &mut dyn FnMut(&Row) -> std::io::Result<()>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<(BatchSummary, risk::Risk), BatchError> {
        if self.plan.grid.len() != 1 {
            return Err(BatchError::Plan(format!(
                "risk is counted at one grid point, but this batch sweeps {} points; give each `--set` one value and run one batch per setting",
                self.plan.grid.len()
            )));
        }
        let mut risk = None;
        let summary = self.run_inner(threads, stop, sink, progress, Some(&mut risk))?;
        let risk = match risk {
            Some(risk) => risk,
            // A shard without runs at the point: no counts, the frame still.
            None => {
                let loaded = self.plan.source.load(&overrides(&self.plan, 0))?;
                self.new_risk(&loaded.scenario)
            }
        };
        Ok((summary, risk))
    }

    fn new_risk(&self, scenario: &scenario::Scenario) -> risk::Risk {
        risk::Risk::new(
            scenario,
            &self.fingerprint,
            (self.seeds[0], &self.plan.grid.point(0), self.plan.runs),
            self.plan.shard,
        )
    }

    fn run_inner(
        &self,
        threads: usize,
        stop: &AtomicBool,
        sink: &mut dyn FnMut(&Row) -> std::io::Result<()>,
        progress: &mut dyn FnMut(u64),
        mut risk: Option<&mut Option<risk::Risk>>,
    ) -> Result<BatchSummary, BatchError> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|source| BatchError::Threads { threads, source })?;
        let plan = &self.plan;
        let grid_points = plan.grid.len();
        let chunk = CHUNK_PER_THREAD * threads.max(1);
        let mut summary = BatchSummary {
            reorg_version: VERSION.to_string(),
            scenario: self.scenario.clone(),
            status: Completion::Complete,
            shard: plan.shard,
            grid_points,
            runs_per_point: plan.runs,
            runs_planned: self.runs_planned(),
            runs_done: 0,
            points: Vec::new(),
        };
        'points: for point in 0..grid_points {
            let planned = self.planned_at(point);
            if planned == 0 {
                continue;
            }
            if stop.load(Ordering::Relaxed) {
                summary.status = Completion::Interrupted;
                break;
            }
            let settings = plan.grid.point(point);
            let loaded = plan.source.load(&overrides(plan, point))?;
            let scenario = &loaded.scenario;
            let graph = MergeGraph::build(scenario);
            let simulator = Simulator::new(scenario, &graph);
            let kinds = unit_kinds(scenario);
            let depths = unit_depths(scenario);
            let seed = self.seeds[point as usize];
            let mut stats = PointStats::new();
            let counting = risk.is_some();
            if let Some(risk) = risk.as_deref_mut() {
                *risk = Some(self.new_risk(scenario));
            }
            let mut done = 0;
            let mut runs: Box<dyn Iterator<Item = u64>> = match plan.shard {
                Some(shard) => Box::new(shard.runs_of_point(point, plan.runs)),
                None => Box::new(0..plan.runs),
            };
            let mut batch: Vec<u64> = Vec::with_capacity(chunk);
            loop {
                batch.clear();
                batch.extend(runs.by_ref().take(chunk));
                if batch.is_empty() {
                    break;
                }
                let rows: Vec<Option<(Row, Option<risk::RunTally>)>> = pool.install(|| {
                    batch
                        .par_iter()
                        .map(|&run| {
                            if stop.load(Ordering::Relaxed) {
                                return None;
                            }
                            let outcome = simulator.run(seed, run);
                            // A row keeps only the summary, so only the summary is computed.
                            let summary = RunSummary::of(scenario, &outcome);
                            let tally = counting.then(|| risk::RunTally::of(scenario, &outcome));
                            let mut row = Row::new(
                                &scenario.name,
                                (point, grid_points),
                                &settings,
                                (run, plan.runs),
                                (seed, &self.fingerprint),
                                (summary, &kinds),
                            );
                            row.depths.clone_from(&depths);
                            row.extra = figure_values(scenario, &outcome)
                                .into_iter()
                                .map(|f| (format!("figure.{}", f.id), f.cell()))
                                .collect();
                            for (id, before, after) in
                                crate::process::run_durations(scenario, &graph, seed, run)
                            {
                                row.extra.push((
                                    format!("process.{id}.before_days"),
                                    Cell::Float(before),
                                ));
                                row.extra
                                    .push((format!("process.{id}.after_days"), Cell::Float(after)));
                            }
                            Some((row, tally))
                        })
                        .collect()
                });
                let mut stopped = false;
                for row in rows {
                    let Some((row, tally)) = row else {
                        stopped = true;
                        break;
                    };
                    sink(&row).map_err(BatchError::Write)?;
                    if let (Some(Some(risk)), Some(tally)) = (risk.as_deref_mut(), tally) {
                        risk.add(&tally);
                    }
                    stats.add(&row.keys());
                    stats.add_extra(&row.extra);
                    done += 1;
                    summary.runs_done += 1;
                }
                progress(summary.runs_done);
                if stopped {
                    summary.status = Completion::Interrupted;
                    push_point(
                        &mut summary,
                        (point, settings, seed, (kinds, depths)),
                        done,
                        planned,
                        &stats,
                    );
                    break 'points;
                }
            }
            push_point(
                &mut summary,
                (point, settings, seed, (kinds, depths)),
                done,
                planned,
                &stats,
            );
        }
        Ok(summary)
    }
}

/// A point's units per kind and per depth: properties of its scenario.
type PointUnits = (Vec<KindCount>, Vec<DepthCount>);

fn push_point(
    summary: &mut BatchSummary,
    (point, settings, seed, (kinds, depths)): (u64, Vec<Setting>, u64, PointUnits),
    runs: u64,
    planned: u64,
    stats: &PointStats,
) {
    if runs > 0 {
        summary.points.push(PointSummary {
            point,
            settings,
            seed,
            runs,
            planned,
            figures: stats.finish(),
            kinds,
            depths,
        });
    }
}

/// More than the bytes of any row of a point: JSON and CSV write a byte of
/// text as at most six (`\u001b`); the numbers and keys take under 2 KB.
/// The text is the scenario's name, the settings, and the longest level
/// and person ids (the head level's and the youngest head's).
fn row_bound(scenario: &scenario::Scenario, settings: &[Setting]) -> usize {
    let settings: usize = settings.iter().map(|s| s.path.len() + s.value.len()).sum();
    let level = scenario.levels.iter().map(|l| l.id.len()).max();
    let person = scenario.people.iter().map(|p| p.id.len()).max();
    let text = scenario.name.len() + settings + level.unwrap_or(0) + person.unwrap_or(0);
    // Each figure: its name twice (JSON key, CSV header) and a number of under 40 bytes.
    let figures: usize = scenario
        .figures
        .iter()
        .map(|f| 2 * f.id.len() + 60)
        .sum::<usize>()
        + scenario
            .processes
            .iter()
            .map(|p| 4 * p.id().len() + 200)
            .sum::<usize>();
    // The kinds: at most one entry of under 80 bytes per kind; the depths:
    // one entry of four numbers (under 90 bytes in JSON) per depth.
    let deepest = |depths: Vec<usize>| depths.into_iter().max().unwrap_or(0);
    let depth = deepest(scenario.before_depths()).max(deepest(scenario.after_depths())) + 1;
    2048 + 80 * UnitKind::ALL.len() + 90 * depth + 6 * text + figures
}

/// The overrides of grid point `point`: the plan's base, then the grid's.
fn overrides(plan: &Plan, point: u64) -> Vec<String> {
    plan.base
        .iter()
        .cloned()
        .chain(plan.grid.point(point).iter().map(Setting::to_override))
        .collect()
}

/// A small scenario for the unit tests: examples/approval-bureau.toml (45 people).
#[cfg(test)]
pub(crate) fn test_source() -> Source {
    Source::Input(Input {
        name: "examples/approval-bureau.toml".into(),
        text: include_str!("../../examples/approval-bureau.toml").into(),
        files: scenario::Files::Embedded(&[]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small_plan(runs: u64, shard: Option<Shard>, sets: &[&str]) -> Plan {
        let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
        Plan {
            source: test_source(),
            base: Vec::new(),
            grid: Grid::parse(&sets, &rows::reserved_names()).unwrap(),
            runs,
            seed: Some(11),
            shard,
        }
    }

    fn collect(plan: Plan, threads: usize) -> (Vec<Row>, BatchSummary) {
        let batch = Batch::prepare(plan).unwrap();
        let mut rows = Vec::new();
        let summary = batch
            .run(
                threads,
                &AtomicBool::new(false),
                &mut |row| {
                    rows.push(row.clone());
                    Ok(())
                },
                &mut |_| {},
            )
            .unwrap();
        (rows, summary)
    }

    #[test]
    fn rows_come_in_order_and_do_not_depend_on_threads() {
        let plan = small_plan(70, None, &["policy.choices=2,4"]);
        let (one, s1) = collect(plan.clone(), 1);
        let (three, s3) = collect(plan, 3);
        assert_eq!(one, three);
        assert_eq!(s1, s3);
        let order: Vec<(u64, u64)> = one.iter().map(Row::position).collect();
        let expected: Vec<(u64, u64)> = (0..2).flat_map(|g| (0..70).map(move |i| (g, i))).collect();
        assert_eq!(order, expected);
        assert_eq!(s1.runs_done, 140);
        assert_eq!(s1.points[1].settings[0].value, "4");
    }

    #[test]
    fn run_i_is_stream_i_of_the_seed() {
        let (rows, _) = collect(small_plan(3, None, &[]), 2);
        let loaded = test_source().load(&[]).unwrap();
        let graph = MergeGraph::build(&loaded.scenario);
        let simulator = Simulator::new(&loaded.scenario, &graph);
        for row in &rows {
            let outcome = simulator.run(11, row.run);
            let report = crate::metrics::RunReport::of(&loaded.scenario, &graph, &outcome);
            assert_eq!(row.summary, report.summary);
        }
    }

    #[test]
    fn shards_do_exactly_their_runs() {
        let (all, _) = collect(small_plan(5, None, &["policy.choices=2,3,4"]), 2);
        let mut union = Vec::new();
        for k in 1..=4 {
            let (part, summary) = collect(
                small_plan(
                    5,
                    Some(Shard { index: k, count: 4 }),
                    &["policy.choices=2,3,4"],
                ),
                2,
            );
            assert_eq!(summary.runs_done, summary.runs_planned);
            for row in &part {
                assert_eq!((row.point * 5 + row.run) % 4, k - 1);
            }
            union.extend(part);
        }
        union.sort_by_key(Row::position);
        assert_eq!(union, all);
    }

    #[test]
    fn a_stop_flag_already_set_runs_nothing() {
        let batch = Batch::prepare(small_plan(10, None, &[])).unwrap();
        let summary = batch
            .run(2, &AtomicBool::new(true), &mut |_| Ok(()), &mut |_| {})
            .unwrap();
        assert_eq!(summary.status, Completion::Interrupted);
        assert_eq!(summary.runs_done, 0);
        assert!(summary.points.is_empty());
    }

    /// The fingerprint is the same for any shard and the same text read
    /// from anywhere, and changes with the text (a comment included), the
    /// base settings and the people.
    #[test]
    fn the_fingerprint_follows_the_inputs_and_nothing_else() {
        let fingerprint = |source: Source, base: &[&str], shard: Option<Shard>| {
            let plan = Plan {
                source,
                base: base.iter().map(|s| s.to_string()).collect(),
                shard,
                ..small_plan(4, None, &["policy.choices=2,3"])
            };
            Batch::prepare(plan).unwrap().fingerprint().to_string()
        };
        let input = |name: &str, text: String| {
            Source::Input(Input {
                name: name.into(),
                text,
                files: scenario::Files::Embedded(&[]),
            })
        };
        let text = include_str!("../../examples/approval-bureau.toml").to_string();
        let base = fingerprint(test_source(), &[], None);
        assert_eq!(base.len(), 16);
        assert!(
            base.chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        for shard in [
            Some(Shard { index: 1, count: 3 }),
            Some(Shard { index: 3, count: 3 }),
        ] {
            assert_eq!(fingerprint(test_source(), &[], shard), base);
        }
        assert_eq!(
            fingerprint(input("elsewhere.toml", text.clone()), &[], None),
            base
        );
        let comment = format!("# edited\n{text}");
        assert_ne!(fingerprint(input("a.toml", comment), &[], None), base);
        assert_ne!(
            fingerprint(test_source(), &["policy.choices=4"], None),
            base
        );
        // One person's score, through the text (the people are hashed as loaded).
        let edited = text.replacen("score = 91.4", "score = 91.5", 1);
        assert_ne!(edited, text);
        assert_ne!(fingerprint(input("a.toml", edited), &[], None), base);
    }

    /// [`row_bound`] is more than the bytes of any row written, even with
    /// control characters (six bytes each in JSON), and a setting too long
    /// for a merge to read makes it exceed the limit.
    #[test]
    fn the_row_bound_bounds_the_rows() {
        let text = include_str!("../../examples/approval-bureau.toml").replacen(
            "name = \"",
            "name = \"\\u0001\\u0002\\u0003\\u0004",
            1,
        );
        let loaded = scenario::load_input(
            &Input {
                name: "x.toml".into(),
                text,
                files: scenario::Files::Embedded(&[]),
            },
            &[],
        )
        .unwrap();
        let settings = vec![Setting {
            path: "scenario.description".into(),
            value: "\u{1}".repeat(100),
        }];
        let bound = row_bound(&loaded.scenario, &settings);
        let graph = MergeGraph::build(&loaded.scenario);
        let outcome = Simulator::new(&loaded.scenario, &graph).run(1, 0);
        let row = Row::new(
            &loaded.scenario.name,
            (0, 1),
            &settings,
            (0, 1),
            (1, "0123456789abcdef"),
            (
                RunSummary::of(&loaded.scenario, &outcome),
                &unit_kinds(&loaded.scenario),
            ),
        );
        for format in [rows::RowFormat::Jsonl, rows::RowFormat::Csv] {
            let mut writer =
                rows::RowWriter::new(format, &["scenario.description".into()], Vec::new()).unwrap();
            writer.write(&row).unwrap();
            let written = writer.finish().unwrap().len();
            // (CSV: the header line included.)
            assert!(written < bound, "{format:?}: {written} ≥ {bound}");
            if format == rows::RowFormat::Jsonl {
                // The 100 control characters alone take 600 bytes.
                assert!(written > 600, "{written}");
            }
        }
        let long = vec![Setting {
            path: "p".into(),
            value: "x".repeat(rows::MAX_ROW_BYTES / 6),
        }];
        assert!(row_bound(&loaded.scenario, &long) > rows::MAX_ROW_BYTES);
    }

    #[test]
    fn bad_plans_are_refused_before_running() {
        assert!(matches!(
            Batch::prepare(small_plan(0, None, &[])),
            Err(BatchError::Plan(_))
        ));
        assert!(matches!(
            Batch::prepare(small_plan(1, None, &["policy.choices=2,oops"])),
            Err(BatchError::Scenario(_))
        ));
    }
}
