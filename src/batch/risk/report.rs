//! The risk of a batch as a value: the counts of [`super::Risk`] and the
//! shares, means and percentiles drawn from them. Its JSON is the risk
//! file `reorg batch --risk FILE` writes (docs/output-format.md); the HTML
//! report draws its before units.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::{Counts, SeatCounts};
use crate::batch::grid::Setting;
use crate::batch::shard::Shard;
use crate::batch::stats::{AVERAGE_SCALE, Histogram};
use crate::simulate::Status;

/// The risk of a batch: who was at risk of what, over its runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskReport {
    /// Always `"reorg batch risk"`: marks the file.
    pub kind: &'static str,
    /// The reorg version that produced it.
    pub reorg_version: String,
    /// The scenario's name.
    pub scenario: String,
    /// The batch's fingerprint: every part of one batch has it.
    pub fingerprint: String,
    /// The master seed.
    pub seed: u64,
    /// The settings of the batch's grid point, path → value.
    #[serde(serialize_with = "settings_as_map")]
    pub settings: Vec<Setting>,
    /// Runs of the whole batch (`--runs`).
    pub runs_per_point: u64,
    /// The shard, when these are one shard's runs.
    pub shard: Option<Shard>,
    /// Runs counted.
    pub runs: u64,
    /// The statuses, in the order of every status count.
    pub statuses: [&'static str; Status::ALL.len()],
    /// The level ids, top first.
    pub levels: Vec<String>,
    /// One row per person, in roster order.
    pub people: Vec<PersonRisk>,
    /// One row per before unit: the share of its people who lost their level.
    pub before_units: Vec<BeforeUnitRisk>,
    /// One row per after unit, over its levels.
    pub units: Vec<UnitRisk>,
    /// One row per post (after unit and level) with a seat in some run.
    pub posts: Vec<PostRisk>,
}

/// One person over the runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonRisk {
    /// Person id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Unit today.
    pub before_unit: String,
    /// Level today.
    pub before_level: String,
    /// Runs with each status.
    pub statuses: StatusCounts,
    /// Runs in which they kept their level ([`super::LevelFate::Kept`]).
    pub kept_level: u64,
    /// Runs in which they lost it ([`super::LevelFate::Lost`]).
    pub lost_level: u64,
    /// `kept_level / runs`.
    pub p_kept_level: Option<f64>,
    /// `lost_level / runs`.
    pub p_lost_level: Option<f64>,
    /// Each status's runs over all runs.
    pub probabilities: StatusShares,
}

/// Runs per status, shown as an object `status → runs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusCounts(pub [u64; Status::ALL.len()]);

/// Share of runs per status, shown as an object `status → share`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StatusShares(pub [Option<f64>; Status::ALL.len()]);

impl Serialize for StatusCounts {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (status, n) in Status::ALL.iter().zip(&self.0) {
            map.serialize_entry(status.as_str(), n)?;
        }
        map.end()
    }
}

impl Serialize for StatusShares {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (status, p) in Status::ALL.iter().zip(&self.0) {
            map.serialize_entry(status.as_str(), p)?;
        }
        map.end()
    }
}

/// One before unit over the runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BeforeUnitRisk {
    /// Unit id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Its people today.
    pub people: u64,
    /// People × runs: what the shares are of.
    pub person_runs: u64,
    /// Person-runs in which the person kept their level.
    pub kept_level: u64,
    /// Person-runs in which the person lost it.
    pub lost_level: u64,
    /// `kept_level / person_runs`.
    pub share_kept_level: Option<f64>,
    /// `lost_level / person_runs`: the unit's risk.
    pub share_lost_level: Option<f64>,
}

/// One after unit over the runs, its levels together.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitRisk {
    /// Unit id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Outside the new structure.
    pub external: bool,
    /// Its seats.
    #[serde(flatten)]
    pub seats: SeatStats,
}

/// One post (after unit, level) over the runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PostRisk {
    /// After unit id.
    pub unit: String,
    /// Level id.
    pub level: String,
    /// Its seats.
    #[serde(flatten)]
    pub seats: SeatStats,
}

/// Seats, seats filled, vacancies and cut-offs over the runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeatStats {
    /// Seats per run (declared, and created for transfers).
    pub seats: Distribution,
    /// Seats filled per run.
    pub filled: Distribution,
    /// Seats left vacant per run.
    pub vacancies: Distribution,
    /// The lowest score admitted per run.
    pub cutoff: CutoffStats,
}

impl SeatStats {
    /// The figures of `counts`.
    pub fn of(counts: &SeatCounts) -> SeatStats {
        let c = &counts.cutoffs;
        let value = |key: i64| key as f64 / AVERAGE_SCALE;
        SeatStats {
            seats: Distribution::of(&counts.seats),
            filled: Distribution::of(&counts.filled),
            vacancies: Distribution::of(&counts.vacancies),
            cutoff: CutoffStats {
                runs: c.runs,
                sum_micro: c.sum,
                mean: (c.runs > 0).then(|| c.sum as f64 / (c.runs as f64 * AVERAGE_SCALE)),
                min: c.range.map(|r| value(r.0)),
                max: c.range.map(|r| value(r.1)),
            },
        }
    }
}

/// An integer figure over the runs: every value with its runs, and the
/// mean and nearest-rank percentiles (as the batch summary defines them).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Distribution {
    /// `[value, runs]` pairs, ascending.
    #[serde(serialize_with = "counts_as_pairs")]
    pub counts: Counts,
    /// Mean.
    pub mean: Option<f64>,
    /// 5th percentile.
    pub p5: Option<i64>,
    /// Median.
    pub p50: Option<i64>,
    /// 95th percentile.
    pub p95: Option<i64>,
}

impl Distribution {
    fn of(counts: &Counts) -> Distribution {
        let mut histogram = Histogram::new();
        for (&value, &runs) in counts {
            histogram.add_many(value, runs);
        }
        Distribution {
            counts: counts.clone(),
            mean: histogram.mean(1.0),
            p5: histogram.quantile(5),
            p50: histogram.quantile(50),
            p95: histogram.quantile(95),
        }
    }
}

/// Cut-offs over the runs: real numbers with noise, so their mean, lowest
/// and highest, from values quantised to millionths.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CutoffStats {
    /// Runs with a cut-off (someone was admitted).
    pub runs: u64,
    /// The sum of the cut-offs in millionths (exact; what merging adds).
    pub sum_micro: i128,
    /// Mean.
    pub mean: Option<f64>,
    /// Lowest.
    pub min: Option<f64>,
    /// Highest.
    pub max: Option<f64>,
}

fn settings_as_map<S: Serializer>(settings: &[Setting], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(settings.len()))?;
    for setting in settings {
        map.serialize_entry(&setting.path, &setting.value)?;
    }
    map.end()
}

fn counts_as_pairs<S: Serializer>(counts: &Counts, s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(
        counts
            .iter()
            .map(|(value, runs)| [*value as i128, *runs as i128]),
    )
}

impl RiskReport {
    /// The risk file's text: pretty JSON and a final newline. Floats are
    /// written shortest-round-trip, so the same counts give the same bytes.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a risk report serialises");
        text.push('\n');
        text
    }
}
