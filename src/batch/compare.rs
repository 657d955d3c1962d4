//! `reorg compare`: two scenarios, or one scenario under two sets of
//! settings, side by side.
//!
//! With one run each, both sides use the same seed on stream 0, and each
//! figure is shown for A, for B and as the difference B − A. With `runs`
//! runs each, both sides run streams `0..runs` of the same seed and each
//! figure gets its mean and standard deviation per side, the difference of
//! the means, and a test of whether that difference is beyond Monte Carlo
//! noise: `|mean_B − mean_A| > 2 × sqrt(sd_A²/n_A + sd_B²/n_B)`, i.e. more
//! than two standard errors of the difference (an approximate 95% two-sided
//! z-test, Welch's unpaired form). Both sides use the same seeds, so their
//! runs share random draws where the scenarios agree; the unpaired test
//! ignores that and is, if anything, cautious.

use crate::batch::PointSummary;
use crate::batch::stats::Quantity;
use crate::metrics::{Figure, KindCount, RunSummary, VERSION};

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

/// A comparison of two sides.
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
        let figures = sa
            .figures()
            .zip(sb.figures())
            .map(|((name, x), (_, y))| {
                let (x, y) = (quantity(x), quantity(y));
                let difference = match (x, y) {
                    (Some(Quantity::Int(x)), Some(Quantity::Int(y))) => Some(Quantity::Int(y - x)),
                    (Some(x), Some(y)) => Some(Quantity::Float(y.as_f64() - x.as_f64())),
                    _ => None,
                };
                FigureDiff {
                    figure: name.to_string(),
                    a: x,
                    b: y,
                    difference,
                }
            })
            .collect();
        Comparison {
            reorg_version: VERSION.to_string(),
            seed,
            runs: None,
            a,
            b,
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
        let figures = pa
            .figures
            .iter()
            .zip(&pb.figures)
            .map(|(fa, fb)| {
                let ma = Moments {
                    n: fa.n,
                    mean: fa.mean,
                    sd: fa.sd,
                };
                let mb = Moments {
                    n: fb.n,
                    mean: fb.mean,
                    sd: fb.sd,
                };
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
                FigureTest {
                    figure: fa.figure.clone(),
                    a: ma,
                    b: mb,
                    difference,
                    noise,
                    beyond_noise,
                }
            })
            .collect();
        Comparison {
            reorg_version: VERSION.to_string(),
            seed,
            runs: Some(runs),
            a,
            b,
            figures: Figures::MonteCarlo(figures),
        }
    }
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
