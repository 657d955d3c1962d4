//! The machine-readable side of every renderer: pretty JSON, CSV records,
//! and numbers written as JSON writes them (shortest round-trip), so a CSV
//! cell and a JSON value of one figure are the same text.

use serde_json::Value;

use crate::batch::stats::Quantity;

/// Any serialisable value as pretty JSON with a final line break.
pub fn pretty_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("report values always serialise");
    text.push('\n');
    text
}

/// Records as CSV text.
pub fn csv_text(records: &[Vec<String>]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for record in records {
        writer
            .write_record(record)
            .expect("writing CSV to memory cannot fail");
    }
    String::from_utf8(writer.into_inner().expect("in-memory writer"))
        .expect("CSV of UTF-8 strings is UTF-8")
}

/// A float as JSON writes it, empty when absent.
pub fn number(value: Option<f64>) -> String {
    value
        .map(|v| Value::from(v).to_string())
        .unwrap_or_default()
}

/// A quantity as JSON writes it, empty when absent.
pub fn quantity(value: Option<Quantity>) -> String {
    match value {
        None => String::new(),
        Some(Quantity::Int(i)) => i.to_string(),
        Some(Quantity::Float(f)) => Value::from(f).to_string(),
    }
}
