//! The one table engine: every human-readable output (`run`, `batch`,
//! `compare`, `check`) is a [`Document`] of titled [`Section`]s, drawn either
//! as terminal tables or as GitHub Markdown by the two functions here. The
//! commands' renderers only say what goes in the cells.

use comfy_table::{CellAlignment, ContentArrangement, LineStyle, Table, TableStyle, presets};

use super::text::{escape_markdown, one_line};

/// A whole human-readable output: a title, lines under it, and tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// What it is about (a scenario's name; Markdown's `#` heading).
    pub title: String,
    /// Lines under the title: seed, runs, notes.
    pub intro: Vec<String>,
    /// The tables, in display order.
    pub sections: Vec<Section>,
}

/// One table of a [`Document`].
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Title, e.g. "Summary"; `None` for a table that needs none.
    pub title: Option<String>,
    /// Column headers.
    pub header: Vec<String>,
    /// Rows of cells. A line break in a cell is deliberate layout (user text
    /// is made one line with [`one_line`] before it gets here).
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

/// Rules above, below and under the header only: for wide matrices of numbers.
const MATRIX_STYLE: TableStyle = TableStyle::new()
    .top_border(LineStyle::none().fill('─').junction('─'))
    .header_separator(LineStyle::none().fill('─').junction('─'))
    .bottom_border(LineStyle::none().fill('─').junction('─'));

/// The document as terminal tables: the title and intro lines, then each
/// section after a blank line, its title above it.
pub fn terminal(document: &Document) -> String {
    let mut out = one_line(&document.title);
    out.push('\n');
    for line in &document.intro {
        out.push_str(&one_line(line));
        out.push('\n');
    }
    for section in &document.sections {
        out.push('\n');
        if let Some(title) = &section.title {
            out.push_str(&one_line(title));
            out.push('\n');
        }
        out.push_str(&draw(section, false));
        out.push('\n');
    }
    out
}

/// The document as GitHub-flavoured Markdown, for pasting into a report.
pub fn markdown(document: &Document) -> String {
    let mut out = format!("# {}\n\n", escape_markdown(&document.title));
    let intro: Vec<String> = document.intro.iter().map(|l| escape_markdown(l)).collect();
    // Two trailing spaces: a line break inside the paragraph.
    out.push_str(&intro.join("  \n"));
    out.push('\n');
    for section in &document.sections {
        match &section.title {
            Some(title) => out.push_str(&format!("\n## {}\n\n", escape_markdown(title))),
            None => out.push('\n'),
        }
        out.push_str(&draw(section, true));
        out.push('\n');
    }
    out
}

/// One section alone as a terminal table, without its title: for outputs
/// that are a single table (`reorg match --format table`).
pub fn terminal_table(section: &Section) -> String {
    draw(section, false)
}

fn draw(section: &Section, markdown: bool) -> String {
    let mut table = Table::new();
    let compact = section.layout == Layout::Matrix && !markdown;
    let style = match section.layout {
        _ if markdown => presets::ASCII_MARKDOWN,
        Layout::Boxed => presets::UTF8_FULL_CONDENSED,
        Layout::Rows => presets::UTF8_FULL,
        Layout::Matrix => MATRIX_STYLE,
    };
    table
        .load_style(style)
        .set_content_arrangement(ContentArrangement::Disabled)
        .force_no_tty();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Document {
        Document {
            title: "A | B".into(),
            intro: vec!["seed 1".into(), "note".into()],
            sections: vec![Section {
                title: Some("Counts".into()),
                header: vec!["name".into(), "n".into()],
                rows: vec![
                    vec!["x|y".into(), "12".into()],
                    vec!["z".into(), "3".into()],
                ],
                numeric_from: 1,
                layout: Layout::Boxed,
            }],
        }
    }

    #[test]
    fn terminal_tables_right_align_numbers() {
        let text = terminal(&sample());
        let expected = "A | B\nseed 1\nnote\n\nCounts\n\
┌──────┬────┐\n\
│ name ┆  n │\n\
╞══════╪════╡\n\
│ x|y  ┆ 12 │\n\
│ z    ┆  3 │\n\
└──────┴────┘\n";
        assert_eq!(text, expected);
    }

    #[test]
    fn markdown_escapes_pipes_everywhere() {
        let text = markdown(&sample());
        let expected = "# A \\| B\n\nseed 1  \nnote\n\n## Counts\n\n\
| name |  n |\n\
|------|----|\n\
| x\\|y | 12 |\n\
| z    |  3 |\n";
        assert_eq!(text, expected);
    }
}
