//! The per-run rows of a batch, as JSON Lines or CSV: written while a batch
//! runs, read back by `reorg batch merge`.
//!
//! # Row format
//!
//! One row per run, in (grid point, run) order. The columns, in order:
//!
//! | column | meaning |
//! |---|---|
//! | `scenario` | the scenario's name |
//! | `point` | grid point index, from 0 |
//! | `points` | number of grid points |
//! | one column per `--set` path | that point's value (TOML text); in JSON Lines, an object `settings` of path → value |
//! | `run` | run index within the point, from 0 (the generator stream) |
//! | `runs` | runs per point (`--runs`) |
//! | `seed` | the point's master seed |
//! | `fingerprint` | the batch's inputs, hashed ([`crate::batch::Batch::fingerprint`]): rows of one batch share it |
//! | every field of [`crate::metrics::RunSummary`] | as in `reorg run --format json`'s `summary` ([`RunSummary::FIELDS`]) |
//!
//! JSON Lines: one compact object per line with those keys in that order,
//! absent values `null`. CSV: a header line, then one record per run; absent
//! values are empty cells; numbers are written as in JSON; text cells (the
//! scenario name, the settings' values, the head level's and youngest
//! head's ids) that a spreadsheet would run as a formula get a leading `'`
//! ([`crate::csv_guard`]), which reading takes off again: a setting can
//! be any text (`--set 'scenario.description=@SUM(1+1)'`), and a negative
//! number is shown as text, `'-1`. Run `i` of a point
//! is `reorg run --seed SEED` with the point's `--set`s when `i = 0`, and the
//! same on generator stream `i` otherwise.
//!
//! Writing a row and reading it back gives the same row, and writing it again
//! gives the same bytes: floats are printed shortest-round-trip and parsed
//! with serde_json's correctly rounded `float_roundtrip` parser.
//!
//! Reading is bounded: a row (a JSON line, a CSV record) longer than
//! [`MAX_ROW_BYTES`] is refused where it starts, without being read whole.

use std::io::{BufRead, Read, Write};
use std::path::Path;

use serde_json::{Map, Value};

use crate::batch::BatchError;
use crate::batch::grid::Setting;
use crate::batch::stats::Kind;
use crate::csv_guard::{neutralise, unneutralise};
use crate::metrics::{Cell, FieldKind, Figure, RunSummary};

/// Number of figures a batch summarises: the fields of [`RunSummary`] that
/// are not text.
pub const FIGURE_COUNT: usize = figure_count();

const fn figure_count() -> usize {
    let mut count = 0;
    let mut i = 0;
    while i < RunSummary::FIELDS.len() {
        if !matches!(RunSummary::FIELDS[i].1, FieldKind::Text) {
            count += 1;
        }
        i += 1;
    }
    count
}

/// The fixed columns of a row besides the summary's; no `--set` path may take these names.
pub const FIXED_COLUMNS: [&str; 7] = [
    "scenario",
    "point",
    "points",
    "run",
    "runs",
    "seed",
    "fingerprint",
];

/// The longest row (a JSON line or a CSV record, in bytes) that
/// `reorg batch merge` reads; [`crate::batch::Batch::prepare`] refuses a
/// batch whose rows could be longer. Rows are usually under 1 KB.
pub const MAX_ROW_BYTES: usize = 1 << 20;

/// Names a `--set` path may not take (they are row columns).
pub fn reserved_names() -> Vec<&'static str> {
    FIXED_COLUMNS
        .iter()
        .copied()
        .chain(RunSummary::FIELDS.iter().map(|&(name, _)| name))
        .chain(["settings"])
        .collect()
}

/// One run's row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Scenario name.
    pub scenario: String,
    /// Grid point index.
    pub point: u64,
    /// Number of grid points.
    pub points: u64,
    /// The point's settings, in axis order.
    pub settings: Vec<Setting>,
    /// Run index (the generator stream).
    pub run: u64,
    /// Runs per point.
    pub runs: u64,
    /// The point's master seed.
    pub seed: u64,
    /// The batch's fingerprint ([`crate::batch::Batch::fingerprint`]).
    pub fingerprint: String,
    /// The run's headline figures.
    pub summary: RunSummary,
}

impl Row {
    /// A row for a freshly computed summary.
    pub fn new(
        scenario: &str,
        (point, points): (u64, u64),
        settings: &[Setting],
        (run, runs): (u64, u64),
        (seed, fingerprint): (u64, &str),
        summary: RunSummary,
    ) -> Row {
        Row {
            scenario: scenario.to_string(),
            point,
            points,
            settings: settings.to_vec(),
            run,
            runs,
            seed,
            fingerprint: fingerprint.to_string(),
            summary,
        }
    }

    /// Checks that the run's outcome counts add up, as every run's do: each
    /// person has one status (`promoted` + `same_level` + `demoted` +
    /// `pooled` + `fallback` + `exited` + `did_not_compete` = `people`), and
    /// the people placed are those promoted, kept at their level or demoted.
    pub fn check_counts(&self) -> Result<(), String> {
        let s = &self.summary;
        let sum = |counts: &[usize]| counts.iter().map(|&n| n as u128).sum::<u128>();
        let placed = sum(&[s.promoted, s.same_level, s.demoted]);
        if placed != s.placed as u128 {
            return Err(format!(
                "`placed` is {}, but `promoted` + `same_level` + `demoted` = {} + {} + {} = {placed}: not a row `reorg batch` wrote, or an edited one",
                s.placed, s.promoted, s.same_level, s.demoted
            ));
        }
        let everyone = placed + sum(&[s.pooled, s.fallback, s.exited, s.did_not_compete]);
        if everyone != s.people as u128 {
            return Err(format!(
                "`people` is {}, but the statuses add up to {everyone} (placed {placed} + pooled {} + fallback {} + exited {} + did_not_compete {}): not a row `reorg batch` wrote, or an edited one",
                s.people, s.pooled, s.fallback, s.exited, s.did_not_compete
            ));
        }
        Ok(())
    }

    /// The histogram key of each figure ([`RunSummary::figures`] order);
    /// `None` where absent.
    pub fn keys(&self) -> [Option<i64>; FIGURE_COUNT] {
        let mut keys = [None; FIGURE_COUNT];
        for (slot, (_, figure)) in keys.iter_mut().zip(self.summary.figures()) {
            *slot = match figure {
                Figure::Count(n) => n,
                Figure::Average(x) => x.map(|x| Kind::Average.key(x)),
            };
        }
        keys
    }

    /// The (point, run) pair that orders rows.
    pub fn position(&self) -> (u64, u64) {
        (self.point, self.run)
    }
}

/// The two row formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RowFormat {
    /// JSON Lines: one object per line.
    Jsonl,
    /// CSV with a header line.
    Csv,
}

impl RowFormat {
    /// The format a file name asks for: `.jsonl` or `.ndjson` → JSON Lines, `.csv` → CSV.
    pub fn from_path(path: &Path) -> Option<RowFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "jsonl" | "ndjson" => Some(RowFormat::Jsonl),
            "csv" => Some(RowFormat::Csv),
            _ => None,
        }
    }
}

/// The CSV header of rows with these settings paths.
pub fn csv_header(paths: &[String]) -> Vec<String> {
    let mut header: Vec<String> = ["scenario", "point", "points"].map(String::from).to_vec();
    header.extend(paths.iter().cloned());
    header.extend(["run", "runs", "seed", "fingerprint"].map(String::from));
    header.extend(RunSummary::FIELDS.iter().map(|&(name, _)| name.to_string()));
    header
}

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
        let inner = match format {
            RowFormat::Jsonl => Inner::Jsonl(std::io::BufWriter::with_capacity(1 << 16, writer)),
            RowFormat::Csv => {
                let mut csv = csv::WriterBuilder::new()
                    .buffer_capacity(1 << 16)
                    .from_writer(writer);
                csv.write_record(csv_header(paths))?;
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

/// Reads the rows of one part written by [`RowWriter`], in file order.
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
                let paths = settings_paths(&header)
                    .ok_or_else(|| part_error(name, 1, "not a `reorg batch` CSV header".into()))?;
                ReadInner::Csv { csv, paths }
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
            ReadInner::Csv { csv, paths } => {
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
                let row = parse_csv(&record, paths).map_err(|why| part_error(&name, line, why))?;
                Ok(Some((row, line)))
            }
        }
    }
}

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

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

/// The settings paths in a CSV header, when it is a batch header.
fn settings_paths(header: &[String]) -> Option<Vec<String>> {
    let run = header.iter().position(|h| h == "run")?;
    let paths = header.get(3..run)?.to_vec();
    (header == csv_header(&paths).as_slice()).then_some(paths)
}

fn parse_u64(text: &str, what: &str) -> Result<u64, String> {
    text.parse()
        .map_err(|_| format!("`{what}` is `{text}`, not a whole number"))
}

fn parse_csv(record: &csv::StringRecord, paths: &[String]) -> Result<Row, String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Row {
        let cells = RunSummary::FIELDS
            .iter()
            .map(|&(name, kind)| match kind {
                _ if matches!(
                    name,
                    "youngest_head" | "youngest_head_age" | "leader_age_before"
                ) =>
                {
                    Cell::Null
                }
                FieldKind::Count => Cell::Int(7),
                FieldKind::Average => Cell::Float(46.961_538_461_538_46),
                FieldKind::Text => Cell::Text("head, \"quoted\"".into()),
            })
            .collect();
        let summary = RunSummary::from_cells(cells).unwrap();
        Row {
            scenario: "A, \"B\" 大审批".into(),
            point: 1,
            points: 2,
            settings: vec![Setting {
                path: "round.0.levels".into(),
                value: r#"["head","deputy"]"#.into(),
            }],
            run: 3,
            runs: 10,
            seed: 2017,
            fingerprint: "0123456789abcdef".into(),
            summary,
        }
    }

    fn round_trip(format: RowFormat) {
        let row = sample();
        let paths = vec!["round.0.levels".to_string()];
        let mut writer = RowWriter::new(format, &paths, Vec::new()).unwrap();
        writer.write(&row).unwrap();
        writer.write(&row).unwrap();
        let bytes = writer.finish().unwrap();
        let mut reader = RowReader::new(format, "part", bytes.as_slice()).unwrap();
        let (back, _) = reader.next_row().unwrap().unwrap();
        assert_eq!(back.keys(), row.keys());
        assert_eq!(back.settings, row.settings);
        let mut again = RowWriter::new(format, &paths, Vec::new()).unwrap();
        again.write(&back).unwrap();
        let (back2, _) = reader.next_row().unwrap().unwrap();
        again.write(&back2).unwrap();
        assert!(reader.next_row().unwrap().is_none());
        assert_eq!(
            String::from_utf8(again.finish().unwrap()).unwrap(),
            String::from_utf8(bytes).unwrap()
        );
    }

    #[test]
    fn jsonl_rows_round_trip_byte_for_byte() {
        round_trip(RowFormat::Jsonl);
    }

    #[test]
    fn csv_rows_round_trip_byte_for_byte() {
        round_trip(RowFormat::Csv);
    }

    /// A part that starts with a byte-order mark (as `reorg batch -o rows.csv`
    /// writes it, for Excel) reads as the same rows as one without; a
    /// mark cut short is refused.
    #[test]
    fn a_byte_order_mark_is_skipped() {
        let row = sample();
        let paths = vec!["round.0.levels".to_string()];
        for format in [RowFormat::Csv, RowFormat::Jsonl] {
            let mut writer = RowWriter::new(format, &paths, Vec::new()).unwrap();
            writer.write(&row).unwrap();
            let plain = writer.finish().unwrap();
            let marked = [BOM, plain.as_slice()].concat();
            // One byte at a time, as a pipe may deliver it.
            let reader = std::io::BufReader::with_capacity(1, marked.as_slice());
            let mut reader = RowReader::new(format, "part", reader).unwrap();
            let (back, line) = reader.next_row().unwrap().unwrap();
            assert_eq!(back.keys(), row.keys(), "{format:?}");
            assert_eq!(back.scenario, row.scenario, "{format:?}");
            assert_eq!(line, if format == RowFormat::Csv { 2 } else { 1 });
            assert!(reader.next_row().unwrap().is_none());

            let broken = [&BOM[..2], plain.as_slice()].concat();
            let err = RowReader::new(format, "part", broken.as_slice()).unwrap_err();
            assert!(err.to_string().contains("byte-order mark"), "{err}");
        }
    }

    /// Text that a spreadsheet would run is written with a leading `'` and
    /// read back as it was.
    #[test]
    fn csv_text_cells_are_safe_for_spreadsheets() {
        let mut row = sample();
        row.scenario = "=HYPERLINK(\"http://x\")".into();
        row.summary.youngest_head = Some("-2+3".into());
        let paths = vec!["round.0.levels".to_string()];
        let mut writer = RowWriter::new(RowFormat::Csv, &paths, Vec::new()).unwrap();
        writer.write(&row).unwrap();
        let text = String::from_utf8(writer.finish().unwrap()).unwrap();
        let record = text.lines().nth(1).unwrap();
        assert!(record.starts_with("\"'=HYPERLINK("), "{record}");
        assert!(record.contains(",'-2+3,"), "{record}");
        let mut reader = RowReader::new(RowFormat::Csv, "part", text.as_bytes()).unwrap();
        let (back, _) = reader.next_row().unwrap().unwrap();
        assert_eq!(back.scenario, row.scenario);
        assert_eq!(back.summary.youngest_head, row.summary.youngest_head);
    }

    /// A setting's value is text like any other: one that begins like a
    /// formula is written with a leading `'`, and read back as it was.
    #[test]
    fn csv_settings_are_safe_for_spreadsheets() {
        let mut row = sample();
        let paths = vec!["scenario.description".to_string()];
        for (value, cell) in [
            ("@SUM(1+1)", "'@SUM(1+1)"),
            ("-1", "'-1"),
            ("'=x", "''=x"),
            ("plain", "plain"),
        ] {
            row.settings = vec![Setting {
                path: paths[0].clone(),
                value: value.into(),
            }];
            let mut writer = RowWriter::new(RowFormat::Csv, &paths, Vec::new()).unwrap();
            writer.write(&row).unwrap();
            let bytes = writer.finish().unwrap();
            let mut csv = csv::Reader::from_reader(bytes.as_slice());
            let record = csv.records().next().unwrap().unwrap();
            assert_eq!(&record[3], cell);
            let mut reader = RowReader::new(RowFormat::Csv, "part", bytes.as_slice()).unwrap();
            let (back, _) = reader.next_row().unwrap().unwrap();
            assert_eq!(back.settings[0].value, value);
        }
    }

    /// An endless row (here an endless stream of one byte) is refused once
    /// it passes the limit, in both formats: it is never read whole.
    #[test]
    fn an_endless_row_is_refused_without_reading_it_whole() {
        let endless = || std::io::BufReader::new(std::io::repeat(b'x'));
        let mut jsonl = RowReader::new(RowFormat::Jsonl, "part", endless()).unwrap();
        let err = jsonl.next_row().unwrap_err().to_string();
        assert!(
            err.starts_with("`part` line 1: a row longer than 1048576 bytes"),
            "{err}"
        );

        let header = csv_header(&[]).join(",") + "\n";
        let csv_part = || std::io::BufReader::new(header.as_bytes().chain(std::io::repeat(b'x')));
        let mut csv = RowReader::new(RowFormat::Csv, "part", csv_part()).unwrap();
        let err = csv.next_row().unwrap_err().to_string();
        assert!(
            err.starts_with("`part` line 2: a row longer than 1048576 bytes"),
            "{err}"
        );
        let endless_header = std::io::BufReader::new(std::io::repeat(b'x'));
        let err = RowReader::new(RowFormat::Csv, "part", endless_header)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("`part` line 1: a row longer than 1048576 bytes"),
            "{err}"
        );
    }

    /// Rows up to the limit are read; the limit counts the row, not its
    /// line break.
    #[test]
    fn a_row_of_exactly_the_limit_is_read() {
        let mut line = vec![b' '; MAX_ROW_BYTES];
        line.push(b'\n');
        line.extend(vec![b' '; MAX_ROW_BYTES + 1]);
        let mut reader = RowReader::new(RowFormat::Jsonl, "part", line.as_slice()).unwrap();
        // Line 1 (blank, exactly at the limit) is skipped; line 2 is one byte over.
        let err = reader.next_row().unwrap_err().to_string();
        assert!(err.starts_with("`part` line 2: a row longer"), "{err}");
    }

    /// The counts of a run add up; a row whose counts do not is named.
    #[test]
    fn counts_that_do_not_add_up_are_found() {
        let mut row = sample();
        let s = &mut row.summary;
        (s.people, s.placed, s.promoted, s.same_level, s.demoted) = (10, 6, 1, 2, 3);
        (s.pooled, s.fallback, s.exited, s.did_not_compete) = (1, 1, 1, 1);
        assert_eq!(row.check_counts(), Ok(()));
        row.summary.placed = 9999;
        assert_eq!(
            row.check_counts().unwrap_err(),
            "`placed` is 9999, but `promoted` + `same_level` + `demoted` = 1 + 2 + 3 = 6: not a row `reorg batch` wrote, or an edited one"
        );
        row.summary.placed = 6;
        row.summary.exited = 2;
        assert!(
            row.check_counts()
                .unwrap_err()
                .starts_with("`people` is 10, but the statuses add up to 11 (placed 6 + pooled 1 + fallback 1 + exited 2 + did_not_compete 1)")
        );
        // Counts near the top of the range do not overflow the sum.
        row.summary.pooled = usize::MAX;
        assert!(row.check_counts().is_err());
    }

    /// Averages are read back to the same bits, also those with 17
    /// significant digits, where a fast float parser can be one unit in the
    /// last place off.
    #[test]
    fn floats_are_read_exactly() {
        for text in [
            "46.961538461538467",
            "0.30000000000000004",
            "43.04761904761905",
        ] {
            let exact: f64 = text.parse().unwrap();
            let mut row = sample();
            row.summary.leader_age_after = Some(exact);
            let mut writer = RowWriter::new(RowFormat::Jsonl, &[], Vec::new()).unwrap();
            writer.write(&row).unwrap();
            let bytes = writer.finish().unwrap();
            let line = String::from_utf8(bytes.clone()).unwrap();
            assert!(
                line.contains(&format!("\"leader_age_after\":{exact}")),
                "{line}"
            );
            let mut reader = RowReader::new(RowFormat::Jsonl, "part", bytes.as_slice()).unwrap();
            let (back, _) = reader.next_row().unwrap().unwrap();
            assert_eq!(
                back.summary.leader_age_after.map(f64::to_bits),
                Some(exact.to_bits())
            );
        }
    }

    #[test]
    fn formats_follow_the_extension() {
        assert_eq!(
            RowFormat::from_path(Path::new("a/runs.JSONL")),
            Some(RowFormat::Jsonl)
        );
        assert_eq!(
            RowFormat::from_path(Path::new("runs.csv")),
            Some(RowFormat::Csv)
        );
        assert_eq!(RowFormat::from_path(Path::new("runs.txt")), None);
    }
}
