//! The page of two scenarios side by side (`reorg report A B`, or one
//! scenario under `--set-a`/`--set-b`): the comparison's table of headline
//! figures, with the differences beyond Monte Carlo noise marked (the test
//! of `reorg compare --runs`), then each side's figures in two columns.
//!
//! The table is the [`Comparison`]'s own document (the rows `reorg compare`
//! prints); each cell also carries the figure's value as JSON writes it
//! (`data-a`, `data-b`), so a reader's script or a test can check it
//! against `reorg compare --format json`.

use super::svg::escape;
use super::words::page_words;
use super::{Figure, ages, bars, cutoffs, figure_html, frame, org, sankey};
use crate::batch::compare::{Comparison, Figures};
use crate::report::labels::Lang;
use crate::report::names::Names;
use crate::report::plain::{number, quantity};
use crate::report::view::View;

/// The page: `comparison`'s figures, then the figures of one run of each
/// side (`a` and `b`, the runs on the seed's first stream).
pub fn page(comparison: &Comparison, a: &View, b: &View, lang: Lang) -> String {
    let pw = page_words(lang);
    let mut document = crate::report::compare::document(comparison, lang);
    document.title = pw.compare_title.into();
    let mut body = figure_table(comparison, &document.sections[0], lang);
    body.push_str(&format!(
        "<section class=\"sides\" id=\"side-by-side\">\n<h2>{}</h2>\n<p class=\"note\">{}</p>\n",
        escape(pw.side_by_side),
        escape(pw.side_by_side_note)
    ));
    let figures_a = side_figures(a, lang);
    let figures_b = side_figures(b, lang);
    body.push_str(&format!(
        "<div class=\"pair heads\"><h3 class=\"side-a\">A: {}</h3><h3 class=\"side-b\">B: {}</h3></div>\n",
        escape(&side_name(&comparison.a)),
        escape(&side_name(&comparison.b))
    ));
    for (fa, fb) in figures_a.iter().zip(&figures_b) {
        body.push_str("<div class=\"pair\">\n");
        for (side, figure) in [("a", fa), ("b", fb)] {
            body.push_str(&format!("<div class=\"side side-{side}\">\n"));
            if let Some(figure) = figure {
                body.push_str(&prefixed(&figure_html(figure), side));
            }
            body.push_str("</div>\n");
        }
        body.push_str("</div>\n");
    }
    body.push_str("</section>\n");
    frame(&document, lang, &body)
}

/// A side's name on its column: scenario, then its settings.
fn side_name(side: &crate::batch::compare::Side) -> String {
    if side.settings.is_empty() {
        side.scenario.clone()
    } else {
        format!("{} ({})", side.scenario, side.settings.join(", "))
    }
}

/// The figures of one side, one slot per kind so the columns line up (a
/// side without ages or cut-offs leaves its slot empty).
fn side_figures(view: &View, lang: Lang) -> Vec<Option<Figure>> {
    let report = view.report;
    let names = Names::new(report, view.graph);
    vec![
        Some(sankey::people_figure(view, &names, lang)),
        Some(org::figure(view, &names, lang)),
        Some(bars::pyramid_figure(report, &names, lang)),
        Some(sankey::levels_figure(report, &names, lang)),
        ages::figure(report, lang),
        cutoffs::figure(report, &names, lang),
        Some(bars::rounds_figure(report, &names, lang)),
    ]
}

/// A figure's HTML with every `id` prefixed by its side, so the two
/// columns' ids stay unique (escaped text never holds `id="`).
fn prefixed(html: &str, side: &str) -> String {
    html.replace(" id=\"", &format!(" id=\"{side}-"))
}

/// The headline figures: the comparison's rows, a mark on each difference
/// beyond noise, each side's value as JSON writes it in `data-a`/`data-b`.
fn figure_table(
    comparison: &Comparison,
    section: &crate::report::document::Section,
    lang: Lang,
) -> String {
    let pw = page_words(lang);
    let (values, marks): (Vec<(String, String)>, Vec<Option<bool>>) = match &comparison.figures {
        Figures::Single(figures) => figures
            .iter()
            .map(|f| ((quantity(f.a), quantity(f.b)), None))
            .unzip(),
        Figures::MonteCarlo(figures) => figures
            .iter()
            .map(|f| ((number(f.a.mean), number(f.b.mean)), f.beyond_noise))
            .unzip(),
    };
    let note = match comparison.runs {
        Some(runs) => pw.compare_noise_note.replace("{runs}", &runs.to_string()),
        None => pw.compare_no_noise_note.to_string(),
    };
    let mut out = format!(
        "<section class=\"tables\" id=\"compare-figures\">\n<h2>{}</h2>\n<p class=\"note\" id=\"noise-note\">{}</p>\n<table>\n<thead><tr>",
        escape(pw.compare_figures),
        escape(&note)
    );
    for cell in &section.header {
        out.push_str(&format!("<th>{}</th>", escape(cell)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for ((row, (a, b)), mark) in section.rows.iter().zip(&values).zip(&marks) {
        let beyond = *mark == Some(true);
        out.push_str(&format!(
            "<tr data-a=\"{}\" data-b=\"{}\"{}>",
            escape(a),
            escape(b),
            if beyond { " class=\"beyond\"" } else { "" }
        ));
        for (c, cell) in row.iter().enumerate() {
            let class = if c >= section.numeric_from {
                " class=\"num\""
            } else {
                ""
            };
            let mark = if c == 0 && beyond {
                format!("{} ", pw.beyond_mark)
            } else {
                String::new()
            };
            out.push_str(&format!("<td{class}>{mark}{}</td>", escape(cell)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
    out
}
