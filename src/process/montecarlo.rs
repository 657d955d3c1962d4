//! Monte Carlo durations: each process computed many times with durations
//! drawn from their distributions, and the spread of its working days
//! before and after.
//!
//! Run `r` of process `k` draws from its own generator,
//! [`SimRng::new(seed, r × 10,000 + k)`](SimRng::new) (10,000 is the most
//! processes a scenario may hold), so a process's draws depend neither on
//! the other processes nor on the order runs are computed in. Within a run,
//! both sides use the same draw ([`Draw::sample`]): the difference between
//! them is the reform's, not the dice's.
//!
//! # Definitions
//!
//! Over the `n` runs: **mean** `Σx / n`, summed in run order; **pP** (p5,
//! p50, p95) by **nearest rank**, the value at 1-based rank `⌈P/100 × n⌉`
//! (at least 1) of the sorted values, as `reorg batch` computes its
//! quantiles (docs/batch.md); **min** and **max**.

use std::num::NonZeroUsize;

use serde::Serialize;

use crate::graph::MergeGraph;
use crate::process::owners::Owners;
use crate::process::side::{Draw, Regime, figures};
use crate::rng::SimRng;
use crate::scenario::{Process, Scenario};

/// How many streams one run spans: one per possible process.
const STREAMS_PER_RUN: u64 = 10_000;

/// The spread of every process of a scenario over many runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpreadReport {
    /// The reorg version that computed it.
    pub reorg_version: String,
    /// Scenario name.
    pub scenario: String,
    /// Master seed.
    pub seed: u64,
    /// Runs per process.
    pub runs: usize,
    /// One spread per process, in file order.
    pub processes: Vec<ProcessSpread>,
}

/// The working days of one process over many runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcessSpread {
    /// Process id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// False when every duration is fixed: then every run gives the same days.
    pub varies: bool,
    /// Working days today.
    pub before: Spread,
    /// Working days after the reform.
    pub after: Spread,
    /// Working days saved (before − after, run by run).
    pub saved: Spread,
}

/// Summary statistics of one figure over the runs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spread {
    /// The mean.
    pub mean: f64,
    /// The least value.
    pub min: f64,
    /// The 5th percentile (nearest rank).
    pub p5: f64,
    /// The median (nearest rank).
    pub p50: f64,
    /// The 95th percentile (nearest rank).
    pub p95: f64,
    /// The greatest value.
    pub max: f64,
}

impl Spread {
    /// The statistics of `values`, which must not be empty.
    fn of(values: &[f64]) -> Spread {
        let n = values.len();
        let mean = values.iter().sum::<f64>() / n as f64;
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let rank = |p: u64| {
            // ⌈p/100 × n⌉ in integers, at least 1.
            let r = (p * n as u64).div_ceil(100).max(1);
            sorted[(r - 1) as usize]
        };
        Spread {
            mean,
            min: sorted[0],
            p5: rank(5),
            p50: rank(50),
            p95: rank(95),
            max: sorted[n - 1],
        }
    }
}

/// Runs every process `runs` times with drawn durations.
///
/// Complexity: O(runs × (steps + dependencies)) per process, and
/// O(runs) memory per process.
pub fn spread(
    scenario: &Scenario,
    graph: &MergeGraph,
    runs: NonZeroUsize,
    seed: u64,
) -> SpreadReport {
    let runs = runs.get();
    SpreadReport {
        reorg_version: env!("CARGO_PKG_VERSION").to_string(),
        scenario: scenario.name.clone(),
        seed,
        runs,
        processes: scenario
            .processes
            .iter()
            .enumerate()
            .map(|(k, process)| process_spread(process, k, graph, runs, seed))
            .collect(),
    }
}

/// Whether a process's durations are drawn (a three-point step or hand-off).
pub fn varies(process: &Process) -> bool {
    process.rules().handoff.varies() || process.steps().iter().any(|s| s.duration.varies())
}

/// Run `run` of [`spread`] alone: for each process whose durations vary
/// ([`varies`]), its id and critical-path days before and after, drawn on
/// the same stream as `reorg process --runs` draws run `run` with this seed,
/// so a batch's process columns are that command's runs.
pub fn run_durations(
    scenario: &Scenario,
    graph: &MergeGraph,
    seed: u64,
    run: u64,
) -> Vec<(String, f64, f64)> {
    scenario
        .processes
        .iter()
        .enumerate()
        .filter(|(_, process)| varies(process))
        .map(|(index, process)| {
            let owners = Owners::of(process, graph);
            let before_owners = owners.before_as_options();
            let mut rng = SimRng::new(seed, run * STREAMS_PER_RUN + index as u64);
            let draw = Draw::sample(process, &mut rng);
            let before = figures(process, Regime::before(&before_owners), &draw)
                .timing
                .days;
            let after = figures(
                process,
                Regime::after(&owners.after, process.rules()),
                &draw,
            )
            .timing
            .days;
            (process.id().to_string(), before, after)
        })
        .collect()
}

fn process_spread(
    process: &Process,
    index: usize,
    graph: &MergeGraph,
    runs: usize,
    seed: u64,
) -> ProcessSpread {
    let owners = Owners::of(process, graph);
    let before_owners = owners.before_as_options();
    let mut before = Vec::with_capacity(runs);
    let mut after = Vec::with_capacity(runs);
    for run in 0..runs as u64 {
        let mut rng = SimRng::new(seed, run * STREAMS_PER_RUN + index as u64);
        let draw = Draw::sample(process, &mut rng);
        before.push(
            figures(process, Regime::before(&before_owners), &draw)
                .timing
                .days,
        );
        let rules = process.rules();
        after.push(
            figures(process, Regime::after(&owners.after, rules), &draw)
                .timing
                .days,
        );
    }
    let saved: Vec<f64> = before.iter().zip(&after).map(|(b, a)| b - a).collect();
    let rules = process.rules();
    ProcessSpread {
        id: process.id().to_string(),
        name: process.name().to_string(),
        varies: rules.handoff.varies() || process.steps().iter().any(|s| s.duration.varies()),
        before: Spread::of(&before),
        after: Spread::of(&after),
        saved: Spread::of(&saved),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_quantiles() {
        // The example of docs/batch.md: 15, 20, 35, 40, 50.
        let s = Spread::of(&[50.0, 15.0, 40.0, 20.0, 35.0]);
        assert_eq!((s.p5, s.p50, s.p95), (15.0, 35.0, 50.0));
        assert_eq!((s.min, s.max, s.mean), (15.0, 50.0, 32.0));
    }
}
