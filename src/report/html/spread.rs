//! The spread of a run's headline figures over many runs (`reorg report
//! --runs N`): one row per figure with this run's value and the 5th, 50th
//! and 95th percentiles of the batch statistics, and a band drawn between
//! p5 and p95 with this run's value marked.

use super::svg::{escape, n};
use super::words::page_words;
use crate::batch::stats::{FigureStats, Quantity};
use crate::metrics::{Figure as SummaryFigure, RunSummary};
use crate::report::batch::shown;
use crate::report::labels::Lang;
use crate::report::plain::quantity as quantity_text;

/// The statistics of many runs of the scenario a page shows one run of.
#[derive(Debug, Clone, Copy)]
pub struct Spread<'r> {
    /// Runs, streams `0..runs` of the run's seed.
    pub runs: u64,
    /// One entry per headline figure, in summary order.
    pub figures: &'r [FigureStats],
}

/// Width of the band column's drawing.
const BAND_W: f64 = 240.0;

/// The section: a table, one row per figure, this run beside the p5, p50
/// and p95 of the runs, with a small band per row. Each row also carries
/// the values as JSON writes them (`data-this`, `data-p5`, ...), so a test
/// checks them against `reorg batch --format json`.
pub fn section(summary: &RunSummary, spread: &Spread, lang: Lang) -> String {
    let pw = page_words(lang);
    let w = lang.words();
    let this: Vec<(&str, Option<f64>, Option<Quantity>)> = summary
        .figures()
        .map(|(name, figure)| match figure {
            SummaryFigure::Count(v) => (name, v.map(|v| v as f64), v.map(Quantity::Int)),
            SummaryFigure::Average(v) => (name, v, v.map(Quantity::Float)),
        })
        .collect();
    let mut out = format!(
        "<section class=\"tables\" id=\"spread\">\n<h2>{}</h2>\n<p class=\"note\">{}</p>\n<table>\n<thead><tr><th>{}</th><th>{}</th><th>p5</th><th>p50</th><th>p95</th><th>p5 – p95</th></tr></thead>\n<tbody>\n",
        escape(pw.spread_title),
        escape(&pw.spread_note.replace("{runs}", &spread.runs.to_string())),
        escape(w.figure),
        escape(pw.this_run)
    );
    for stats in spread.figures {
        let Some(&(_, value, quantity)) = this.iter().find(|(name, ..)| *name == stats.figure)
        else {
            continue;
        };
        out.push_str(&format!(
            "<tr class=\"figure\" data-figure=\"{}\" data-this=\"{}\" data-p5=\"{}\" data-p50=\"{}\" data-p95=\"{}\"><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
            escape(&stats.figure),
            quantity_text(quantity),
            quantity_text(stats.p5),
            quantity_text(stats.p50),
            quantity_text(stats.p95),
            escape(&lang.figure(&stats.figure)),
            shown(quantity),
            shown(stats.p5),
            shown(stats.p50),
            shown(stats.p95),
            band(value, stats)
        ));
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
    out
}

/// A small SVG: the p5–p95 range as a bar, p50 as a tick, this run as a
/// dot, on an axis from the row's smallest to its largest value. Empty
/// when the figure has no values.
fn band(value: Option<f64>, stats: &FigureStats) -> String {
    let (Some(p5), Some(p50), Some(p95)) = (stats.p5, stats.p50, stats.p95) else {
        return String::new();
    };
    let (p5, p50, p95) = (p5.as_f64(), p50.as_f64(), p95.as_f64());
    let low = value.map_or(p5, |v| v.min(p5));
    let high = value.map_or(p95, |v| v.max(p95));
    let x = |v: f64| {
        if high > low {
            6.0 + (v - low) / (high - low) * (BAND_W - 12.0)
        } else {
            BAND_W / 2.0
        }
    };
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"spread-band\" width=\"{}\" height=\"14\" viewBox=\"0 0 {} 14\"><rect class=\"range\" x=\"{}\" y=\"4\" width=\"{}\" height=\"6\" fill=\"#b9c6d6\"/><rect class=\"median\" x=\"{}\" y=\"1\" width=\"2\" height=\"12\" fill=\"#1f2933\"/>",
        n(BAND_W),
        n(BAND_W),
        n(x(p5)),
        n((x(p95) - x(p5)).max(2.0)),
        n(x(p50) - 1.0)
    );
    if let Some(v) = value {
        svg.push_str(&format!(
            "<circle class=\"this\" cx=\"{}\" cy=\"7\" r=\"4\" fill=\"#e15759\"/>",
            n(x(v))
        ));
    }
    svg.push_str("</svg>");
    svg
}
