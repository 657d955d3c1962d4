//! The risk of a batch ([`RiskReport`], `reorg batch --risk FILE`) in every
//! format: JSON is the risk file itself (what `reorg batch merge` reads);
//! CSV one row per person; tables, Markdown, HTML and workbooks the people,
//! the units before, the units after and the posts. These only format what
//! the report holds; [`crate::batch::risk`] computes it.

use super::Render;
use super::document::{Document, Layout, Section};
use super::labels::Lang;
use super::plain::{csv_text, number};
use super::text::one_line;
use crate::batch::risk::{Distribution, RiskReport, SeatStats};
use crate::csv_guard::neutralise;
use crate::simulate::Status;

impl Render for RiskReport {
    fn document(&self, lang: Lang) -> Document {
        document(self, lang)
    }
    fn json(&self) -> String {
        self.to_json()
    }
    fn csv(&self) -> String {
        csv(self)
    }
}

/// One row per person: `id`, `name`, `before_unit`, `before_level`,
/// `runs`, `kept_level`, `lost_level`, `p_kept_level`, `p_lost_level`, then
/// `p_` and each status. Text a spreadsheet would run as a formula gets a
/// leading `'` ([`crate::csv_guard`]).
pub fn csv(risk: &RiskReport) -> String {
    let mut header: Vec<String> = [
        "id",
        "name",
        "before_unit",
        "before_level",
        "runs",
        "kept_level",
        "lost_level",
        "p_kept_level",
        "p_lost_level",
    ]
    .map(String::from)
    .to_vec();
    header.extend(Status::ALL.iter().map(|s| format!("p_{}", s.as_str())));
    let mut records = vec![header];
    for person in &risk.people {
        let mut record: Vec<String> = [
            &person.id,
            &person.name,
            &person.before_unit,
            &person.before_level,
        ]
        .iter()
        .map(|text| neutralise(text).into_owned())
        .collect();
        record.extend([
            risk.runs.to_string(),
            person.kept_level.to_string(),
            person.lost_level.to_string(),
            number(person.p_kept_level),
            number(person.p_lost_level),
        ]);
        record.extend(person.probabilities.0.iter().map(|&p| number(p)));
        records.push(record);
    }
    csv_text(&records)
}

struct Words {
    title: &'static str,
    runs: &'static str,
    people: &'static str,
    before_units: &'static str,
    units: &'static str,
    posts: &'static str,
    id: &'static str,
    name: &'static str,
    unit: &'static str,
    level: &'static str,
    headcount: &'static str,
    lost: &'static str,
    kept: &'static str,
    seats: &'static str,
    filled: &'static str,
    vacancies: &'static str,
    cutoff: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::En => Words {
            title: "risk over",
            runs: "runs",
            people: "People: probability of each outcome",
            before_units: "Units before: share of their people who lose their level",
            units: "Units after: seats filled, vacancies and cut-offs",
            posts: "Posts: seats filled, vacancies and cut-offs",
            id: "id",
            name: "name",
            unit: "unit",
            level: "level",
            headcount: "people",
            lost: "lose level",
            kept: "keep level",
            seats: "seats (median)",
            filled: "filled mean (p5–p95)",
            vacancies: "vacant mean (p5–p95)",
            cutoff: "cut-off mean (min–max)",
        },
        Lang::Zh => Words {
            title: "风险，模拟次数",
            runs: "次",
            people: "人员：各种结果的概率",
            before_units: "原单位：失去原职级的人员比例",
            units: "新单位：到岗、空缺与录取分数线",
            posts: "岗位：到岗、空缺与录取分数线",
            id: "编号",
            name: "名称",
            unit: "单位",
            level: "职级",
            headcount: "人数",
            lost: "失去原职级",
            kept: "保留原职级",
            seats: "职数（中位数）",
            filled: "到岗 平均（p5–p95）",
            vacancies: "空缺 平均（p5–p95）",
            cutoff: "分数线 平均（最低–最高）",
        },
    }
}

/// A share as a percentage, `-` when absent.
fn share(p: Option<f64>) -> String {
    p.map_or_else(|| "-".to_string(), |p| format!("{:.1}%", p * 100.0))
}

/// `mean (p5–p95)`.
fn spread(d: &Distribution) -> String {
    match (d.mean, d.p5, d.p95) {
        (Some(mean), Some(p5), Some(p95)) => format!("{mean:.2} ({p5}–{p95})"),
        _ => "-".into(),
    }
}

fn seat_cells(s: &SeatStats) -> Vec<String> {
    let cutoff = match (s.cutoff.mean, s.cutoff.min, s.cutoff.max) {
        (Some(mean), Some(min), Some(max)) => format!("{mean:.2} ({min:.2}–{max:.2})"),
        _ => "-".into(),
    };
    vec![
        s.seats.p50.map_or_else(|| "-".into(), |p| p.to_string()),
        spread(&s.filled),
        spread(&s.vacancies),
        cutoff,
    ]
}

/// The risk as tables: people, units before, units after, posts.
pub fn document(risk: &RiskReport, lang: Lang) -> Document {
    let w = words(lang);
    let mut people_header: Vec<String> = [w.id, w.name, w.unit, w.level, w.lost, w.kept]
        .map(String::from)
        .to_vec();
    people_header.extend(Status::ALL.iter().map(|s| s.as_str().to_string()));
    let people = Section {
        title: Some(w.people.into()),
        header: people_header,
        rows: risk
            .people
            .iter()
            .map(|p| {
                let mut row = vec![
                    one_line(&p.id),
                    one_line(&p.name),
                    one_line(&p.before_unit),
                    one_line(&p.before_level),
                    share(p.p_lost_level),
                    share(p.p_kept_level),
                ];
                row.extend(p.probabilities.0.iter().map(|&x| share(x)));
                row
            })
            .collect(),
        numeric_from: 4,
        layout: Layout::Boxed,
    };
    let before = Section {
        title: Some(w.before_units.into()),
        header: [w.id, w.name, w.headcount, w.lost, w.kept]
            .map(String::from)
            .to_vec(),
        rows: risk
            .before_units
            .iter()
            .map(|u| {
                vec![
                    one_line(&u.id),
                    one_line(&u.name),
                    u.people.to_string(),
                    share(u.share_lost_level),
                    share(u.share_kept_level),
                ]
            })
            .collect(),
        numeric_from: 2,
        layout: Layout::Boxed,
    };
    let seat_header = |first: [&str; 2]| {
        let mut header: Vec<String> = first.map(String::from).to_vec();
        header.extend([w.seats, w.filled, w.vacancies, w.cutoff].map(String::from));
        header
    };
    let units = Section {
        title: Some(w.units.into()),
        header: seat_header([w.id, w.name]),
        rows: risk
            .units
            .iter()
            .map(|u| {
                let mut row = vec![one_line(&u.id), one_line(&u.name)];
                row.extend(seat_cells(&u.seats));
                row
            })
            .collect(),
        numeric_from: 2,
        layout: Layout::Boxed,
    };
    let posts = Section {
        title: Some(w.posts.into()),
        header: seat_header([w.unit, w.level]),
        rows: risk
            .posts
            .iter()
            .map(|p| {
                let mut row = vec![one_line(&p.unit), one_line(&p.level)];
                row.extend(seat_cells(&p.seats));
                row
            })
            .collect(),
        numeric_from: 2,
        layout: Layout::Boxed,
    };
    Document {
        title: format!(
            "{} — {} {} {}",
            one_line(&risk.scenario),
            w.title,
            risk.runs,
            w.runs
        ),
        intro: vec![intro(risk, lang)],
        sections: vec![people, before, units, posts],
    }
}

/// The seed, the settings and the batch's fingerprint.
fn intro(risk: &RiskReport, lang: Lang) -> String {
    let settings: Vec<String> = risk
        .settings
        .iter()
        .map(|s| one_line(&s.to_override()))
        .collect();
    let settings = if settings.is_empty() {
        String::new()
    } else {
        format!(", --set {}", settings.join(" --set "))
    };
    match lang {
        Lang::En => format!(
            "Seed {}{settings}; batch {} ({} of {} runs).",
            risk.seed, risk.fingerprint, risk.runs, risk.runs_per_point
        ),
        Lang::Zh => format!(
            "种子 {}{settings}；批次 {}（{}/{} 次）。",
            risk.seed, risk.fingerprint, risk.runs, risk.runs_per_point
        ),
    }
}
