//! One self-contained HTML page: figures drawn as inline SVG by reorg, and
//! the result's tables. Nothing is fetched when the page is opened (no
//! script, no web font, no image file), so it opens offline, prints to A4,
//! and the same result gives the same bytes.
//!
//! - [`page`]: any [`Document`] as a page of tables, with figures in front;
//! - [`run_page`]: `reorg run --format html` and `reorg report`: the Sankey
//!   of people first, then the summary, the org charts, the level pyramid,
//!   the Sankey of levels, the rounds, the leaders' ages, the cut-offs, the
//!   processes' Gantt charts, and the other tables;
//! - [`run_page_with`]: `reorg report --runs N`, the run's page with the
//!   spread of its figures over the runs ([`spread`]) and the risk per unit
//!   ([`risk`], through [`run_page_with_figures`]);
//! - [`compare::page`]: `reorg report A B`, two scenarios side by side;
//! - [`sankey`], [`org`], [`bars`], [`ages`], [`cutoffs`],
//!   [`process`](mod@process): the figures, each
//!   from values the report holds; [`svg`]: escaping, numbers and colours
//!   they share; [`words`]: the page's own words.

pub mod ages;
pub mod bars;
pub mod compare;
pub mod cutoffs;
pub mod org;
pub mod process;
pub mod risk;
pub mod sankey;
pub mod spread;
pub mod svg;
pub mod words;

use super::document::{Document, Section};
use super::labels::Lang;
use super::names::Names;
use super::view::View;
use svg::escape;

/// A figure of a page: a title, a line under it, and its SVG.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The `id` of its `<section>` (a test or a link finds it by this).
    pub id: &'static str,
    /// Heading.
    pub title: String,
    /// A line under the heading, if any.
    pub note: Option<String>,
    /// The `<svg>` element.
    pub svg: String,
}

/// The page's style: system fonts with Chinese ones named (nothing is
/// downloaded), tables that fit A4 when printed, figures kept whole on a page.
const STYLE: &str = r#"
:root { --ink: #1f2933; --muted: #5f6b7a; --rule: #d5dbe3; --head: #eef2f6; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 14px/1.45 "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "Segoe UI", Arial, sans-serif; }
header, main, footer { max-width: 1180px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 20px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 4px; }
h3 { font-size: 15px; margin: 20px 0 6px; }
.intro, .note, footer { color: var(--muted); margin: 0 0 4px; }
.figure svg { display: block; max-width: 100%; height: auto; margin-top: 8px; }
.figure text { font-family: inherit; }
table { border-collapse: collapse; margin: 4px 0 12px; font-size: 13px; }
th, td { border: 1px solid var(--rule); padding: 3px 8px; vertical-align: top; text-align: left; }
th { background: var(--head); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 6px 0 0; color: var(--muted); font-size: 13px; }
.legend span::before { content: ""; display: inline-block; width: 12px; height: 12px; margin-right: 5px; vertical-align: -1px; background: var(--swatch); border-radius: 2px; }
footer { padding: 24px; font-size: 12px; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 0 20px; }
.pair h2 { font-size: 15px; }
tr.beyond td { background: #fff4d6; font-weight: 600; }
@page { size: A4; margin: 12mm; }
@media print {
  body { font-size: 11px; }
  header, main, footer { max-width: none; padding: 0; }
  section.figure { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  table { font-size: 10px; }
  tr { break-inside: avoid; }
}
"#;

/// A document as a page: title and intro lines, `figures`, then its tables.
pub fn page(document: &Document, lang: Lang, figures: &[Figure]) -> String {
    let mut body = String::new();
    for figure in figures {
        body.push_str(&figure_html(figure));
    }
    body.push_str(&tables(&document.sections, None));
    frame(document, lang, &body)
}

/// The page of one run: the Sankey of people first, then the summary, the
/// org charts, the level pyramid, the Sankey of levels, the rounds, the
/// leaders' ages, the cut-offs, and every other table of the run's document.
pub fn run_page(view: &View, lang: Lang) -> String {
    run_page_with(view, lang, None)
}

/// [`run_page`], with the spread of its figures over many runs after the
/// summary when given (`reorg report --runs N`).
pub fn run_page_with(view: &View, lang: Lang, spread: Option<&spread::Spread>) -> String {
    run_page_with_figures(view, lang, spread, &[])
}

/// [`run_page_with`], and `more` figures after the run's own (the risk per
/// unit over the runs of `reorg report --runs N`).
pub fn run_page_with_figures(
    view: &View,
    lang: Lang,
    spread: Option<&spread::Spread>,
    more: &[Figure],
) -> String {
    let w = lang.words();
    let report = view.report;
    let names = Names::new(report, view.graph);
    let document = super::run::document(report, &names, view.with_people, lang);
    let mut body = String::new();
    body.push_str(&figure_html(&sankey::people_figure(view, &names, lang)));
    let (summary, rest) = document
        .sections
        .split_first()
        .expect("a run's document starts with its summary");
    body.push_str(&tables(std::slice::from_ref(summary), None));
    if let Some(spread) = spread {
        body.push_str(&spread::section(&report.summary, spread, lang));
    }
    for figure in [
        org::figure(view, &names, lang),
        bars::pyramid_figure(report, &names, lang),
        sankey::levels_figure(report, &names, lang),
        bars::rounds_figure(report, &names, lang),
    ] {
        body.push_str(&figure_html(&figure));
    }
    for figure in [
        ages::figure(report, lang),
        cutoffs::figure(report, &names, lang),
        process::figure(report, lang),
    ]
    .into_iter()
    .flatten()
    {
        body.push_str(&figure_html(&figure));
    }
    for figure in more {
        body.push_str(&figure_html(figure));
    }
    body.push_str(&tables(rest, Some(w.tables_title)));
    frame(&document, lang, &body)
}

fn figure_html(figure: &Figure) -> String {
    let mut out = format!(
        "<section class=\"figure\" id=\"{}\">\n<h2>{}</h2>\n",
        figure.id,
        escape(&figure.title)
    );
    if let Some(note) = &figure.note {
        out.push_str(&format!("<p class=\"note\">{}</p>\n", escape(note)));
    }
    out.push_str(&figure.svg);
    out.push_str("\n</section>\n");
    out
}

/// Sections as HTML tables under `<h3>` titles (an `<h2>` heading first
/// when given). Line breaks in cells stay line breaks.
fn tables(sections: &[Section], heading: Option<&str>) -> String {
    let mut out = String::from("<section class=\"tables\">\n");
    if let Some(heading) = heading {
        out.push_str(&format!("<h2>{}</h2>\n", escape(heading)));
    }
    for section in sections {
        if let Some(title) = &section.title {
            out.push_str(&format!("<h3>{}</h3>\n", escape(title)));
        }
        out.push_str("<table>\n<thead><tr>");
        for cell in &section.header {
            out.push_str(&format!("<th>{}</th>", cell_html(cell)));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for row in &section.rows {
            out.push_str("<tr>");
            for (c, cell) in row.iter().enumerate() {
                let class = if c >= section.numeric_from {
                    " class=\"num\""
                } else {
                    ""
                };
                out.push_str(&format!("<td{class}>{}</td>", cell_html(cell)));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</section>\n");
    out
}

fn cell_html(cell: &str) -> String {
    escape(cell).replace('\n', "<br>")
}

/// The whole page around `body`.
fn frame(document: &Document, lang: Lang, body: &str) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"generator\" content=\"reorg\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n",
        lang.code(),
        escape(&document.title),
        escape(&document.title)
    );
    for line in &document.intro {
        out.push_str(&format!("<p class=\"intro\">{}</p>\n", escape(line)));
    }
    out.push_str("</header>\n<main>\n");
    out.push_str(body);
    out.push_str("</main>\n<footer>reorg</footer>\n</body>\n</html>\n");
    out
}
