//! Exact, order-independent summary statistics over many runs, in memory
//! that does not grow with the number of runs.
//!
//! Each figure of a run is turned into an integer **key**: counts of people
//! or seats are their own key; averages (the leaders' average ages) are
//! quantised to a millionth, `key = round(value × 10⁶)`. A [`Histogram`]
//! holds how many runs gave each key. From it come the exact mean, standard
//! deviation and quantiles, with integer arithmetic up to one final division:
//!
//! - the result does not depend on the order runs were added, so any number
//!   of threads, and any split into shards merged later, gives the same bits
//!   (floating-point sums would not: they depend on the order of addition);
//! - it holds one entry per distinct key, never one per run. A count of
//!   people takes at most `people + 1` values, an age at most ~100; an
//!   average age of `k` leaders is a sum of ages over `k`, so at most
//!   `k × (oldest − youngest) + 1` values for each `k` seen (in practice the
//!   leadership seats are all filled and `k` barely moves).
//!
//! # Definitions
//!
//! For the `n` runs in which a figure has a value (`leader_age_*` and
//! `youngest_head_age` can be absent):
//!
//! - **mean**: `Σx / n`;
//! - **sd**: the sample standard deviation, `sqrt((n·Σx² − (Σx)²) / (n·(n − 1)))`,
//!   absent when `n < 2`;
//! - **pP** (p5, p50, p95): **nearest rank**. Sort the `n` values; pP is the
//!   value at 1-based rank `⌈P/100 × n⌉` (at least 1). It is always a value
//!   some run gave. Example: for 15, 20, 35, 40, 50: p5 = 15 (rank 1),
//!   p30 = 20 (rank ⌈1.5⌉ = 2), p50 = 35 (rank ⌈2.5⌉ = 3), p95 = 50 (rank ⌈4.75⌉ = 5).
//!
//! Means and sds of averages are those of the quantised values, so within
//! 5 × 10⁻⁷ of the unquantised ones.

use std::collections::BTreeMap;

use crate::metrics::FieldKind;

/// How finely averages are quantised: keys are millionths.
pub const AVERAGE_SCALE: f64 = 1_000_000.0;

/// What kind of value a figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An integer (a count of people or seats, an age): its own key.
    Count,
    /// A real number (an average): quantised to [`AVERAGE_SCALE`].
    Average,
}

impl Kind {
    /// The kind of a summarised [`RunSummary`](crate::metrics::RunSummary) field.
    pub fn of(field: FieldKind) -> Kind {
        match field {
            FieldKind::Average => Kind::Average,
            FieldKind::Count | FieldKind::Text => Kind::Count,
        }
    }

    fn scale(self) -> f64 {
        match self {
            Kind::Count => 1.0,
            Kind::Average => AVERAGE_SCALE,
        }
    }

    /// The key of a value of this kind.
    pub fn key(self, value: f64) -> i64 {
        (value * self.scale()).round() as i64
    }

    /// The value a key stands for, as a [`Quantity`].
    pub fn quantity(self, key: i64) -> Quantity {
        match self {
            Kind::Count => Quantity::Int(key),
            Kind::Average => Quantity::Float(key as f64 / AVERAGE_SCALE),
        }
    }
}

/// A figure's value: an integer for counts, a real number otherwise. JSON
/// shows it as a plain number (`38`, `43.047619`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Quantity {
    /// An integer.
    Int(i64),
    /// A real number.
    Float(f64),
}

impl Quantity {
    /// As a float.
    pub fn as_f64(self) -> f64 {
        match self {
            Quantity::Int(i) => i as f64,
            Quantity::Float(f) => f,
        }
    }
}

impl serde::Serialize for Quantity {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self {
            Quantity::Int(i) => serializer.serialize_i64(i),
            Quantity::Float(f) => serializer.serialize_f64(f),
        }
    }
}

/// How many runs gave each key of one figure.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Histogram {
    counts: BTreeMap<i64, u64>,
    n: u64,
}

impl Histogram {
    /// An empty histogram.
    pub fn new() -> Histogram {
        Histogram::default()
    }

    /// Counts one run with `key`.
    pub fn add(&mut self, key: i64) {
        self.add_many(key, 1);
    }

    /// Counts `times` runs with `key`.
    pub fn add_many(&mut self, key: i64, times: u64) {
        if times > 0 {
            *self.counts.entry(key).or_insert(0) += times;
            self.n += times;
        }
    }

    /// Adds every count of `other`.
    pub fn merge(&mut self, other: &Histogram) {
        for (&key, &times) in &other.counts {
            self.add_many(key, times);
        }
    }

    /// Runs counted.
    pub fn n(&self) -> u64 {
        self.n
    }

    /// Distinct keys held (the memory used is proportional to this).
    pub fn distinct(&self) -> usize {
        self.counts.len()
    }

    /// `(Σ key, Σ key²)`, exact.
    fn sums(&self) -> (i128, i128) {
        self.counts
            .iter()
            .fold((0i128, 0i128), |(s, s2), (&key, &times)| {
                let (k, t) = (i128::from(key), i128::from(times));
                (s + k * t, s2 + k * k * t)
            })
    }

    /// Mean of the keys, divided by `scale`; `None` when empty.
    pub fn mean(&self, scale: f64) -> Option<f64> {
        if self.n == 0 {
            return None;
        }
        let (sum, _) = self.sums();
        Some(sum as f64 / (self.n as f64 * scale))
    }

    /// Sample standard deviation of the keys, divided by `scale`; `None`
    /// with fewer than two runs.
    pub fn sd(&self, scale: f64) -> Option<f64> {
        if self.n < 2 {
            return None;
        }
        let (sum, sum2) = self.sums();
        let n = i128::from(self.n);
        // n·Σx² − (Σx)² is n² times the population variance: exact, never negative.
        let spread = n * sum2 - sum * sum;
        let variance = spread as f64 / (self.n as f64 * (self.n - 1) as f64);
        Some(variance.sqrt() / scale)
    }

    /// The nearest-rank `percent` quantile key: the key at 1-based rank
    /// `⌈percent/100 × n⌉` (at least 1) of the sorted keys; `None` when empty.
    pub fn quantile(&self, percent: u32) -> Option<i64> {
        if self.n == 0 {
            return None;
        }
        let rank = (u128::from(percent) * u128::from(self.n))
            .div_ceil(100)
            .max(1);
        let mut seen: u128 = 0;
        for (&key, &times) in &self.counts {
            seen += u128::from(times);
            if seen >= rank {
                return Some(key);
            }
        }
        self.counts.keys().next_back().copied()
    }
}

/// The statistics of one figure over the runs of a grid point.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FigureStats {
    /// The figure (a `RunSummary` field name).
    pub figure: String,
    /// Runs in which it had a value.
    pub n: u64,
    /// Mean.
    pub mean: Option<f64>,
    /// Sample standard deviation (absent below two runs).
    pub sd: Option<f64>,
    /// 5th percentile (nearest rank).
    pub p5: Option<Quantity>,
    /// Median (nearest rank).
    pub p50: Option<Quantity>,
    /// 95th percentile (nearest rank).
    pub p95: Option<Quantity>,
}

impl FigureStats {
    /// The statistics of `histogram`, whose keys are of `kind`.
    pub fn of(figure: &str, kind: Kind, histogram: &Histogram) -> FigureStats {
        let q = |p| histogram.quantile(p).map(|key| kind.quantity(key));
        FigureStats {
            figure: figure.to_string(),
            n: histogram.n(),
            mean: histogram.mean(kind.scale()),
            sd: histogram.sd(kind.scale()),
            p5: q(5),
            p50: q(50),
            p95: q(95),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(keys: &[i64]) -> Histogram {
        let mut h = Histogram::new();
        for &k in keys {
            h.add(k);
        }
        h
    }

    #[test]
    fn nearest_rank_matches_the_hand_worked_example() {
        // The classic example: 15, 20, 35, 40, 50 (added out of order).
        let h = of(&[40, 15, 50, 35, 20]);
        assert_eq!(h.quantile(5), Some(15)); // rank ⌈0.25⌉ = 1
        assert_eq!(h.quantile(30), Some(20)); // rank ⌈1.5⌉ = 2
        assert_eq!(h.quantile(40), Some(20)); // rank 2
        assert_eq!(h.quantile(50), Some(35)); // rank ⌈2.5⌉ = 3
        assert_eq!(h.quantile(95), Some(50)); // rank ⌈4.75⌉ = 5
        assert_eq!(h.quantile(100), Some(50));
        assert_eq!(h.quantile(0), Some(15)); // rank at least 1
    }

    #[test]
    fn quantiles_with_repeated_values() {
        // 20 runs: 1 ×1, 2 ×18, 9 ×1. p5 = rank 1 → 1; p50 = rank 10 → 2; p95 = rank 19 → 2.
        let mut h = of(&[9, 1]);
        h.add_many(2, 18);
        assert_eq!(
            (h.quantile(5), h.quantile(50), h.quantile(95)),
            (Some(1), Some(2), Some(2))
        );
        // One more 9: 21 runs, p95 = rank ⌈19.95⌉ = 20 → 9.
        h.add(9);
        assert_eq!(h.quantile(95), Some(9));
    }

    #[test]
    fn mean_and_sample_sd_are_exact() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, Σ(x − 5)² = 32, sample variance 32/7.
        let h = of(&[2, 4, 4, 4, 5, 5, 7, 9]);
        assert_eq!(h.mean(1.0), Some(5.0));
        assert_eq!(h.sd(1.0), Some((32.0f64 / 7.0).sqrt()));
        assert_eq!(of(&[3]).sd(1.0), None);
        assert_eq!(of(&[]).mean(1.0), None);
        assert_eq!(of(&[]).quantile(50), None);
    }

    #[test]
    fn order_and_merging_do_not_matter() {
        let keys: Vec<i64> = (0..1000).map(|i| (i * 7919 % 613) - 300).collect();
        let whole = of(&keys);
        let mut reversed = keys.clone();
        reversed.reverse();
        assert_eq!(of(&reversed), whole);
        let mut merged = of(&keys[..333]);
        merged.merge(&of(&keys[333..]));
        assert_eq!(merged, whole);
        assert_eq!(merged.sd(1.0), whole.sd(1.0));
    }

    #[test]
    fn averages_are_quantised_to_a_millionth() {
        let kind = Kind::Average;
        assert_eq!(kind.key(43.047_619_047_619_05), 43_047_619);
        assert_eq!(kind.quantity(43_047_619), Quantity::Float(43.047619));
        let h = of(&[kind.key(40.5), kind.key(41.5)]);
        let stats = FigureStats::of("leader_age_after", kind, &h);
        assert_eq!(stats.mean, Some(41.0));
        assert_eq!(stats.p50, Some(Quantity::Float(40.5)));
        assert_eq!(
            serde_json::to_string(&stats.p95).unwrap(),
            "41.5",
            "averages are JSON reals"
        );
        let count = FigureStats::of("placed", Kind::Count, &of(&[38]));
        assert_eq!(serde_json::to_string(&count.p50).unwrap(), "38");
    }
}
