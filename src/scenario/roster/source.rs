//! A roster read into the source map, as the CSV and sheet layouts leave it
//! for parsing, and the diagnostic for a file that cannot be read at all.

use crate::diagnostic::{Diagnostic, SourceMap, Span};

/// A roster's text in the source map.
#[derive(Debug)]
pub struct RosterSource {
    /// How diagnostics name the file.
    pub display: String,
    /// Where its text starts in the source map.
    pub base: usize,
    /// The text: the decoded CSV, or an `.xlsx` sheet laid out one row per line.
    pub text: String,
    /// CSV text, or the cells of a sheet.
    pub(super) content: Content,
    /// Problems found while decoding, reported when the roster is parsed.
    pub(super) problems: Vec<Problem>,
    /// Decoding problems found beyond [`crate::scenario::limits::MAX_DIAGNOSTICS`].
    pub(super) hidden: usize,
    /// A CSV whose encoding was detected as UTF-8 and which holds more than
    /// ASCII: a GBK file can be valid UTF-8 by chance, so a value that then
    /// fails is looked at again as GBK (`csv::encoding_hints`).
    pub(super) utf8_detected: bool,
}

/// What the text of a [`RosterSource`] lays out.
#[derive(Debug)]
pub(super) enum Content {
    /// A CSV file's own text.
    Csv,
    /// A workbook's sheet, laid out one non-empty row per line.
    #[cfg_attr(
        not(feature = "xlsx"),
        allow(dead_code, reason = "made by the xlsx reader")
    )]
    Sheet(SheetSource),
}

/// An `.xlsx` sheet laid out as text: one line per non-empty row.
#[derive(Debug)]
pub(super) struct SheetSource {
    /// The sheet's name.
    pub(super) name: String,
    /// How the source map names the laid-out text (`file:sheet`).
    pub(super) source_name: String,
    /// One per line of the text, in order.
    pub(super) rows: Vec<SheetLine>,
    /// The other worksheets and the texts of their first rows, when the
    /// sheet was not named (for the `sheet` hint).
    pub(super) others: Vec<(String, Vec<String>)>,
    /// Its merged ranges: first and last (row, column), 0-based.
    pub(super) merged: Vec<((u32, u32), (u32, u32))>,
}

/// One laid-out line: a non-empty row of the sheet.
#[derive(Debug)]
pub(super) struct SheetLine {
    /// The sheet's row number (1-based).
    pub(super) number: u32,
    /// Non-empty cells, by column.
    pub(super) cells: Vec<SheetCell>,
}

/// A non-empty cell of the sheet and where its text stands.
#[derive(Debug)]
pub(super) struct SheetCell {
    /// 0-based column (A = 0).
    pub(super) column: u32,
    /// The cell's value as text.
    pub(super) value: String,
    /// Where its display stands in the source map.
    pub(super) span: Span,
}

/// A problem found while reading, reported when the roster is parsed.
#[derive(Debug)]
pub(super) struct Problem {
    pub(super) span: Span,
    pub(super) message: String,
    pub(super) label: &'static str,
    pub(super) hint: String,
}

/// The one diagnostic for a roster file that cannot be read at all (missing,
/// too big, not a workbook, no such sheet), at the `[roster]` key at fault.
pub(super) fn unreadable(
    sources: &SourceMap,
    span: Span,
    display: &str,
    why: String,
    hint: &str,
) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(format!("cannot read roster `{display}`: {why}"))
            .at(sources.locate(span))
            .label("named here")
            .hint(Some(hint.to_string())),
    )
}
