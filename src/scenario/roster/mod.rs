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
//! Real exports are forgiven, never guessed at silently: a header below a
//! title row is found (`[roster] header_row` names it), a tab or semicolon
//! separator detected (`delimiter`), totals and notes rows skipped, dates
//! and Excel serials read as birth years, appraisal grades as scores; each
//! is reported in a warning. Every column is read, `ignore`d, or named in a
//! warning; cells not understood are reported by cause, with the `values`
//! table to add (docs/import.md).
//!
//! One concern per file, each importing only files further down this list:
//! `read` finds the file, bounds its size and picks a layout by extension;
//! `csv` and `sheet` lay out a CSV text (decoded by
//! [`crate::scenario::encoding`]) or a workbook's cells (unpacked by `xlsx`)
//! and hand on their [`rows`]; `table` reads rows into people: with
//! `header_row` it finds the header, with `columns` maps it, with `totals`
//! skips rows that are not people, with `people` (and `dates`, `grades`)
//! reads each row, and with `problems` reports what it did not understand;
//! `headers` recognises what an export's header means. [`request()`] takes
//! what `[roster]` asks for from the document tree, and `source` holds what
//! the others hand each other.

use crate::diagnostic::Span;
use crate::scenario::node::{Sink, Sp};
use crate::scenario::raw::{RawPerson, RawScenario};

#[cfg(feature = "xlsx")]
mod archive;
mod columns;
mod csv;
mod dates;
mod grades;
#[cfg(feature = "xlsx")]
mod grid;
mod header_row;
pub mod headers;
mod people;
mod problems;
mod read;
mod request;
mod rows;
mod sheet;
mod source;
mod survey;
mod table;
mod totals;
#[cfg(feature = "xlsx")]
mod xlsx;

pub use csv::encoding_hints;
pub use grades::DEFAULT_GRADES;
pub use read::read;
pub use request::request;
pub use sheet::relocate;
pub use source::RosterSource;
pub use survey::{Survey, survey};

use source::Content;
use table::Known;

/// Splits a roster into people, reporting bad headers, rows and values. The
/// scenario's levels, units and functions are what the roster's cells must
/// name (or be translated to by `values`).
pub fn parse(roster: &RosterSource, raw: &RawScenario, sink: &mut Sink<'_>) -> Vec<RawPerson> {
    for problem in &roster.problems {
        sink.error(
            problem.span,
            problem.message.clone(),
            problem.label,
            Some(problem.hint.clone()),
        );
    }
    sink.hidden += roster.hidden;
    let known = Known {
        units: raw.before.iter().map(|u| pairs(&u.id, &u.name)).collect(),
        levels: raw.levels.iter().map(|l| pairs(&l.id, &l.name)).collect(),
        functions: raw
            .functions
            .iter()
            .map(|f| pairs(&f.id, &f.name))
            .collect(),
    };
    let options = &raw.roster;
    let errors_before = sink.has_errors();
    let people = match &roster.content {
        Content::Csv => csv::parse(roster, options, &known, sink),
        Content::Sheet(sheet) => sheet::parse(roster, sheet, options, &known, sink),
    };
    if people.is_empty() && raw.people.is_empty() && !errors_before && !sink.has_errors() {
        // A header and no rows (an export cut after its first line, the
        // wrong sheet's header): every post would stay empty without a word
        // from the "far more posts than people" check, which counts people.
        let header = roster.text.find('\n').unwrap_or(roster.text.len());
        let posts: i64 = raw
            .after
            .iter()
            .flat_map(|unit| unit.posts.iter().map(|(_, n)| n.value.max(0)))
            .sum();
        sink.warning(
            Span::new(roster.base, roster.base + header),
            format!(
                "`{}` holds no people, only a header: all {posts} posts will stay empty",
                roster.display
            ),
            Some("export the roster again with its rows, or name the sheet or `header_row` that holds them".into()),
        );
    }
    people
}

/// An id and its name, as the roster's cells may name either.
fn pairs<'r>(id: &'r Sp<String>, name: &'r Option<Sp<String>>) -> (&'r str, Option<&'r str>) {
    (id.value.as_str(), name.as_ref().map(|n| n.value.as_str()))
}
