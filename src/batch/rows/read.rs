//! Reading rows back: either format, each line bounded, every value checked
//! against its field's kind, every problem located at its part and line.

use std::io::{BufRead, Read};

use serde_json::Value;

use super::{
    MAX_ROW_BYTES, Row, RowFormat, csv_header_with, is_extra_column, parse_depths_json,
    parse_depths_text, parse_kinds_json, parse_kinds_text,
};
use crate::batch::BatchError;
use crate::batch::grid::Setting;
use crate::csv_guard::unneutralise;
use crate::metrics::{Cell, FieldKind, RunSummary};

/// Reads the rows of one part written by [`RowWriter`](super::RowWriter), in file order.
#[derive(Debug)]
pub struct RowReader<R: BufRead> {
    name: String,
    inner: ReadInner<R>,
}

#[derive(Debug)]
enum ReadInner<R: BufRead> {
    Jsonl {
        reader: R,
        line: u64,
        buffer: Vec<u8>,
    },
    Csv {
        csv: csv::Reader<Bounded<R>>,
        paths: Vec<String>,
        extra: Vec<String>,
    },
}

/// The bytes a CSV reader may read ahead of the record it is on.
const CSV_BUFFER: usize = 1 << 16;

/// A reader that fails once more than [`MAX_ROW_BYTES`] and one buffer of
/// look-ahead have been read since [`Bounded::reset`], so that a CSV reader
/// never holds a record much longer than that.
#[derive(Debug)]
struct Bounded<R> {
    inner: R,
    since: usize,
    tripped: bool,
}

impl<R> Bounded<R> {
    fn new(inner: R) -> Bounded<R> {
        Bounded {
            inner,
            since: 0,
            tripped: false,
        }
    }

    /// A record was read whole: count afresh.
    fn reset(&mut self) {
        self.since = 0;
    }
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.since > MAX_ROW_BYTES + CSV_BUFFER {
            self.tripped = true;
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "row too long",
            ));
        }
        let n = self.inner.read(buf)?;
        self.since += n;
        Ok(n)
    }
}

fn too_long() -> String {
    format!(
        "a row longer than {MAX_ROW_BYTES} bytes, far more than `reorg batch` writes: not a batch row file"
    )
}

impl<R: BufRead> RowReader<R> {
    /// A reader of `format` rows; `name` names the part in errors. A UTF-8
    /// byte-order mark at the start (reorg writes one into CSV files, for
    /// Excel; an editor may add one) is skipped.
    pub fn new(format: RowFormat, name: &str, mut reader: R) -> Result<RowReader<R>, BatchError> {
        skip_bom(&mut reader).map_err(|err| part_error(name, 1, err.to_string()))?;
        let inner = match format {
            RowFormat::Jsonl => ReadInner::Jsonl {
                reader,
                line: 0,
                buffer: Vec::new(),
            },
            RowFormat::Csv => {
                let mut csv = csv::ReaderBuilder::new()
                    .has_headers(true)
                    .buffer_capacity(CSV_BUFFER)
                    .from_reader(Bounded::new(reader));
                let header: Result<Vec<String>, String> = csv
                    .headers()
                    .map(|header| header.iter().map(String::from).collect())
                    .map_err(|err| err.to_string());
                let header = match header {
                    Ok(header) => header,
                    Err(_) if csv.get_ref().tripped => {
                        return Err(part_error(name, 1, too_long()));
                    }
                    Err(why) => return Err(part_error(name, 1, why)),
                };
                csv.get_mut().reset();
                let (paths, extra) = settings_paths(&header)
                    .ok_or_else(|| part_error(name, 1, "not a `reorg batch` CSV header".into()))?;
                ReadInner::Csv { csv, paths, extra }
            }
        };
        Ok(RowReader {
            name: name.to_string(),
            inner,
        })
    }

    /// The settings paths of a CSV part (from its header); `None` for JSON Lines.
    pub fn csv_paths(&self) -> Option<&[String]> {
        match &self.inner {
            ReadInner::Csv { paths, .. } => Some(paths),
            ReadInner::Jsonl { .. } => None,
        }
    }

    /// The extra columns of a CSV part (from its header); `None` for JSON Lines.
    pub fn csv_extra(&self) -> Option<&[String]> {
        match &self.inner {
            ReadInner::Csv { extra, .. } => Some(extra),
            ReadInner::Jsonl { .. } => None,
        }
    }

    /// The next row, with the line it started on; `None` at the end.
    pub fn next_row(&mut self) -> Result<Option<(Row, u64)>, BatchError> {
        let name = self.name.clone();
        match &mut self.inner {
            ReadInner::Jsonl {
                reader,
                line,
                buffer,
            } => loop {
                buffer.clear();
                *line += 1;
                // At most one byte past the limit is read, line break included.
                let limit = MAX_ROW_BYTES as u64 + 1;
                let read = reader
                    .by_ref()
                    .take(limit)
                    .read_until(b'\n', buffer)
                    .map_err(|err| part_error(&name, *line, err.to_string()))?;
                if read == 0 {
                    return Ok(None);
                }
                if buffer.len() > MAX_ROW_BYTES && buffer.last() != Some(&b'\n') {
                    return Err(part_error(&name, *line, too_long()));
                }
                let text = std::str::from_utf8(buffer)
                    .map_err(|err| part_error(&name, *line, format!("not UTF-8: {err}")))?;
                if text.trim().is_empty() {
                    continue;
                }
                let row = parse_jsonl(text).map_err(|why| part_error(&name, *line, why))?;
                return Ok(Some((row, *line)));
            },
            ReadInner::Csv { csv, paths, extra } => {
                let mut record = csv::StringRecord::new();
                let start = csv.position().line();
                let more = match csv.read_record(&mut record) {
                    Ok(more) => more,
                    Err(_) if csv.get_ref().tripped => {
                        return Err(part_error(&name, start, too_long()));
                    }
                    Err(err) => {
                        return Err(part_error(&name, csv_line(&err), err.to_string()));
                    }
                };
                csv.get_mut().reset();
                if !more {
                    return Ok(None);
                }
                let line = record.position().map_or(0, |p| p.line());
                let row =
                    parse_csv(&record, paths, extra).map_err(|why| part_error(&name, line, why))?;
                Ok(Some((row, line)))
            }
        }
    }
}

/// The UTF-8 byte-order mark.
pub(super) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Consumes a UTF-8 byte-order mark at the start of `reader`, if there is one.
fn skip_bom<R: BufRead>(reader: &mut R) -> std::io::Result<()> {
    let mut seen = Vec::with_capacity(BOM.len());
    // `fill_buf` may return fewer bytes than the mark: look byte by byte.
    while seen.len() < BOM.len() {
        let buffer = reader.fill_buf()?;
        let Some(&byte) = buffer.first() else {
            break;
        };
        if byte != BOM[seen.len()] {
            break;
        }
        seen.push(byte);
        reader.consume(1);
    }
    if seen.is_empty() || seen == BOM {
        Ok(())
    } else {
        // Part of a mark and then something else: not a row file reorg wrote.
        Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "starts with a broken byte-order mark",
        ))
    }
}

fn csv_line(err: &csv::Error) -> u64 {
    err.position().map_or(0, |p| p.line())
}

fn part_error(part: &str, line: u64, why: String) -> BatchError {
    BatchError::Part {
        part: part.to_string(),
        line,
        why,
    }
}

/// The settings paths and extra columns in a CSV header, when it is a batch header.
fn settings_paths(header: &[String]) -> Option<(Vec<String>, Vec<String>)> {
    let run = header.iter().position(|h| h == "run")?;
    let paths = header.get(3..run)?.to_vec();
    // `kinds`, then `depths`, then the extra columns.
    let kinds = header.iter().rposition(|h| h == "kinds")?;
    let extra = header.get(kinds + 2..)?.to_vec();
    if !extra.iter().all(|name| is_extra_column(name)) {
        return None;
    }
    (header == csv_header_with(&paths, &extra).as_slice()).then_some((paths, extra))
}

/// An extra column's value: empty → absent, a whole number → a count, else a number.
fn extra_cell(text: &str, name: &str) -> Result<Cell, String> {
    if text.is_empty() {
        Ok(Cell::Null)
    } else if let Ok(n) = text.parse::<i64>() {
        Ok(Cell::Int(n))
    } else {
        parse_f64(text, name).map(Cell::Float)
    }
}

fn parse_u64(text: &str, what: &str) -> Result<u64, String> {
    text.parse()
        .map_err(|_| format!("`{what}` is `{text}`, not a whole number"))
}

fn parse_csv(
    record: &csv::StringRecord,
    paths: &[String],
    extra: &[String],
) -> Result<Row, String> {
    let field = |i: usize| record.get(i).unwrap_or_default();
    let p = paths.len();
    let settings = paths
        .iter()
        .enumerate()
        .map(|(i, path)| Setting {
            path: path.clone(),
            value: unneutralise(field(3 + i)).to_string(),
        })
        .collect();
    let cells = RunSummary::FIELDS
        .iter()
        .enumerate()
        .map(|(i, &(name, kind))| {
            let text = field(7 + p + i);
            Ok(if text.is_empty() {
                Cell::Null
            } else {
                match kind {
                    FieldKind::Text => Cell::Text(unneutralise(text).to_string()),
                    FieldKind::Count => Cell::Int(
                        text.parse::<i64>()
                            .map_err(|_| format!("`{name}` is `{text}`, not an integer"))?,
                    ),
                    FieldKind::Average => Cell::Float(parse_f64(text, name)?),
                }
            })
        })
        .collect::<Result<Vec<Cell>, String>>()?;
    let summary = RunSummary::from_cells(cells)?;
    let kinds_at = 7 + p + RunSummary::FIELDS.len();
    let kinds = parse_kinds_text(field(kinds_at))?;
    let depths = parse_depths_text(field(kinds_at + 1))?;
    let extra = extra
        .iter()
        .enumerate()
        .map(|(i, name)| Ok((name.clone(), extra_cell(field(kinds_at + 2 + i), name)?)))
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Row {
        scenario: unneutralise(field(0)).to_string(),
        point: parse_u64(field(1), "point")?,
        points: parse_u64(field(2), "points")?,
        settings,
        run: parse_u64(field(3 + p), "run")?,
        runs: parse_u64(field(4 + p), "runs")?,
        seed: parse_u64(field(5 + p), "seed")?,
        fingerprint: parse_fingerprint(field(6 + p))?,
        summary,
        kinds,
        depths,
        extra,
    })
}

/// A fingerprint as [`crate::batch::Batch::fingerprint`] writes it.
fn parse_fingerprint(text: &str) -> Result<String, String> {
    let hex = |c: char| c.is_ascii_digit() || ('a'..='f').contains(&c);
    if text.len() == 16 && text.chars().all(hex) {
        Ok(text.to_string())
    } else {
        Err(format!(
            "`fingerprint` is `{text}`, not 16 hexadecimal digits: not a row `reorg batch` wrote, or one of an older version"
        ))
    }
}

fn parse_f64(text: &str, name: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| format!("`{name}` is `{text}`, not a number"))
}

fn parse_jsonl(text: &str) -> Result<Row, String> {
    let value: Value = serde_json::from_str(text).map_err(|err| format!("not JSON: {err}"))?;
    let Value::Object(mut object) = value else {
        return Err("not a JSON object".into());
    };
    // Extra columns in written order, noted before `remove` reorders the map.
    let extra_names: Vec<String> = object
        .keys()
        .filter(|name| is_extra_column(name))
        .cloned()
        .collect();
    let depths = parse_depths_json(object.remove("depths"))?;
    let mut take = |key: &str| object.remove(key).ok_or_else(|| format!("no `{key}`"));
    let as_u64 = |value: Value, key: &str| {
        value
            .as_u64()
            .ok_or_else(|| format!("`{key}` is not a whole number"))
    };
    let scenario = match take("scenario")? {
        Value::String(s) => s,
        _ => return Err("`scenario` is not a string".into()),
    };
    let point = as_u64(take("point")?, "point")?;
    let points = as_u64(take("points")?, "points")?;
    let settings = match take("settings")? {
        Value::Object(map) => map
            .into_iter()
            .map(|(path, value)| match value {
                Value::String(value) => Ok(Setting { path, value }),
                _ => Err(format!("setting `{path}` is not a string")),
            })
            .collect::<Result<Vec<_>, _>>()?,
        _ => return Err("`settings` is not an object".into()),
    };
    let run = as_u64(take("run")?, "run")?;
    let runs = as_u64(take("runs")?, "runs")?;
    let seed = as_u64(take("seed")?, "seed")?;
    let fingerprint = match take("fingerprint") {
        Ok(Value::String(text)) => parse_fingerprint(&text)?,
        Ok(_) => return Err("`fingerprint` is not a string".into()),
        Err(_) => {
            return Err(
                "no `fingerprint`: not a row `reorg batch` wrote, or one of an older version"
                    .into(),
            );
        }
    };
    let cells = RunSummary::FIELDS
        .iter()
        .map(|&(name, kind)| json_cell(take(name)?, name, kind))
        .collect::<Result<Vec<Cell>, String>>()?;
    let summary = RunSummary::from_cells(cells)?;
    let kinds = parse_kinds_json(take("kinds")?)?;
    // What is left, in written order: the extra columns.
    let extra = extra_names
        .into_iter()
        .map(|name| {
            let value = take(&name)?;
            let cell = match value {
                Value::Null => Cell::Null,
                Value::Number(n) => match n.as_i64() {
                    Some(i) if !n.is_f64() => Cell::Int(i),
                    _ => Cell::Float(
                        n.as_f64()
                            .ok_or_else(|| format!("`{name}` is not a number"))?,
                    ),
                },
                _ => return Err(format!("`{name}` is not a number")),
            };
            Ok((name, cell))
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Row {
        scenario,
        point,
        points,
        settings,
        run,
        runs,
        seed,
        fingerprint,
        summary,
        kinds,
        depths,
        extra,
    })
}

/// A summary value read from JSON, checked against its field's kind.
/// (serde_json parses floats with `float_roundtrip`, so a row's averages read
/// back to the same bits.)
fn json_cell(value: Value, name: &str, kind: FieldKind) -> Result<Cell, String> {
    Ok(match (value, kind) {
        (Value::Null, _) => Cell::Null,
        (Value::String(text), FieldKind::Text) => Cell::Text(text),
        (Value::Number(n), FieldKind::Count) => Cell::Int(
            n.as_i64()
                .ok_or_else(|| format!("`{name}` is not an integer"))?,
        ),
        (Value::Number(n), FieldKind::Average) => Cell::Float(
            n.as_f64()
                .ok_or_else(|| format!("`{name}` is not a number"))?,
        ),
        (_, FieldKind::Text) => return Err(format!("`{name}` is not a string")),
        (_, _) => return Err(format!("`{name}` is not a number")),
    })
}
