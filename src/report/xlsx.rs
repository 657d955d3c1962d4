//! The workbook engine: [`Sheet`]s to the bytes of an .xlsx file
//! (rust_xlsxwriter). Each sheet gets a bold header row that stays in view
//! (frozen), a filter on it, and columns as wide as their widest cell within
//! limits. The same sheets give the same bytes: the file's creation date is
//! fixed, not the time of the run.

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError,
};
use unicode_width::UnicodeWidthStr;

use super::sheet::{Sheet, Value};

/// Excel's longest text in a cell.
const MAX_TEXT: usize = 32_767;
/// Excel's longest sheet name.
const MAX_NAME: usize = 31;
/// Column widths, in characters of the default font.
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 48;

/// The sheets as an .xlsx workbook, in order.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // A fixed creation date, so that the same report is the same bytes.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    book.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_author("reorg"),
    );
    let bold = Format::new()
        .set_bold()
        .set_border_bottom(FormatBorder::Thin)
        .set_background_color("#E8EEF4");
    let real = Format::new().set_num_format("0.00");
    let mut used: Vec<String> = Vec::new();
    for sheet in sheets {
        let name = unique_name(&sheet.name, &used);
        used.push(name.clone());
        let page = book.add_worksheet();
        page.set_name(&name)?;
        write_sheet(page, sheet, &bold, &real)?;
    }
    book.save_to_buffer()
}

fn write_sheet(
    page: &mut Worksheet,
    sheet: &Sheet,
    bold: &Format,
    real: &Format,
) -> Result<(), XlsxError> {
    let mut widths: Vec<usize> = sheet.header.iter().map(|h| h.width()).collect();
    for (c, text) in sheet.header.iter().enumerate() {
        page.write_string_with_format(0, column(c), clip(text), bold)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = (r + 1) as u32;
        for (c, value) in row.iter().enumerate() {
            let shown = match value {
                Value::Empty => 0,
                Value::Text(text) => {
                    page.write_string(r, column(c), clip(text))?;
                    text.width()
                }
                Value::Int(n) => {
                    page.write_number(r, column(c), *n as f64)?;
                    n.to_string().len()
                }
                Value::Float(x) => {
                    page.write_number_with_format(r, column(c), *x, real)?;
                    format!("{x:.2}").len()
                }
            };
            if let Some(width) = widths.get_mut(c) {
                *width = (*width).max(shown);
            }
        }
    }
    for (c, width) in widths.iter().enumerate() {
        let width = (*width + 2).clamp(MIN_WIDTH, MAX_WIDTH);
        page.set_column_width(column(c), width as f64)?;
    }
    page.set_freeze_panes(1, 0)?;
    if !sheet.header.is_empty() {
        let last_row = sheet.rows.len() as u32;
        page.autofilter(0, 0, last_row, column(sheet.header.len() - 1))?;
    }
    Ok(())
}

/// A column index as Excel's (at most 16,384 columns; sheets here have tens).
fn column(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// Text cut to what a cell holds.
fn clip(text: &str) -> &str {
    if text.chars().count() <= MAX_TEXT {
        return text;
    }
    let end = text
        .char_indices()
        .nth(MAX_TEXT)
        .map_or(text.len(), |(i, _)| i);
    &text[..end]
}

/// A sheet name Excel accepts: no `[]:*?/\`, at most 31 characters, not
/// starting or ending with `'`, and not one already used.
fn unique_name(wanted: &str, used: &[String]) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let clean = clean.trim_matches('\'');
    let base: String = if clean.is_empty() {
        "Sheet".into()
    } else {
        clean.chars().take(MAX_NAME).collect()
    };
    let taken = |name: &str| used.iter().any(|u| u.to_lowercase() == name.to_lowercase());
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| {
            let suffix = format!(" {n}");
            let keep = MAX_NAME - suffix.chars().count();
            format!("{}{suffix}", base.chars().take(keep).collect::<String>())
        })
        .find(|name| !taken(name))
        .expect("some suffix is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_made_acceptable_and_unique() {
        let used = vec!["Summary".to_string()];
        assert_eq!(unique_name("a/b:c", &used), "a_b_c");
        assert_eq!(unique_name("summary", &used), "summary 2");
        let long = "x".repeat(40);
        assert_eq!(unique_name(&long, &used).chars().count(), 31);
        assert_eq!(unique_name("''", &used), "Sheet");
    }

    #[test]
    fn the_same_sheets_give_the_same_bytes() {
        let mut sheet = Sheet::new("概况", vec!["指标".into(), "数值".into()]);
        sheet.rows.push(vec!["人员".into(), Value::Int(1174)]);
        sheet.rows.push(vec!["年龄".into(), Value::Float(49.15)]);
        let one = workbook(std::slice::from_ref(&sheet)).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1100));
        assert_eq!(workbook(&[sheet]).unwrap(), one);
    }
}
