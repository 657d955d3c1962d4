//! The leaders' ages before and after as a mirrored bar chart: one row per
//! five-year band, oldest on top, leaders before to the left and after to
//! the right, from the report's [`LeaderAges`](crate::metrics::LeaderAges).

use super::Figure;
use super::svg::{escape, legend, n};
use super::words::page_words;
use crate::metrics::RunReport;
use crate::report::labels::Lang;

const WIDTH: f64 = 1120.0;
const BEFORE: &str = "#8a9bb0";
const AFTER: &str = "#4e79a7";

/// The chart, or `None` when the report has no ages (no reference year, or
/// no leaders).
pub fn figure(report: &RunReport, lang: Lang) -> Option<Figure> {
    let ages = report.leader_ages.as_ref()?;
    let w = lang.words();
    let pw = page_words(lang);
    let centre = WIDTH / 2.0;
    let label_half = 50.0;
    let room = centre - label_half - 60.0;
    let largest = ages
        .bands
        .iter()
        .map(|b| b.before.max(b.after))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let bar_h = 18.0;
    let row_h = 24.0;
    let top = 30.0;
    let height = top + ages.bands.len() as f64 * row_h + 8.0;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ages\" id=\"leader-ages\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\" font-size=\"12\">\n\
<text x=\"{}\" y=\"16\" text-anchor=\"end\" font-weight=\"600\">{}</text><text x=\"{}\" y=\"16\" font-weight=\"600\">{}</text>\n",
        n(WIDTH),
        n(height),
        n(WIDTH),
        n(height),
        n(centre - label_half),
        escape(w.before_reform),
        n(centre + label_half),
        escape(w.after_reform)
    );
    // Oldest on top, as in a population pyramid.
    for (i, band) in ages.bands.iter().rev().enumerate() {
        let y = top + i as f64 * row_h;
        let before = band.before as f64 / largest * room;
        let after = band.after as f64 / largest * room;
        let left = centre - label_half;
        let right = centre + label_half;
        let range = format!("{}–{}", band.from, band.to);
        svg.push_str(&format!(
            "<g class=\"band\"><title>{range} {}: {} {} → {}</title>\
<rect class=\"before\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{BEFORE}\"/>\
<rect class=\"after\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{AFTER}\"/>\
<text x=\"{}\" y=\"{}\" dy=\"0.35em\" text-anchor=\"middle\">{range}</text>\
<text x=\"{}\" y=\"{}\" dy=\"0.35em\" text-anchor=\"end\">{}</text>\
<text x=\"{}\" y=\"{}\" dy=\"0.35em\">{}</text></g>\n",
            escape(pw.years),
            band.before,
            w.persons,
            band.after,
            n(left - before),
            n(y),
            n(before),
            n(bar_h),
            n(right),
            n(y),
            n(after),
            n(bar_h),
            n(centre),
            n(y + bar_h / 2.0),
            n(left - before - 4.0),
            n(y + bar_h / 2.0),
            band.before,
            n(right + after + 4.0),
            n(y + bar_h / 2.0),
            band.after,
        ));
    }
    svg.push_str("</svg>");
    svg.push_str(&legend(&[
        (BEFORE, format!("{} ({})", w.before_reform, w.persons)),
        (AFTER, format!("{} ({})", w.after_reform, w.persons)),
    ]));
    Some(Figure {
        id: "leader-ages-figure",
        title: pw.ages_title.into(),
        note: Some(pw.ages_note.into()),
        svg,
    })
}
