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

use super::Render;
use super::document::{Document, Layout, Section};
use super::text::{
    MISSING, fixed, kinds_line, one_line, or_missing, percent, signed, signed_percent,
    truncate_to_width,
};
use crate::csv_guard::neutralise;
use crate::metrics::{PersonRow, RunReport};

/// The report as a [`Document`]: its tables in display order; with
/// `with_people`, one row per person last.
pub fn document(report: &RunReport, with_people: bool) -> Document {
    let mut sections = vec![
        summary(report),
        units(report),
        posts_by_level(report),
        levels(report),
        transitions(report),
        flows(report),
    ];
    if let Some(payroll) = &report.payroll {
        sections.push(payroll_section(payroll));
    }
    sections.push(rounds(report));
    if with_people {
        sections.push(people(report));
    }
    Document {
        title: report.scenario.clone(),
        intro: vec![
            format!("Seed {}, reorg {}.", report.seed, report.reorg_version),
            format!("Units by kind: {}.", kinds_line(&report.kinds)),
        ],
        sections,
    }
}

/// What `reorg run` shows: the report, with or without one row per person.
#[derive(Debug, Clone, Copy)]
pub struct View<'r> {
    /// The report.
    pub report: &'r RunReport,
    /// Include the people (a table, the `people` array, or the per-person CSV).
    pub with_people: bool,
}

impl Render for View<'_> {
    fn document(&self) -> Document {
        document(self.report, self.with_people)
    }
    fn json(&self) -> String {
        json(self.report, self.with_people)
    }
    fn csv(&self) -> String {
        csv(self.report, self.with_people)
    }
}

/// The report as pretty JSON; people only when asked for.
pub fn json(report: &RunReport, with_people: bool) -> String {
    let mut value = serde_json::to_value(report).expect("reports always serialise");
    if !with_people && let Some(object) = value.as_object_mut() {
        object.remove("people");
    }
    let mut text = serde_json::to_string_pretty(&value).expect("JSON values always serialise");
    text.push('\n');
    text
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

/// The summary as (figure, value) pairs, for the summary table and CSV.
fn summary_figures(report: &RunReport) -> Vec<(String, String)> {
    let s = &report.summary;
    let people = s.people;
    let share = |n: usize| format!("{n} ({})", percent(n, people));
    let youngest = match (&s.youngest_head, s.youngest_head_age) {
        (Some(id), Some(a)) => format!("{a} ({id})"),
        _ => MISSING.to_string(),
    };
    let mut units = format!("{} → {}", s.units_before, s.units_after);
    if s.units_external > 0 {
        units.push_str(&format!(" (+{} outside the structure)", s.units_external));
    }
    let mut figures = vec![
        ("units before → after".into(), units),
        ("people".into(), people.to_string()),
        ("posts".into(), s.posts.to_string()),
        (
            "leadership posts before → after".into(),
            format!(
                "{} → {}",
                s.leadership_posts_before
                    .map_or(MISSING.to_string(), |n| n.to_string()),
                s.leadership_posts_after
            ),
        ),
        ("people in the structure after".into(), headcount(s)),
        ("placed".into(), share(s.placed)),
        ("promoted".into(), share(s.promoted)),
        ("same level".into(), share(s.same_level)),
        ("demoted".into(), share(s.demoted)),
        ("appointed".into(), s.appointed.to_string()),
        (
            "transferred with their work".into(),
            s.transferred.to_string(),
        ),
        ("fallback".into(), s.fallback.to_string()),
        ("rank kept without a post".into(), s.rank_kept.to_string()),
        ("pooled".into(), s.pooled.to_string()),
        ("exited".into(), s.exited.to_string()),
        ("retired".into(), s.retired.to_string()),
        ("did not compete".into(), s.did_not_compete.to_string()),
        (
            "leaders before → after".into(),
            format!("{} → {}", s.leaders_before, s.leaders_after),
        ),
        (
            "leaders without a post (rank kept)".into(),
            format!("{} ({})", s.leaders_without_post, s.leaders_rank_kept),
        ),
        (
            "average age of leaders before → after".into(),
            format!(
                "{} → {}",
                fixed(s.leader_age_before, 1),
                fixed(s.leader_age_after, 1)
            ),
        ),
        (format!("youngest {}", s.head_level), youngest),
        ("vacancies".into(), s.vacancies.to_string()),
        (
            "without a post beside an empty seat".into(),
            s.stranded.to_string(),
        ),
    ];
    figures.retain(|(_, value)| !value.is_empty());
    figures
}

/// People in the structure after, against its establishment when known.
fn headcount(s: &crate::metrics::RunSummary) -> String {
    match s.establishment_after {
        None => s.headcount_after.to_string(),
        Some(cap) => {
            let over = s.headcount_after as i64 - cap as i64;
            let against = match over {
                0 => "at".to_string(),
                n if n > 0 => format!("{n} over"),
                n => format!("{} under", -n),
            };
            format!("{} (establishment {cap}: {against})", s.headcount_after)
        }
    }
}

fn summary(report: &RunReport) -> Section {
    Section {
        title: Some("Summary".into()),
        header: vec!["figure".into(), "value".into()],
        rows: summary_figures(report)
            .into_iter()
            .map(|(k, v)| vec![k, v])
            .collect(),
        numeric_from: 1,
        layout: Layout::Boxed,
    }
}

fn units(report: &RunReport) -> Section {
    Section {
        title: Some(
            "Units after the merge (filled/seats; in: moved in without a post; cut-off: lowest score admitted)"
                .into(),
        ),
        header: ["unit", "from", "inherited", "filled", "in", "cut-off"]
            .map(String::from)
            .to_vec(),
        rows: report
            .units
            .iter()
            .map(|u| {
                vec![
                    // Id and name on two lines keep a table of long Chinese names narrow.
                    format!(
                        "{}{}\n{}",
                        u.id,
                        if u.external { " (outside)" } else { "" },
                        truncate_to_width(&one_line(&u.name), 30)
                    ),
                    stacked_list(&u.predecessors, 4),
                    u.inherited.to_string(),
                    format!(
                        "{}/{}",
                        u.filled.iter().sum::<u32>(),
                        u.posts.iter().sum::<u32>()
                    ),
                    u.received.to_string(),
                    fixed(u.cutoff, 2),
                ]
            })
            .collect(),
        numeric_from: 2,
        layout: Layout::Rows,
    }
}

/// One item per line, at most `max`, then "+N more".
fn stacked_list(items: &[String], max: usize) -> String {
    let mut lines: Vec<String> = items.iter().take(max).cloned().collect();
    if items.len() > max {
        lines.push(format!("+{} more", items.len() - max));
    }
    if lines.is_empty() {
        MISSING.to_string()
    } else {
        lines.join("\n")
    }
}

fn posts_by_level(report: &RunReport) -> Section {
    let mut header = vec!["unit".to_string()];
    header.extend(report.levels.iter().map(|l| l.id.clone()));
    Section {
        title: Some("Posts filled by unit and level (filled/seats)".into()),
        header,
        layout: Layout::Matrix,
        rows: report
            .units
            .iter()
            .map(|u| {
                let mut row = vec![u.id.clone()];
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

fn levels(report: &RunReport) -> Section {
    Section {
        title: Some("Headcount by level".into()),
        header: ["level", "name", "before", "posts", "after", "change"]
            .map(String::from)
            .to_vec(),
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
fn transitions(report: &RunReport) -> Section {
    let t = &report.transitions;
    let levels = report.levels.len();
    let column_total = |c: usize| t.rows.iter().map(|r| r.counts[c]).sum::<usize>();
    let shown: Vec<usize> = (0..t.columns.len())
        .filter(|&c| c < levels || column_total(c) > 0)
        .collect();
    let mut header = vec!["from \\ to".to_string()];
    header.extend(shown.iter().map(|&c| t.columns[c].clone()));
    let mut rows: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![r.level.clone()];
            row.extend(shown.iter().map(|&c| r.counts[c].to_string()));
            row
        })
        .collect();
    let mut total = vec!["total".to_string()];
    total.extend(shown.iter().map(|&c| column_total(c).to_string()));
    rows.push(total);
    Section {
        title: Some("Transitions: level before (rows) to level or status after (columns)".into()),
        header,
        rows,
        numeric_from: 1,
        layout: Layout::Matrix,
    }
}

fn flows(report: &RunReport) -> Section {
    Section {
        title: Some("Largest flows of people".into()),
        header: ["from", "to", "people"].map(String::from).to_vec(),
        rows: report
            .flows
            .iter()
            .map(|f| vec![f.from.clone(), f.to.clone(), f.people.to_string()])
            .collect(),
        numeric_from: 2,
        layout: Layout::Boxed,
    }
}

fn payroll_section(p: &crate::metrics::Payroll) -> Section {
    let row = |name: &str, before: f64, after: f64| {
        vec![
            name.to_string(),
            format!("{before:.0}"),
            format!("{after:.0}"),
            signed_percent(before, after),
        ]
    };
    Section {
        title: Some(format!("Monthly payroll ({} paid after)", p.paid_after)),
        header: ["pay", "before", "after", "change"]
            .map(String::from)
            .to_vec(),
        rows: vec![
            row("base", p.base_before, p.base_after),
            row("performance", p.performance_before, p.performance_after),
            row(
                "total",
                p.base_before + p.performance_before,
                p.base_after + p.performance_after,
            ),
        ],
        numeric_from: 1,
        layout: Layout::Boxed,
    }
}

fn rounds(report: &RunReport) -> Section {
    Section {
        title: Some("Rounds".into()),
        header: [
            "round", "date", "levels", "applied", "placed", "2nd pass", "vacant",
        ]
        .map(String::from)
        .to_vec(),
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

fn people(report: &RunReport) -> Section {
    Section {
        title: Some("People".into()),
        header: [
            "id", "name", "before", "level", "after", "level", "status", "round", "choice",
        ]
        .map(String::from)
        .to_vec(),
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
                    p.status.as_str().to_string(),
                    opt(&p.round),
                    p.choice_rank.map_or(MISSING.into(), |r| r.to_string()),
                ]
            })
            .collect(),
        numeric_from: 8,
        layout: Layout::Boxed,
    }
}
