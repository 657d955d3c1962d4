//! `reorg compare` output: a [`Comparison`] as terminal tables, Markdown,
//! JSON or CSV. These only format what the value holds; `batch::compare`
//! computes it. Sides from C on add their columns after B's, in the same
//! shape, each against A; two sides look as they always did.
//!
//! # JSON wire format
//!
//! `reorg compare --format json` prints the [`Comparison`]: `reorg_version`,
//! `seed`, `runs` (null for one run each), `a` and `b` (`{scenario, source,
//! settings}`), and `figures`: with one run each `{figure, a, b, difference}`,
//! with `--runs` `{figure, a: {n, mean, sd}, b: {n, mean, sd}, difference,
//! noise, beyond_noise}`; from a third side on, `others` (sides C, D…) and
//! each figure's `others` (`{value, difference}`, or with `--runs` `{value:
//! {n, mean, sd}, difference, noise, beyond_noise}`). docs/batch.md
//! documents it field by field.

use super::Render;
use super::batch::shown;
use super::document::{Document, Layout, Section};
use super::labels::Lang;
use super::plain::{csv_text, number, pretty_json, quantity};
use super::sheet::Sheet;
use super::text::{MISSING, depths_line, fixed, kinds_line, signed, signed_fixed};
use crate::batch::compare::{Comparison, FigureDiff, FigureTest, Figures, Side, side_label};
use crate::batch::stats::Quantity;

/// The comparison as a [`Document`]: the two sides and one table of figures.
pub fn document(comparison: &Comparison, lang: Lang) -> Document {
    let (header, rows) = figure_table(comparison, lang);
    Document {
        title: lang.words().comparison.into(),
        intro: intro(comparison, lang),
        sections: vec![Section {
            title: None,
            header,
            rows,
            numeric_from: 1,
            layout: Layout::Boxed,
        }],
    }
}

impl Render for Comparison {
    fn document(&self, lang: Lang) -> Document {
        document(self, lang)
    }
    fn json(&self) -> String {
        pretty_json(self)
    }
    fn csv(&self) -> String {
        csv(self)
    }
    fn sheets(&self, lang: Lang) -> Vec<Sheet> {
        super::sheets::compare(self, lang)
    }
}

/// The comparison as CSV, one row per figure: `figure,a,b,difference` for one
/// run each; with runs, `figure,a_n,a_mean,a_sd,b_n,b_mean,b_sd,difference,noise,beyond_noise`.
pub fn csv(comparison: &Comparison) -> String {
    let header = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
    let mut records: Vec<Vec<String>> = Vec::new();
    match &comparison.figures {
        Figures::Single(figures) => {
            let mut names = header(&["figure", "a", "b", "difference"]);
            for side in extra_labels(comparison) {
                names.push(side.clone());
                names.push(format!("{side}_difference"));
            }
            records.push(names);
            records.extend(figures.iter().map(|f| {
                let mut record = vec![
                    f.figure.clone(),
                    quantity(f.a),
                    quantity(f.b),
                    quantity(f.difference),
                ];
                for other in &f.others {
                    record.push(quantity(other.value));
                    record.push(quantity(other.difference));
                }
                record
            }));
        }
        Figures::MonteCarlo(figures) => {
            let mut names = header(&[
                "figure",
                "a_n",
                "a_mean",
                "a_sd",
                "b_n",
                "b_mean",
                "b_sd",
                "difference",
                "noise",
                "beyond_noise",
            ]);
            for side in extra_labels(comparison) {
                for column in ["n", "mean", "sd", "difference", "noise", "beyond_noise"] {
                    names.push(format!("{side}_{column}"));
                }
            }
            records.push(names);
            records.extend(figures.iter().map(|f| {
                let mut record = vec![
                    f.figure.clone(),
                    f.a.n.to_string(),
                    number(f.a.mean),
                    number(f.a.sd),
                    f.b.n.to_string(),
                    number(f.b.mean),
                    number(f.b.sd),
                    number(f.difference),
                    number(f.noise),
                    f.beyond_noise.map(|b| b.to_string()).unwrap_or_default(),
                ];
                for other in &f.others {
                    record.extend([
                        other.value.n.to_string(),
                        number(other.value.mean),
                        number(other.value.sd),
                        number(other.difference),
                        number(other.noise),
                        other
                            .beyond_noise
                            .map(|b| b.to_string())
                            .unwrap_or_default(),
                    ]);
                }
                record
            }));
        }
    }
    csv_text(&records)
}

/// The CSV prefixes of the sides after B: `c`, `d`…
fn extra_labels(comparison: &Comparison) -> Vec<String> {
    (2..2 + comparison.others.len())
        .map(|i| side_label(i).to_ascii_lowercase().to_string())
        .collect()
}

fn side_line(label: &str, side: &Side, lang: Lang) -> String {
    let mut line = format!("{label}: {} ({}", side.scenario, side.source);
    for setting in &side.settings {
        line.push_str(", ");
        line.push_str(setting);
    }
    line.push(')');
    if !side.units.is_empty() {
        line.push_str(&format!("; units: {}", kinds_line(&side.units, lang)));
    }
    if !side.depths.is_empty() {
        line.push_str(&format!(
            "; {}: {}",
            lang.words().units_by_depth,
            depths_line(&side.depths, lang)
        ));
    }
    line
}

fn intro(comparison: &Comparison, lang: Lang) -> Vec<String> {
    let runs = match (comparison.runs, lang) {
        (None, Lang::En) => format!("one run each, seed {}", comparison.seed),
        (None, Lang::Zh) => format!("各运行 1 次，随机种子 {}", comparison.seed),
        (Some(runs), Lang::En) => format!(
            "{runs} runs each, seed {} (streams 0 to {}); beyond noise: |B − A| > 2 × sqrt(sd_A²/n + sd_B²/n)",
            comparison.seed,
            runs - 1
        ),
        (Some(runs), Lang::Zh) => format!(
            "各运行 {runs} 次，随机种子 {}（随机流 0 至 {}）；超出随机波动：|B − A| > 2 × sqrt(sd_A²/n + sd_B²/n)",
            comparison.seed,
            runs - 1
        ),
    };
    let mut lines: Vec<String> = comparison
        .sides()
        .enumerate()
        .map(|(i, side)| side_line(&side_label(i).to_string(), side, lang))
        .collect();
    lines.push(format!("{runs}, reorg {}", comparison.reorg_version));
    lines
}

fn figure_table(comparison: &Comparison, lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
    let w = lang.words();
    match &comparison.figures {
        Figures::Single(figures) => {
            let mut header = [w.figure, "A", "B", "B − A"].map(String::from).to_vec();
            for i in 2..2 + comparison.others.len() {
                let side = side_label(i);
                header.push(side.to_string());
                header.push(format!("{side} − A"));
            }
            (
                header,
                figures.iter().map(|f| single_row(f, lang)).collect(),
            )
        }
        Figures::MonteCarlo(figures) => {
            let mut header = vec![
                w.figure.to_string(),
                format!("A {}", w.mean),
                format!("A {}", w.sd),
                format!("B {}", w.mean),
                format!("B {}", w.sd),
                "B − A".to_string(),
                w.noise.to_string(),
                w.beyond_noise.to_string(),
            ];
            for i in 2..2 + comparison.others.len() {
                let side = side_label(i);
                header.extend([
                    format!("{side} {}", w.mean),
                    format!("{side} {}", w.sd),
                    format!("{side} − A"),
                    format!("{side} {}", w.noise),
                    format!("{side} {}", w.beyond_noise),
                ]);
            }
            (header, figures.iter().map(|f| test_row(f, lang)).collect())
        }
    }
}

fn difference(d: Option<Quantity>) -> String {
    match d {
        None => MISSING.into(),
        Some(Quantity::Int(i)) => signed(i),
        Some(Quantity::Float(x)) => signed_fixed(x),
    }
}

fn single_row(f: &FigureDiff, lang: Lang) -> Vec<String> {
    let mut row = vec![
        lang.figure(&f.figure).into_owned(),
        shown(f.a),
        shown(f.b),
        difference(f.difference),
    ];
    for other in &f.others {
        row.push(shown(other.value));
        row.push(difference(other.difference));
    }
    row
}

fn beyond(lang: Lang, beyond: Option<bool>) -> String {
    let w = lang.words();
    match beyond {
        Some(true) => w.yes.into(),
        Some(false) => w.no.into(),
        None => MISSING.into(),
    }
}

fn test_row(f: &FigureTest, lang: Lang) -> Vec<String> {
    let noise = |n: Option<f64>| n.map_or(MISSING.into(), |n| format!("±{n:.2}"));
    let mut row = vec![
        lang.figure(&f.figure).into_owned(),
        fixed(f.a.mean, 2),
        fixed(f.a.sd, 2),
        fixed(f.b.mean, 2),
        fixed(f.b.sd, 2),
        f.difference.map_or(MISSING.into(), signed_fixed),
        noise(f.noise),
        beyond(lang, f.beyond_noise),
    ];
    for other in &f.others {
        row.extend([
            fixed(other.value.mean, 2),
            fixed(other.value.sd, 2),
            other.difference.map_or(MISSING.into(), signed_fixed),
            noise(other.noise),
            beyond(lang, other.beyond_noise),
        ]);
    }
    row
}
