//! `.xlsx` rosters: one sheet of a workbook read into rows of text cells
//! (calamine; cargo feature `xlsx`).
//!
//! An `.xlsx` file is a zip archive of XML files, so a hostile one can be
//! small on disk and huge unpacked. Before calamine opens it, the zip
//! directory is read here and the archive refused when it declares more than
//! [`limits::MAX_XLSX_UNPACKED_BYTES`] unpacked or more than
//! [`limits::MAX_XLSX_ENTRIES`] files (the zip reader never unpacks more
//! than an entry declares). The sheet is then streamed cell by cell, never
//! as one dense rectangle (a single cell at `XFD1048576` would make that 17
//! billion cells), and at most [`limits::MAX_XLSX_CELLS`] non-empty cells
//! are kept.
//!
//! Cells become text the way a person reads them: whole numbers without a
//! fraction (`1001`, not `1001.0`, so numeric staff numbers work as ids),
//! other numbers in their shortest form (`86.5`), dates as `YYYY-MM-DD` (so a
//! birth date gives the year), booleans as `true`/`false`.

use std::io::Cursor;

use calamine::{DataRef, Reader, SheetType, SheetVisible, Xlsx, XlsxError};

use crate::scenario::limits;
use crate::scenario::node::backticked;
use crate::scenario::suggest;

/// One sheet: its name and its non-empty rows, in row order.
#[derive(Debug)]
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// Rows with at least one non-empty cell, in row order.
    pub rows: Vec<Row>,
}

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
    check_archive(bytes)?;
    // calamine is a large parser of hostile input: a panic in it must not take
    // reorg down, so it is contained here and reported as a bad file.
    let result = std::panic::catch_unwind(|| read_unchecked(bytes, sheet));
    result.unwrap_or_else(|_| {
        Err(Problem::file(
            "the workbook could not be read (the .xlsx reader failed on it)",
            "open it in Excel and save it again as .xlsx, or save the sheet as CSV UTF-8",
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
    // Sheets list cells in order; a hand-made one need not. Stable, so the
    // first of two cells claiming one position wins.
    found.sort_by_key(|&(row, column, _)| (row, column));
    found.dedup_by_key(|&mut (row, column, _)| (row, column));
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
    Ok(Sheet { name, rows })
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

// ---------------------------------------------------------------------------
// The zip directory.

const END_OF_DIRECTORY: u32 = 0x0605_4b50;
const DIRECTORY_ENTRY: u32 = 0x0201_4b50;

/// Checks the sizes an archive's zip directory declares against the limits,
/// without unpacking anything.
pub fn check_archive(bytes: &[u8]) -> Result<(), Problem> {
    let not_zip = || {
        Problem::file(
            "it is not an .xlsx workbook (no zip directory found)",
            "save the roster from Excel as .xlsx (Excel Workbook), or as CSV UTF-8",
        )
    };
    let too_big = |what: String| {
        Problem::file(
            what,
            "a roster workbook is a few megabytes: save the sheet alone, or as CSV UTF-8",
        )
    };
    // The end-of-directory record is the last 22 bytes, or earlier when the
    // archive has a comment (at most 65,535 bytes).
    let last = bytes.len().checked_sub(22).ok_or_else(not_zip)?;
    let first = last.saturating_sub(65_535);
    let end = (first..=last)
        .rev()
        .find(|&at| u32_at(bytes, at) == Some(END_OF_DIRECTORY))
        .ok_or_else(not_zip)?;
    let entries = u16_at(bytes, end + 10).ok_or_else(not_zip)?;
    let offset = u32_at(bytes, end + 16).ok_or_else(not_zip)?;
    if entries == u16::MAX || offset == u32::MAX {
        // ZIP64: only archives of more than 65,535 files or 4 GiB need it.
        return Err(too_big(
            "it is a ZIP64 archive (over 65,535 files or 4 GiB)".into(),
        ));
    }
    if usize::from(entries) > limits::MAX_XLSX_ENTRIES {
        return Err(too_big(format!(
            "it holds {entries} files, over the limit of {}",
            limits::MAX_XLSX_ENTRIES
        )));
    }
    let mut at = offset as usize;
    let mut unpacked: u64 = 0;
    for _ in 0..entries {
        if u32_at(bytes, at) != Some(DIRECTORY_ENTRY) {
            return Err(Problem::file(
                "its zip directory is damaged",
                "open it in Excel and save it again, or save the sheet as CSV UTF-8",
            ));
        }
        let size = u32_at(bytes, at + 24).ok_or_else(not_zip)?;
        let name = u16_at(bytes, at + 28).ok_or_else(not_zip)?;
        let extra = u16_at(bytes, at + 30).ok_or_else(not_zip)?;
        let comment = u16_at(bytes, at + 32).ok_or_else(not_zip)?;
        let member = bytes
            .get(at + 46..at + 46 + usize::from(name))
            .map(String::from_utf8_lossy)
            .unwrap_or_default();
        if size == u32::MAX {
            return Err(too_big(format!(
                "`{member}` in it is 4 GiB or more unpacked (ZIP64)"
            )));
        }
        if u64::from(size) > limits::MAX_XLSX_UNPACKED_BYTES {
            return Err(too_big(format!(
                "`{member}` in it unpacks to {size} bytes, over the limit of {}",
                limits::MAX_XLSX_UNPACKED_BYTES
            )));
        }
        if member.to_ascii_lowercase().ends_with("sharedstrings.xml") {
            let method = u16_at(bytes, at + 10).ok_or_else(not_zip)?;
            let packed = u32_at(bytes, at + 20).ok_or_else(not_zip)?;
            let local = u32_at(bytes, at + 42).ok_or_else(not_zip)?;
            check_shared_strings(bytes, &member, method, packed, local)?;
        }
        unpacked += u64::from(size);
        at += 46 + usize::from(name) + usize::from(extra) + usize::from(comment);
    }
    if unpacked > limits::MAX_XLSX_UNPACKED_BYTES {
        return Err(too_big(format!(
            "it unpacks to {unpacked} bytes, over the limit of {}",
            limits::MAX_XLSX_UNPACKED_BYTES
        )));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// The shared-string table's declared size.

/// How much of a shared-string table is unpacked to find its root tag.
const SHARED_STRINGS_HEAD: usize = 64 * 1024;

/// calamine sizes its shared-string table from the `uniqueCount` the file
/// declares, before reading a string: `uniqueCount="1000000000000"` in a 2 KB
/// file makes it ask for 24 TB and aborts the process (no panic to catch). So
/// the head of every shared-string table is unpacked here (64 KiB at most)
/// and its declaration checked against [`limits::MAX_XLSX_SHARED_STRINGS`].
fn check_shared_strings(
    bytes: &[u8],
    member: &str,
    method: u16,
    packed: u32,
    local: u32,
) -> Result<(), Problem> {
    let damaged = || {
        Problem::file(
            format!("its shared-string table `{member}` is damaged"),
            "open it in Excel and save it again, or save the sheet as CSV UTF-8",
        )
    };
    let local = local as usize;
    if u32_at(bytes, local) != Some(0x0403_4b50) {
        return Err(damaged());
    }
    let name = u16_at(bytes, local + 26).ok_or_else(damaged)?;
    let extra = u16_at(bytes, local + 28).ok_or_else(damaged)?;
    let start = local + 30 + usize::from(name) + usize::from(extra);
    let end = start.saturating_add(packed as usize).min(bytes.len());
    let data = bytes.get(start..end).ok_or_else(damaged)?;
    let head = match method {
        0 => data[..data.len().min(SHARED_STRINGS_HEAD)].to_vec(),
        8 => inflate(data, SHARED_STRINGS_HEAD).ok_or_else(damaged)?,
        _ => return Err(damaged()),
    };
    match declared_unique_count(&head) {
        Declared::Count(count) if count > limits::MAX_XLSX_SHARED_STRINGS => Err(Problem::file(
            format!(
                "its shared-string table declares {count} strings, over the limit of {}",
                limits::MAX_XLSX_SHARED_STRINGS
            ),
            "a roster has at most a few million distinct texts: save the sheet again, or as CSV UTF-8",
        )),
        Declared::Count(_) | Declared::Unreadable => Ok(()),
        Declared::NoRoot => Err(damaged()),
    }
}

/// What the root tag of a shared-string table declares.
#[derive(Debug, PartialEq, Eq)]
enum Declared {
    /// `uniqueCount` as calamine reads it (digits, leading zeros skipped),
    /// saturating at `u64::MAX`.
    Count(u64),
    /// No `uniqueCount`, or one calamine does not read as a number (so it sizes nothing).
    Unreadable,
    /// The head holds no `sst` root element where calamine would find it.
    NoRoot,
}

/// Finds the first element of an XML text (after its declaration, comments
/// and processing instructions): it must be `sst` (any prefix), and its
/// `uniqueCount` attribute is returned.
fn declared_unique_count(head: &[u8]) -> Declared {
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let mut at = 0;
    loop {
        while text.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        let rest = &text[at.min(text.len())..];
        let skip_to = |end: &[u8]| find(rest, end).map(|i| at + i + end.len());
        let next = if rest.starts_with(b"<?") {
            skip_to(b"?>")
        } else if rest.starts_with(b"<!--") {
            skip_to(b"-->")
        } else if rest.starts_with(b"<!") {
            skip_to(b">")
        } else if rest.starts_with(b"<") {
            return root_tag(rest);
        } else {
            return Declared::NoRoot;
        };
        match next {
            Some(next) => at = next,
            None => return Declared::NoRoot,
        }
    }
}

/// The `uniqueCount` of the start tag `tag` begins with, when it is an `sst` tag.
fn root_tag(tag: &[u8]) -> Declared {
    let Some(end) = tag.iter().position(|&b| b == b'>') else {
        return Declared::NoRoot;
    };
    let tag = &tag[1..end];
    let name_len = tag
        .iter()
        .position(|b| b.is_ascii_whitespace() || *b == b'/')
        .unwrap_or(tag.len());
    let name = &tag[..name_len];
    let local = name.rsplit(|&b| b == b':').next().unwrap_or(name);
    if local != b"sst" {
        return Declared::NoRoot;
    }
    let mut rest = &tag[name_len..];
    // Attributes: name = "value" or name = 'value'.
    loop {
        let trimmed = rest.trim_ascii_start();
        let Some(eq) = trimmed.iter().position(|&b| b == b'=') else {
            return Declared::Unreadable;
        };
        let key = trimmed[..eq].trim_ascii();
        let after = trimmed[eq + 1..].trim_ascii_start();
        let Some(&quote) = after.first().filter(|q| **q == b'"' || **q == b'\'') else {
            return Declared::Unreadable;
        };
        let Some(close) = after[1..].iter().position(|&b| b == quote) else {
            return Declared::Unreadable;
        };
        let value = &after[1..1 + close];
        if key == b"uniqueCount" {
            if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
                return Declared::Unreadable;
            }
            let count = value.iter().fold(0u64, |n, d| {
                n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
            });
            return Declared::Count(count);
        }
        rest = &after[close + 2..];
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

// ---------------------------------------------------------------------------
// Inflate (RFC 1951), only as far as a table's head.

/// Inflates a raw deflate stream until it ends or `limit` bytes are out;
/// `None` when the stream is malformed. (flate2 is already here as the zip
/// reader's decompressor.)
fn inflate(data: &[u8], limit: usize) -> Option<Vec<u8>> {
    use std::io::Read;
    if data.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    match flate2::read::DeflateDecoder::new(data)
        .take(limit as u64)
        .read_to_end(&mut out)
    {
        Ok(_) => Some(out),
        // A stream cut short still gives what it decoded, like a truncated file.
        Err(_) if !out.is_empty() => Some(out),
        Err(_) => None,
    }
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
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

    /// The 600 bytes deflated into `DYNAMIC` by Python's zlib (level 9).
    fn lcg_text() -> Vec<u8> {
        let alphabet = b"eeeeeeeetttttaaaoooinshrdlu<>/ ";
        let mut state: u64 = 12345;
        (0..600)
            .map(|_| {
                state = (state * 1_103_515_245 + 12_345) % (1 << 31);
                alphabet[((state >> 16) as usize) % alphabet.len()]
            })
            .collect()
    }

    const DYNAMIC: [u8; 326] = [
        29, 82, 139, 9, 197, 32, 12, 92, 165, 27, 100, 1, 113, 151, 128, 7, 10, 193, 128, 158, 251,
        191, 203, 235, 143, 182, 49, 247, 139, 9, 127, 200, 0, 115, 231, 192, 5, 230, 132, 14, 142,
        55, 176, 18, 233, 19, 9, 12, 178, 129, 216, 206, 145, 62, 38, 168, 6, 38, 151, 234, 227,
        46, 34, 55, 1, 221, 183, 235, 221, 137, 83, 77, 174, 79, 107, 126, 166, 119, 52, 166, 99,
        237, 150, 11, 55, 112, 12, 39, 90, 124, 13, 190, 245, 63, 177, 197, 40, 24, 61, 95, 242,
        130, 30, 46, 58, 138, 128, 9, 54, 85, 72, 10, 239, 70, 231, 231, 204, 249, 230, 236, 64,
        236, 20, 208, 78, 178, 214, 55, 245, 27, 109, 75, 252, 39, 45, 58, 207, 202, 79, 20, 205,
        163, 160, 68, 33, 105, 81, 6, 153, 137, 133, 192, 52, 195, 34, 205, 213, 42, 20, 131, 69,
        59, 130, 247, 162, 244, 131, 254, 215, 68, 153, 42, 188, 62, 146, 207, 14, 199, 118, 35, 4,
        138, 239, 47, 158, 85, 213, 202, 1, 136, 78, 17, 238, 139, 92, 205, 247, 58, 104, 31, 14,
        125, 10, 161, 140, 141, 121, 228, 215, 222, 228, 84, 184, 244, 18, 244, 178, 81, 245, 241,
        143, 83, 116, 10, 90, 147, 80, 215, 120, 202, 127, 218, 204, 118, 61, 103, 158, 204, 139,
        147, 239, 34, 42, 74, 247, 74, 236, 202, 174, 48, 240, 212, 240, 237, 231, 162, 95, 79,
        218, 122, 116, 68, 121, 200, 202, 158, 156, 114, 99, 154, 243, 221, 99, 72, 203, 83, 35,
        226, 249, 39, 77, 221, 77, 81, 176, 12, 194, 63, 37, 255, 73, 3, 63, 89, 150, 123, 141,
        186, 107, 234, 161, 141, 161, 11, 215, 45, 75, 35, 210, 78, 153, 119, 68, 125, 118, 116,
        57, 214, 46, 114, 87, 20, 246, 16, 246, 3,
    ];

    #[test]
    fn inflates_what_zlib_deflated() {
        // Stored, fixed-Huffman and dynamic-Huffman blocks, made by Python's zlib.
        let stored = [
            1, 21, 0, 234, 255, 60, 115, 115, 116, 32, 117, 110, 105, 113, 117, 101, 67, 111, 117,
            110, 116, 61, 34, 51, 34, 62,
        ];
        assert_eq!(inflate(&stored, 1000).unwrap(), b"<sst uniqueCount=\"3\">");
        let fixed = [
            179, 41, 46, 46, 81, 168, 200, 205, 201, 43, 182, 85, 170, 80, 82, 72, 206, 47, 205,
            43, 177, 85, 50, 87, 82, 40, 205, 203, 44, 44, 77, 117, 134, 240, 77, 149, 236, 108,
            138, 51, 237, 108, 74, 236, 18, 109, 244, 75, 236, 108, 244, 129, 28, 0,
        ];
        assert_eq!(
            inflate(&fixed, 1000).unwrap(),
            b"<sst xmlns=\"x\" count=\"7\" uniqueCount=\"5\"><si><t>a</t></si>"
        );
        assert_eq!(inflate(&DYNAMIC, 1000).unwrap(), lcg_text());
        // Only as far as asked.
        assert_eq!(inflate(&DYNAMIC, 100).unwrap(), &lcg_text()[..100]);
    }

    #[test]
    fn malformed_streams_are_none_not_panics() {
        assert_eq!(inflate(&[], 100), None);
        assert_eq!(inflate(&[0xff; 64], 100), None);
        // A stored block whose length and its complement disagree.
        assert_eq!(inflate(&[1, 5, 0, 5, 0], 100), None);
        // Every prefix of a valid stream ends early rather than panicking, and
        // what it gives is a true prefix of the text.
        let text = lcg_text();
        for end in 0..DYNAMIC.len() {
            if let Some(out) = inflate(&DYNAMIC[..end], 1000) {
                assert!(text.starts_with(&out), "prefix {end} decoded wrongly");
            }
        }
        // Single-byte changes of a valid stream.
        for at in 0..DYNAMIC.len() {
            let mut bad = DYNAMIC;
            bad[at] ^= 0x5a;
            let _ = inflate(&bad, 1000);
        }
    }

    #[test]
    fn the_root_tag_declares_the_count() {
        let decl = |text: &str| declared_unique_count(text.as_bytes());
        assert_eq!(
            decl("<?xml version=\"1.0\"?>\n<sst xmlns=\"m\" count=\"9\" uniqueCount=\"7\">"),
            Declared::Count(7)
        );
        assert_eq!(decl("<x:sst uniqueCount='0042'>"), Declared::Count(42));
        assert_eq!(
            decl("<!-- <sst uniqueCount=\"1\"> --><sst uniqueCount=\"99999999999999999999999\">"),
            Declared::Count(u64::MAX)
        );
        assert_eq!(decl("<sst count=\"3\">"), Declared::Unreadable);
        assert_eq!(decl("<sst uniqueCount=\"+5\">"), Declared::Unreadable);
        assert_eq!(decl("<sst uniqueCount=\"1e9\">"), Declared::Unreadable);
        assert_eq!(decl("<other><sst uniqueCount=\"1\">"), Declared::NoRoot);
        assert_eq!(decl("<sst uniqueCount=\"1\""), Declared::NoRoot);
        assert_eq!(decl("junk"), Declared::NoRoot);
        assert_eq!(decl("<!-- never closed"), Declared::NoRoot);
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
