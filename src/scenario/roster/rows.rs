//! The one shape both layouts hand on: a roster row as numbered, located
//! cells, whether it came from a CSV record or a sheet row.

use crate::diagnostic::Span;

/// One cell of a row: its column, its text as the file holds it, and where
/// that text stands in the source map.
#[derive(Debug, Clone)]
pub(super) struct Cell {
    /// 0-based column.
    pub(super) index: usize,
    /// The text, untrimmed.
    pub(super) value: String,
    /// Where it stands.
    pub(super) span: Span,
}

/// One row of a roster file.
#[derive(Debug, Clone)]
pub(super) struct Row {
    /// The row's number as a person finds it: the line of a CSV record, the
    /// row of a sheet (1-based).
    pub(super) number: usize,
    /// The whole row.
    pub(super) span: Span,
    /// Its cells by column (a sheet leaves empty cells out).
    pub(super) cells: Vec<Cell>,
    /// A CSV record's field count and what to say when it is wrong; `None`
    /// for a sheet row, whose cells stand in their columns whatever their count.
    pub(super) fields: Option<(usize, &'static str)>,
}

impl Row {
    /// The cell in column `index`, if the row has one.
    pub(super) fn cell(&self, index: usize) -> Option<&Cell> {
        self.cells
            .binary_search_by_key(&index, |c| c.index)
            .ok()
            .map(|at| &self.cells[at])
    }

    /// The cells with some text, trimmed.
    pub(super) fn texts(&self) -> impl Iterator<Item = &str> {
        self.cells
            .iter()
            .map(|c| c.value.trim())
            .filter(|t| !t.is_empty())
    }

    /// True when no cell holds any text.
    pub(super) fn is_blank(&self) -> bool {
        self.texts().next().is_none()
    }

    /// The row's text for a message: its non-empty cells between ` | `, cut
    /// after about 60 characters.
    pub(super) fn preview(&self) -> String {
        let joined = self.texts().collect::<Vec<_>>().join(" | ");
        if joined.chars().count() > 60 {
            let cut: String = joined.chars().take(57).collect();
            format!("{cut}...")
        } else {
            joined
        }
    }
}
