//! Bar charts as inline SVG: the level pyramid (people at each level before
//! on the left, after on the right, seats as a dashed outline) and the
//! rounds (applied, placed, placed in a second pass, seats left vacant).

use super::Figure;
use super::svg::{escape, fit, legend, n};
use crate::metrics::RunReport;
use crate::report::labels::Lang;
use crate::report::names::Names;

const WIDTH: f64 = 1120.0;

/// The level pyramid: one row per level, top level first.
pub fn pyramid_figure(report: &RunReport, names: &Names, lang: Lang) -> Figure {
    let w = lang.words();
    let centre = WIDTH / 2.0;
    let label_half = 90.0;
    let room = centre - label_half - 60.0;
    let largest = report
        .levels
        .iter()
        .map(|l| l.before.max(l.after).max(l.posts as usize))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let bar_h = 24.0;
    let row_h = 32.0;
    let top = 30.0;
    let height = top + report.levels.len() as f64 * row_h + 8.0;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"pyramid\" id=\"pyramid\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\" font-size=\"12\">\n\
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
    for (i, level) in report.levels.iter().enumerate() {
        let y = top + i as f64 * row_h;
        let before = level.before as f64 / largest * room;
        let after = level.after as f64 / largest * room;
        let posts = level.posts as f64 / largest * room;
        let left = centre - label_half;
        let right = centre + label_half;
        svg.push_str(&format!(
            "<g class=\"level\"><title>{} ({}): {} {} → {}; {} {}</title>\
<rect class=\"before\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#8a9bb0\"/>\
<rect class=\"after\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#4e79a7\"/>\
<rect class=\"posts\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#1f2933\" stroke-dasharray=\"4 3\"/>\
<text x=\"{}\" y=\"{}\" dy=\"0.35em\" text-anchor=\"middle\">{}</text>\
<text x=\"{}\" y=\"{}\" dy=\"0.35em\" text-anchor=\"end\">{}</text>\
<text x=\"{}\" y=\"{}\" dy=\"0.35em\">{}</text></g>\n",
            escape(names.level(&level.id)), level.id, level.before, w.persons, level.after, level.posts, w.seats,
            n(left - before), n(y), n(before), n(bar_h),
            n(right), n(y), n(after), n(bar_h),
            n(right), n(y), n(posts), n(bar_h),
            n(centre), n(y + bar_h / 2.0), escape(&fit(names.level(&level.id), 22)),
            n(left - before - 4.0), n(y + bar_h / 2.0), level.before,
            n(right + after.max(posts) + 4.0), n(y + bar_h / 2.0), level.after,
        ));
    }
    svg.push_str("</svg>");
    svg.push_str(&legend(&[
        ("#8a9bb0", format!("{} ({})", w.before_reform, w.persons)),
        ("#4e79a7", format!("{} ({})", w.after_reform, w.persons)),
        ("transparent", format!("- - {}", w.seats)),
    ]));
    Figure {
        id: "level-pyramid",
        title: w.pyramid_title.into(),
        note: None,
        svg,
    }
}

/// One group of bars per round.
pub fn rounds_figure(report: &RunReport, names: &Names, lang: Lang) -> Figure {
    let w = lang.words();
    let series: [(&str, &str); 4] = [
        (w.applied, "#a0a0a0"),
        (w.placed, "#4e79a7"),
        (w.second_pass, "#86bcb6"),
        (w.vacant, "#e15759"),
    ];
    let values = |r: &crate::metrics::RoundRow| {
        [
            r.applicants as u64,
            r.placed as u64,
            r.second_pass_placed as u64,
            r.vacancies,
        ]
    };
    let largest = report
        .rounds
        .iter()
        .flat_map(values)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let label_w = 280.0;
    let room = WIDTH - label_w - 60.0;
    let bar_h = 12.0;
    let group_h = 4.0 * (bar_h + 2.0) + 14.0;
    let height = report.rounds.len() as f64 * group_h + 8.0;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"rounds\" id=\"rounds-chart\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\" font-size=\"12\">\n",
        n(WIDTH),
        n(height.max(20.0)),
        n(WIDTH),
        n(height.max(20.0))
    );
    for (i, round) in report.rounds.iter().enumerate() {
        let y = 4.0 + i as f64 * group_h;
        let levels: Vec<&str> = round.levels.iter().map(|l| names.level(l)).collect();
        let label = match &round.date {
            Some(date) => format!("{} ({date})", one(&round.name, &round.id)),
            None => one(&round.name, &round.id).to_string(),
        };
        svg.push_str(&format!(
            "<g class=\"round\"><text x=\"{}\" y=\"{}\" dy=\"0.35em\" text-anchor=\"end\" font-weight=\"600\">{}</text>\
<text x=\"{}\" y=\"{}\" dy=\"0.35em\" text-anchor=\"end\" fill=\"#5f6b7a\" font-size=\"11\">{}</text>\n",
            n(label_w - 8.0), n(y + bar_h), escape(&fit(&label, 44)),
            n(label_w - 8.0), n(y + 2.0 * bar_h + 6.0), escape(&fit(&levels.join(", "), 44)),
        ));
        for (s, ((name, color), value)) in series.iter().zip(values(round)).enumerate() {
            let by = y + s as f64 * (bar_h + 2.0);
            let bw = value as f64 / largest * room;
            svg.push_str(&format!(
                "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{color}\"><title>{}: {value}</title></rect>\
<text x=\"{}\" y=\"{}\" dy=\"0.35em\" font-size=\"11\">{value}</text>\n",
                n(label_w), n(by), n(bw), n(bar_h), escape(name),
                n(label_w + bw + 4.0), n(by + bar_h / 2.0),
            ));
        }
        svg.push_str("</g>\n");
    }
    svg.push_str("</svg>");
    let items: Vec<(&str, String)> = series
        .iter()
        .map(|(name, color)| (*color, name.to_string()))
        .collect();
    svg.push_str(&legend(&items));
    Figure {
        id: "rounds",
        title: w.rounds_chart_title.into(),
        note: None,
        svg,
    }
}

/// A name, or the id when the name is empty.
fn one<'a>(name: &'a str, id: &'a str) -> &'a str {
    if name.trim().is_empty() { id } else { name }
}
