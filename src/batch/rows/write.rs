//! Writing rows: JSON Lines or CSV, buffered, numbers as JSON writes them
//! and text made safe for spreadsheets.

use std::io::Write;

use serde_json::{Map, Value};

use super::{Row, RowFormat, csv_header_with, depths_text, kinds_text};
use crate::csv_guard::neutralise;
use crate::metrics::{Cell, RunSummary};

/// A summary value as a CSV cell: numbers as in JSON, text made safe for
/// spreadsheets.
fn csv_cell(cell: Cell) -> String {
    match cell {
        Cell::Null => String::new(),
        Cell::Text(text) => neutralise(&text).into_owned(),
        other => json_value(other).to_string(),
    }
}

/// A summary value as JSON: `null` when absent, floats shortest-round-trip.
fn json_value(cell: Cell) -> Value {
    match cell {
        Cell::Null => Value::Null,
        Cell::Int(n) => Value::from(n),
        Cell::Float(x) => Value::from(x),
        Cell::Text(text) => Value::String(text),
    }
}

/// Writes rows in one format, buffered; [`RowWriter::finish`] flushes. The
/// caller writes to a temporary file and renames it once finished, so a file
/// under the final name only ever holds whole rows.
#[derive(Debug)]
pub struct RowWriter<W: Write> {
    inner: Inner<W>,
}

#[derive(Debug)]
enum Inner<W: Write> {
    Jsonl(std::io::BufWriter<W>),
    Csv(Box<csv::Writer<W>>),
}

impl<W: Write> RowWriter<W> {
    /// A writer of `format` rows whose settings columns are `paths`; CSV
    /// writes its header at once, so a shard with no runs still has one.
    pub fn new(format: RowFormat, paths: &[String], writer: W) -> std::io::Result<RowWriter<W>> {
        RowWriter::with_extra(format, paths, &[], writer)
    }

    /// A writer whose rows also carry these extra columns after `kinds`
    /// (each row's [`Row::extra`], in this order).
    pub fn with_extra(
        format: RowFormat,
        paths: &[String],
        extra: &[String],
        writer: W,
    ) -> std::io::Result<RowWriter<W>> {
        let inner = match format {
            RowFormat::Jsonl => Inner::Jsonl(std::io::BufWriter::with_capacity(1 << 16, writer)),
            RowFormat::Csv => {
                let mut csv = csv::WriterBuilder::new()
                    .buffer_capacity(1 << 16)
                    .from_writer(writer);
                csv.write_record(csv_header_with(paths, extra))?;
                Inner::Csv(Box::new(csv))
            }
        };
        Ok(RowWriter { inner })
    }

    /// Writes one row.
    pub fn write(&mut self, row: &Row) -> std::io::Result<()> {
        match &mut self.inner {
            Inner::Jsonl(out) => {
                let mut object = Map::new();
                object.insert("scenario".into(), row.scenario.clone().into());
                object.insert("point".into(), row.point.into());
                object.insert("points".into(), row.points.into());
                let settings: Map<String, Value> = row
                    .settings
                    .iter()
                    .map(|s| (s.path.clone(), Value::String(s.value.clone())))
                    .collect();
                object.insert("settings".into(), settings.into());
                object.insert("run".into(), row.run.into());
                object.insert("runs".into(), row.runs.into());
                object.insert("seed".into(), row.seed.into());
                object.insert("fingerprint".into(), row.fingerprint.clone().into());
                for (&(name, _), cell) in RunSummary::FIELDS.iter().zip(row.summary.cells()) {
                    object.insert(name.into(), json_value(cell));
                }
                object.insert(
                    "kinds".into(),
                    serde_json::to_value(&row.kinds).expect("kinds always serialise"),
                );
                // Only when the scenario nests units: flat rows stay as they were.
                if !row.depths.is_empty() {
                    object.insert(
                        "depths".into(),
                        serde_json::to_value(&row.depths).expect("depths always serialise"),
                    );
                }
                for (name, cell) in &row.extra {
                    object.insert(name.clone(), json_value(cell.clone()));
                }
                serde_json::to_writer(&mut *out, &object)?;
                out.write_all(b"\n")
            }
            Inner::Csv(out) => {
                let mut record: Vec<String> = vec![
                    neutralise(&row.scenario).into_owned(),
                    row.point.to_string(),
                    row.points.to_string(),
                ];
                record.extend(
                    row.settings
                        .iter()
                        .map(|s| neutralise(&s.value).into_owned()),
                );
                record.extend([row.run, row.runs, row.seed].map(|n| n.to_string()));
                record.push(row.fingerprint.clone());
                record.extend(row.summary.cells().into_iter().map(csv_cell));
                record.push(kinds_text(&row.kinds));
                record.push(depths_text(&row.depths));
                record.extend(row.extra.iter().map(|(_, cell)| csv_cell(cell.clone())));
                out.write_record(record).map_err(std::io::Error::other)
            }
        }
    }

    /// Flushes everything written and returns the underlying writer.
    pub fn finish(self) -> std::io::Result<W> {
        match self.inner {
            Inner::Jsonl(out) => out.into_inner().map_err(|err| err.into_error()),
            Inner::Csv(out) => out.into_inner().map_err(|err| err.into_error()),
        }
    }
}
