//! Cell problems, collected while a roster is read and reported by cause.
//!
//! A handful of bad cells is reported cell by cell, each where it stands. When
//! one cause hits more cells than [`ONE_BY_ONE`] (a whole column of grades
//! where numbers were expected, every unit written by its Chinese name), one
//! error says so instead: the distinct values not understood, each with its
//! count and first rows, and the `[roster] values` table to add, ready to
//! paste, with a guess for each value where one can be made.

use std::collections::HashMap;

use crate::diagnostic::Span;
use crate::scenario::node::Sink;
use crate::scenario::roster::dates;

/// Up to this many cells of one cause are reported one by one.
pub(super) const ONE_BY_ONE: usize = 3;
/// Distinct values listed in a summary (and in its `values` table).
const SHOWN_VALUES: usize = 12;
/// Rows listed for each value in a summary.
const SHOWN_ROWS: usize = 3;

/// Why a cell was not understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Cause {
    /// A required column is empty.
    Empty,
    /// `born` is not a year or date.
    NotYear,
    /// `score` is not a number.
    NotNumber,
    /// `opt_out` is not yes or no.
    NotFlag,
    /// `gender` is not f or m.
    NotGender,
    /// `unit`, `level` or `function` is not an id of the scenario.
    Unknown,
}

impl Cause {
    /// True for causes the roster reader reports itself when they are few;
    /// the others (ids and genders) are then left to the scenario's checks,
    /// which report them with "did you mean" hints.
    fn reported_here(self) -> bool {
        matches!(
            self,
            Cause::Empty | Cause::NotYear | Cause::NotNumber | Cause::NotFlag
        )
    }
}

/// One cell not understood.
#[derive(Debug, Clone)]
pub(super) struct Problem {
    /// The roster column.
    pub(super) column: &'static str,
    /// Why.
    pub(super) cause: Cause,
    /// The cell's text as the file holds it, trimmed (empty for [`Cause::Empty`]).
    pub(super) value: String,
    /// What `values` translated it to, when it did.
    pub(super) translated: Option<String>,
    /// The cell, or the row for an empty cell.
    pub(super) span: Span,
    /// The row's number.
    pub(super) row: usize,
    /// The cell's column index in the file, when known.
    pub(super) cell: Option<usize>,
}

/// One distinct value of a group: how often, and its first rows.
#[derive(Debug)]
struct Seen {
    value: String,
    translated: Option<String>,
    count: usize,
    rows: Vec<usize>,
}

/// The problems of one column and cause.
#[derive(Debug)]
struct Group {
    column: &'static str,
    cause: Cause,
    total: usize,
    /// The first problems, kept whole to be reported one by one.
    first: Vec<Problem>,
    values: Vec<Seen>,
    index: HashMap<String, usize>,
}

/// What a summary needs to know of the roster.
pub(super) struct Context<'a> {
    /// How messages name the file.
    pub(super) display: &'a str,
    /// The file's header for each roster column.
    pub(super) header_of: &'a dyn Fn(&str) -> Option<String>,
    /// The right-hand side to propose in `values.<column>` for a value.
    pub(super) guess: &'a dyn Fn(&str, &str) -> Option<String>,
    /// An empty cell of a sheet named (and the merged cells it is in).
    pub(super) empty_cell: Option<&'a dyn Fn(usize, usize) -> String>,
}

/// Every cell problem of a roster, grouped by column and cause.
#[derive(Debug, Default)]
pub(super) struct Problems {
    groups: Vec<Group>,
    index: HashMap<(&'static str, Cause), usize>,
}

impl Problems {
    /// Records one problem.
    pub(super) fn add(&mut self, problem: Problem) {
        let key = (problem.column, problem.cause);
        let at = *self.index.entry(key).or_insert_with(|| {
            self.groups.push(Group {
                column: problem.column,
                cause: problem.cause,
                total: 0,
                first: Vec::new(),
                values: Vec::new(),
                index: HashMap::new(),
            });
            self.groups.len() - 1
        });
        let group = &mut self.groups[at];
        group.total += 1;
        let seen = *group.index.entry(problem.value.clone()).or_insert_with(|| {
            group.values.push(Seen {
                value: problem.value.clone(),
                translated: problem.translated.clone(),
                count: 0,
                rows: Vec::new(),
            });
            group.values.len() - 1
        });
        let seen = &mut group.values[seen];
        seen.count += 1;
        if seen.rows.len() < SHOWN_ROWS {
            seen.rows.push(problem.row);
        }
        if group.first.len() <= ONE_BY_ONE {
            group.first.push(problem);
        }
    }

    /// True when the problems of this column and cause are many enough to
    /// be summarised (so the rows they are in are left out).
    pub(super) fn summarised(&self, column: &str, cause: Cause) -> bool {
        self.groups
            .iter()
            .any(|g| g.column == column && g.cause == cause && g.total > ONE_BY_ONE)
    }

    /// Reports every group: few problems one by one (those this reader
    /// reports), many in one summary. In file order of their first cell.
    pub(super) fn report(self, context: &Context<'_>, sink: &mut Sink<'_>) {
        let mut reports: Vec<Report> = Vec::new();
        for group in self.groups {
            if group.total > ONE_BY_ONE {
                reports.push(summary(&group, context));
            } else if group.cause.reported_here() {
                reports.extend(group.first.iter().map(|p| one(p, context)));
            }
        }
        reports.sort_by_key(|r| r.span.start);
        for report in reports {
            sink.error(report.span, report.message, &report.label, report.hint);
        }
    }
}

/// A diagnostic to make.
struct Report {
    span: Span,
    message: String,
    label: String,
    hint: Option<String>,
}

/// One problem as its own error.
fn one(problem: &Problem, context: &Context<'_>) -> Report {
    let (column, value) = (problem.column, &problem.value);
    let (message, label, hint) = match problem.cause {
        Cause::Empty => (
            format!("empty `{column}` in roster row"),
            "this row",
            context
                .empty_cell
                .zip(problem.cell)
                .map(|(name, cell)| name(problem.row, cell)),
        ),
        Cause::NotYear => (
            format!("`born` must be a year, found `{value}`"),
            "expected a year like 1975",
            Some(format!("accepted: {}", dates::ACCEPTED)),
        ),
        Cause::NotNumber => (
            format!("`score` must be a number, found `{value}`"),
            "expected a number like 86.5",
            Some("a grade or word can be given a score with `[roster] values.score`".into()),
        ),
        Cause::NotFlag => (
            format!("`opt_out` must be true or false, found `{value}`"),
            "expected true/false",
            Some("accepted: true, false, yes, no, 1, 0, 是, 否; map others with `[roster] values.opt_out`".into()),
        ),
        // Left to the scenario's checks; never reported one by one here.
        Cause::NotGender | Cause::Unknown => (
            format!("`{column}` value `{value}` is not understood"),
            "not understood",
            None,
        ),
    };
    Report {
        span: problem.span,
        message,
        label: label.to_string(),
        hint,
    }
}

/// A whole group in one error.
fn summary(group: &Group, context: &Context<'_>) -> Report {
    let column = group.column;
    let header = (context.header_of)(column)
        .filter(|h| h != column)
        .map_or_else(String::new, |h| format!(" (column `{h}`)"));
    let total = thousands(group.total);
    let display = context.display;
    let (message, label) = match group.cause {
        Cause::Empty => (
            format!("`{column}` is empty in {total} rows of `{display}`{header}"),
            "this row".to_string(),
        ),
        Cause::NotYear => (
            format!("{total} `born` cells of `{display}`{header} are not years"),
            "not a year".to_string(),
        ),
        Cause::NotNumber => (
            format!("{total} `score` cells of `{display}`{header} are not numbers"),
            "not a number".to_string(),
        ),
        Cause::NotFlag => (
            format!("{total} `opt_out` cells of `{display}`{header} are not yes or no"),
            "not yes or no".to_string(),
        ),
        Cause::NotGender => (
            format!("{total} `gender` cells of `{display}`{header} are not f or m"),
            "not f or m".to_string(),
        ),
        Cause::Unknown => (
            format!("{total} `{column}` cells of `{display}`{header} are not {column} ids"),
            format!("not a {column} id"),
        ),
    };
    let hint = match group.cause {
        Cause::Empty => {
            let rows: Vec<usize> = group.values.iter().flat_map(|s| s.rows.clone()).collect();
            format!(
                "first rows: {}; every person needs `{column}`: fill it in",
                rows_text(&rows, group.total)
            )
        }
        Cause::NotYear => format!(
            "not understood: {}; accepted: {}",
            values_text(group),
            dates::ACCEPTED
        ),
        _ => format!(
            "not understood: {}; translate them with `[roster] values`: {}",
            values_text(group),
            values_table(group, context)
        ),
    };
    let first = &group.first[0];
    Report {
        span: first.span,
        message,
        label,
        hint: Some(hint),
    }
}

/// `` `科员` ×412 (rows 2, 3, 5, …), `科长` ×98 (rows 4, 9, 12, …) `` and how many more.
fn values_text(group: &Group) -> String {
    let mut parts: Vec<String> = group
        .values
        .iter()
        .take(SHOWN_VALUES)
        .map(|seen| {
            let translated = seen
                .translated
                .as_ref()
                .map_or_else(String::new, |t| format!(" (translated to `{t}`)"));
            format!(
                "`{}`{translated} ×{} ({})",
                seen.value,
                thousands(seen.count),
                rows_text(&seen.rows, seen.count)
            )
        })
        .collect();
    let more = group.values.len().saturating_sub(SHOWN_VALUES);
    if more > 0 {
        parts.push(format!("and {more} more values"));
    }
    parts.join(", ")
}

/// `values.level = { "科员" = "staff", "科长" = "?" }`, for the values shown.
fn values_table(group: &Group, context: &Context<'_>) -> String {
    let entries: Vec<String> = group
        .values
        .iter()
        .take(SHOWN_VALUES)
        .map(|seen| {
            let guess =
                (context.guess)(group.column, &seen.value).unwrap_or_else(|| "\"?\"".to_string());
            format!("{} = {guess}", quoted(&seen.value))
        })
        .collect();
    format!("values.{} = {{ {} }}", group.column, entries.join(", "))
}

/// `row 5` or `rows 2, 3, 5, …`.
fn rows_text(rows: &[usize], count: usize) -> String {
    let list: Vec<String> = rows.iter().map(ToString::to_string).collect();
    let more = if count > rows.len() { ", …" } else { "" };
    let word = if count == 1 { "row" } else { "rows" };
    format!("{word} {}{more}", list.join(", "))
}

/// A TOML basic string: `"科员"`, with quotes and backslashes escaped.
pub(super) fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `1,473`.
pub(super) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_rows_read_well() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(1473), "1,473");
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(rows_text(&[5], 1), "row 5");
        assert_eq!(rows_text(&[2, 3, 5], 9), "rows 2, 3, 5, …");
        assert_eq!(quoted("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }
}
