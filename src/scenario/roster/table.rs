//! Rows to people, whatever the layout: find the header, map its columns,
//! skip totals and notes rows, read each row, check the ids people refer
//! to, and report what was not understood by cause and what was read in a
//! way worth telling (a header below a title, dates from Excel serials,
//! grades as scores, values under no header).

use std::collections::BTreeMap;

use crate::csv_guard::unneutralise;
use crate::diagnostic::Span;
use crate::scenario::limits;
use crate::scenario::node::{Sink, Sp};
use crate::scenario::raw::{PERSON_KEYS, RawPerson, RawRoster};
use crate::scenario::roster::columns::{ColumnMap, Field, ValueMaps, map_columns};
use crate::scenario::roster::header_row;
use crate::scenario::roster::headers::recognise;
use crate::scenario::roster::people::{Parsed, Readings, parse_flag, person_from_row};
use crate::scenario::roster::problems::{Cause, Context, Problem, Problems, quoted, thousands};
use crate::scenario::roster::rows::Row;
use crate::scenario::roster::totals::{NotAPerson, not_a_person};
use crate::scenario::suggest;

/// The ids (and names) a roster's cells may refer to.
pub(super) struct Known<'r> {
    /// Before units: (id, name).
    pub(super) units: Vec<(&'r str, Option<&'r str>)>,
    /// Levels: (id, name).
    pub(super) levels: Vec<(&'r str, Option<&'r str>)>,
    /// Functions: (id, name).
    pub(super) functions: Vec<(&'r str, Option<&'r str>)>,
}

impl Known<'_> {
    fn of(&self, column: &str) -> &[(&str, Option<&str>)] {
        match column {
            "unit" => &self.units,
            "level" => &self.levels,
            _ => &self.functions,
        }
    }

    /// The id a value of the file most likely stands for: the one whose
    /// name is the value (or has it as a word: `科员 staff`), else the
    /// nearest id.
    fn guess(&self, column: &str, value: &str) -> Option<String> {
        let ids = self.of(column);
        ids.iter()
            .find(|(_, name)| {
                name.is_some_and(|n| n == value || n.split_whitespace().any(|w| w == value))
            })
            .map(|(id, _)| *id)
            .or_else(|| suggest::nearest(value, ids.iter().map(|(id, _)| *id)))
            .map(quoted)
    }
}

/// How the driver names things in a roster's layout.
pub(super) struct Layout<'a> {
    /// How messages name the file.
    pub(super) display: &'a str,
    /// How they name the table (`` `x.csv` `` or ``sheet `名单` of `x.xlsx` ``).
    pub(super) what: String,
    /// Where to report a problem with the file as a whole.
    pub(super) span: Span,
    /// A column's name for messages (`D`, or `9`).
    pub(super) column_name: &'a dyn Fn(usize) -> String,
    /// For a header that lacks a column: a hint naming another place that
    /// has it (another sheet of the workbook), if any.
    pub(super) elsewhere: &'a dyn Fn(&str) -> Option<String>,
    /// For an empty cell of a sheet (row number, column index): the cell
    /// named, and the merged cells it is in, for the hint.
    pub(super) empty_cell: Option<&'a dyn Fn(usize, usize) -> String>,
}

/// Reads every row into people, reporting problems into `sink`.
pub(super) fn people(
    rows: &mut dyn Iterator<Item = Row>,
    layout: &Layout<'_>,
    options: &RawRoster,
    known: &Known<'_>,
    sink: &mut Sink<'_>,
) -> Vec<RawPerson> {
    let display = layout.display;
    let Some(header) = header_row::find(rows, options, &layout.what, layout.span, sink) else {
        return Vec::new();
    };
    if !header.above.is_empty() && options.header_row.is_none() {
        let above: Vec<String> = header
            .above
            .iter()
            .take(3)
            .map(|r| format!("`{}`", r.preview()))
            .collect();
        let count = header.above.len();
        sink.warning(
            header.row.span,
            format!(
                "the header of {} is row {}: {} {} above it skipped ({})",
                layout.what,
                header.row.number,
                count,
                if count == 1 { "row" } else { "rows" },
                above.join(", ")
            ),
            Some(format!(
                "write `header_row = {}` in `[roster]` to say so",
                header.row.number
            )),
        );
    }
    let Some(columns) = map_columns(&header.row, display, options, layout.elsewhere, sink) else {
        return Vec::new();
    };
    let values = ValueMaps::new(options);
    let mut problems = Problems::default();
    let mut readings = Readings::default();
    let mut skipped: Vec<(usize, NotAPerson, String, Span)> = Vec::new();
    let mut headless: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    let mut parsed: Vec<Parsed> = Vec::new();
    let mut rows = header.rest.into_iter().chain(rows);
    for row in rows.by_ref() {
        if row.is_blank() {
            continue;
        }
        let id = columns
            .index
            .get("id")
            .and_then(|&i| row.cell(i))
            .map(|c| c.value.trim())
            .filter(|t| !t.is_empty());
        if let Some(kind) = not_a_person(&row, id) {
            skipped.push((row.number, kind, row.preview(), row.span));
            continue;
        }
        if let Some((fields, hint)) = row.fields
            && fields != columns.width
        {
            sink.error(
                row.span,
                format!(
                    "row has {fields} fields but the header has {} columns",
                    columns.width
                ),
                "wrong number of fields",
                Some(hint.into()),
            );
            continue;
        }
        if parsed.len() >= limits::MAX_PEOPLE {
            sink.error(
                header.row.span,
                format!("`{display}` has more than {} people", limits::MAX_PEOPLE),
                "",
                Some("split the reform into several scenarios".into()),
            );
            break;
        }
        if too_long(&columns, &row, sink) {
            continue;
        }
        for cell in &row.cells {
            if !cell.value.trim().is_empty() && !columns.headed.contains(&cell.index) {
                headless.entry(cell.index).or_insert((0, row.number)).0 += 1;
            }
        }
        let field = |column: &str| field_of(&columns, &values, column, &row);
        let has_values = |column: &str| values.has(column);
        let index_of = |column: &str| columns.index.get(column).copied();
        if let Some(person) = person_from_row(
            &field,
            &has_values,
            &index_of,
            &row,
            &mut problems,
            &mut readings,
        ) {
            parsed.push(person);
        }
    }
    check_references(&parsed, known, &mut problems);
    let dropped = |p: &Parsed| {
        ["unit", "level", "function"]
            .iter()
            .any(|c| problems.summarised(c, Cause::Unknown) && !is_known(p, c, known))
            || (problems.summarised("gender", Cause::NotGender)
                && p.person
                    .gender
                    .as_ref()
                    .is_some_and(|g| !is_gender_text(&g.value)))
    };
    let keep: Vec<bool> = parsed.iter().map(|p| !dropped(p)).collect();
    let opt_outs = parsed.iter().filter(|p| p.person.opt_out).count();
    let total = parsed.len();
    let header_of = |column: &str| columns.header.get(column).cloned();
    let guess = |column: &str, value: &str| guess_value(column, value, known, &columns);
    problems.report(
        &Context {
            display,
            header_of: &header_of,
            guess: &guess,
            empty_cell: layout.empty_cell,
        },
        sink,
    );
    if let Some((span, header)) = &columns.inverted_opt_out {
        sink.error(
            *span,
            format!(
                "column `{header}` says who competes, but `opt_out` is who does not: read as it is, {} of {} people would not compete",
                thousands(opt_outs),
                thousands(total)
            ),
            "inverted",
            Some("invert it: add `values.opt_out = { \"是\" = false, \"否\" = true }` to `[roster]` (with the column's own yes and no)".into()),
        );
    }
    report_skipped(&skipped, layout, sink);
    report_headless(&headless, layout, sink, header.row.span);
    report_readings(&readings, &columns, layout, sink, header.row.span);
    parsed
        .into_iter()
        .zip(keep)
        .filter_map(|(p, keep)| keep.then_some(p.person))
        .collect()
}

/// One roster column of a row: trimmed, a leading `'` that reorg added
/// against formula injection dropped, translated by `[roster] values`, and
/// `None` when empty.
fn field_of(columns: &ColumnMap, values: &ValueMaps<'_>, column: &str, row: &Row) -> Option<Field> {
    let index = *columns.index.get(column)?;
    let cell = row.cell(index)?;
    let value = unneutralise(cell.value.trim());
    if value.is_empty() {
        return None;
    }
    let (text, original) = match values.translate(column, value) {
        Some(to) => (to.to_string(), Some(value.to_string())),
        None => (value.to_string(), None),
    };
    Some(Field {
        value: Sp {
            value: text,
            span: cell.span,
        },
        original,
    })
}

/// Reports every cell of a row that feeds a roster column and is longer than
/// [`limits::MAX_TEXT_CHARS`]; true when there was one (the row is skipped).
fn too_long(columns: &ColumnMap, row: &Row, sink: &mut Sink<'_>) -> bool {
    let mut found = false;
    for key in PERSON_KEYS {
        let Some(cell) = columns.index.get(key).and_then(|&i| row.cell(i)) else {
            continue;
        };
        let value = &cell.value;
        if value.len() > limits::MAX_TEXT_CHARS && value.chars().count() > limits::MAX_TEXT_CHARS {
            found = true;
            sink.error(
                cell.span,
                format!(
                    "`{key}` is longer than {} characters",
                    limits::MAX_TEXT_CHARS
                ),
                "too long",
                None,
            );
        }
    }
    found
}

fn is_gender_text(text: &str) -> bool {
    matches!(
        text.trim().to_lowercase().as_str(),
        "f" | "female" | "女" | "m" | "male" | "男"
    )
}

/// True when a person's `column` (unit, level or function) is a known id, or empty.
fn is_known(parsed: &Parsed, column: &str, known: &Known<'_>) -> bool {
    let person = &parsed.person;
    let value = match column {
        "unit" => Some(&person.unit),
        "level" => Some(&person.level),
        _ => person.function.as_ref(),
    };
    value.is_none_or(|v| known.of(column).iter().any(|(id, _)| *id == v.value))
}

/// Records every unit, level and function that names no id of the scenario.
fn check_references(parsed: &[Parsed], known: &Known<'_>, problems: &mut Problems) {
    for p in parsed {
        for column in ["unit", "level", "function"] {
            if is_known(p, column, known) {
                continue;
            }
            let value = match column {
                "unit" => &p.person.unit,
                "level" => &p.person.level,
                _ => p.person.function.as_ref().expect("unknown, so present"),
            };
            let original = p
                .originals
                .iter()
                .find(|(c, _)| *c == column)
                .map(|(_, o)| o.clone());
            problems.add(Problem {
                column,
                cause: Cause::Unknown,
                translated: original.as_ref().map(|_| value.value.clone()),
                value: original.unwrap_or_else(|| value.value.clone()),
                span: value.span,
                row: p.row,
                cell: None,
            });
        }
    }
}

/// The right-hand side to propose for a value not understood.
fn guess_value(
    column: &str,
    value: &str,
    known: &Known<'_>,
    columns: &ColumnMap,
) -> Option<String> {
    match column {
        "unit" | "level" | "function" => known.guess(column, value),
        "gender" => {
            let v = value.to_lowercase();
            if v.contains('女') || v.starts_with('f') || v.starts_with('w') {
                Some("\"f\"".into())
            } else if v.contains('男') || v.starts_with('m') {
                Some("\"m\"".into())
            } else {
                None
            }
        }
        "score" => crate::scenario::roster::grades::default_score(value).map(|s| s.to_string()),
        "opt_out" => {
            let inverted = columns
                .header
                .get("opt_out")
                .and_then(|h| recognise(h))
                .is_some_and(|r| r.inverted);
            let says_yes = parse_flag(value).or_else(|| {
                let v = value.to_lowercase();
                if ["不", "否", "免", "no", "not"]
                    .iter()
                    .any(|n| v.contains(n))
                {
                    Some(false)
                } else if ["参加", "参与", "是", "yes"].iter().any(|y| v.contains(y)) {
                    Some(true)
                } else {
                    None
                }
            })?;
            Some((says_yes != inverted).to_string())
        }
        _ => None,
    }
}

/// One warning for the totals and notes rows skipped.
fn report_skipped(
    skipped: &[(usize, NotAPerson, String, Span)],
    layout: &Layout<'_>,
    sink: &mut Sink<'_>,
) {
    let Some(&(_, _, _, span)) = skipped.first() else {
        return;
    };
    let list: Vec<String> = skipped
        .iter()
        .take(5)
        .map(|(row, kind, text, _)| {
            let kind = match kind {
                NotAPerson::Totals => "totals",
                NotAPerson::Note => "note",
            };
            format!("row {row} ({kind}: `{text}`)")
        })
        .collect();
    let more = skipped.len().saturating_sub(5);
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    sink.warning(
        span,
        format!(
            "{} of {} {}: {}{more}",
            if skipped.len() == 1 {
                "1 row".to_string()
            } else {
                format!("{} rows", skipped.len())
            },
            layout.what,
            if skipped.len() == 1 {
                "is not a person and is skipped"
            } else {
                "are not people and are skipped"
            },
            list.join(", ")
        ),
        Some("a totals row (合计, 总计, total) or a note under the table (注：, 制表人：) holds no person; delete it from the file to silence this".into()),
    );
}

/// One warning for values in columns that have no header.
fn report_headless(
    headless: &BTreeMap<usize, (usize, usize)>,
    layout: &Layout<'_>,
    sink: &mut Sink<'_>,
    span: Span,
) {
    if headless.is_empty() {
        return;
    }
    let list: Vec<String> = headless
        .iter()
        .map(|(&index, &(count, first))| {
            format!(
                "column {} ({} {}, the first in row {first})",
                (layout.column_name)(index),
                thousands(count),
                if count == 1 { "value" } else { "values" }
            )
        })
        .collect();
    sink.warning(
        span,
        format!(
            "values under no header in {} are not read: {}",
            layout.what,
            list.join(", ")
        ),
        Some(
            "give the column a header and map it in `[roster] columns`, or delete the values"
                .into(),
        ),
    );
}

/// Warnings for what was read in a way worth telling.
fn report_readings(
    readings: &Readings,
    columns: &ColumnMap,
    layout: &Layout<'_>,
    sink: &mut Sink<'_>,
    span: Span,
) {
    let column_of = |column: &str| {
        columns
            .header
            .get(column)
            .filter(|h| h.as_str() != column)
            .map_or_else(String::new, |h| format!(" (column `{h}`)"))
    };
    if let Some((value, date, row)) = &readings.first_serial {
        sink.warning(
            span,
            format!(
                "{} `born` {} of {}{} read as Excel date numbers: `{value}` in row {row} is {date}",
                thousands(readings.serials),
                if readings.serials == 1 { "value" } else { "values" },
                layout.what,
                column_of("born")
            ),
            Some("a sheet saved without its date format leaves days since 1899-12-30; format the column as dates (or years) to silence this".into()),
        );
    }
    if !readings.grades.is_empty() {
        let list: Vec<String> = readings
            .grades
            .iter()
            .map(|(grade, score, count)| format!("`{grade}` → {score} ({})", thousands(*count)))
            .collect();
        let table: Vec<String> = readings
            .grades
            .iter()
            .map(|(grade, score, _)| format!("{} = {score}", quoted(grade)))
            .collect();
        sink.warning(
            span,
            format!(
                "`score` of {}{} read from appraisal grades with their default scores: {}",
                layout.what,
                column_of("score"),
                list.join(", ")
            ),
            Some(format!(
                "to choose the scores, add `values.score = {{ {} }}` to `[roster]` with yours (see docs/import.md)",
                table.join(", ")
            )),
        );
    }
}
