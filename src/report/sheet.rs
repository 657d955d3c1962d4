//! Tables for spreadsheets: what a workbook's sheets hold. Unlike a
//! [`super::document::Section`], whose cells are text laid out for reading
//! (`12/15`, `270 (23.0%)`), a sheet keeps one value per cell and numbers
//! as numbers, so that a spreadsheet can sum, sort and chart them.

use super::document::Document;

/// One cell's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Nothing (a value that does not apply or is not known).
    Empty,
    /// Text, written as text even when it looks like a number or a formula.
    Text(String),
    /// A whole number.
    Int(i64),
    /// A real number, shown to two decimals with its full value kept.
    Float(f64),
}

impl Value {
    /// Text, or [`Value::Empty`] when absent.
    pub fn text(value: Option<&str>) -> Value {
        value.map_or(Value::Empty, |t| Value::Text(t.to_string()))
    }

    /// A count (counts never come near `i64::MAX`).
    pub fn count(n: impl TryInto<i64>) -> Value {
        n.try_into().map_or(Value::Empty, Value::Int)
    }

    /// A real number, or [`Value::Empty`] when absent or not finite.
    pub fn real(x: Option<f64>) -> Value {
        match x {
            Some(x) if x.is_finite() => Value::Float(x),
            _ => Value::Empty,
        }
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Value {
        Value::Text(text.to_string())
    }
}

impl From<String> for Value {
    fn from(text: String) -> Value {
        Value::Text(text)
    }
}

/// One sheet: a name, a header row and rows of values.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The tab's name.
    pub name: String,
    /// Column headers.
    pub header: Vec<String>,
    /// Rows, each as long as the header.
    pub rows: Vec<Vec<Value>>,
}

impl Sheet {
    /// An empty sheet with these headers.
    pub fn new(name: &str, header: Vec<String>) -> Sheet {
        Sheet {
            name: name.to_string(),
            header,
            rows: Vec::new(),
        }
    }
}

/// A document's sections as sheets of text cells, one per section: the
/// workbook of a result that has no sheets of its own (its JSON and CSV
/// carry the numbers).
pub fn of_document(document: &Document) -> Vec<Sheet> {
    document
        .sections
        .iter()
        .enumerate()
        .map(|(i, section)| {
            let name = section
                .title
                .clone()
                .unwrap_or_else(|| format!("Table {}", i + 1));
            let mut sheet = Sheet::new(
                &name.chars().take(31).collect::<String>(),
                section.header.clone(),
            );
            sheet.rows = section
                .rows
                .iter()
                .map(|row| row.iter().map(|cell| cell.clone().into()).collect())
                .collect();
            sheet
        })
        .collect()
}
