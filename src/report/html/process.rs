//! The processes of a run's report as Gantt charts (issue 20): one chart per
//! process, one row per step, the step's bar today on the left and after
//! the reform on the right, each side on its own scale of working days (an
//! approval of 532 days and one of 20 could not share a scale and both be
//! read). Steps on the critical path are drawn dark, the others light; a
//! step that ends with the reform has no bar after. The bars are the
//! earliest start and finish the process model computed
//! ([`crate::process::ProcessComparison`]); nothing is computed here.

use super::Figure;
use super::svg::{escape, fit, legend, n};
use crate::metrics::RunReport;
use crate::process::{ProcessComparison, Slot};
use crate::report::labels::Lang;

const WIDTH: f64 = 1120.0;
/// Room for a step's name on the left.
const LABEL: f64 = 230.0;
/// Gap between the two panels.
const GAP: f64 = 40.0;
const ROW: f64 = 18.0;
const BAR: f64 = 12.0;
/// Space above the rows: the panels' headings.
const TOP: f64 = 36.0;

const CRITICAL: &str = "#c0392b";
const OTHER: &str = "#8a9bb0";

/// The Gantt charts of every process, or `None` when the scenario has none.
pub fn figure(report: &RunReport, lang: Lang) -> Option<Figure> {
    if report.processes.is_empty() {
        return None;
    }
    let mut svg = String::new();
    for (k, process) in report.processes.iter().enumerate() {
        svg.push_str(&gantt(k, process, lang));
    }
    let (critical, other) = match lang {
        Lang::En => ("on the critical path", "other steps"),
        Lang::Zh => ("关键路径上的环节", "其他环节"),
    };
    svg.push_str(&legend(&[
        (CRITICAL, critical.to_string()),
        (OTHER, other.to_string()),
    ]));
    let (title, note) = match lang {
        Lang::En => (
            "Processes before and after: when each step runs".to_string(),
            "Working days from the start of the process; before and after the reform each on its own scale. Hover over a step for its days and owners.".to_string(),
        ),
        Lang::Zh => (
            "改革前后的流程：各环节的起止".to_string(),
            "自流程开始起的工作日；改革前与改革后各用各的刻度。鼠标悬停可见各环节的起止与承办机构。".to_string(),
        ),
    };
    Some(Figure {
        id: "processes",
        title,
        note: Some(note),
        svg,
    })
}

/// One process's chart: an `<svg class="gantt">` with a heading per side
/// and a `g.step` per step holding its bars.
fn gantt(k: usize, process: &ProcessComparison, lang: Lang) -> String {
    let panel = (WIDTH - LABEL - GAP) / 2.0;
    let left = LABEL;
    let right = LABEL + panel + GAP;
    let height = TOP + process.steps.len() as f64 * ROW + 8.0;
    let days = |value: f64| {
        if value == value.round() {
            format!("{value:.0}")
        } else {
            format!("{value:.1}")
        }
    };
    let (before, after, unit) = match lang {
        Lang::En => ("before", "after", "working days"),
        Lang::Zh => ("改革前", "改革后", "个工作日"),
    };
    let heading = |side: &str, total: f64| match lang {
        Lang::En => format!("{side}: {} {unit}", days(total)),
        Lang::Zh => format!("{side}：{}{unit}", days(total)),
    };
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"gantt\" id=\"gantt-{k}\" data-process=\"{}\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\" font-size=\"11\">\n\
<text x=\"0\" y=\"14\" font-weight=\"600\">{}</text>\
<text x=\"{}\" y=\"30\" font-weight=\"600\">{}</text><text x=\"{}\" y=\"30\" font-weight=\"600\">{}</text>\n",
        escape(&process.id),
        n(WIDTH),
        n(height),
        n(WIDTH),
        n(height),
        escape(&fit(&process.name, 150)),
        n(left),
        escape(&heading(before, process.before.days)),
        n(right),
        escape(&heading(after, process.after.days)),
    );
    // A side's scale: its whole duration across the panel (a process of no
    // days draws no bars' length, but still its rows).
    let scale = |total: f64| if total > 0.0 { panel / total } else { 0.0 };
    let (sb, sa) = (scale(process.before.days), scale(process.after.days));
    let bar = |class: &str, x0: f64, slot: &Slot, s: f64, y: f64| {
        // At least a hairline, so a step of zero days still shows where it sits.
        let width = ((slot.finish - slot.start) * s).max(1.0);
        format!(
            "<rect class=\"{class}{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
            if slot.critical { " critical" } else { "" },
            n(x0 + slot.start * s),
            n(y),
            n(width),
            n(BAR),
            if slot.critical { CRITICAL } else { OTHER }
        )
    };
    for (i, step) in process.steps.iter().enumerate() {
        let y = TOP + i as f64 * ROW;
        let after_text = match (&step.after, &step.owner_after) {
            (Some(slot), Some(owner)) => format!(
                "{after} {}–{} ({owner})",
                days(slot.start),
                days(slot.finish)
            ),
            _ => format!("{after}: -"),
        };
        out.push_str(&format!(
            "<g class=\"step\" data-step=\"{}\"><title>{} ({}): {before} {}–{} ({}); {}</title>\
<text x=\"{}\" y=\"{}\" dy=\"0.35em\" text-anchor=\"end\">{}</text>{}{}</g>\n",
            escape(&step.id),
            escape(&step.name),
            escape(&step.id),
            days(step.before.start),
            days(step.before.finish),
            escape(&step.owner),
            escape(&after_text),
            n(LABEL - 8.0),
            n(y + BAR / 2.0),
            escape(&fit(&step.name, 34)),
            bar("before", left, &step.before, sb, y),
            step.after
                .as_ref()
                .map(|slot| bar("after", right, slot, sa, y))
                .unwrap_or_default(),
        ));
    }
    out.push_str("</svg>\n");
    out
}
