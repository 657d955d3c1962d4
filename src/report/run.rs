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

use comfy_table::{CellAlignment, ContentArrangement, LineStyle, Table, TableStyle, presets};

/// Rules above, below and under the header only: for wide matrices of numbers.
const MATRIX_STYLE: TableStyle = TableStyle::new()
    .top_border(LineStyle::none().fill('─').junction('─'))
    .header_separator(LineStyle::none().fill('─').junction('─'))
    .bottom_border(LineStyle::none().fill('─').junction('─'));

use crate::csv_guard::neutralise;
use crate::metrics::{PersonRow, RunReport};

/// One titled table of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Title, e.g. "Summary".
    pub title: String,
    /// Column headers.
    pub header: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
    /// Columns from this index on are numbers (right-aligned).
    pub numeric_from: usize,
    /// How the table is drawn on a terminal.
    pub layout: Layout,
}

/// How a [`Section`] is drawn on a terminal (Markdown ignores it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Box rules around columns.
    Boxed,
    /// Box rules, and a rule between rows whose cells take several lines.
    Rows,
    /// A wide matrix of numbers: no vertical rules, headers split at `_`.
    Matrix,
}

/// The report's tables, in display order; with `with_people`, one row per person last.
pub fn sections(report: &RunReport, with_people: bool) -> Vec<Section> {
    let mut sections = vec![
        summary(report),
        units(report),
        posts_by_level(report),
        levels(report),
        transitions(report),
        flows(report),
    ];
    if report.payroll.is_some() {
        sections.push(payroll(report));
    }
    sections.push(rounds(report));
    if with_people {
        sections.push(people(report));
    }
    sections
}

/// Terminal tables with a heading line.
pub fn table(report: &RunReport, with_people: bool) -> String {
    let mut out = heading(report);
    for section in sections(report, with_people) {
        out.push('\n');
        out.push_str(&section.title);
        out.push('\n');
        out.push_str(&draw(&section, presets::UTF8_FULL_CONDENSED, false));
        out.push('\n');
    }
    out
}

/// GitHub-flavoured Markdown, for pasting into a report.
pub fn markdown(report: &RunReport, with_people: bool) -> String {
    let mut out = format!("# {}\n\n", escape_markdown(&report.scenario));
    out.push_str(&format!(
        "Seed {}, reorg {}.\n",
        report.seed, report.reorg_version
    ));
    for section in sections(report, with_people) {
        out.push_str(&format!("\n## {}\n\n", section.title));
        out.push_str(&draw(&section, presets::ASCII_MARKDOWN, true));
        out.push('\n');
    }
    out
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
pub const PEOPLE_COLUMNS: [&str; 17] = [
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
            text(&p.establishment),
        ])?;
    }
    Ok(())
}

fn heading(report: &RunReport) -> String {
    format!(
        "{} (seed {}, reorg {})\n",
        one_line(&report.scenario),
        report.seed,
        report.reorg_version
    )
}

fn draw(section: &Section, style: comfy_table::TableStyle, markdown: bool) -> String {
    let mut table = Table::new();
    let compact = section.layout == Layout::Matrix && !markdown;
    let style = match section.layout {
        _ if markdown => style,
        Layout::Boxed => style,
        Layout::Rows => presets::UTF8_FULL,
        Layout::Matrix => MATRIX_STYLE,
    };
    table
        .load_style(style)
        .set_content_arrangement(ContentArrangement::Disabled)
        .force_no_tty();
    // Cells arrive with user text already made one-line (see `one_line`); a
    // line break left in a cell is deliberate layout.
    let clean = |cell: &String| {
        if markdown {
            cell.replace('|', "\\|").replace('\n', "<br>")
        } else {
            cell.clone()
        }
    };
    // Splitting `section_deputy` over two lines keeps a matrix of many levels within 100 columns.
    let header_cell = |cell: &String| {
        if compact {
            clean(cell).replace('_', "\n")
        } else {
            clean(cell)
        }
    };
    table.set_header(section.header.iter().map(header_cell).collect::<Vec<_>>());
    for row in &section.rows {
        table.add_row(row.iter().map(clean).collect::<Vec<_>>());
    }
    for index in section.numeric_from..section.header.len() {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    if compact {
        for column in table.column_iter_mut() {
            column.set_padding((1, 0));
        }
    }
    table.to_string()
}

/// User text (names) made safe for a table cell: control characters, line
/// breaks included, become spaces, so a name cannot break the layout.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn escape_markdown(text: &str) -> String {
    one_line(text).replace('|', "\\|")
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        "-".to_string()
    } else {
        format!("{:.1}%", 100.0 * part as f64 / whole as f64)
    }
}

fn age(value: Option<f64>) -> String {
    value.map_or("-".to_string(), |a| format!("{a:.1}"))
}

fn score(value: Option<f64>) -> String {
    value.map_or("-".to_string(), |s| format!("{s:.2}"))
}

/// The summary as (figure, value) pairs, for the summary table and CSV.
fn summary_figures(report: &RunReport) -> Vec<(String, String)> {
    let s = &report.summary;
    let people = s.people;
    let youngest = match (&s.youngest_head, s.youngest_head_age) {
        (Some(id), Some(a)) => format!("{a} ({id})"),
        _ => "-".to_string(),
    };
    vec![
        (
            "units before → after".into(),
            format!("{} → {}", s.units_before, s.units_after),
        ),
        ("people".into(), people.to_string()),
        ("posts".into(), s.posts.to_string()),
        (
            "placed".into(),
            format!("{} ({})", s.placed, percent(s.placed, people)),
        ),
        (
            "promoted".into(),
            format!("{} ({})", s.promoted, percent(s.promoted, people)),
        ),
        (
            "same level".into(),
            format!("{} ({})", s.same_level, percent(s.same_level, people)),
        ),
        (
            "demoted".into(),
            format!("{} ({})", s.demoted, percent(s.demoted, people)),
        ),
        ("pooled".into(), s.pooled.to_string()),
        ("fallback".into(), s.fallback.to_string()),
        ("exited".into(), s.exited.to_string()),
        ("did not compete".into(), s.did_not_compete.to_string()),
        (
            "leaders before → after".into(),
            format!("{} → {}", s.leaders_before, s.leaders_after),
        ),
        (
            "average age of leaders before → after".into(),
            format!("{} → {}", age(s.leader_age_before), age(s.leader_age_after)),
        ),
        (format!("youngest {}", s.head_level), youngest),
        ("vacancies".into(), s.vacancies.to_string()),
    ]
}

fn summary(report: &RunReport) -> Section {
    Section {
        title: "Summary".into(),
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
        title: "Units after the merge (filled/seats; cut-off: lowest score admitted)".into(),
        header: ["unit", "from", "inherited", "filled", "cut-off"]
            .map(String::from)
            .to_vec(),
        rows: report
            .units
            .iter()
            .map(|u| {
                vec![
                    // Id and name on two lines keep a table of long Chinese names narrow.
                    format!("{}\n{}", u.id, truncate_to_width(&one_line(&u.name), 30)),
                    stacked_list(&u.predecessors, 4),
                    u.inherited.to_string(),
                    format!(
                        "{}/{}",
                        u.filled.iter().sum::<u32>(),
                        u.posts.iter().sum::<u32>()
                    ),
                    score(u.cutoff),
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
        "-".to_string()
    } else {
        lines.join("\n")
    }
}

/// Display columns of a character: 2 for East Asian wide characters.
fn char_width(c: char) -> usize {
    let wide = matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
    if wide { 2 } else { 1 }
}

/// Cuts text to at most `width` display columns, ending in "…" when cut.
fn truncate_to_width(text: &str, width: usize) -> String {
    let total: usize = text.chars().map(char_width).sum();
    if total <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        if used + char_width(c) > width - 1 {
            break;
        }
        used += char_width(c);
        out.push(c);
    }
    out.push('…');
    out
}

fn posts_by_level(report: &RunReport) -> Section {
    let mut header = vec!["unit".to_string()];
    header.extend(report.levels.iter().map(|l| l.id.clone()));
    Section {
        title: "Posts filled by unit and level (filled/seats)".into(),
        header,
        layout: Layout::Matrix,
        rows: report
            .units
            .iter()
            .map(|u| {
                let mut row = vec![u.id.clone()];
                row.extend(u.filled.iter().zip(&u.posts).map(|(f, p)| {
                    if *p == 0 {
                        "-".to_string()
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
        title: "Headcount by level".into(),
        header: ["level", "name", "before", "posts", "after", "change"]
            .map(String::from)
            .to_vec(),
        rows: report
            .levels
            .iter()
            .map(|l| {
                let change = l.after as i64 - l.before as i64;
                vec![
                    l.id.clone(),
                    one_line(&l.name),
                    l.before.to_string(),
                    l.posts.to_string(),
                    l.after.to_string(),
                    if change > 0 {
                        format!("+{change}")
                    } else {
                        change.to_string()
                    },
                ]
            })
            .collect(),
        numeric_from: 2,
        layout: Layout::Boxed,
    }
}

fn transitions(report: &RunReport) -> Section {
    let mut header = vec!["from \\ to".to_string()];
    header.extend(report.transitions.columns.iter().cloned());
    let mut rows: Vec<Vec<String>> = report
        .transitions
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![r.level.clone()];
            row.extend(r.counts.iter().map(|c| c.to_string()));
            row
        })
        .collect();
    let columns = report.transitions.columns.len();
    let mut total = vec!["total".to_string()];
    total.extend((0..columns).map(|c| {
        report
            .transitions
            .rows
            .iter()
            .map(|r| r.counts[c])
            .sum::<usize>()
            .to_string()
    }));
    rows.push(total);
    Section {
        title: "Transitions: level before (rows) to level or status after (columns)".into(),
        header,
        rows,
        numeric_from: 1,
        layout: Layout::Matrix,
    }
}

fn flows(report: &RunReport) -> Section {
    Section {
        title: "Largest flows of people".into(),
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

fn payroll(report: &RunReport) -> Section {
    let p = report.payroll.as_ref().expect("called only with a payroll");
    let row = |name: &str, before: f64, after: f64| {
        let change = if before == 0.0 {
            "-".to_string()
        } else {
            format!("{:+.1}%", 100.0 * (after - before) / before)
        };
        vec![
            name.to_string(),
            format!("{before:.0}"),
            format!("{after:.0}"),
            change,
        ]
    };
    Section {
        title: format!("Monthly payroll ({} paid after)", p.paid_after),
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
        title: "Rounds".into(),
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
                    r.date.clone().unwrap_or_else(|| "-".into()),
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
        title: "People".into(),
        header: [
            "id", "name", "before", "level", "after", "level", "status", "round", "choice",
        ]
        .map(String::from)
        .to_vec(),
        rows: report
            .people
            .iter()
            .map(|p| {
                let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
                vec![
                    p.id.clone(),
                    one_line(&p.name),
                    p.before_unit.clone(),
                    p.before_level.clone(),
                    opt(&p.after_unit),
                    opt(&p.after_level),
                    p.status.as_str().to_string(),
                    opt(&p.round),
                    p.choice_rank.map_or("-".into(), |r| r.to_string()),
                ]
            })
            .collect(),
        numeric_from: 8,
        layout: Layout::Boxed,
    }
}
