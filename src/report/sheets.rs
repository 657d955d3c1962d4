//! The workbook view of each result: the sheets of `--format xlsx`. Like
//! the tables, they only lay out what the result holds; unlike them, every
//! cell holds one value, numbers as numbers, ids and names in columns of
//! their own. Headers follow `--lang`; the `key` columns keep the JSON keys.

use super::labels::Lang;
use super::names::Names;
use super::sheet::{Sheet, Value};
use super::view::View;
use crate::batch::compare::{Comparison, Figures, side_label};
use crate::batch::stats::Quantity;
use crate::batch::{BatchSummary, PointSummary};
use crate::metrics::{Cell, RunReport, RunSummary};

fn header(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_string()).collect()
}

fn yes_no(lang: Lang, value: bool) -> Value {
    let w = lang.words();
    Value::from(if value { w.yes } else { w.no })
}

/// A figure's label in a sheet: its phrase in Chinese, its key with spaces in English.
fn figure_label(lang: Lang, key: &str) -> String {
    match lang {
        Lang::En => key.replace('_', " "),
        Lang::Zh => lang.figure(key).into_owned(),
    }
}

/// The run's sheets: Summary, Units, Posts, Levels, Transitions, Flows,
/// Payroll (when the scenario has pay), Rounds, and People with `--people`.
pub fn run(view: &View, lang: Lang) -> Vec<Sheet> {
    let report = view.report;
    let names = Names::new(report, view.graph);
    let mut sheets = vec![
        summary(report, lang),
        before_units(report, lang),
        units(report, &names, lang),
        posts(report, &names, lang),
        levels(report, lang),
        transitions(report, &names, lang),
        flows(report, &names, lang),
    ];
    if let Some(payroll) = &report.payroll {
        let w = lang.words();
        let mut sheet = Sheet::new(w.sheet_payroll, header(&[w.pay, w.before, w.after]));
        for (name, before, after) in [
            (w.base, payroll.base_before, payroll.base_after),
            (
                w.performance,
                payroll.performance_before,
                payroll.performance_after,
            ),
            (
                w.total,
                payroll.base_before + payroll.performance_before,
                payroll.base_after + payroll.performance_after,
            ),
        ] {
            sheet.rows.push(vec![
                name.into(),
                Value::real(Some(before)),
                Value::real(Some(after)),
            ]);
        }
        sheet.rows.push(vec![
            w.paid_after.into(),
            Value::Empty,
            Value::count(payroll.paid_after),
        ]);
        sheets.push(sheet);
    }
    if let Some(types) = establishment_types(report, lang) {
        sheets.insert(3, types);
    }
    sheets.push(rounds(report, &names, lang));
    if !report.processes.is_empty() {
        sheets.push(processes(report, lang));
    }
    if view.with_people {
        sheets.push(people(report, &names, lang));
    }
    sheets
}

/// Every summary field as a row: its label, its value, its JSON key.
fn summary(report: &RunReport, lang: Lang) -> Sheet {
    let w = lang.words();
    let mut sheet = Sheet::new(w.summary, header(&[w.figure, w.value, w.key]));
    sheet.rows.push(vec![
        w.summary.into(),
        report.scenario.as_str().into(),
        "scenario".into(),
    ]);
    sheet.rows.push(vec![
        w.seed.into(),
        Value::Text(report.seed.to_string()),
        "seed".into(),
    ]);
    if report.run != 0 {
        sheet.rows.push(vec![
            w.run.into(),
            Value::Int(report.run as i64),
            "run".into(),
        ]);
    }
    for (&(key, _), cell) in RunSummary::FIELDS.iter().zip(report.summary.cells()) {
        let value = match cell {
            Cell::Null => Value::Empty,
            Cell::Int(n) => Value::Int(n),
            Cell::Float(x) => Value::real(Some(x)),
            Cell::Text(text) => Value::Text(text),
        };
        sheet
            .rows
            .push(vec![figure_label(lang, key).into(), value, key.into()]);
    }
    // Bodies and internal units per depth, keyed as in the summary CSV.
    for depth in &report.depths {
        for (side, count) in [
            ("before", depth.before),
            ("after", depth.after),
            ("external", depth.external),
        ] {
            let key = format!("units_depth_{}_{side}", depth.depth);
            sheet.rows.push(vec![
                key.replace('_', " ").into(),
                Value::count(count),
                key.into(),
            ]);
        }
    }
    sheet
}

fn units(report: &RunReport, names: &Names, lang: Lang) -> Sheet {
    let w = lang.words();
    let mut sheet = Sheet::new(
        w.sheet_units,
        header(&[
            w.id,
            w.name,
            w.kind,
            w.external,
            w.from,
            w.inherited,
            w.seats,
            w.filled,
            w.vacant,
            w.transferred_short,
            w.concurrent,
            w.received,
            w.headcount,
            w.establishment,
            w.cutoff,
            w.over_under,
            w.leadership_posts_short,
        ]),
    );
    let separator = if lang == Lang::Zh { "、" } else { ", " };
    for u in &report.units {
        let from: Vec<&str> = u.predecessors.iter().map(|id| names.before(id)).collect();
        sheet.rows.push(vec![
            u.id.as_str().into(),
            u.name.as_str().into(),
            lang.kind(u.kind).into(),
            yes_no(lang, u.external),
            from.join(separator).into(),
            Value::count(u.inherited),
            Value::count(u.posts.iter().map(|&n| u64::from(n)).sum::<u64>()),
            Value::count(u.filled.iter().map(|&n| u64::from(n)).sum::<u64>()),
            Value::count(u.vacancies),
            Value::count(u.transferred),
            Value::count(u.concurrent),
            Value::count(u.received),
            Value::count(u.headcount),
            u.establishment.map_or(Value::Empty, Value::count),
            Value::real(u.cutoff),
            u.over_establishment.map_or(Value::Empty, Value::Int),
            Value::count(u.leadership_posts),
        ]);
    }
    sheet
}

/// Before units: people and posts today, the establishment, and how far
/// the people are over (+) or under (-) it.
fn before_units(report: &RunReport, lang: Lang) -> Sheet {
    let w = lang.words();
    let mut sheet = Sheet::new(
        w.sheet_before_units,
        header(&[
            w.id,
            w.name,
            w.kind,
            w.people,
            w.leaders_short,
            w.posts,
            w.leadership_posts_short,
            w.establishment,
            w.over_under,
        ]),
    );
    for u in &report.before_units {
        sheet.rows.push(vec![
            u.id.as_str().into(),
            u.name.as_str().into(),
            lang.kind(u.kind).into(),
            Value::count(u.people),
            Value::count(u.leaders),
            u.posts.map_or(Value::Empty, Value::count),
            u.leadership_posts.map_or(Value::Empty, Value::count),
            u.establishment.map_or(Value::Empty, Value::count),
            u.over_establishment.map_or(Value::Empty, Value::Int),
        ]);
    }
    sheet
}

/// People per establishment type against each type's cap, before and
/// after; `None` when no unit gives its establishment per type.
fn establishment_types(report: &RunReport, lang: Lang) -> Option<Sheet> {
    let w = lang.words();
    let mut sheet = Sheet::new(
        w.sheet_types,
        header(&[
            w.id,
            w.side,
            w.establishment_type,
            w.people,
            w.cap,
            w.over_under,
        ]),
    );
    let sides = report
        .before_units
        .iter()
        .map(|u| (u.id.as_str(), w.before, &u.by_type))
        .chain(
            report
                .units
                .iter()
                .map(|u| (u.id.as_str(), w.after, &u.by_type)),
        );
    for (id, side, by_type) in sides {
        for t in by_type {
            sheet.rows.push(vec![
                id.into(),
                side.into(),
                t.kind.as_str().into(),
                Value::count(t.people),
                t.cap.map_or(Value::Empty, Value::count),
                Value::Int(t.over),
            ]);
        }
    }
    (!sheet.rows.is_empty()).then_some(sheet)
}

/// Each process before and after: one row per process and side, the
/// columns of `reorg process --format csv`.
fn processes(report: &RunReport, lang: Lang) -> Sheet {
    let w = lang.words();
    let mut sheet = Sheet::new(
        w.sheet_processes,
        [
            "process",
            "side",
            "days",
            "steps",
            "units",
            "handoffs",
            "submissions",
            "materials_submitted",
            "materials_distinct",
            "critical_path",
        ]
        .map(String::from)
        .to_vec(),
    );
    for process in &report.processes {
        for (side, figures) in [(w.before, &process.before), (w.after, &process.after)] {
            sheet.rows.push(vec![
                process.id.as_str().into(),
                side.into(),
                Value::real(Some(figures.days)),
                Value::count(figures.steps),
                Value::count(figures.units),
                Value::count(figures.handoffs),
                Value::count(figures.submissions),
                Value::count(figures.materials_submitted),
                Value::count(figures.materials_distinct),
                Value::Text(figures.critical_path.join(";")),
            ]);
        }
    }
    sheet
}

/// Filled and seats per unit and level: two columns per level.
fn posts(report: &RunReport, names: &Names, lang: Lang) -> Sheet {
    let w = lang.words();
    let mut head = header(&[w.id, w.unit]);
    for level in &report.levels {
        let name = names.level(&level.id);
        head.push(format!("{name}: {}", w.filled));
        head.push(format!("{name}: {}", w.seats));
    }
    let mut sheet = Sheet::new(w.sheet_posts, head);
    for u in &report.units {
        let mut row = vec![u.id.as_str().into(), names.after(&u.id).into()];
        for (filled, seats) in u.filled.iter().zip(&u.posts) {
            row.push(Value::count(*filled));
            row.push(Value::count(*seats));
        }
        sheet.rows.push(row);
    }
    sheet
}

fn levels(report: &RunReport, lang: Lang) -> Sheet {
    let w = lang.words();
    let mut sheet = Sheet::new(
        w.sheet_levels,
        header(&[
            w.id,
            w.name,
            w.leadership,
            w.before,
            w.posts,
            w.after,
            w.change,
        ]),
    );
    for l in &report.levels {
        sheet.rows.push(vec![
            l.id.as_str().into(),
            l.name.as_str().into(),
            yes_no(lang, l.leadership),
            Value::count(l.before),
            Value::count(l.posts),
            Value::count(l.after),
            Value::Int(l.after as i64 - l.before as i64),
        ]);
    }
    sheet
}

/// The whole matrix, every column (the table hides columns nobody reached).
fn transitions(report: &RunReport, names: &Names, lang: Lang) -> Sheet {
    let w = lang.words();
    let levels = report.levels.len();
    let t = &report.transitions;
    let mut head = vec![w.from_to.to_string()];
    head.extend(t.columns.iter().enumerate().map(|(c, id)| {
        if c < levels {
            names.level(id).to_string()
        } else {
            lang.status_name(id).into_owned()
        }
    }));
    let mut sheet = Sheet::new(w.sheet_transitions, head);
    for row in &t.rows {
        let mut cells = vec![names.level(&row.level).into()];
        cells.extend(row.counts.iter().map(|&n| Value::count(n)));
        sheet.rows.push(cells);
    }
    sheet
}

fn flows(report: &RunReport, names: &Names, lang: Lang) -> Sheet {
    let w = lang.words();
    let mut sheet = Sheet::new(
        w.sheet_flows,
        vec![
            format!("{} ({})", w.from, w.id),
            w.from.to_string(),
            format!("{} ({})", w.to, w.id),
            w.to.to_string(),
            w.people.to_string(),
        ],
    );
    for f in &report.flows {
        sheet.rows.push(vec![
            f.from.as_str().into(),
            names.before(&f.from).into(),
            f.to.as_str().into(),
            names.after(&f.to).into(),
            Value::count(f.people),
        ]);
    }
    sheet
}

fn rounds(report: &RunReport, names: &Names, lang: Lang) -> Sheet {
    let w = lang.words();
    let mut sheet = Sheet::new(
        w.rounds_title,
        header(&[
            w.id,
            w.name,
            w.date,
            w.levels,
            w.applied,
            w.placed,
            w.second_pass,
            w.vacant,
        ]),
    );
    let separator = if lang == Lang::Zh { "、" } else { ", " };
    for r in &report.rounds {
        let levels: Vec<&str> = r.levels.iter().map(|l| names.level(l)).collect();
        sheet.rows.push(vec![
            r.id.as_str().into(),
            r.name.as_str().into(),
            Value::text(r.date.as_deref()),
            levels.join(separator).into(),
            Value::count(r.applicants),
            Value::count(r.placed),
            Value::count(r.second_pass_placed),
            Value::count(r.vacancies),
        ]);
    }
    sheet
}

/// One row per person: the per-person CSV's values, with unit names beside
/// the ids and statuses in words.
fn people(report: &RunReport, names: &Names, lang: Lang) -> Sheet {
    let w = lang.words();
    let unit = |label: &str, what: &str| format!("{label} ({what})");
    let mut sheet = Sheet::new(
        w.people_title,
        vec![
            w.id.to_string(),
            w.name.to_string(),
            unit(w.before, w.id),
            unit(w.before, w.unit),
            unit(w.before, w.level),
            w.function.to_string(),
            w.born.to_string(),
            unit(w.after, w.id),
            unit(w.after, w.unit),
            unit(w.after, w.level),
            w.status.to_string(),
            w.round.to_string(),
            w.choice.to_string(),
            w.reason.to_string(),
            w.age.to_string(),
            w.score.to_string(),
            w.appraisal.to_string(),
            w.second_pass.to_string(),
            w.rank_kept.to_string(),
            w.establishment.to_string(),
        ],
    );
    for p in &report.people {
        sheet.rows.push(vec![
            p.id.as_str().into(),
            p.name.as_str().into(),
            p.before_unit.as_str().into(),
            names.before(&p.before_unit).into(),
            names.level(&p.before_level).into(),
            Value::text(p.function.as_deref()),
            Value::Int(i64::from(p.born)),
            Value::text(p.after_unit.as_deref()),
            Value::text(p.after_unit.as_deref().map(|id| names.after(id))),
            Value::text(p.after_level.as_deref().map(|id| names.level(id))),
            lang.status(p.status).into(),
            Value::text(p.round.as_deref()),
            p.choice_rank.map_or(Value::Empty, Value::count),
            Value::text(p.reason.as_deref()),
            p.age.map_or(Value::Empty, |a| Value::Int(i64::from(a))),
            Value::real(p.score),
            Value::real(Some(p.appraisal)),
            yes_no(lang, p.second_pass),
            yes_no(lang, p.rank_kept),
            p.establishment.as_str().into(),
        ]);
    }
    sheet
}

fn quantity(value: Option<Quantity>) -> Value {
    match value {
        None => Value::Empty,
        Some(Quantity::Int(n)) => Value::Int(n),
        Some(Quantity::Float(x)) => Value::real(Some(x)),
    }
}

/// A batch summary as one sheet with the summary CSV's rows: one per grid
/// point and figure, the `--set` values in columns of their own.
pub fn batch(summary: &BatchSummary, lang: Lang) -> Vec<Sheet> {
    let w = lang.words();
    let paths: Vec<String> = summary
        .points
        .first()
        .map(|p| p.settings.iter().map(|s| s.path.clone()).collect())
        .unwrap_or_default();
    let mut head = vec![w.point.to_string()];
    head.extend(paths);
    head.extend(header(&[
        w.seed, w.runs, w.planned, w.figure, w.key, "n", w.mean, w.sd, "p5", "p50", "p95",
    ]));
    let mut sheet = Sheet::new(w.summary, head);
    for point in &summary.points {
        sheet.rows.extend(point_rows(point, lang));
    }
    vec![sheet]
}

fn point_rows(point: &PointSummary, lang: Lang) -> Vec<Vec<Value>> {
    point
        .figures
        .iter()
        .map(|f| {
            let mut row = vec![Value::count(point.point)];
            row.extend(point.settings.iter().map(|s| s.value.as_str().into()));
            row.extend([
                Value::Text(point.seed.to_string()),
                Value::count(point.runs),
                Value::count(point.planned),
                figure_label(lang, &f.figure).into(),
                f.figure.as_str().into(),
                Value::count(f.n),
                Value::real(f.mean),
                Value::real(f.sd),
                quantity(f.p5),
                quantity(f.p50),
                quantity(f.p95),
            ]);
            row
        })
        .collect()
}

/// A comparison as one sheet, one row per figure, with the comparison
/// CSV's columns.
pub fn compare(comparison: &Comparison, lang: Lang) -> Vec<Sheet> {
    let w = lang.words();
    let sheet = match &comparison.figures {
        Figures::Single(figures) => {
            let mut columns = header(&[w.figure, w.key, "A", "B", w.difference]);
            for i in 2..2 + comparison.others.len() {
                let side = side_label(i);
                columns.push(side.to_string());
                columns.push(format!("{side} − A"));
            }
            let mut sheet = Sheet::new(w.comparison, columns);
            for f in figures {
                let mut row = vec![
                    figure_label(lang, &f.figure).into(),
                    f.figure.as_str().into(),
                    quantity(f.a),
                    quantity(f.b),
                    quantity(f.difference),
                ];
                for other in &f.others {
                    row.push(quantity(other.value));
                    row.push(quantity(other.difference));
                }
                sheet.rows.push(row);
            }
            sheet
        }
        Figures::MonteCarlo(figures) => {
            let mean = |side: &str| format!("{side} {}", w.mean);
            let sd = |side: &str| format!("{side} {}", w.sd);
            let mut columns = vec![
                w.figure.to_string(),
                w.key.to_string(),
                "A n".to_string(),
                mean("A"),
                sd("A"),
                "B n".to_string(),
                mean("B"),
                sd("B"),
                w.difference.to_string(),
                w.noise.to_string(),
                w.beyond_noise.to_string(),
            ];
            for i in 2..2 + comparison.others.len() {
                let side = side_label(i).to_string();
                columns.extend([
                    format!("{side} n"),
                    mean(&side),
                    sd(&side),
                    format!("{side} − A"),
                    format!("{side} {}", w.noise),
                    format!("{side} {}", w.beyond_noise),
                ]);
            }
            let mut sheet = Sheet::new(w.comparison, columns);
            for f in figures {
                let mut row = vec![
                    figure_label(lang, &f.figure).into(),
                    f.figure.as_str().into(),
                    Value::count(f.a.n),
                    Value::real(f.a.mean),
                    Value::real(f.a.sd),
                    Value::count(f.b.n),
                    Value::real(f.b.mean),
                    Value::real(f.b.sd),
                    Value::real(f.difference),
                    Value::real(f.noise),
                    f.beyond_noise.map_or(Value::Empty, |b| yes_no(lang, b)),
                ];
                for other in &f.others {
                    row.extend([
                        Value::count(other.value.n),
                        Value::real(other.value.mean),
                        Value::real(other.value.sd),
                        Value::real(other.difference),
                        Value::real(other.noise),
                        other.beyond_noise.map_or(Value::Empty, |b| yes_no(lang, b)),
                    ]);
                }
                sheet.rows.push(row);
            }
            sheet
        }
    };
    vec![sheet]
}
