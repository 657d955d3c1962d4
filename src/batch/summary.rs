//! What a batch reports: per grid point, the statistics of every figure,
//! kept as exact histograms while the runs stream by.

use super::grid::Setting;
use super::rows::FIGURE_COUNT;
use super::shard::Shard;
use super::stats::{self, FigureStats, Histogram};
use crate::metrics::{Cell, DepthCount, KindCount, RunSummary};

/// How far a batch got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Completion {
    /// Every planned run is covered.
    Complete,
    /// Stopped early (Ctrl-C): covers the runs done before.
    Interrupted,
    /// Merged from parts that lack some runs (`--partial`).
    Partial,
}

/// The summary of a batch: per grid point, statistics of every figure.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BatchSummary {
    /// The reorg version that produced it.
    pub reorg_version: String,
    /// The scenario's name (at grid point 0).
    pub scenario: String,
    /// Whether every planned run is covered.
    pub status: Completion,
    /// The shard this batch ran, when it ran one.
    pub shard: Option<Shard>,
    /// Points in the grid.
    pub grid_points: u64,
    /// Runs per point (`--runs`).
    pub runs_per_point: u64,
    /// Runs planned (of this shard, when sharded).
    pub runs_planned: u64,
    /// Runs covered by the summary and the rows.
    pub runs_done: u64,
    /// One entry per grid point with at least one run done, in point order.
    pub points: Vec<PointSummary>,
}

impl BatchSummary {
    /// Runs of the whole batch, all shards together: points × runs per point.
    pub fn runs_planned_unsharded(&self) -> u64 {
        self.grid_points.saturating_mul(self.runs_per_point)
    }
}

/// The statistics of one grid point.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PointSummary {
    /// Grid point index.
    pub point: u64,
    /// Its settings, path → value.
    #[serde(serialize_with = "settings_as_map")]
    pub settings: Vec<Setting>,
    /// Its master seed.
    pub seed: u64,
    /// Runs covered.
    pub runs: u64,
    /// Runs planned at this point.
    pub planned: u64,
    /// One entry per figure, in `RunSummary` order.
    pub figures: Vec<FigureStats>,
    /// Units before → after per kind at this point (a property of the
    /// scenario, the same in every run), as `reorg run` gives them.
    pub kinds: Vec<KindCount>,
    /// Bodies and internal units (内设机构) before → after per depth at this
    /// point, as `reorg run` gives them; empty (and left out of JSON) when
    /// the scenario does not nest units.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub depths: Vec<DepthCount>,
}

fn settings_as_map<S: serde::Serializer>(settings: &[Setting], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(settings.len()))?;
    for setting in settings {
        map.serialize_entry(&setting.path, &setting.value)?;
    }
    map.end()
}

/// The running statistics of one grid point: a histogram per figure.
#[derive(Debug, Clone, Default)]
pub struct PointStats {
    histograms: Vec<Histogram>,
    /// The rows' extra columns (`figure.ID`): name, kind (an integer
    /// column is a count, a number one an average) and histogram.
    extra: Vec<(String, Option<stats::Kind>, Histogram)>,
}

impl PointStats {
    /// No runs yet.
    pub fn new() -> PointStats {
        PointStats {
            histograms: vec![Histogram::new(); FIGURE_COUNT],
            extra: Vec::new(),
        }
    }

    /// Counts one run's extra columns ([`Row::extra`](super::rows::Row::extra));
    /// every row of a point has the same columns (merge checks it).
    pub fn add_extra(&mut self, extra: &[(String, Cell)]) {
        for (i, (name, cell)) in extra.iter().enumerate() {
            if self.extra.len() <= i {
                self.extra.push((name.clone(), None, Histogram::new()));
            }
            let (_, kind, histogram) = &mut self.extra[i];
            match cell {
                Cell::Int(n) => {
                    let k = *kind.get_or_insert(stats::Kind::Count);
                    histogram.add(match k {
                        stats::Kind::Count => *n,
                        stats::Kind::Average => k.key(*n as f64),
                    });
                }
                Cell::Float(x) => {
                    let k = *kind.get_or_insert(stats::Kind::Average);
                    histogram.add(k.key(*x));
                }
                Cell::Null | Cell::Text(_) => {}
            }
        }
    }

    /// Counts one run's figure keys ([`Row::keys`](super::rows::Row::keys)).
    pub fn add(&mut self, keys: &[Option<i64>; FIGURE_COUNT]) {
        for (histogram, key) in self.histograms.iter_mut().zip(keys) {
            if let Some(key) = *key {
                histogram.add(key);
            }
        }
    }

    /// Distinct values held, over all figures.
    pub fn distinct(&self) -> usize {
        self.histograms
            .iter()
            .map(Histogram::distinct)
            .sum::<usize>()
            + self
                .extra
                .iter()
                .map(|(_, _, h)| h.distinct())
                .sum::<usize>()
    }

    /// The statistics of every figure.
    pub fn finish(&self) -> Vec<FigureStats> {
        RunSummary::figure_fields()
            .zip(&self.histograms)
            .map(|((name, kind), histogram)| {
                FigureStats::of(name, stats::Kind::of(kind), histogram)
            })
            .chain(self.extra.iter().map(|(name, kind, histogram)| {
                FigureStats::of(name, kind.unwrap_or(stats::Kind::Count), histogram)
            }))
            .collect()
    }
}
