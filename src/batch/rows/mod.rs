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
//! | `kinds` | units before → after per kind at the point (a property of the scenario, the same in every run of a point): in JSON Lines an array of `{kind, before, after, external}` as in `reorg run --format json`; in CSV `kind:before:after:external` entries joined by `;` |
//! | `depths` | bodies and internal units before → after per depth at the point: in JSON Lines an array of `{depth, before, after, external}`, left out when the scenario does not nest units; in CSV `depth:before:after:external` entries joined by `;`, empty when it does not |
//! | `figure.ID` | after `depths`, one per `[[figure]]` of the scenario, in file order ([`Row::extra`]): the run's value, empty / `null` when absent |
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

use std::path::Path;

use crate::batch::grid::Setting;
use crate::batch::stats::Kind;
use crate::metrics::{Cell, DepthCount, FieldKind, Figure, KindCount, RunSummary};
use crate::scenario::UnitKind;

mod read;
mod write;

pub use read::RowReader;
pub use write::RowWriter;

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
    /// Units before → after per kind at the point.
    pub kinds: Vec<KindCount>,
    /// Bodies and internal units before → after per depth at the point
    /// (empty when the scenario does not nest units); set after [`Row::new`].
    pub depths: Vec<DepthCount>,
    /// The scenario's extra columns after `kinds`, name and value, in
    /// order: each `[[figure]]` as `figure.ID` ([`crate::metrics::figures`]).
    pub extra: Vec<(String, Cell)>,
}

impl Row {
    /// A row for a freshly computed summary.
    pub fn new(
        scenario: &str,
        (point, points): (u64, u64),
        settings: &[Setting],
        (run, runs): (u64, u64),
        (seed, fingerprint): (u64, &str),
        (summary, kinds): (RunSummary, &[KindCount]),
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
            kinds: kinds.to_vec(),
            depths: Vec::new(),
            extra: Vec::new(),
        }
    }

    /// Checks that the run's outcome counts add up, as every run's do: each
    /// person has one status (`placed` + `appointed` + `transferred` +
    /// `fallback` + `rank_kept` + `pooled` + `exited` + `retired` +
    /// `did_not_compete` = `people`), and the people placed are those
    /// promoted, kept at their level or demoted.
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
        let others = [
            s.appointed,
            s.transferred,
            s.fallback,
            s.rank_kept,
            s.pooled,
            s.exited,
            s.retired,
            s.did_not_compete,
        ];
        let everyone = placed + sum(&others);
        if everyone != s.people as u128 {
            return Err(format!(
                "`people` is {}, but the statuses add up to {everyone} (placed {placed} + appointed {} + transferred {} + fallback {} + rank_kept {} + pooled {} + exited {} + retired {} + did_not_compete {}): not a row `reorg batch` wrote, or an edited one",
                s.people,
                s.appointed,
                s.transferred,
                s.fallback,
                s.rank_kept,
                s.pooled,
                s.exited,
                s.retired,
                s.did_not_compete
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

/// The CSV header of rows with these settings paths and no extra columns.
pub fn csv_header(paths: &[String]) -> Vec<String> {
    csv_header_with(paths, &[])
}

/// The CSV header of rows with these settings paths and extra columns.
pub fn csv_header_with(paths: &[String], extra: &[String]) -> Vec<String> {
    let mut header: Vec<String> = ["scenario", "point", "points"].map(String::from).to_vec();
    header.extend(paths.iter().cloned());
    header.extend(["run", "runs", "seed", "fingerprint"].map(String::from));
    header.extend(RunSummary::FIELDS.iter().map(|&(name, _)| name.to_string()));
    header.push("kinds".into());
    header.push("depths".into());
    header.extend(extra.iter().cloned());
    header
}

/// Depths as a CSV cell: `depth:before:after:external` joined by `;`
/// (empty when the scenario does not nest units).
pub fn depths_text(depths: &[DepthCount]) -> String {
    depths
        .iter()
        .map(|d| format!("{}:{}:{}:{}", d.depth, d.before, d.after, d.external))
        .collect::<Vec<_>>()
        .join(";")
}

/// Depths from a CSV cell written by [`depths_text`].
pub fn parse_depths_text(text: &str) -> Result<Vec<DepthCount>, String> {
    parse_entries(
        text,
        "depths",
        "depth:before:after:external",
        |depth, [before, after, external]| {
            Some(DepthCount {
                depth: depth.parse().ok()?,
                before,
                after,
                external,
            })
        },
    )
}

/// Entries `name:n:n:n` joined by `;` (empty: none), each made by `make`
/// from its name and three counts; `None` from `make` is a bad entry. The
/// one reader of the `kinds` and `depths` CSV cells.
fn parse_entries<T>(
    text: &str,
    column: &str,
    shape: &str,
    make: impl Fn(&str, [usize; 3]) -> Option<T>,
) -> Result<Vec<T>, String> {
    if text.is_empty() {
        return Ok(Vec::new());
    }
    text.split(';')
        .map(|entry| {
            let bad = || format!("`{column}` entry `{entry}` is not `{shape}`");
            let parts: Vec<&str> = entry.split(':').collect();
            let [name, before, after, external] = parts[..] else {
                return Err(bad());
            };
            let count = |n: &str| n.parse::<usize>().map_err(|_| bad());
            make(name, [count(before)?, count(after)?, count(external)?]).ok_or_else(bad)
        })
        .collect()
}

/// Depths from a JSON Lines row's `depths` array (absent: none).
pub fn parse_depths_json(value: Option<serde_json::Value>) -> Result<Vec<DepthCount>, String> {
    let Some(value) = value else {
        return Ok(Vec::new());
    };
    let serde_json::Value::Array(items) = value else {
        return Err("`depths` is not an array".into());
    };
    items
        .into_iter()
        .map(|item| {
            let bad = || "a `depths` entry is not `{depth, before, after, external}`".to_string();
            let count = |key: &str| {
                item.get(key)
                    .and_then(serde_json::Value::as_u64)
                    .and_then(|n| usize::try_from(n).ok())
                    .ok_or_else(bad)
            };
            Ok(DepthCount {
                depth: count("depth")?,
                before: count("before")?,
                after: count("after")?,
                external: count("external")?,
            })
        })
        .collect()
}

/// Whether a column name is an extra column (`figure.ID`,
/// `process.ID.before_days`, `process.ID.after_days`).
pub fn is_extra_column(name: &str) -> bool {
    name.starts_with("figure.") || name.starts_with("process.")
}

/// Kinds as a CSV cell: `kind:before:after:external` joined by `;`.
pub fn kinds_text(kinds: &[KindCount]) -> String {
    kinds
        .iter()
        .map(|k| {
            format!(
                "{}:{}:{}:{}",
                k.kind.as_str(),
                k.before,
                k.after,
                k.external
            )
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// Kinds from a CSV cell written by [`kinds_text`].
pub fn parse_kinds_text(text: &str) -> Result<Vec<KindCount>, String> {
    parse_entries(
        text,
        "kinds",
        "kind:before:after:external",
        |kind, [before, after, external]| {
            Some(KindCount {
                kind: UnitKind::parse(kind)?,
                before,
                after,
                external,
            })
        },
    )
}

/// Kinds from a JSON Lines row's `kinds` array.
pub fn parse_kinds_json(value: serde_json::Value) -> Result<Vec<KindCount>, String> {
    let serde_json::Value::Array(items) = value else {
        return Err("`kinds` is not an array".into());
    };
    items
        .into_iter()
        .map(|item| {
            let bad = || "a `kinds` entry is not `{kind, before, after, external}`".to_string();
            let count = |key: &str| {
                item.get(key)
                    .and_then(serde_json::Value::as_u64)
                    .and_then(|n| usize::try_from(n).ok())
                    .ok_or_else(bad)
            };
            Ok(KindCount {
                kind: item
                    .get("kind")
                    .and_then(serde_json::Value::as_str)
                    .and_then(UnitKind::parse)
                    .ok_or_else(bad)?,
                before: count("before")?,
                after: count("after")?,
                external: count("external")?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Cell;
    use std::io::Read;

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
            kinds: vec![
                KindCount {
                    kind: UnitKind::Department,
                    before: 48,
                    after: 19,
                    external: 0,
                },
                KindCount {
                    kind: UnitKind::Enterprise,
                    before: 0,
                    after: 0,
                    external: 1,
                },
            ],
            depths: vec![
                DepthCount {
                    depth: 0,
                    before: 4,
                    after: 3,
                    external: 0,
                },
                DepthCount {
                    depth: 1,
                    before: 7,
                    after: 4,
                    external: 1,
                },
            ],
            extra: Vec::new(),
        }
    }

    /// A row with extra columns (a count, a share, an absent mean) reads
    /// back the same and writes again the same bytes.
    fn round_trip(format: RowFormat) {
        let mut row = sample();
        row.extra = vec![
            ("figure.a".into(), Cell::Int(3)),
            ("figure.b".into(), Cell::Float(0.1 + 0.2)),
            ("figure.c".into(), Cell::Null),
        ];
        let paths = vec!["round.0.levels".to_string()];
        let extra: Vec<String> = row.extra.iter().map(|(n, _)| n.clone()).collect();
        let mut writer = RowWriter::with_extra(format, &paths, &extra, Vec::new()).unwrap();
        writer.write(&row).unwrap();
        writer.write(&row).unwrap();
        let bytes = writer.finish().unwrap();
        let mut reader = RowReader::new(format, "part", bytes.as_slice()).unwrap();
        let (back, _) = reader.next_row().unwrap().unwrap();
        assert_eq!(back.keys(), row.keys());
        assert_eq!(back.settings, row.settings);
        assert_eq!(back.kinds, row.kinds);
        assert_eq!(back.depths, row.depths);
        assert_eq!(back.extra, row.extra);
        let mut again = RowWriter::with_extra(format, &paths, &extra, Vec::new()).unwrap();
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
        let bom = read::BOM;
        let row = sample();
        let paths = vec!["round.0.levels".to_string()];
        for format in [RowFormat::Csv, RowFormat::Jsonl] {
            let mut writer = RowWriter::new(format, &paths, Vec::new()).unwrap();
            writer.write(&row).unwrap();
            let plain = writer.finish().unwrap();
            let marked = [bom, plain.as_slice()].concat();
            // One byte at a time, as a pipe may deliver it.
            let reader = std::io::BufReader::with_capacity(1, marked.as_slice());
            let mut reader = RowReader::new(format, "part", reader).unwrap();
            let (back, line) = reader.next_row().unwrap().unwrap();
            assert_eq!(back.keys(), row.keys(), "{format:?}");
            assert_eq!(back.scenario, row.scenario, "{format:?}");
            assert_eq!(line, if format == RowFormat::Csv { 2 } else { 1 });
            assert!(reader.next_row().unwrap().is_none());

            let broken = [&bom[..2], plain.as_slice()].concat();
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
        (s.appointed, s.transferred, s.rank_kept, s.retired) = (0, 0, 0, 0);
        assert_eq!(row.check_counts(), Ok(()));
        // Every status counts: the pooled person moved with their work instead.
        (row.summary.pooled, row.summary.transferred) = (0, 1);
        assert_eq!(row.check_counts(), Ok(()));
        (row.summary.pooled, row.summary.transferred) = (1, 0);
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
                .starts_with("`people` is 10, but the statuses add up to 11 (placed 6 + appointed 0 + transferred 0 + fallback 1 + rank_kept 0 + pooled 1 + exited 2 + retired 0 + did_not_compete 1)")
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
