//! Roster files: people read from a CSV or `.xlsx` file beside the scenario.
//!
//! Real HR exports are read unedited: a CSV in UTF-8 (with or without a
//! byte-order mark) or GBK/GB18030 is detected, an `.xlsx` sheet is read with
//! calamine (cargo feature `xlsx`), `[roster] columns` maps the export's own
//! headers (`工号`, `姓名`, ...) to roster columns, and `[roster] values`
//! translates its values (`科员` → `staff`).
//!
//! The decoded text joins the [`SourceMap`](crate::diagnostic::SourceMap)
//! like the scenario itself, and every field keeps its span, so a bad value in
//! row 812 is reported at `roster.csv:812:14` with the same checks and hints
//! as an inline `[[person]]`. An `.xlsx` sheet has no text, so its non-empty
//! cells are laid out one row per line (`王伟 | housing | manger`) under the
//! name `roster.xlsx:名单`, and [`relocate`] gives each diagnostic the sheet's
//! row number as its line and names the cell in its message (`(cell D3)`).
//!
//! One concern per file, each importing only files further down this list:
//! `read` finds the file, bounds its size and picks a layout by extension;
//! `csv` and `sheet` lay out a CSV text (decoded by
//! [`crate::scenario::encoding`]) or a workbook's cells (unpacked by `xlsx`)
//! and split them into rows; `columns` maps a header and cell values to
//! roster columns; `people` turns one row into a person. [`request()`] takes
//! what `[roster]` asks for from the document tree, and `source` holds what
//! the others hand each other.

use crate::scenario::node::Sink;
use crate::scenario::raw::{RawPerson, RawRoster};

#[cfg(feature = "xlsx")]
mod archive;
mod columns;
mod csv;
mod people;
mod read;
mod request;
mod sheet;
mod source;
#[cfg(feature = "xlsx")]
mod xlsx;

pub use read::read;
pub use request::request;
pub use sheet::relocate;
pub use source::RosterSource;

use columns::ValueMaps;
use source::Content;

/// Splits a roster into people, reporting bad headers, rows and values.
pub fn parse(roster: &RosterSource, options: &RawRoster, sink: &mut Sink<'_>) -> Vec<RawPerson> {
    for problem in &roster.problems {
        sink.error(
            problem.span,
            problem.message.clone(),
            problem.label,
            Some(problem.hint.clone()),
        );
    }
    sink.hidden += roster.hidden;
    let values = ValueMaps::new(options);
    match &roster.content {
        Content::Csv => csv::parse(roster, options, &values, sink),
        Content::Sheet(sheet) => sheet::parse(roster, sheet, options, &values, sink),
    }
}
