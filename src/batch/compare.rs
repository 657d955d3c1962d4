//! `reorg compare`: two or more scenarios, or one scenario under several
//! sets of settings, side by side: A, B, C… each against A.
//!
//! With one run each, every side uses the same seed on stream 0, and each
//! figure is shown per side with its difference from A (B − A, C − A…).
//! With `runs` runs each, every side runs streams `0..runs` of the same seed
//! and each figure gets its mean and standard deviation per side, the
//! difference of the means from A's, and per pair (A, X) a test of whether
//! that difference is beyond Monte Carlo noise: `|mean_B − mean_A| > 2 × sqrt(sd_A²/n_A + sd_B²/n_B)`, i.e. more
//! than two standard errors of the difference (an approximate 95% two-sided
//! z-test, Welch's unpaired form). Both sides use the same seeds, so their
//! runs share random draws where the scenarios agree; the unpaired test
//! ignores that and is, if anything, cautious.
//!
//! Two sides are `a` and `b` with the figures' `a`, `b`, `difference` (and
//! `noise`, `beyond_noise`), as before more sides were possible; sides from
//! C on are `others`, in order, and each figure's `others` holds their
//! values against A in the same order (empty, and left out of JSON, for two).

use crate::batch::PointSummary;
use crate::batch::stats::Quantity;
use crate::metrics::{DepthCount, Figure, KindCount, RunSummary, VERSION};

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Side {
    /// The scenario's name.
    pub scenario: String,
    /// Where it came from: its path, or the built-in scenario's name.
    pub source: String,
    /// The overrides applied, `PATH=VALUE` each.
    pub settings: Vec<String>,
    /// Units before → after per kind, those outside the structure apart.
    pub units: Vec<KindCount>,
    /// Bodies and internal units (内设机构) before → after per depth, as
    /// `reorg run` counts them; empty (and left out of JSON) when neither
    /// side of the scenario nests units.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub depths: Vec<DepthCount>,
}

/// One figure of a one-run comparison.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FigureDiff {
    /// The figure (a `RunSummary` field).
    pub figure: String,
    /// A's value.
    pub a: Option<Quantity>,
    /// B's value.
    pub b: Option<Quantity>,
    /// B − A, when both have a value.
    pub difference: Option<Quantity>,
    /// Sides C, D…: each value and its difference from A.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub others: Vec<ValueDiff>,
}

/// A further side's value of a one-run figure, against A.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ValueDiff {
    /// The side's value.
    pub value: Option<Quantity>,
    /// Value − A's, when both have one.
    pub difference: Option<Quantity>,
}

/// A further side's mean of a many-run figure, against A, with the test.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MomentsTest {
    /// The side's mean and spread.
    pub value: Moments,
    /// mean − mean_A.
    pub difference: Option<f64>,
    /// Two standard errors of the difference.
    pub noise: Option<f64>,
    /// `|difference| > noise`; absent when a side has fewer than two values.
    pub beyond_noise: Option<bool>,
}

/// A figure's mean and spread on one side.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Moments {
    /// Runs in which the figure had a value.
    pub n: u64,
    /// Mean.
    pub mean: Option<f64>,
    /// Sample standard deviation.
    pub sd: Option<f64>,
}

/// One figure of a many-run comparison.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FigureTest {
    /// The figure.
    pub figure: String,
    /// A's mean and spread.
    pub a: Moments,
    /// B's mean and spread.
    pub b: Moments,
    /// mean_B − mean_A.
    pub difference: Option<f64>,
    /// Two standard errors of the difference: `2 × sqrt(sd_A²/n_A + sd_B²/n_B)`.
    pub noise: Option<f64>,
    /// `|difference| > noise`; absent when a side has fewer than two values.
    pub beyond_noise: Option<bool>,
    /// Sides C, D…: each side's moments and its test against A.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub others: Vec<MomentsTest>,
}

/// The figures of a comparison.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum Figures {
    /// One run each.
    Single(Vec<FigureDiff>),
    /// Many runs each.
    MonteCarlo(Vec<FigureTest>),
}

/// A comparison of two or more sides, each against the first.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Comparison {
    /// The reorg version that produced it.
    pub reorg_version: String,
    /// The master seed both sides used.
    pub seed: u64,
    /// Runs per side: `None` for one run each.
    pub runs: Option<u64>,
    /// Side A.
    pub a: Side,
    /// Side B.
    pub b: Side,
    /// Sides C, D…, in order (empty, and left out of JSON, for two sides).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub others: Vec<Side>,
    /// One entry per figure, in `RunSummary` order.
    pub figures: Figures,
}

impl Comparison {
    /// One run each: the figures of two run summaries and their differences.
    pub fn single(
        seed: u64,
        (a, b): (Side, Side),
        (sa, sb): (&RunSummary, &RunSummary),
    ) -> Comparison {
        Comparison::single_all(seed, vec![a, b], &[sa, sb])
    }

    /// One run each of two or more sides (`sides[i]` ran `summaries[i]`):
    /// every figure per side and its difference from the first.
    ///
    /// # Panics
    /// With fewer than two sides, or not one summary per side.
    pub fn single_all(seed: u64, sides: Vec<Side>, summaries: &[&RunSummary]) -> Comparison {
        assert!(sides.len() >= 2 && sides.len() == summaries.len());
        let columns: Vec<Vec<(&'static str, Option<Quantity>)>> = summaries
            .iter()
            .map(|s| s.figures().map(|(name, x)| (name, quantity(x))).collect())
            .collect();
        let figures = (0..columns[0].len())
            .map(|f| {
                let (name, x) = columns[0][f];
                let against = |side: usize| {
                    let y = columns[side][f].1;
                    let difference = match (x, y) {
                        (Some(Quantity::Int(x)), Some(Quantity::Int(y))) => {
                            Some(Quantity::Int(y - x))
                        }
                        (Some(x), Some(y)) => Some(Quantity::Float(y.as_f64() - x.as_f64())),
                        _ => None,
                    };
                    ValueDiff {
                        value: y,
                        difference,
                    }
                };
                let b = against(1);
                FigureDiff {
                    figure: name.to_string(),
                    a: x,
                    b: b.value,
                    difference: b.difference,
                    others: (2..columns.len()).map(against).collect(),
                }
            })
            .collect();
        let (a, b, others) = split_sides(sides);
        Comparison {
            reorg_version: VERSION.to_string(),
            seed,
            runs: None,
            a,
            b,
            others,
            figures: Figures::Single(figures),
        }
    }

    /// Many runs each: the batch summaries of both sides' single grid point.
    pub fn monte_carlo(
        seed: u64,
        runs: u64,
        (a, b): (Side, Side),
        (pa, pb): (&PointSummary, &PointSummary),
    ) -> Comparison {
        Comparison::monte_carlo_all(seed, runs, vec![a, b], &[pa, pb])
    }

    /// Many runs each of two or more sides (`sides[i]` gave `points[i]`):
    /// per figure and side the mean and spread, and per pair (first, side)
    /// the difference of the means and the noise test.
    ///
    /// # Panics
    /// With fewer than two sides, or not one point per side.
    pub fn monte_carlo_all(
        seed: u64,
        runs: u64,
        sides: Vec<Side>,
        points: &[&PointSummary],
    ) -> Comparison {
        assert!(sides.len() >= 2 && sides.len() == points.len());
        // Every figure of any side, in the first side's order then the
        // others' (a `[[figure]]` of one side only is missing on the rest).
        let mut names: Vec<&str> = Vec::new();
        for point in points {
            for figure in &point.figures {
                if !names.contains(&figure.figure.as_str()) {
                    names.push(&figure.figure);
                }
            }
        }
        let moments_of = |side: usize, name: &str| {
            points[side]
                .figures
                .iter()
                .find(|f| f.figure == name)
                .map_or(
                    Moments {
                        n: 0,
                        mean: None,
                        sd: None,
                    },
                    |f| Moments {
                        n: f.n,
                        mean: f.mean,
                        sd: f.sd,
                    },
                )
        };
        let figures = names
            .iter()
            .map(|&name| {
                let fa = moments_of(0, name);
                let against = |side: usize| {
                    let fb = moments_of(side, name);
                    let difference = match (fa.mean, fb.mean) {
                        (Some(x), Some(y)) => Some(y - x),
                        _ => None,
                    };
                    let noise = match (fa.sd, fb.sd) {
                        (Some(sa), Some(sb)) => {
                            Some(2.0 * (sa * sa / fa.n as f64 + sb * sb / fb.n as f64).sqrt())
                        }
                        _ => None,
                    };
                    let beyond_noise = match (difference, noise) {
                        (Some(d), Some(noise)) => Some(d.abs() > noise),
                        _ => None,
                    };
                    MomentsTest {
                        value: fb,
                        difference,
                        noise,
                        beyond_noise,
                    }
                };
                let b = against(1);
                FigureTest {
                    figure: name.to_string(),
                    a: fa,
                    b: b.value,
                    difference: b.difference,
                    noise: b.noise,
                    beyond_noise: b.beyond_noise,
                    others: (2..points.len()).map(against).collect(),
                }
            })
            .collect();
        let (a, b, others) = split_sides(sides);
        Comparison {
            reorg_version: VERSION.to_string(),
            seed,
            runs: Some(runs),
            a,
            b,
            others,
            figures: Figures::MonteCarlo(figures),
        }
    }

    /// Every side, A first.
    pub fn sides(&self) -> impl Iterator<Item = &Side> {
        [&self.a, &self.b].into_iter().chain(&self.others)
    }
}

/// The letter of side `index`: A, B, … Z (a comparison has at most 26 sides).
pub fn side_label(index: usize) -> char {
    assert!(index < MAX_SIDES, "at most {MAX_SIDES} sides");
    (b'A' + index as u8) as char
}

/// The most sides a comparison has: one per letter, A to Z.
pub const MAX_SIDES: usize = 26;

fn split_sides(sides: Vec<Side>) -> (Side, Side, Vec<Side>) {
    let mut sides = sides.into_iter();
    let a = sides.next().expect("two sides at least");
    let b = sides.next().expect("two sides at least");
    (a, b, sides.collect())
}

fn quantity(figure: Figure) -> Option<Quantity> {
    match figure {
        Figure::Count(n) => n.map(Quantity::Int),
        Figure::Average(x) => x.map(Quantity::Float),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::stats::FigureStats;

    fn point(figures: Vec<FigureStats>) -> PointSummary {
        PointSummary {
            point: 0,
            settings: Vec::new(),
            seed: 1,
            runs: 100,
            planned: 100,
            figures,
            kinds: Vec::new(),
            depths: Vec::new(),
        }
    }

    fn stats(mean: f64, sd: f64) -> FigureStats {
        FigureStats {
            figure: "placed".into(),
            n: 100,
            mean: Some(mean),
            sd: Some(sd),
            p5: None,
            p50: None,
            p95: None,
        }
    }

    #[test]
    fn the_noise_test_is_two_standard_errors() {
        let side = Side {
            scenario: "s".into(),
            source: "s.toml".into(),
            settings: Vec::new(),
            units: Vec::new(),
            depths: Vec::new(),
        };
        // sd 3 and 4 over 100 runs each: SE = sqrt(9/100 + 16/100) = 0.5, noise = 1.0.
        let cases = [(10.0, 10.9, false), (10.0, 11.1, true), (10.0, 8.9, true)];
        for (ma, mb, beyond) in cases {
            let c = Comparison::monte_carlo(
                1,
                100,
                (side.clone(), side.clone()),
                (&point(vec![stats(ma, 3.0)]), &point(vec![stats(mb, 4.0)])),
            );
            let Figures::MonteCarlo(figures) = c.figures else {
                panic!()
            };
            assert!((figures[0].noise.unwrap() - 1.0).abs() < 1e-12);
            assert_eq!(figures[0].beyond_noise, Some(beyond), "{ma} vs {mb}");
        }
    }
}
