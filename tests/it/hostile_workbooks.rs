//! Damaged `.xlsx` rosters (issue 18): workbooks no spreadsheet program
//! writes, zipped here by the tests from a few lines of XML, so that each
//! damage stands alone. Every one holds three people; none may come out as
//! two.

use std::io::{Cursor, Write};

use reorg::scenario::{Files, Input, Loaded, ScenarioError, load_input};
use zip::write::SimpleFileOptions;

/// A scenario with room for everyone; its roster is `r.xlsx`.
pub const SCENARIO: &str = r#"[scenario]
name = "t"

[[level]]
id = "staff"

[[before]]
id = "housing"

[[after]]
id = "works"
from = ["housing"]
posts = { staff = 5 }

[roster]
file = "r.xlsx"
"#;

/// A cell of inline text at `reference` (no reference when empty).
pub fn cell(reference: &str, text: &str) -> String {
    let r = if reference.is_empty() {
        String::new()
    } else {
        format!(" r=\"{reference}\"")
    };
    format!("<c{r} t=\"inlineStr\"><is><t>{text}</t></is></c>")
}

/// A row `r` (none when empty) of cells `A`, `B`, ... holding `values`, each
/// with its reference when `refs`.
pub fn row(r: &str, values: &[&str], refs: bool) -> String {
    let attr = if r.is_empty() {
        String::new()
    } else {
        format!(" r=\"{r}\"")
    };
    let cells: String = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let reference = if refs {
                format!("{}{r}", char::from(b'A' + i as u8))
            } else {
                String::new()
            };
            cell(&reference, v)
        })
        .collect();
    format!("<row{attr}>{cells}</row>")
}

/// The header row of the roster.
pub fn header() -> String {
    row("1", &["id", "unit", "level", "born", "score"], true)
}

/// A person's row `r`.
pub fn person(r: &str, id: &str) -> String {
    row(r, &[id, "housing", "staff", "1980", "50"], true)
}

/// A workbook of sheets (name, `sheetData` content, extra XML after
/// `sheetData`), zipped as Excel lays one out.
pub fn workbook(sheets: &[(&str, &str, &str)]) -> Vec<u8> {
    let mut files: Vec<(String, String)> = vec![
        (
            "[Content_Types].xml".into(),
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#.into(),
        ),
        (
            "_rels/.rels".into(),
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.into(),
        ),
    ];
    let mut book = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#,
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (i, (name, data, extra)) in sheets.iter().enumerate() {
        let n = i + 1;
        book.push_str(&format!(
            r#"<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>"#
        ));
        rels.push_str(&format!(
            r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#
        ));
        files.push((
            format!("xl/worksheets/sheet{n}.xml"),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{data}</sheetData>{extra}</worksheet>"#
            ),
        ));
    }
    book.push_str("</sheets></workbook>");
    rels.push_str("</Relationships>");
    files.push(("xl/workbook.xml".into(), book));
    files.push(("xl/_rels/workbook.xml.rels".into(), rels));
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, text) in files {
        writer
            .start_file(name, SimpleFileOptions::default())
            .unwrap();
        writer.write_all(text.as_bytes()).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// Loads `scenario` with `bytes` as its roster `r.xlsx`.
pub fn load(scenario: &str, bytes: Vec<u8>) -> Result<Loaded, ScenarioError> {
    load_input(
        &Input {
            name: "s.toml".into(),
            text: scenario.to_string(),
            files: Files::Memory(vec![("r.xlsx".to_string(), bytes)]),
        },
        &[],
    )
}

/// The one-line form of the first diagnostic, and its hint.
#[track_caller]
fn refused(sheet_data: &str) -> (String, Option<String>) {
    let bytes = workbook(&[("Staff", sheet_data, "")]);
    let err = load(SCENARIO, bytes).expect_err("a damaged workbook is refused");
    let first = &err.diagnostics()[0];
    (first.to_string(), first.hint.clone())
}

/// `file = "r.xlsx"` is line 16, its value from column 8.
const AT_FILE: &str = "s.toml:16:8: error: cannot read roster `r.xlsx`: the workbook is damaged: ";

#[test]
fn the_undamaged_workbook_holds_three_people() {
    let data = format!(
        "{}{}{}{}",
        header(),
        person("2", "a"),
        person("3", "b"),
        person("4", "c")
    );
    let loaded = load(SCENARIO, workbook(&[("Staff", &data, "")])).expect("valid");
    let ids: Vec<&str> = loaded
        .scenario
        .people
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(ids, ["a", "b", "c"]);
}

#[test]
fn a_row_written_twice_is_refused_at_its_first_cell() {
    // b's row claims row 2, a's: before, b was dropped (2 people, exit 0).
    let data = format!(
        "{}{}{}{}",
        header(),
        person("2", "a"),
        person("2", "b"),
        person("3", "c")
    );
    let (line, hint) = refused(&data);
    assert_eq!(
        line,
        format!("{AT_FILE}two cells of sheet `Staff` claim cell A2 (a row or cell written twice)")
    );
    assert!(hint.unwrap().contains("save it again"));
}

#[test]
fn a_cell_reference_repeated_is_refused_at_the_cell() {
    // Row 3 says it is row 3, but its score cell claims D2, a's birth year.
    let third = format!(
        "<row r=\"3\">{}{}{}{}{}</row>",
        cell("A3", "b"),
        cell("B3", "housing"),
        cell("C3", "staff"),
        cell("D2", "1981"),
        cell("E3", "50")
    );
    let data = format!(
        "{}{}{third}{}",
        header(),
        person("2", "a"),
        person("4", "c")
    );
    let (line, _) = refused(&data);
    assert_eq!(
        line,
        format!("{AT_FILE}two cells of sheet `Staff` claim cell D2 (a row or cell written twice)")
    );
}

#[test]
fn a_row_that_wraps_at_2_to_the_32_is_refused_not_put_on_row_2() {
    // 4294967298 = 2^32 + 2: calamine's u32 row wraps it onto a's row 2.
    let data = format!(
        "{}{}{}{}",
        header(),
        person("2", "a"),
        person("4294967298", "b"),
        person("3", "c")
    );
    let (line, _) = refused(&data);
    assert_eq!(
        line,
        format!("{AT_FILE}row 4294967298 of sheet `Staff` is past Excel's last row, 1048576")
    );
}

#[test]
fn a_cell_past_excels_last_row_is_refused() {
    // The row has no number; its cell says A1048577, one past Excel's grid.
    let last = format!(
        "<row>{}{}{}{}{}</row>",
        cell("A1048577", "c"),
        cell("B1048577", "housing"),
        cell("C1048577", "staff"),
        cell("D1048577", "1980"),
        cell("E1048577", "50")
    );
    let data = format!("{}{}{}{last}", header(), person("2", "a"), person("3", "b"));
    let (line, _) = refused(&data);
    assert_eq!(
        line,
        format!("{AT_FILE}cell A1048577 of sheet `Staff` is past Excel's last row, 1048576")
    );
}

#[test]
fn a_row_without_a_number_after_the_last_row_is_refused_at_its_first_cell() {
    // Rows without `r` follow the row before: this one is row 1,048,577.
    let data = format!(
        "{}{}{}{}",
        header(),
        person("2", "a"),
        person("1048576", "b"),
        row("", &["c", "housing", "staff", "1980", "50"], false)
    );
    let (line, _) = refused(&data);
    assert_eq!(
        line,
        format!("{AT_FILE}cell A1048577 of sheet `Staff` is past Excel's last row, 1048576")
    );
}

#[test]
fn a_cell_past_xfd_is_refused() {
    let data = format!(
        "{}{}{}<row r=\"4\">{}</row>",
        header(),
        person("2", "a"),
        person("3", "b"),
        cell("XFE4", "x")
    );
    let (line, _) = refused(&data);
    assert_eq!(
        line,
        format!("{AT_FILE}cell XFE4 of sheet `Staff` is past Excel's last column, XFD")
    );
}

#[test]
fn a_reference_that_is_no_cell_name_is_refused() {
    let data = format!(
        "{}{}<row r=\"3\">{}</row>",
        header(),
        person("2", "a"),
        cell("3C", "x")
    );
    let (line, _) = refused(&data);
    assert_eq!(
        line,
        format!("{AT_FILE}`3C` in sheet `Staff` is not a cell name")
    );
}

/// A unit typed once for three people in merged cells B2:B4: only B2 holds
/// the value, so rows 3 and 4 have no unit. Each error names its cell and
/// the merge (issue 18, item 9), worked out from the XML below.
#[test]
fn empty_cells_inside_merged_cells_are_named_with_their_merge() {
    let third = format!(
        "<row r=\"3\">{}{}{}{}</row>",
        cell("A3", "b"),
        cell("C3", "staff"),
        cell("D3", "1980"),
        cell("E3", "50")
    );
    let fourth = format!(
        "<row r=\"4\">{}{}{}{}</row>",
        cell("A4", "c"),
        cell("C4", "staff"),
        cell("D4", "1980"),
        cell("E4", "50")
    );
    let data = format!("{}{}{third}{fourth}", header(), person("2", "a"));
    let merges = r#"<mergeCells count="1"><mergeCell ref="B2:B4"/></mergeCells>"#;
    let err = load(SCENARIO, workbook(&[("Staff", &data, merges)])).expect_err("rows 3 and 4");
    let found: Vec<(String, Option<String>)> = err
        .diagnostics()
        .iter()
        .map(|d| (d.to_string(), d.hint.clone()))
        .collect();
    let expected = |row: u32| {
        (
            format!("r.xlsx:Staff:{row}:1: error: empty `unit` in roster row (row {row})"),
            Some(format!(
                "cell B{row} is inside the merged cells B2:B4, whose value only B2 holds: unmerge them and fill in every row"
            )),
        )
    };
    assert_eq!(found, [expected(3), expected(4)]);
    // The same empty cell outside a merge is named too.
    let err = load(SCENARIO, workbook(&[("Staff", &data, "")])).expect_err("rows 3 and 4");
    assert_eq!(
        err.diagnostics()[0].hint.as_deref(),
        Some("cell B3 is empty")
    );
}
