//! The cut-off of each unit after as a bar chart: one bar per unit with a
//! contested post, in the scenario's order, its length the lowest score the
//! unit admitted (the units table's `cut-off` column, drawn).

use super::Figure;
use super::svg::{escape, fit, n};
use super::words::page_words;
use crate::metrics::RunReport;
use crate::report::labels::Lang;
use crate::report::names::Names;

const WIDTH: f64 = 1120.0;
const LABEL: f64 = 280.0;

/// The chart, or `None` when no unit has a cut-off.
pub fn figure(report: &RunReport, names: &Names, lang: Lang) -> Option<Figure> {
    let pw = page_words(lang);
    let w = lang.words();
    let units: Vec<(&crate::metrics::UnitRow, f64)> = report
        .units
        .iter()
        .filter_map(|u| u.cutoff.map(|c| (u, c)))
        .collect();
    if units.is_empty() {
        return None;
    }
    // The axis runs from 0 (or the lowest cut-off, if negative) to the
    // highest rounded up to a multiple of 10, so bars compare by length.
    let high = units.iter().map(|&(_, c)| c).fold(f64::MIN, f64::max);
    let low = units.iter().map(|&(_, c)| c).fold(0.0, f64::min);
    let top_tick = ((high / 10.0).ceil() * 10.0).max(10.0);
    let low_tick = (low / 10.0).floor() * 10.0;
    let room = WIDTH - LABEL - 70.0;
    let x = |v: f64| LABEL + (v - low_tick) / (top_tick - low_tick) * room;
    let bar_h = 14.0;
    let row_h = 18.0;
    let top = 22.0;
    let height = top + units.len() as f64 * row_h + 8.0;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"cutoffs\" id=\"cutoffs\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\" font-size=\"12\">\n<g class=\"axis\" stroke=\"#d5dbe3\">\n",
        n(WIDTH),
        n(height),
        n(WIDTH),
        n(height)
    );
    let mut tick = low_tick;
    while tick <= top_tick + 1e-9 {
        svg.push_str(&format!(
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/><text x=\"{}\" y=\"12\" text-anchor=\"middle\" stroke=\"none\" fill=\"#5f6b7a\" font-size=\"11\">{}</text>\n",
            n(x(tick)), n(top - 4.0), n(x(tick)), n(height - 4.0), n(x(tick)), n(tick)
        ));
        tick += 10.0;
    }
    svg.push_str("</g>\n");
    for (i, (unit, cutoff)) in units.iter().enumerate() {
        let y = top + i as f64 * row_h;
        let label = format!(
            "{}{}",
            names.after(&unit.id),
            if unit.external { w.outside_mark } else { "" }
        );
        // Bars start at 0 (the axis includes it), left of it when negative.
        let (from, to) = (x(0.0).min(x(*cutoff)), x(0.0).max(x(*cutoff)));
        svg.push_str(&format!(
            "<g class=\"unit\"><title>{} ({}): {} {cutoff:.2}</title>\
<text x=\"{}\" y=\"{}\" dy=\"0.35em\" text-anchor=\"end\">{}</text>\
<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#4e79a7\"/>\
<text x=\"{}\" y=\"{}\" dy=\"0.35em\" font-size=\"11\">{cutoff:.1}</text></g>\n",
            escape(names.after(&unit.id)),
            escape(&unit.id),
            escape(w.cutoff),
            n(LABEL - 8.0),
            n(y + bar_h / 2.0),
            escape(&fit(&label, 40)),
            n(from),
            n(y),
            n((to - from).max(1.0)),
            n(bar_h),
            n(to + 4.0),
            n(y + bar_h / 2.0),
        ));
    }
    svg.push_str("</svg>");
    Some(Figure {
        id: "cutoffs-figure",
        title: pw.cutoffs_title.into(),
        note: Some(pw.cutoffs_note.into()),
        svg,
    })
}
