//! `.xlsx` rosters as text: a workbook's sheet (read by `xlsx`) is laid out
//! one non-empty row per line, its cells between ` | `, so that diagnostics
//! can quote and underline it like a CSV line; [`relocate`] then gives them
//! the sheet's row numbers and cell names.

use crate::diagnostic::{Diagnostic, SourceMap, Span};
use crate::scenario::node::Sink;
use crate::scenario::raw::{RawPerson, RawRoster};
use crate::scenario::roster::request::Request;
use crate::scenario::roster::rows::{Cell, Row};
use crate::scenario::roster::source::{Content, RosterSource, SheetSource, unreadable};
#[cfg(feature = "xlsx")]
use crate::scenario::roster::source::{SheetCell, SheetLine};
use crate::scenario::roster::table::{self, Known, Layout};

#[cfg(feature = "xlsx")]
pub(super) fn read(
    display: String,
    bytes: &[u8],
    request: &Request,
    sources: &mut SourceMap,
) -> Result<RosterSource, Box<Diagnostic>> {
    use crate::scenario::roster::xlsx;
    let wanted = request.sheet.as_ref().map(|(name, _)| name.as_str());
    let sheet = match xlsx::read(bytes, wanted) {
        Ok(sheet) => sheet,
        Err(problem) => {
            let span = match (&problem.place, &request.sheet) {
                (xlsx::Place::Sheet, Some((_, span))) => *span,
                _ => request.span,
            };
            return Err(unreadable(
                sources,
                span,
                &display,
                problem.why,
                &problem.hint,
            ));
        }
    };
    // One line per non-empty row: the cells' text (control characters as
    // spaces, long values cut) between ` | `, so a diagnostic shows the row.
    let mut text = String::new();
    let mut rows: Vec<SheetLine> = Vec::with_capacity(sheet.rows.len());
    for row in sheet.rows {
        let mut cells = Vec::with_capacity(row.cells.len());
        for (i, (column, value)) in row.cells.into_iter().enumerate() {
            if i > 0 {
                text.push_str(" | ");
            }
            let start = text.len();
            text.extend(
                value
                    .chars()
                    .take(100)
                    .map(|c| if c.is_control() { ' ' } else { c }),
            );
            // Offsets in the text for now; moved to the source map below.
            cells.push(SheetCell {
                column,
                value,
                span: Span::new(start, text.len()),
            });
        }
        text.push('\n');
        rows.push(SheetLine {
            number: row.number,
            cells,
        });
    }
    let source_name = format!("{display}:{}", sheet.name);
    let base = sources.add(source_name.as_str(), text.as_str());
    for cell in rows.iter_mut().flat_map(|r| r.cells.iter_mut()) {
        cell.span = Span::new(base + cell.span.start, base + cell.span.end);
    }
    Ok(RosterSource {
        display,
        base,
        text,
        content: Content::Sheet(SheetSource {
            name: sheet.name,
            source_name,
            rows,
            others: sheet.others,
            merged: sheet.merged,
        }),
        problems: Vec::new(),
        hidden: 0,
        utf8_detected: false,
    })
}

#[cfg(not(feature = "xlsx"))]
pub(super) fn read(
    display: String,
    _bytes: &[u8],
    request: &Request,
    sources: &mut SourceMap,
) -> Result<RosterSource, Box<Diagnostic>> {
    Err(unreadable(
        sources,
        request.span,
        &display,
        "this reorg was built without `.xlsx` support (cargo feature `xlsx`)".into(),
        "save the sheet as CSV UTF-8, or build reorg with its default features",
    ))
}

/// Puts the diagnostics located in an `.xlsx` sheet's laid-out text at the
/// sheet's positions: the line becomes the row number, and the message names
/// the cell (`(cell D3)`), or the row when the whole row is meant. The column
/// stays the one in the laid-out row shown under the message, so that the
/// one-line form and the rendered snippet agree.
pub fn relocate(roster: &RosterSource, diagnostics: &mut [Diagnostic]) {
    let Content::Sheet(sheet) = &roster.content else {
        return;
    };
    for diagnostic in diagnostics {
        let Some(location) = &mut diagnostic.location else {
            continue;
        };
        if location.file != sheet.source_name {
            continue;
        }
        let Some(row) = sheet.rows.get(location.line.wrapping_sub(1)) else {
            continue;
        };
        // Each line begins with its row's first cell.
        let Some(first) = row.cells.first() else {
            continue;
        };
        let start = first.span.start + location.underline.start;
        let end = first.span.start + location.underline.end;
        let place = match row.cells.iter().find(|c| c.span.start == start) {
            Some(cell) if end <= cell.span.end.max(start + 1) => {
                format!("cell {}{}", column_name(cell.column), row.number)
            }
            _ => format!("row {}", row.number),
        };
        location.line = row.number as usize;
        diagnostic.message = format!("{} ({place})", diagnostic.message);
    }
}

/// A column's letters: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_name(column: u32) -> String {
    let mut n = u64::from(column) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// The rows of a laid-out sheet.
pub(super) fn rows<'s>(
    roster: &'s RosterSource,
    sheet: &'s SheetSource,
) -> impl Iterator<Item = Row> + 's {
    sheet.rows.iter().map(|line| Row {
        number: line.number as usize,
        span: Span::new(
            line.cells.first().map_or(roster.base, |c| c.span.start),
            line.cells.last().map_or(roster.base, |c| c.span.end),
        ),
        cells: line
            .cells
            .iter()
            .map(|c| Cell {
                index: c.column as usize,
                value: c.value.clone(),
                span: c.span,
            })
            .collect(),
        fields: None,
    })
}

pub(super) fn parse(
    roster: &RosterSource,
    sheet: &SheetSource,
    options: &RawRoster,
    known: &Known<'_>,
    sink: &mut Sink<'_>,
) -> Vec<RawPerson> {
    let display = roster.display.as_str();
    let mut rows = rows(roster, sheet);
    let column_name = |index: usize| column_name(u32::try_from(index).unwrap_or(u32::MAX));
    // A column the sheet read lacks but another sheet's first rows hold:
    // the roster is most likely on that sheet.
    let elsewhere = |column: &str| {
        sheet
            .others
            .iter()
            .find(|(_, texts)| texts.iter().any(|t| t == column))
            .map(|(name, _)| {
                format!(
                    "sheet `{name}` has a `{column}` column, sheet `{}` (the first) does not: add `sheet = \"{name}\"` to `[roster]`",
                    sheet.name
                )
            })
    };
    // An empty cell named, and, inside merged cells, the one that holds
    // their value: only the first cell of a merge holds it.
    let empty_cell = |row: usize, column: usize| {
        let cell = format!("cell {}{row}", column_name(column));
        let (r, c) = (
            u32::try_from(row.saturating_sub(1)).unwrap_or(u32::MAX),
            u32::try_from(column).unwrap_or(u32::MAX),
        );
        match sheet
            .merged
            .iter()
            .find(|((r0, c0), (r1, c1))| (*r0..=*r1).contains(&r) && (*c0..=*c1).contains(&c))
        {
            Some(((r0, c0), (r1, c1))) => {
                let first = format!("{}{}", super::sheet::column_name(*c0), r0 + 1);
                let last = format!("{}{}", super::sheet::column_name(*c1), r1 + 1);
                format!(
                    "{cell} is inside the merged cells {first}:{last}, whose value only {first} holds: unmerge them and fill in every row"
                )
            }
            None => format!("{cell} is empty"),
        }
    };
    let layout = Layout {
        display,
        what: format!("sheet `{}` of `{display}`", sheet.name),
        span: Span::new(roster.base, roster.base),
        column_name: &column_name,
        elsewhere: &elsewhere,
        empty_cell: Some(&empty_cell),
    };
    table::people(&mut rows, &layout, options, known, sink)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_are_spreadsheet_letters() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(2), "C");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
        assert_eq!(column_name(16_383), "XFD");
    }
}
