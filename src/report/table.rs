//! Shared set-up for terminal and Markdown tables.

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};

/// A terminal table with the house style: UTF-8 rules, no wrapping (so the
/// output is the same on every terminal and in a pipe), numeric columns
/// right-aligned.
pub fn new(header: &[&str], numeric_from: usize) -> Table {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .force_no_tty()
        .set_header(header.to_vec());
    for index in numeric_from..header.len() {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    table
}
