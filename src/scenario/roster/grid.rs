//! A worksheet's cell references checked against Excel's grid before
//! calamine reads its cells.
//!
//! calamine turns a cell reference into a `u32` row without overflow checks:
//! `A4294967298` panics in a build with overflow checks and wraps to row 2 in
//! a release build, where it lands on the person already in row 2 and one of
//! them is lost. A row past Excel's 1,048,576 cannot come from Excel at all.
//! So the sheet's XML is streamed once here, each `<row r>` and `<c r>` read
//! the way calamine reads them (a cell without `r` follows the one before
//! it, a row without `r` the row before it), and the first reference that is
//! not a cell name, or falls outside A1:XFD1048576, refuses the workbook,
//! named by sheet and cell. Two cells at one address are found later, from
//! calamine's positions (`xlsx`).
//!
//! The sheet's part is found as calamine finds it: the package's
//! officeDocument relationship names the workbook, the workbook's
//! relationships name each sheet's part, and part names are matched without
//! regard to case or `\`. A workbook whose parts cannot be found this way is
//! left for calamine to refuse.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Cursor, Read, Seek};

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use zip::ZipArchive;

/// Excel's last row, 1-based.
pub const EXCEL_ROWS: u64 = 1_048_576;
/// Excel's last column (`XFD`), 1-based.
pub const EXCEL_COLUMNS: u64 = 16_384;

/// The first reference in a sheet that is not a cell of Excel's grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OffGrid {
    /// A reference that is not a cell name (`1A`, `A0`, `A`).
    Malformed(String),
    /// A row past [`EXCEL_ROWS`]: where (`cell A1048577`, `row 4294967298`),
    /// by the reference as written or the cell a cell without one falls on.
    RowPast(String),
    /// A column past `XFD`: where (`cell XFE1`).
    ColumnPast(String),
}

impl OffGrid {
    /// The damage, for "the workbook is damaged: ...".
    pub fn describe(&self, sheet: &str) -> String {
        match self {
            OffGrid::Malformed(reference) => {
                format!("`{reference}` in sheet `{sheet}` is not a cell name")
            }
            OffGrid::RowPast(place) => {
                format!("{place} of sheet `{sheet}` is past Excel's last row, {EXCEL_ROWS}")
            }
            OffGrid::ColumnPast(place) => {
                format!("{place} of sheet `{sheet}` is past Excel's last column, XFD")
            }
        }
    }
}

/// A range of merged cells: first and last (row, column), 0-based.
pub type Merged = ((u32, u32), (u32, u32));

/// How many merged ranges are kept: they only feed hints.
const MAX_MERGED: usize = 100_000;

/// Checks every row and cell reference of the worksheet `sheet`, and
/// returns its merged ranges (`<mergeCell ref="B2:B4">`, those on the grid).
/// `Ok` also when the sheet's part cannot be found or read: calamine then
/// reports the workbook as damaged itself.
pub fn check(bytes: &[u8], sheet: &str) -> Result<Vec<Merged>, OffGrid> {
    let Ok(mut zip) = ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(Vec::new());
    };
    let parts: HashMap<String, String> = zip
        .file_names()
        .filter_map(Result::ok)
        .map(|name| {
            (
                name.replace('\\', "/").to_ascii_lowercase(),
                name.to_string(),
            )
        })
        .collect();
    match sheet_part(&mut zip, &parts, sheet) {
        Some(path) => match open(&mut zip, &parts, &path) {
            Some(mut xml) => {
                scan(&mut xml)?;
                Ok(merged(&mut xml))
            }
            None => Ok(Vec::new()),
        },
        None => Ok(Vec::new()),
    }
}

/// An XML reader over one part of the archive, configured as calamine's.
fn open<'z, R: Read + Seek>(
    zip: &'z mut ZipArchive<R>,
    parts: &HashMap<String, String>,
    path: &str,
) -> Option<Reader<BufReader<zip::read::ZipFile<'z, R>>>> {
    let name = parts
        .get(&path.to_ascii_lowercase())
        .map_or(path, String::as_str);
    let file = zip.by_name(name).ok()?;
    let mut reader = Reader::from_reader(BufReader::new(file));
    let config = reader.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    Some(reader)
}

/// An attribute's value by local name, unescaped.
fn attribute(element: &BytesStart<'_>, local: &str) -> Option<String> {
    element
        .attributes()
        .with_checks(false)
        .filter_map(Result::ok)
        .find(|a| a.key.local_name().as_ref() == local)
        .map(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .map_or_else(|_| a.value.to_string(), |v| v.into_owned())
        })
}

/// The start tags named `local` in a part, each as its attributes asked for.
fn elements<B: BufRead>(
    xml: &mut Reader<B>,
    local: &str,
    keys: &[&str],
) -> Vec<Vec<Option<String>>> {
    let mut found = Vec::new();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == local => {
                found.push(keys.iter().map(|k| attribute(&e, k)).collect());
            }
            Ok(Event::Eof) | Err(_) => return found,
            _ => {}
        }
    }
}

/// The part holding worksheet `sheet`, found as calamine finds it.
fn sheet_part<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    parts: &HashMap<String, String>,
    sheet: &str,
) -> Option<String> {
    let document = {
        let mut xml = open(zip, parts, "_rels/.rels")?;
        elements(&mut xml, "Relationship", &["Type", "Target"])
            .into_iter()
            .find(|r| {
                r[0].as_deref()
                    .is_some_and(|t| t.ends_with("/relationships/officeDocument"))
            })
            .and_then(|r| r[1].clone())?
    };
    let (dir, name) = match document.rfind('/') {
        Some(i) => document.split_at(i + 1),
        None => ("", document.as_str()),
    };
    let dir = dir.strip_prefix('/').unwrap_or(dir).to_string();
    let name = if name.is_empty() {
        "workbook.xml"
    } else {
        name
    };
    let targets: HashMap<String, String> = {
        let mut xml = open(zip, parts, &format!("{dir}_rels/{name}.rels"))?;
        elements(&mut xml, "Relationship", &["Id", "Target"])
            .into_iter()
            .filter_map(|r| Some((r[0].clone()?, r[1].clone().unwrap_or_default())))
            .collect()
    };
    let id = {
        let mut xml = open(zip, parts, &format!("{dir}{name}"))?;
        elements(&mut xml, "sheet", &["name", "id"])
            .into_iter()
            .find(|s| s[0].as_deref() == Some(sheet))
            .and_then(|s| s[1].clone())?
    };
    let target = targets.get(&id)?;
    Some(match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("{dir}{target}"),
    })
}

/// Streams a worksheet's `sheetData`, following row and cell positions as
/// calamine does, and stops at the first one off the grid.
fn scan<B: BufRead>(xml: &mut Reader<B>) -> Result<(), OffGrid> {
    // 0-based, as calamine keeps them; u64 so that nothing here wraps.
    let mut row: u64 = 0;
    let mut column: u64 = 0;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "row" => {
                if let Some(r) = attribute(&e, "r") {
                    let (_, number) = parse(&r).ok_or_else(|| OffGrid::Malformed(shown(&r)))?;
                    if number > EXCEL_ROWS {
                        return Err(OffGrid::RowPast(format!("row {}", shown(&r))));
                    }
                    row = number - 1;
                }
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "row" => {
                row += 1;
                column = 0;
            }
            Ok(Event::Start(e)) if e.local_name().as_ref() == "c" => {
                let (at_row, at_column) = match attribute(&e, "r") {
                    Some(r) => match parse(&r) {
                        Some((letters, number)) if letters > 0 => {
                            if number > EXCEL_ROWS {
                                return Err(OffGrid::RowPast(format!("cell {}", shown(&r))));
                            }
                            if letters > EXCEL_COLUMNS {
                                return Err(OffGrid::ColumnPast(format!("cell {}", shown(&r))));
                            }
                            (number - 1, letters - 1)
                        }
                        _ => return Err(OffGrid::Malformed(shown(&r))),
                    },
                    None => (row, column),
                };
                let name = || format!("cell {}{}", letters(at_column), at_row + 1);
                if at_row >= EXCEL_ROWS {
                    return Err(OffGrid::RowPast(name()));
                }
                if at_column >= EXCEL_COLUMNS {
                    return Err(OffGrid::ColumnPast(name()));
                }
                column = at_column + 1;
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "sheetData" => return Ok(()),
            Ok(Event::Eof) | Err(_) => return Ok(()),
            _ => {}
        }
    }
}

/// The merged ranges after `sheetData`, as far as they can be read.
fn merged<B: BufRead>(xml: &mut Reader<B>) -> Vec<Merged> {
    let mut found = Vec::new();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "mergeCell" => {
                let range = attribute(&e, "ref").and_then(|r| {
                    let (first, last) = r.split_once(':')?;
                    let cell = |text: &str| {
                        let (column, row) = parse(text)?;
                        (column > 0 && column <= EXCEL_COLUMNS && row <= EXCEL_ROWS)
                            .then(|| ((row - 1) as u32, (column - 1) as u32))
                    };
                    Some((cell(first)?, cell(last)?))
                });
                if let Some(range) = range {
                    found.push(range);
                    if found.len() >= MAX_MERGED {
                        return found;
                    }
                }
            }
            Ok(Event::Eof) | Err(_) => return found,
            _ => {}
        }
    }
}

/// A reference's column (1-based, 0 for none) and row (1-based), as
/// calamine reads `[A-Za-z]*[0-9]+`; saturating, so a long one is past the
/// grid rather than wrapped. `None` for anything else, or row 0.
fn parse(reference: &str) -> Option<(u64, u64)> {
    let bytes = reference.as_bytes();
    let split = bytes
        .iter()
        .position(|b| !b.is_ascii_alphabetic())
        .unwrap_or(bytes.len());
    let (head, digits) = bytes.split_at(split);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let column = head.iter().fold(0u64, |n, b| {
        n.saturating_mul(26)
            .saturating_add(u64::from(b.to_ascii_uppercase() - b'A' + 1))
    });
    let row = digits.iter().fold(0u64, |n, d| {
        n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    });
    (row > 0).then_some((column, row))
}

/// A 0-based column's letters.
fn letters(column: u64) -> String {
    let mut n = column + 1;
    let mut out = Vec::new();
    while n > 0 {
        out.push(char::from(b'A' + ((n - 1) % 26) as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// A reference as it may be shown: 24 characters at most, controls as `?`.
fn shown(reference: &str) -> String {
    let mut out: String = reference
        .chars()
        .take(24)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    if reference.chars().count() > 24 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_read_as_calamine_reads_them_without_wrapping() {
        assert_eq!(parse("A1"), Some((1, 1)));
        assert_eq!(parse("xfd1048576"), Some((16_384, 1_048_576)));
        assert_eq!(parse("7"), Some((0, 7)));
        // 2^32 + 2: calamine's u32 wraps it to row 2.
        assert_eq!(parse("A4294967298"), Some((1, 4_294_967_298)));
        assert_eq!(parse("AAAAAAAAAAAAAAAAAAAA1").map(|p| p.0), Some(u64::MAX));
        for bad in ["", "A", "A0", "1A", "A-1", "A 1", "Ä1"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn rows_and_cells_without_references_follow_the_ones_before() {
        let scan_text = |xml: &str| {
            let mut reader = Reader::from_str(xml);
            reader.config_mut().expand_empty_elements = true;
            scan(&mut reader)
        };
        let ok = "<sheetData><row r=\"1048576\"><c r=\"XFD1048576\"/></row></sheetData>";
        assert_eq!(scan_text(ok), Ok(()));
        // A row without `r` after row 1,048,576 is row 1,048,577.
        let implicit = "<sheetData><row r=\"1048576\"></row><row><c><v>1</v></c></row></sheetData>";
        assert_eq!(
            scan_text(implicit),
            Err(OffGrid::RowPast("cell A1048577".into()))
        );
        let next = "<sheetData><row r=\"1\"><c r=\"XFD1\"/><c/></row></sheetData>";
        assert_eq!(
            scan_text(next),
            Err(OffGrid::ColumnPast("cell XFE1".into()))
        );
        let row = "<sheetData><row r=\"4294967298\"></row></sheetData>";
        assert_eq!(
            scan_text(row),
            Err(OffGrid::RowPast("row 4294967298".into()))
        );
        let bad = "<sheetData><row><c r=\"2B\"></c></row></sheetData>";
        assert_eq!(scan_text(bad), Err(OffGrid::Malformed("2B".into())));
    }
}
