//! The per-unit risk view of `reorg report --runs N`: for each before unit,
//! the share of its people who lost their level over the runs, drawn as one
//! stacked bar (lost, kept, and neither: retired at retirement age or did
//! not compete). The shares come computed in the batch's
//! [`RiskReport`]; this file only draws them, riskiest unit first.

use super::Figure;
use super::svg::{escape, fit, legend, n};
use crate::batch::risk::{BeforeUnitRisk, RiskReport};
use crate::report::labels::Lang;

const WIDTH: f64 = 1120.0;
const LOST: &str = "#e15759";
const KEPT: &str = "#4e79a7";
const LEFT: &str = "#c9ced6";

/// The words of the figure, in `lang`.
struct Words {
    title: &'static str,
    note: fn(u64) -> String,
    lost: &'static str,
    kept: &'static str,
    left: &'static str,
    people: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::En => Words {
            title: "Risk per unit: people who lose their level",
            note: |runs| {
                format!(
                    "Over {runs} runs, the share of each unit's people who end below their level or without a post, rank not kept (placed lower, pooled, exited, or retired early by a fallback rule); riskiest unit first."
                )
            },
            lost: "lose their level",
            kept: "keep their level",
            left: "retired at age or did not compete",
            people: "people",
        },
        Lang::Zh => Words {
            title: "各单位风险：失去原职级的人员比例",
            note: |runs| {
                format!(
                    "{runs} 次模拟中，各单位人员降级或未获岗位且未保留职级（低聘、待岗、离职或按安置规则提前退休）的比例；风险最高的单位在前。"
                )
            },
            lost: "失去原职级",
            kept: "保留原职级",
            left: "到龄退休或未参加竞聘",
            people: "人",
        },
    }
}

/// The risk figure: one bar per before unit with people.
pub fn figure(risk: &RiskReport, lang: Lang) -> Figure {
    let w = words(lang);
    let mut units: Vec<&BeforeUnitRisk> =
        risk.before_units.iter().filter(|u| u.people > 0).collect();
    // Riskiest first; ties keep the scenario's order (the sort is stable).
    units.sort_by(|a, b| {
        let share = |u: &BeforeUnitRisk| u.share_lost_level.unwrap_or(0.0);
        share(b).total_cmp(&share(a))
    });
    let label_w = 300.0;
    let room = WIDTH - label_w - 80.0;
    let bar_h = 18.0;
    let row_h = 26.0;
    let height = (units.len() as f64 * row_h + 8.0).max(20.0);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"risk\" id=\"risk-chart\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\" font-size=\"12\">\n",
        n(WIDTH),
        n(height),
        n(WIDTH),
        n(height)
    );
    for (i, unit) in units.iter().enumerate() {
        let y = 4.0 + i as f64 * row_h;
        let lost = unit.share_lost_level.unwrap_or(0.0);
        let kept = unit.share_kept_level.unwrap_or(0.0);
        let left = (1.0 - lost - kept).max(0.0);
        let name = if unit.name.trim().is_empty() {
            &unit.id
        } else {
            &unit.name
        };
        let label = format!("{} ({} {})", fit(name, 30), unit.people, w.people);
        svg.push_str(&format!(
            "<g class=\"unit\" data-unit=\"{}\"><title>{} ({}): {} {}; {} {}, {} {}</title>\
<text x=\"{}\" y=\"{}\" dy=\"0.35em\" text-anchor=\"end\">{}</text>\n",
            escape(&unit.id),
            escape(name),
            escape(&unit.id),
            unit.people,
            w.people,
            percent(lost),
            w.lost,
            percent(kept),
            w.kept,
            n(label_w - 8.0),
            n(y + bar_h / 2.0),
            escape(&label),
        ));
        let mut x = label_w;
        for (class, share, color) in [
            ("lost", lost, LOST),
            ("kept", kept, KEPT),
            ("left", left, LEFT),
        ] {
            let bw = share * room;
            svg.push_str(&format!(
                "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{color}\"/>",
                n(x),
                n(y),
                n(bw),
                n(bar_h)
            ));
            x += bw;
        }
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" dy=\"0.35em\" font-weight=\"600\">{}</text></g>\n",
            n(label_w + room + 6.0),
            n(y + bar_h / 2.0),
            percent(lost)
        ));
    }
    svg.push_str("</svg>");
    svg.push_str(&legend(&[
        (LOST, w.lost.to_string()),
        (KEPT, w.kept.to_string()),
        (LEFT, w.left.to_string()),
    ]));
    Figure {
        id: "unit-risk",
        title: w.title.into(),
        note: Some((w.note)(risk.runs)),
        svg,
    }
}

/// A share as a percentage with one decimal.
fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}
