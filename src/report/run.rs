//! `reorg run` output: the [`RunReport`] as terminal tables, Markdown, JSON or CSV.
//!
//! The tables are built once as [`Section`]s (a title, a header and rows of
//! text) and then drawn either with box rules for a terminal or as GitHub
//! Markdown; JSON and CSV serialise the report itself. None of these compute a
//! figure: they format what [`RunReport`] holds.
//!
//! # JSON wire format
//!
//! `reorg run --format json` prints one object, documented field by field in
//! docs/output-format.md: `reorg_version`, `scenario`, `seed`, `summary`,
//! `units`, `levels`, `transitions`, `flows`, `payroll` (or null), `rounds`,
//! and with `--people`, `people`.

use super::document::{Document, Layout, Section};
use super::labels::{Lang, Words};
use super::names::Names;
use super::text::{
    MISSING, depths_line, fixed, kinds_line, one_line, or_missing, percent, signed, signed_percent,
    truncate_to_width,
};
use crate::csv_guard::neutralise;
use crate::metrics::{PersonRow, RunReport};

pub use super::view::View;

/// The report as a [`Document`]: its tables in display order; with
/// `with_people`, one row per person last. Units and levels are shown by
/// name as `names` gives them.
pub fn document(report: &RunReport, names: &Names, with_people: bool, lang: Lang) -> Document {
    let w = lang.words();
    let mut sections = vec![
        summary(report, names, lang),
        before_units(report, w),
        units(report, names, w),
        posts_by_level(report, names, w),
        levels(report, w),
        transitions(report, lang),
        flows(report, names, w),
    ];
    if let Some(types) = establishment_types(report, w) {
        sections.insert(3, types);
    }
    if !report.figures.is_empty() {
        sections.insert(1, own_figures(report, w));
    }
    if let Some(payroll) = &report.payroll {
        sections.push(payroll_section(payroll, w));
    }
    sections.push(rounds(report, w));
    for process in &report.processes {
        sections.extend(super::process::sections(process, lang));
    }
    if with_people {
        sections.push(people(report, lang));
    }
    Document {
        title: report.scenario.clone(),
        intro: intro(report, lang),
        sections,
    }
}

/// The lines under the title: seed and version, units by kind.
pub fn intro(report: &RunReport, lang: Lang) -> Vec<String> {
    let w = lang.words();
    let stop = if lang == Lang::Zh { "。" } else { "." };
    let colon = if lang == Lang::Zh { "：" } else { ": " };
    let comma = if lang == Lang::Zh { "，" } else { ", " };
    let mut lines = vec![
        if report.run == 0 {
            format!(
                "{} {}{comma}reorg {}{stop}",
                w.seed, report.seed, report.reorg_version
            )
        } else {
            format!(
                "{} {}{comma}{} {}{comma}reorg {}{stop}",
                w.seed, report.seed, w.run, report.run, report.reorg_version
            )
        },
        format!(
            "{}{colon}{}{stop}",
            w.units_by_kind,
            kinds_line(&report.kinds, lang)
        ),
    ];
    if !report.depths.is_empty() {
        lines.push(format!(
            "{}{colon}{}{stop}",
            w.units_by_depth,
            depths_line(&report.depths, lang)
        ));
    }
    lines
}

/// The report as pretty JSON; people only when asked for.
///
/// Serialised straight into the output text by
/// [`RunReport::serialize_parts`], rather than through a
/// `serde_json::Value` tree: that tree held a map per person, several times
/// the memory of the text itself at a million people. The tests below check
/// that the text is byte-identical to the tree's.
pub fn json(report: &RunReport, with_people: bool) -> String {
    let mut out = Vec::with_capacity(
        4096 + if with_people {
            report.people.len() * 700
        } else {
            0
        },
    );
    let mut serializer = serde_json::Serializer::pretty(&mut out);
    report
        .serialize_parts(&mut serializer, with_people)
        .expect("reports always serialise");
    out.push(b'\n');
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// The per-person CSV columns, in order.
pub const PEOPLE_COLUMNS: [&str; 18] = [
    "id",
    "name",
    "before_unit",
    "before_level",
    "function",
    "born",
    "after_unit",
    "after_level",
    "status",
    "round",
    "choice_rank",
    "reason",
    "age",
    "score",
    "appraisal",
    "second_pass",
    "rank_kept",
    "establishment",
];

/// CSV: one row per person with `people`, else the summary as `figure,value` rows.
pub fn csv(report: &RunReport, with_people: bool) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let result = if with_people {
        write_people(&mut writer, &report.people)
    } else {
        write_summary(&mut writer, report)
    };
    result.expect("writing CSV to memory cannot fail");
    String::from_utf8(writer.into_inner().expect("in-memory writer"))
        .expect("CSV of UTF-8 strings is UTF-8")
}

/// The summary as `figure,value` rows keyed like the JSON `summary` object,
/// with plain numbers, for scripts.
fn write_summary(writer: &mut csv::Writer<Vec<u8>>, report: &RunReport) -> csv::Result<()> {
    writer.write_record(["figure", "value"])?;
    writer.write_record(["scenario", &neutralise(&report.scenario)])?;
    writer.write_record(["seed", report.seed.to_string().as_str()])?;
    if report.run != 0 {
        writer.write_record(["run", report.run.to_string().as_str()])?;
    }
    let summary = serde_json::to_value(&report.summary).expect("summaries always serialise");
    for (figure, value) in summary
        .as_object()
        .expect("a struct serialises to an object")
    {
        let value = match value {
            serde_json::Value::Null => String::new(),
            // Ids from the scenario (`head_level`, `youngest_head`): text, made safe.
            serde_json::Value::String(text) => neutralise(text).into_owned(),
            // Numbers stay numbers, a negative one included.
            other => other.to_string(),
        };
        writer.write_record([figure.as_str(), value.as_str()])?;
    }
    // Bodies and internal units per depth, only for a nested scenario.
    for depth in &report.depths {
        for (side, count) in [
            ("before", depth.before),
            ("after", depth.after),
            ("external", depth.external),
        ] {
            writer.write_record([
                format!("units_depth_{}_{side}", depth.depth),
                count.to_string(),
            ])?;
        }
    }
    // Figures of the user's own, keyed as batch rows key them.
    for figure in &report.figures {
        writer.write_record([format!("figure.{}", figure.id), figure_text(figure)])?;
    }
    write_establishment(writer, report)?;
    write_processes(writer, report)
}

/// A figure's value as JSON writes it; empty when absent.
fn figure_text(figure: &crate::metrics::FigureValue) -> String {
    figure.value.map_or_else(String::new, |v| {
        serde_json::to_value(v)
            .expect("numbers always serialise")
            .to_string()
    })
}

/// The scenario's `[[figure]]`s, by name, with their measure.
fn own_figures(report: &RunReport, w: &Words) -> Section {
    Section {
        title: Some("Figures of the scenario ([[figure]])".into()),
        header: header(&[w.figure, "measure", w.value]),
        rows: report
            .figures
            .iter()
            .map(|f| vec![f.name.clone(), f.measure.to_string(), figure_text(f)])
            .collect(),
        numeric_from: 2,
        layout: Layout::Boxed,
    }
}

/// Units with an establishment, against it: `before.UNIT.people`,
/// `before.UNIT.establishment`, `before.UNIT.over_establishment`, then per
/// type `before.UNIT.type.TYPE.people`, `.cap`, `.over`; likewise
/// `after.UNIT.headcount` for the after units. Ids are made safe for
/// spreadsheets.
fn write_establishment(writer: &mut csv::Writer<Vec<u8>>, report: &RunReport) -> csv::Result<()> {
    let mut rows: Vec<(String, String)> = Vec::new();
    let mut unit = |prefix: String,
                    people: (&str, usize),
                    cap: Option<u32>,
                    over: Option<i64>,
                    by_type: &[crate::metrics::TypeCount]| {
        let (Some(cap), Some(over)) = (cap, over) else {
            return;
        };
        rows.push((format!("{prefix}.{}", people.0), people.1.to_string()));
        rows.push((format!("{prefix}.establishment"), cap.to_string()));
        rows.push((format!("{prefix}.over_establishment"), over.to_string()));
        for t in by_type {
            let key = |figure: &str| format!("{prefix}.type.{}.{figure}", t.kind);
            rows.push((key("people"), t.people.to_string()));
            rows.push((key("cap"), t.cap.map(|n| n.to_string()).unwrap_or_default()));
            rows.push((key("over"), t.over.to_string()));
        }
    };
    for u in &report.before_units {
        let prefix = format!("before.{}", u.id);
        unit(
            prefix,
            ("people", u.people),
            u.establishment,
            u.over_establishment,
            &u.by_type,
        );
    }
    for u in &report.units {
        let prefix = format!("after.{}", u.id);
        unit(
            prefix,
            ("headcount", u.headcount),
            u.establishment,
            u.over_establishment,
            &u.by_type,
        );
    }
    for (key, value) in rows {
        writer.write_record([neutralise(&key).as_ref(), value.as_str()])?;
    }
    Ok(())
}

/// Each process's figures before and after: `process.ID.before.days`,
/// `.steps`, `.units`, `.handoffs`, `.submissions`, `.materials_submitted`,
/// `.materials_distinct`, and `.critical_path` as step ids joined by `;`
/// (the columns of `reorg process --format csv`), then `.after.`, likewise.
fn write_processes(writer: &mut csv::Writer<Vec<u8>>, report: &RunReport) -> csv::Result<()> {
    for process in &report.processes {
        for (name, side) in [("before", &process.before), ("after", &process.after)] {
            let key = |figure: &str| format!("process.{}.{name}.{figure}", process.id);
            for (figure, value) in [
                ("days", side.days.to_string()),
                ("steps", side.steps.to_string()),
                ("units", side.units.to_string()),
                ("handoffs", side.handoffs.to_string()),
                ("submissions", side.submissions.to_string()),
                ("materials_submitted", side.materials_submitted.to_string()),
                ("materials_distinct", side.materials_distinct.to_string()),
                ("critical_path", side.critical_path.join(";")),
            ] {
                writer.write_record([
                    neutralise(&key(figure)).as_ref(),
                    neutralise(&value).as_ref(),
                ])?;
            }
        }
    }
    Ok(())
}

/// One row per person. Text cells (ids, names, units, levels, establishment)
/// are made safe for spreadsheets ([`neutralise`]); numeric cells are not,
/// so they stay numbers.
fn write_people(writer: &mut csv::Writer<Vec<u8>>, people: &[PersonRow]) -> csv::Result<()> {
    writer.write_record(PEOPLE_COLUMNS)?;
    for p in people {
        let text = |v: &str| neutralise(v).into_owned();
        let opt = |v: &Option<String>| v.as_deref().map(text).unwrap_or_default();
        writer.write_record([
            text(&p.id),
            text(&p.name),
            text(&p.before_unit),
            text(&p.before_level),
            opt(&p.function),
            p.born.to_string(),
            opt(&p.after_unit),
            opt(&p.after_level),
            p.status.as_str().to_string(),
            opt(&p.round),
            p.choice_rank.map(|r| r.to_string()).unwrap_or_default(),
            opt(&p.reason),
            p.age.map(|a| a.to_string()).unwrap_or_default(),
            p.score.map(|s| format!("{s:.2}")).unwrap_or_default(),
            format!("{}", p.appraisal),
            p.second_pass.to_string(),
            p.rank_kept.to_string(),
            text(&p.establishment),
        ])?;
    }
    Ok(())
}

/// The summary as (figure, value) pairs, for the summary table.
pub fn summary_figures(report: &RunReport, names: &Names, lang: Lang) -> Vec<(String, String)> {
    let w = lang.words();
    let s = &report.summary;
    let people = s.people;
    let share = |n: usize| format!("{n} ({})", percent(n, people));
    let youngest = match (&s.youngest_head, s.youngest_head_age) {
        (Some(id), Some(a)) => format!("{a} ({id})"),
        _ => MISSING.to_string(),
    };
    let mut units = format!("{} → {}", s.units_before, s.units_after);
    if s.units_external > 0 {
        units.push_str(&match lang {
            Lang::En => format!(" (+{} {})", s.units_external, w.outside_structure),
            Lang::Zh => format!("（另有 {} {}）", s.units_external, w.outside_structure),
        });
    }
    // English keeps the level id the table has always shown; Chinese reads
    // the level's name ("最年轻的正职").
    let head = match lang {
        Lang::En => format!("{} {}", w.youngest, s.head_level),
        Lang::Zh => format!("{}{}", w.youngest, names.level(&s.head_level)),
    };
    let mut figures = vec![
        (w.units_before_after.into(), units),
        (w.people.into(), people.to_string()),
        (w.posts.into(), s.posts.to_string()),
        (
            w.leadership_posts.into(),
            format!(
                "{} → {}",
                s.leadership_posts_before
                    .map_or(MISSING.to_string(), |n| n.to_string()),
                s.leadership_posts_after
            ),
        ),
        (w.headcount_after.into(), headcount(s, lang)),
        (w.placed.into(), share(s.placed)),
        (w.promoted.into(), share(s.promoted)),
        (w.same_level.into(), share(s.same_level)),
        (w.demoted.into(), share(s.demoted)),
        (w.appointed.into(), s.appointed.to_string()),
        (w.transferred.into(), s.transferred.to_string()),
        (w.fallback.into(), s.fallback.to_string()),
        (w.rank_kept.into(), s.rank_kept.to_string()),
        (w.pooled.into(), s.pooled.to_string()),
        (w.exited.into(), s.exited.to_string()),
        (w.retired.into(), s.retired.to_string()),
        (w.did_not_compete.into(), s.did_not_compete.to_string()),
        (
            w.leaders.into(),
            format!("{} → {}", s.leaders_before, s.leaders_after),
        ),
        (
            w.leaders_without_post.into(),
            format!("{} ({})", s.leaders_without_post, s.leaders_rank_kept),
        ),
        (
            w.leader_age.into(),
            format!(
                "{} → {}",
                fixed(s.leader_age_before, 1),
                fixed(s.leader_age_after, 1)
            ),
        ),
        (head, youngest),
        (w.vacancies.into(), s.vacancies.to_string()),
        (w.stranded.into(), s.stranded.to_string()),
        (
            w.outsiders_placed.into(),
            unless_no_outsiders(s.outsiders_placed, s),
        ),
        (w.displaced.into(), unless_no_outsiders(s.displaced, s)),
    ];
    figures.retain(|(_, value)| !value.is_empty());
    figures
}

/// An outsiders' figure, left out (empty) when outsiders won nothing and
/// displaced nobody: the rows of open recruitment are noise elsewhere.
fn unless_no_outsiders(count: usize, s: &crate::metrics::RunSummary) -> String {
    if s.outsiders_placed == 0 && s.displaced == 0 {
        String::new()
    } else {
        count.to_string()
    }
}

/// People in the structure after, against its establishment when known.
fn headcount(s: &crate::metrics::RunSummary, lang: Lang) -> String {
    let w = lang.words();
    match s.establishment_after {
        None => s.headcount_after.to_string(),
        Some(cap) => {
            let over = s.headcount_after as i64 - cap as i64;
            let against = match (over, lang) {
                (0, _) => w.at.to_string(),
                (n, Lang::En) if n > 0 => format!("{n} {}", w.over),
                (n, Lang::En) => format!("{} {}", -n, w.under),
                (n, Lang::Zh) if n > 0 => format!("{}{n}", w.over),
                (n, Lang::Zh) => format!("{}{}", w.under, -n),
            };
            match lang {
                Lang::En => format!(
                    "{} ({} {cap}: {against})",
                    s.headcount_after, w.establishment
                ),
                Lang::Zh => format!(
                    "{}（{} {cap}：{against}）",
                    s.headcount_after, w.establishment
                ),
            }
        }
    }
}

fn header(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_string()).collect()
}

fn summary(report: &RunReport, names: &Names, lang: Lang) -> Section {
    let w = lang.words();
    Section {
        title: Some(w.summary.into()),
        header: header(&[w.figure, w.value]),
        rows: summary_figures(report, names, lang)
            .into_iter()
            .map(|(k, v)| vec![k, v])
            .collect(),
        numeric_from: 1,
        layout: Layout::Boxed,
    }
}

fn units(report: &RunReport, names: &Names, w: &Words) -> Section {
    Section {
        title: Some(w.units_title.into()),
        header: header(&[w.unit, w.from, w.inherited, w.filled, w.received, w.cutoff]),
        rows: report
            .units
            .iter()
            .map(|u| {
                vec![
                    // Id and name on two lines keep a table of long Chinese names narrow.
                    format!(
                        "{}{}\n{}",
                        u.id,
                        if u.external { w.outside_mark } else { "" },
                        truncate_to_width(&one_line(&u.name), 30)
                    ),
                    stacked_list(
                        &u.predecessors
                            .iter()
                            .map(|id| truncate_to_width(&one_line(names.before(id)), 24))
                            .collect::<Vec<_>>(),
                        4,
                        w,
                    ),
                    u.inherited.to_string(),
                    filled_cell(u, w),
                    u.received.to_string(),
                    fixed(u.cutoff, 2),
                ]
            })
            .collect(),
        numeric_from: 2,
        layout: Layout::Rows,
    }
}

/// Every unit before and after, one line each: people (leaders) and
/// posts (leadership posts), the establishment and how far the people are
/// over (+) or under (-) it. Before: people today and the posts the
/// scenario gives; after: the unit's headcount and seats once the run is over.
fn before_units(report: &RunReport, w: &Words) -> Section {
    let count = |n: Option<u64>| n.map_or(MISSING.into(), |n| n.to_string());
    let over = |n: Option<i64>| n.map_or(MISSING.into(), signed);
    // `n (m)`: people (leaders), posts (leadership posts).
    let pair = |n: Option<u64>, m: Option<u64>| match (n, m) {
        (Some(n), Some(m)) => format!("{n} ({m})"),
        _ => MISSING.to_string(),
    };
    let before = report.before_units.iter().map(|u| {
        vec![
            one_line(&u.id),
            w.before.to_string(),
            pair(Some(u.people as u64), Some(u.leaders as u64)),
            pair(u.posts, u.leadership_posts),
            count(u.establishment.map(u64::from)),
            over(u.over_establishment),
        ]
    });
    let after = report.units.iter().map(|u| {
        let seats: u32 = u.posts.iter().sum();
        vec![
            format!(
                "{}{}",
                one_line(&u.id),
                if u.external { w.outside_mark } else { "" }
            ),
            w.after.to_string(),
            pair(Some(u.headcount as u64), Some(u64::from(u.leaders))),
            pair(Some(u64::from(seats)), Some(u64::from(u.leadership_posts))),
            count(u.establishment.map(u64::from)),
            over(u.over_establishment),
        ]
    });
    Section {
        title: Some(w.before_units_title.into()),
        header: header(&[
            w.unit,
            w.side,
            w.people,
            w.posts,
            w.establishment,
            w.over_under,
        ]),
        rows: before.chain(after).collect(),
        numeric_from: 2,
        layout: Layout::Boxed,
    }
}

/// People per establishment type against each type's cap, before and
/// after, for the units whose establishment is given per type; `None` when
/// no unit's is.
fn establishment_types(report: &RunReport, w: &Words) -> Option<Section> {
    let row = |unit: &str, side: &str, t: &crate::metrics::TypeCount| {
        vec![
            unit.to_string(),
            side.to_string(),
            one_line(&t.kind),
            t.people.to_string(),
            t.cap.map_or(MISSING.into(), |n| n.to_string()),
            signed(t.over),
        ]
    };
    let mut rows = Vec::new();
    for u in &report.before_units {
        rows.extend(u.by_type.iter().map(|t| row(&u.id, w.before, t)));
    }
    for u in &report.units {
        rows.extend(u.by_type.iter().map(|t| row(&u.id, w.after, t)));
    }
    (!rows.is_empty()).then(|| Section {
        title: Some(w.types_title.into()),
        header: header(&[
            w.unit,
            w.side,
            w.establishment_type,
            w.people,
            w.cap,
            w.over_under,
        ]),
        rows,
        numeric_from: 3,
        layout: Layout::Boxed,
    })
}

/// `filled/seats`, and on a second line the seats held concurrently, if any.
fn filled_cell(u: &crate::metrics::UnitRow, w: &Words) -> String {
    let mut cell = format!(
        "{}/{}",
        u.filled.iter().sum::<u32>(),
        u.posts.iter().sum::<u32>()
    );
    if u.concurrent > 0 {
        cell.push_str(&format!("\n{} {}", u.concurrent, w.concurrent));
    }
    cell
}

/// One item per line, at most `max`, then "+N more".
fn stacked_list(items: &[String], max: usize, w: &Words) -> String {
    let mut lines: Vec<String> = items.iter().take(max).cloned().collect();
    if items.len() > max {
        lines.push(format!("+{} {}", items.len() - max, w.more));
    }
    if lines.is_empty() {
        MISSING.to_string()
    } else {
        lines.join("\n")
    }
}

fn posts_by_level(report: &RunReport, names: &Names, w: &Words) -> Section {
    let mut header = vec![w.unit.to_string()];
    header.extend(report.levels.iter().map(|l| l.id.clone()));
    Section {
        title: Some(w.posts_title.into()),
        header,
        layout: Layout::Matrix,
        rows: report
            .units
            .iter()
            .map(|u| {
                let mut row = vec![truncate_to_width(&one_line(names.after(&u.id)), 24)];
                row.extend(u.filled.iter().zip(&u.posts).map(|(f, p)| {
                    if *p == 0 {
                        MISSING.to_string()
                    } else {
                        format!("{f}/{p}")
                    }
                }));
                row
            })
            .collect(),
        numeric_from: 1,
    }
}

fn levels(report: &RunReport, w: &Words) -> Section {
    Section {
        title: Some(w.levels_title.into()),
        header: header(&[w.level, w.name, w.before, w.posts, w.after, w.change]),
        rows: report
            .levels
            .iter()
            .map(|l| {
                vec![
                    l.id.clone(),
                    one_line(&l.name),
                    l.before.to_string(),
                    l.posts.to_string(),
                    l.after.to_string(),
                    signed(l.after as i64 - l.before as i64),
                ]
            })
            .collect(),
        numeric_from: 2,
        layout: Layout::Boxed,
    }
}

/// The transition matrix, with every level column and the status columns
/// someone reached (all of them are in the JSON), so that a ladder of six
/// levels still fits a terminal.
fn transitions(report: &RunReport, lang: Lang) -> Section {
    let w = lang.words();
    let t = &report.transitions;
    let levels = report.levels.len();
    let column_total = |c: usize| t.rows.iter().map(|r| r.counts[c]).sum::<usize>();
    let shown: Vec<usize> = (0..t.columns.len())
        .filter(|&c| c < levels || column_total(c) > 0)
        .collect();
    // Level ids in English (split at `_` to stay narrow); in Chinese the
    // statuses, which a Chinese reader would not know by their English id.
    let column = |c: usize| match lang {
        Lang::En => t.columns[c].clone(),
        Lang::Zh if c >= levels => lang.status_name(&t.columns[c]).into_owned(),
        Lang::Zh => t.columns[c].clone(),
    };
    let mut header = vec![w.from_to.to_string()];
    header.extend(shown.iter().map(|&c| column(c)));
    let mut rows: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![r.level.clone()];
            row.extend(shown.iter().map(|&c| r.counts[c].to_string()));
            row
        })
        .collect();
    let mut total = vec![w.total.to_string()];
    total.extend(shown.iter().map(|&c| column_total(c).to_string()));
    rows.push(total);
    Section {
        title: Some(w.transitions_title.into()),
        header,
        rows,
        numeric_from: 1,
        layout: Layout::Matrix,
    }
}

fn flows(report: &RunReport, names: &Names, w: &Words) -> Section {
    let name = |text: &str| truncate_to_width(&one_line(text), 30);
    Section {
        title: Some(w.flows_title.into()),
        header: header(&[w.from, w.to, w.people]),
        rows: report
            .flows
            .iter()
            .map(|f| {
                vec![
                    name(names.before(&f.from)),
                    name(names.after(&f.to)),
                    f.people.to_string(),
                ]
            })
            .collect(),
        numeric_from: 2,
        layout: Layout::Boxed,
    }
}

fn payroll_section(p: &crate::metrics::Payroll, w: &Words) -> Section {
    let row = |name: &str, before: f64, after: f64| {
        vec![
            name.to_string(),
            format!("{before:.0}"),
            format!("{after:.0}"),
            signed_percent(before, after),
        ]
    };
    Section {
        title: Some(format!(
            "{} ({} {})",
            w.payroll_title, p.paid_after, w.paid_after
        )),
        header: header(&[w.pay, w.before, w.after, w.change]),
        rows: vec![
            row(w.base, p.base_before, p.base_after),
            row(w.performance, p.performance_before, p.performance_after),
            row(
                w.total,
                p.base_before + p.performance_before,
                p.base_after + p.performance_after,
            ),
        ],
        numeric_from: 1,
        layout: Layout::Boxed,
    }
}

fn rounds(report: &RunReport, w: &Words) -> Section {
    Section {
        title: Some(w.rounds_title.into()),
        header: header(&[
            w.round,
            w.date,
            w.levels,
            w.applied,
            w.placed,
            w.second_pass,
            w.vacant,
        ]),
        rows: report
            .rounds
            .iter()
            .map(|r| {
                vec![
                    r.id.clone(),
                    or_missing(r.date.as_deref()),
                    r.levels.join(", "),
                    r.applicants.to_string(),
                    r.placed.to_string(),
                    r.second_pass_placed.to_string(),
                    r.vacancies.to_string(),
                ]
            })
            .collect(),
        numeric_from: 3,
        layout: Layout::Boxed,
    }
}

fn people(report: &RunReport, lang: Lang) -> Section {
    let w = lang.words();
    Section {
        title: Some(w.people_title.into()),
        header: header(&[
            w.id, w.name, w.before, w.level, w.after, w.level, w.status, w.round, w.choice,
        ]),
        rows: report
            .people
            .iter()
            .map(|p| {
                let opt = |v: &Option<String>| or_missing(v.as_deref());
                vec![
                    p.id.clone(),
                    one_line(&p.name),
                    p.before_unit.clone(),
                    p.before_level.clone(),
                    opt(&p.after_unit),
                    opt(&p.after_level),
                    lang.status(p.status).to_string(),
                    opt(&p.round),
                    p.choice_rank.map_or(MISSING.into(), |r| r.to_string()),
                ]
            })
            .collect(),
        numeric_from: 8,
        layout: Layout::Boxed,
    }
}
