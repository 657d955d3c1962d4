//! `.xlsx` rosters: one sheet of a workbook read into rows of text cells
//! (calamine; cargo feature `xlsx`).
//!
//! Before calamine opens a workbook, `archive` checks what its zip directory
//! and shared-string tables declare against the limits. The sheet is then
//! streamed cell by cell, never as one dense rectangle (a single cell at
//! `XFD1048576` would make that 17 billion cells), and at most
//! [`limits::MAX_XLSX_CELLS`] non-empty cells are kept.
//!
//! Cells become text the way a person reads them: whole numbers without a
//! fraction (`1001`, not `1001.0`, so numeric staff numbers work as ids),
//! other numbers in their shortest form (`86.5`), dates as `YYYY-MM-DD` (so a
//! birth date gives the year), booleans as `true`/`false`.

use std::io::Cursor;

use calamine::{DataRef, Reader, SheetType, SheetVisible, Xlsx, XlsxError};

use crate::scenario::limits;
use crate::scenario::node::backticked;
use crate::scenario::roster::{archive, grid};
use crate::scenario::suggest;

/// One sheet: its name and its non-empty rows, in row order.
#[derive(Debug)]
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// Rows with at least one non-empty cell, in row order.
    pub rows: Vec<Row>,
    /// When no sheet was asked for: the workbook's other worksheets, each
    /// with the texts of its first rows, so that a column missing from the
    /// first sheet can be found on another (the `sheet` hint).
    pub others: Vec<(String, Vec<String>)>,
    /// Its merged ranges: first and last (row, column), 0-based.
    pub merged: Vec<grid::Merged>,
}

/// How many other worksheets are looked at for the `sheet` hint, and how
/// many rows and cells of each: a header sits in the first rows.
const OTHER_SHEETS: usize = 12;
const OTHER_ROWS: u32 = 30;
const OTHER_CELLS: usize = 2_000;

/// A non-empty row of a sheet.
#[derive(Debug)]
pub struct Row {
    /// Row number, 1-based as the spreadsheet shows it.
    pub number: u32,
    /// (0-based column, text) of each non-empty cell, by column.
    pub cells: Vec<(u32, String)>,
}

/// Why a workbook could not be read.
#[derive(Debug)]
pub struct Problem {
    /// What is wrong, for "cannot read roster `x.xlsx`: ...".
    pub why: String,
    /// What to do.
    pub hint: String,
    /// Whether the scenario's `sheet` (rather than `file`) is at fault.
    pub place: Place,
}

/// Which key of `[roster]` a [`Problem`] is pointed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// `file`: the workbook as a whole.
    File,
    /// `sheet`: the sheet asked for.
    Sheet,
}

impl Problem {
    fn file(why: impl Into<String>, hint: impl Into<String>) -> Problem {
        Problem {
            why: why.into(),
            hint: hint.into(),
            place: Place::File,
        }
    }
}

/// Reads one sheet of an `.xlsx` workbook: `sheet`, or the first visible worksheet.
pub fn read(bytes: &[u8], sheet: Option<&str>) -> Result<Sheet, Problem> {
    // The zip reader and calamine are large parsers of hostile input: a panic
    // in them must not take reorg down, so it is contained here and reported
    // as a bad file.
    let result = std::panic::catch_unwind(|| {
        archive::check(bytes)
            .map_err(|refusal| Problem::file(refusal.to_string(), refusal.hint()))?;
        read_unchecked(bytes, sheet)
    });
    result.unwrap_or_else(|_| {
        Err(Problem::file(
            "the workbook could not be read (the .xlsx reader failed on it)",
            "open it in Excel and save it again, or save the sheet as CSV UTF-8",
        ))
    })
}

fn read_unchecked(bytes: &[u8], wanted: Option<&str>) -> Result<Sheet, Problem> {
    let mut book: Xlsx<Cursor<&[u8]>> = Xlsx::new(Cursor::new(bytes)).map_err(workbook_error)?;
    let sheets = book.sheets_metadata().to_vec();
    let worksheets: Vec<&calamine::Sheet> = sheets
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .collect();
    let name = match wanted {
        Some(wanted) => match sheets.iter().find(|s| s.name == wanted) {
            Some(sheet) if sheet.typ == SheetType::WorkSheet => sheet.name.clone(),
            Some(_) => {
                return Err(Problem {
                    why: format!("sheet `{wanted}` is not a worksheet (a chart or macro sheet)"),
                    hint: format!("its worksheets are: {}", names(&worksheets)),
                    place: Place::Sheet,
                });
            }
            None => {
                let hint =
                    match suggest::nearest(wanted, worksheets.iter().map(|s| s.name.as_str())) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => format!("its sheets are: {}", names(&worksheets)),
                    };
                return Err(Problem {
                    why: format!("the workbook has no sheet `{wanted}`"),
                    hint,
                    place: Place::Sheet,
                });
            }
        },
        None => worksheets
            .iter()
            .find(|s| s.visible == SheetVisible::Visible)
            .or(worksheets.first())
            .map(|s| s.name.clone())
            .ok_or_else(|| {
                Problem::file(
                    "the workbook has no worksheet",
                    "save the roster as a workbook with the people on its first sheet",
                )
            })?,
    };
    // References are checked before calamine reads them: it wraps a row past
    // 2^32 onto another person's row (`grid`).
    let merged = grid::check(bytes, &name).map_err(|off| {
        Problem::file(
            format!("the workbook is damaged: {}", off.describe(&name)),
            DAMAGED_HINT,
        )
    })?;
    let others = if wanted.is_none() {
        let names: Vec<String> = worksheets
            .iter()
            .map(|s| s.name.clone())
            .filter(|n| *n != name)
            .take(OTHER_SHEETS)
            .collect();
        names
            .into_iter()
            .filter_map(|other| {
                let texts = head_texts(&mut book, &other)?;
                Some((other, texts))
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut cells = book.worksheet_cells_reader(&name).map_err(workbook_error)?;
    let mut found: Vec<(u32, u32, String)> = Vec::new();
    while let Some(cell) = cells.next_cell().map_err(workbook_error)? {
        let text = cell_text(cell.get_value());
        if text.trim().is_empty() {
            continue;
        }
        if found.len() >= limits::MAX_XLSX_CELLS {
            return Err(Problem::file(
                format!(
                    "sheet `{name}` has more than {} non-empty cells",
                    limits::MAX_XLSX_CELLS
                ),
                "split the reform into several scenarios, or delete the columns reorg does not read",
            ));
        }
        let (row, column) = cell.get_position();
        found.push((row, column, text));
    }
    // Sheets list cells in order; a hand-made one need not. Two cells
    // claiming one address (a row written twice, a cell reference repeated)
    // would leave one of them unread: the workbook is refused at the first.
    found.sort_by_key(|&(row, column, _)| (row, column));
    if let Some(pair) = found
        .windows(2)
        .find(|pair| (pair[0].0, pair[0].1) == (pair[1].0, pair[1].1))
    {
        let (row, column, _) = &pair[0];
        return Err(Problem::file(
            format!(
                "the workbook is damaged: two cells of sheet `{name}` claim cell {}{} (a row or cell written twice)",
                sheet_column_name(*column),
                u64::from(*row) + 1
            ),
            DAMAGED_HINT,
        ));
    }
    let mut rows: Vec<Row> = Vec::new();
    for (row, column, text) in found {
        let number = row.saturating_add(1);
        match rows.last_mut() {
            Some(last) if last.number == number => last.cells.push((column, text)),
            _ => rows.push(Row {
                number,
                cells: vec![(column, text)],
            }),
        }
    }
    Ok(Sheet {
        name,
        rows,
        others,
        merged,
    })
}

/// The texts of the first rows of another worksheet, for a hint only:
/// `None` when it cannot be read (a damaged sheet the roster does not use
/// must not refuse the workbook, nor a panic in calamine end the read).
/// Only its first rows are unpacked; its references are not checked
/// (`grid`), since nobody is read from it.
fn head_texts(book: &mut Xlsx<Cursor<&[u8]>>, sheet: &str) -> Option<Vec<String>> {
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut cells = book.worksheet_cells_reader(sheet).ok()?;
        let mut texts: Vec<String> = Vec::new();
        let mut first: Option<u32> = None;
        while let Ok(Some(cell)) = cells.next_cell() {
            let (row, _) = cell.get_position();
            let first = *first.get_or_insert(row);
            if row.saturating_sub(first) >= OTHER_ROWS || texts.len() >= OTHER_CELLS {
                break;
            }
            let text = cell_text(cell.get_value()).trim().to_string();
            if !text.is_empty() {
                texts.push(text);
            }
        }
        Some(texts)
    }));
    read.ok().flatten()
}

/// What to do with a workbook whose sheet is damaged.
const DAMAGED_HINT: &str = "open it in Excel and save it again (Excel repairs it or shows the damage), or save the sheet as CSV UTF-8";

/// A 0-based column's letters (`0` → `A`).
fn sheet_column_name(column: u32) -> String {
    let mut n = u64::from(column) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        letters.push(char::from(b'A' + ((n - 1) % 26) as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// Backticked sheet names, up to 12.
fn names(sheets: &[&calamine::Sheet]) -> String {
    let shown: Vec<&str> = sheets.iter().take(12).map(|s| s.name.as_str()).collect();
    if shown.is_empty() {
        "none".to_string()
    } else {
        backticked(&shown)
    }
}

fn workbook_error(err: XlsxError) -> Problem {
    match err {
        XlsxError::Password => Problem::file(
            "the workbook is password-protected",
            "save a copy without a password (Excel: File > Info > Protect Workbook)",
        ),
        XlsxError::Zip(_) | XlsxError::Io(_) => Problem::file(
            "it is not an .xlsx workbook (not a readable zip archive)",
            "save the roster from Excel as .xlsx (Excel Workbook), or as CSV UTF-8",
        ),
        other => Problem::file(
            format!(
                "the workbook is damaged: {}",
                lowercase_first(other.to_string().trim_end_matches('.'))
            ),
            "open it in Excel and save it again, or save the sheet as CSV UTF-8",
        ),
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A cell as the text a person reads in it.
fn cell_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Empty => String::new(),
        DataRef::String(text) => text.clone(),
        DataRef::SharedString(text) => (*text).to_string(),
        DataRef::Int(n) => n.to_string(),
        DataRef::Float(x) => number_text(*x),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(date) if date.is_datetime() && date.as_f64().is_finite() => {
            let (year, month, day, ..) = date.to_ymd_hms_milli();
            format!("{year:04}-{month:02}-{day:02}")
        }
        DataRef::DateTime(duration) => number_text(duration.as_f64()),
        DataRef::DateTimeIso(text) | DataRef::DurationIso(text) => text.clone(),
        DataRef::Error(err) => err.to_string(),
    }
}

/// A number as text: whole numbers without a fraction (`1001.0` → `1001`:
/// staff numbers typed into Excel are numbers), others in their shortest form.
pub fn number_text(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(number_text(1001.0), "1001");
        assert_eq!(number_text(86.5), "86.5");
        assert_eq!(number_text(-3.0), "-3");
        assert_eq!(number_text(0.1), "0.1");
        assert_eq!(number_text(1e20), "100000000000000000000");
        assert_eq!(number_text(f64::NAN), "NaN");
    }

    #[test]
    fn non_archives_are_refused_without_panicking() {
        for bytes in [
            &b""[..],
            b"PK",
            b"id,name\n1,Li\n",
            b"PK\x05\x06\0\0\0\0\xff\xff\xff\xff\0\0\0\0\xff\xff\xff\xff\0\0",
        ] {
            assert!(read(bytes, None).is_err());
        }
    }
}
