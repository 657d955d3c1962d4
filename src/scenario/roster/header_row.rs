//! Which row of a roster is its header. HR exports often put a title
//! (`2017年机关人员名单`), a date or a blank row above the header; the header
//! is found among the first rows as the one whose cells name the most
//! roster columns (mapped, standard, ignored or recognised headers), unless
//! `[roster] header_row` names it.

use crate::diagnostic::Span;
use crate::scenario::node::Sink;
use crate::scenario::raw::{PERSON_KEYS, RawRoster};
use crate::scenario::roster::headers::recognise;
use crate::scenario::roster::rows::Row;

/// How many non-blank rows are looked at for the header.
const SEARCH: usize = 20;

/// The header row, the rows above it, and the rows already read below it.
pub(super) struct Header {
    /// The header.
    pub(super) row: Row,
    /// Non-blank rows above it (skipped).
    pub(super) above: Vec<Row>,
    /// Rows read past it while looking for it: the first people.
    pub(super) rest: Vec<Row>,
}

/// How many cells of a row read as headers of roster columns.
fn score(row: &Row, options: &RawRoster) -> usize {
    row.texts()
        .filter(|text| {
            options.columns.iter().any(|(_, h)| h.value == *text)
                || options.ignore.iter().any(|h| h.value == *text)
                || PERSON_KEYS.contains(text)
                || recognise(text).is_some()
        })
        .count()
}

/// Finds the header: the row `header_row` names, or the best of the first
/// [`SEARCH`] non-blank rows (the first of them when none names a column).
/// `what` names the file (or sheet) for messages; `span` is where to report
/// a file with no header at all.
pub(super) fn find(
    rows: &mut dyn Iterator<Item = Row>,
    options: &RawRoster,
    what: &str,
    span: Span,
    sink: &mut Sink<'_>,
) -> Option<Header> {
    if let Some(wanted) = &options.header_row {
        let mut above = Vec::new();
        for row in &mut *rows {
            if row.number == wanted.value && !row.is_blank() {
                return Some(Header {
                    row,
                    above,
                    rest: Vec::new(),
                });
            }
            if row.number >= wanted.value {
                break;
            }
            if !row.is_blank() {
                above.push(row);
            }
        }
        sink.error(
            wanted.span,
            format!("`header_row = {}`: row {} of {what} is empty or missing", wanted.value, wanted.value),
            "no header there",
            Some("count rows as the spreadsheet shows them (the first is 1), or remove `header_row` to find the header".into()),
        );
        return None;
    }
    let mut buffer: Vec<Row> = Vec::new();
    for row in &mut *rows {
        if row.is_blank() {
            continue;
        }
        buffer.push(row);
        if buffer.len() >= SEARCH {
            break;
        }
    }
    if buffer.is_empty() {
        sink.error(
            span,
            format!("{what} is empty"),
            "",
            Some("the first non-empty row is the header; people follow it".into()),
        );
        return None;
    }
    let scores: Vec<usize> = buffer.iter().map(|r| score(r, options)).collect();
    let best = scores.iter().copied().max().unwrap_or(0);
    let at = scores.iter().position(|&s| s == best).unwrap_or(0);
    let rest = buffer.split_off(at + 1);
    let row = buffer.pop().expect("the header is in the buffer");
    Some(Header {
        row,
        above: buffer,
        rest,
    })
}
