//! `reorg batch merge`: put the row files of a batch's shards back together.
//!
//! Each part holds rows in (grid point, run) order, as every shard writes
//! them. The merger reads all parts at once, one row ahead in each, and
//! always takes the smallest (point, run) next, so it holds one row per part
//! and one point's histograms, never the whole batch. The merged rows are
//! re-written with the same writer a batch uses, so they are byte for byte
//! the rows one unsharded batch writes, and the summary is built from them
//! exactly as a batch builds it.
//!
//! Checked on the way: every part is a regular file and a `reorg batch` row
//! file, read bounded (no row over [`crate::batch::rows::MAX_ROW_BYTES`]); all rows have one
//! fingerprint (the same scenario text, people, base settings and reorg
//! version: [`crate::batch::Batch::fingerprint`]); all agree on the grid
//! (its points, settings paths, and each point's settings, scenario and
//! seed) and the runs per point; every row's counts add up
//! ([`Row::check_counts`]); no run appears twice; and, unless partial
//! results are asked for, every run of every point is present.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::BufRead;
use std::path::Path;

use crate::batch::grid::MAX_POINTS;
use crate::batch::rows::{Row, RowFormat, RowReader};
use crate::batch::{BatchError, BatchSummary, Completion, MAX_RUNS, PointStats, PointSummary};
use crate::metrics::VERSION;

/// Opens a part for reading. It must be a regular file: a device such as
/// `/dev/zero` never ends and a FIFO can block forever, so both are refused
/// before they are read (a FIFO before it is opened); what was opened is
/// checked again, in case the path names something else by then.
pub fn open_part(path: &Path) -> Result<File, BatchError> {
    let read_error = |source| BatchError::Read {
        path: path.display().to_string(),
        source,
    };
    let not_a_file = |meta: &std::fs::Metadata| {
        (!meta.is_file()).then(|| BatchError::NotAFile {
            path: path.display().to_string(),
            what: describe_kind(meta.file_type()),
        })
    };
    let meta = std::fs::metadata(path).map_err(read_error)?;
    if let Some(err) = not_a_file(&meta) {
        return Err(err);
    }
    let file = File::open(path).map_err(read_error)?;
    let meta = file.metadata().map_err(read_error)?;
    match not_a_file(&meta) {
        Some(err) => Err(err),
        None => Ok(file),
    }
}

/// What a file that is not a regular file is, for messages.
fn describe_kind(file_type: std::fs::FileType) -> &'static str {
    if file_type.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

struct Part<R: BufRead> {
    name: String,
    reader: RowReader<R>,
    head: Option<(Row, u64)>,
}

impl<R: BufRead> Part<R> {
    /// Reads the next row into `head`, checking the part stays in order.
    fn advance(&mut self) -> Result<Option<(Row, u64)>, BatchError> {
        let next = self.reader.next_row()?;
        if let (Some((before, _)), Some((after, line))) = (&self.head, &next)
            && after.position() <= before.position()
        {
            return Err(BatchError::Part {
                part: self.name.clone(),
                line: *line,
                why: format!(
                    "point {} run {} comes after point {} run {}; rows must be in the order `reorg batch` writes them",
                    after.point, after.run, before.point, before.run
                ),
            });
        }
        Ok(std::mem::replace(&mut self.head, next))
    }
}

/// Merges the parts of a sharded batch.
pub struct Merger<R: BufRead> {
    parts: Vec<Part<R>>,
    paths: Vec<String>,
    /// The extra columns (`figure.ID`) every part's rows carry.
    extra: Vec<String>,
    /// The fingerprint of the first row read, and the part it is in.
    fingerprint: Option<(String, usize)>,
}

impl<R: BufRead> std::fmt::Debug for Merger<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Merger")
            .field(
                "parts",
                &self.parts.iter().map(|p| &p.name).collect::<Vec<_>>(),
            )
            .field("paths", &self.paths)
            .finish()
    }
}

impl<R: BufRead> Merger<R> {
    /// Opens the parts: `(name, format, reader)` each. Reads each part's
    /// header and first row, and finds the grid's settings paths.
    pub fn open(inputs: Vec<(String, RowFormat, R)>) -> Result<Merger<R>, BatchError> {
        if inputs.is_empty() {
            return Err(BatchError::Merge("no parts to merge".into()));
        }
        let mut parts = Vec::with_capacity(inputs.len());
        let mut paths: Option<(Vec<String>, String)> = None;
        let mut extra: Option<(Vec<String>, String)> = None;
        let mut fingerprint: Option<(String, usize)> = None;
        for (name, format, reader) in inputs {
            let reader = RowReader::new(format, &name, reader)?;
            let mut part = Part {
                name,
                reader,
                head: None,
            };
            part.advance()?;
            if let Some((row, _)) = &part.head {
                match &fingerprint {
                    None => fingerprint = Some((row.fingerprint.clone(), parts.len())),
                    Some((known, first)) if *known != row.fingerprint => {
                        let first: &Part<R> = &parts[*first];
                        return Err(different_batches(
                            (&first.name, known),
                            (&part.name, &row.fingerprint),
                        ));
                    }
                    Some(_) => {}
                }
            }
            let found = part.reader.csv_paths().map(<[String]>::to_vec).or_else(|| {
                part.head
                    .as_ref()
                    .map(|(row, _)| row.settings.iter().map(|s| s.path.clone()).collect())
            });
            let found_extra = part.reader.csv_extra().map(<[String]>::to_vec).or_else(|| {
                part.head
                    .as_ref()
                    .map(|(row, _)| row.extra.iter().map(|(n, _)| n.clone()).collect())
            });
            if let Some(found) = found_extra {
                match &extra {
                    None => extra = Some((found, part.name.clone())),
                    Some((known, first)) if *known != found => {
                        return Err(BatchError::Merge(format!(
                            "`{first}` has the columns {} but `{}` has {}: parts of scenarios with different `[[figure]]`s",
                            describe(known),
                            part.name,
                            describe(&found)
                        )));
                    }
                    Some(_) => {}
                }
            }
            if let Some(found) = found {
                match &paths {
                    None => paths = Some((found, part.name.clone())),
                    Some((known, first)) if *known != found => {
                        return Err(BatchError::Merge(format!(
                            "`{first}` sweeps {} but `{}` sweeps {}: these are parts of different batches",
                            describe(known),
                            part.name,
                            describe(&found)
                        )));
                    }
                    Some(_) => {}
                }
            }
            parts.push(part);
        }
        let paths = paths.map(|(p, _)| p).unwrap_or_default();
        let extra = extra.map(|(e, _)| e).unwrap_or_default();
        Ok(Merger {
            parts,
            paths,
            extra,
            fingerprint,
        })
    }

    /// The settings paths (the grid's axes), for the merged rows' header.
    pub fn paths(&self) -> &[String] {
        &self.paths
    }

    /// The extra columns (`figure.ID`), for the merged rows' header.
    pub fn extra(&self) -> &[String] {
        &self.extra
    }

    /// Merges: every row goes to `sink` in (point, run) order, and the
    /// summary is returned. With `partial`, missing runs are allowed and the
    /// summary says it is partial; otherwise they are an error.
    pub fn run(
        mut self,
        partial: bool,
        sink: &mut dyn FnMut(&Row) -> std::io::Result<()>,
    ) -> Result<BatchSummary, BatchError> {
        let mut heap = BinaryHeap::new();
        for (index, part) in self.parts.iter().enumerate() {
            if let Some((row, _)) = &part.head {
                heap.push(Reverse((row.position(), index)));
            }
        }
        let mut summary: Option<BatchSummary> = None;
        let mut current: Option<(Row, usize, PointStats, u64)> = None;
        let mut next_item: u64 = 0;
        let mut missing: u64 = 0;
        let mut first_missing: Option<(u64, u64)> = None;
        let mut last: Option<((u64, u64), usize)> = None;
        while let Some(Reverse((position, index))) = heap.pop() {
            let (row, line) = self.parts[index]
                .advance()?
                .expect("a part in the heap has a head");
            if let Some((next, _)) = &self.parts[index].head {
                heap.push(Reverse((next.position(), index)));
            }
            let name = &self.parts[index].name;
            let bad = |why: String| BatchError::Part {
                part: name.clone(),
                line,
                why,
            };
            let summary = summary.get_or_insert_with(|| BatchSummary {
                reorg_version: VERSION.to_string(),
                scenario: row.scenario.clone(),
                status: Completion::Complete,
                shard: None,
                grid_points: row.points,
                runs_per_point: row.runs,
                runs_planned: row.points.saturating_mul(row.runs),
                runs_done: 0,
                points: Vec::new(),
            });
            if let Some((known, first)) = &self.fingerprint
                && *known != row.fingerprint
            {
                // Every part's first row has the fingerprint (checked in
                // `open`): this one differs from rows before it.
                let first = &self.parts[*first].name;
                return Err(bad(format!(
                    "fingerprint `{}`, but the rows before it (from `{first}` on) have `{known}`: rows of different batches in one file",
                    row.fingerprint
                )));
            }
            row.check_counts().map_err(&bad)?;
            if row.points > MAX_POINTS || row.runs > MAX_RUNS {
                return Err(bad(format!(
                    "a batch of {} points × {} runs, more than `reorg batch` makes (at most {MAX_POINTS} points and {MAX_RUNS} runs per point): not a batch row file, or an edited one",
                    row.points, row.runs
                )));
            }
            if row.points != summary.grid_points || row.runs != summary.runs_per_point {
                return Err(bad(format!(
                    "a batch of {} points × {} runs, but the first row read is of {} × {}: these are parts of different batches",
                    row.points, row.runs, summary.grid_points, summary.runs_per_point
                )));
            }
            if row.point >= row.points || row.run >= row.runs {
                return Err(bad(format!(
                    "point {} run {} is outside {} points × {} runs",
                    row.point, row.run, row.points, row.runs
                )));
            }
            let row_paths: Vec<&str> = row.settings.iter().map(|s| s.path.as_str()).collect();
            if row_paths != self.paths {
                return Err(bad(format!(
                    "sweeps {}, not {}",
                    describe(&row_paths),
                    describe(&self.paths)
                )));
            }
            let row_extra: Vec<&str> = row.extra.iter().map(|(n, _)| n.as_str()).collect();
            if row_extra != self.extra {
                return Err(bad(format!(
                    "has the columns {}, not {}",
                    describe(&row_extra),
                    describe(&self.extra)
                )));
            }
            if let Some((before, first)) = last
                && before == position
            {
                let other = &self.parts[first].name;
                return Err(BatchError::Merge(if other == name {
                    format!(
                        "point {} run {} is twice in `{name}`, or `{name}` is given twice; give each shard's part once",
                        position.0, position.1
                    )
                } else {
                    format!(
                        "point {} run {} is in both `{other}` and `{name}`; give each shard's part once",
                        position.0, position.1
                    )
                }));
            }
            last = Some((position, index));
            let item = row.point * row.runs + row.run;
            if item > next_item {
                missing += item - next_item;
                first_missing.get_or_insert((next_item / row.runs, next_item % row.runs));
            }
            next_item = item + 1;

            if current
                .as_ref()
                .is_some_and(|(first, ..)| first.point != row.point)
            {
                let (first, _, stats, runs) = current.take().expect("checked above");
                finish_point(summary, first, &stats, runs);
            }
            match &mut current {
                None => {
                    let mut stats = PointStats::new();
                    stats.add(&row.keys());
                    stats.add_extra(&row.extra);
                    current = Some((row.clone(), index, stats, 1));
                }
                Some((first, first_part, stats, runs)) => {
                    if first.scenario != row.scenario
                        || first.settings != row.settings
                        || first.seed != row.seed
                    {
                        return Err(BatchError::Merge(format!(
                            "point {}: `{}` ran it with scenario `{}`, seed {} and {}, but `{name}` with `{}`, seed {} and {}: these are parts of different batches",
                            row.point,
                            self.parts[*first_part].name,
                            first.scenario,
                            first.seed,
                            settings_text(first),
                            row.scenario,
                            row.seed,
                            settings_text(&row),
                        )));
                    }
                    stats.add(&row.keys());
                    stats.add_extra(&row.extra);
                    *runs += 1;
                }
            }
            sink(&row).map_err(BatchError::Write)?;
            summary.runs_done += 1;
        }
        let Some(mut summary) = summary else {
            return Err(BatchError::Merge(
                "the parts hold no rows; did every shard fail?".into(),
            ));
        };
        if let Some((first, _, stats, runs)) = current.take() {
            finish_point(&mut summary, first, &stats, runs);
        }
        if next_item < summary.runs_planned {
            missing += summary.runs_planned - next_item;
            first_missing.get_or_insert((
                next_item / summary.runs_per_point,
                next_item % summary.runs_per_point,
            ));
        }
        if let Some((point, run)) = first_missing {
            if !partial {
                return Err(BatchError::Merge(format!(
                    "the parts cover {} of {} runs: {missing} missing, the first point {point} run {run}; give every shard's part (a shard may have failed or been interrupted), or `--partial` to summarise what is there",
                    summary.runs_done, summary.runs_planned
                )));
            }
            summary.status = Completion::Partial;
        }
        Ok(summary)
    }
}

/// Two parts whose fingerprints differ, each with its fingerprint.
fn different_batches(first: (&str, &str), other: (&str, &str)) -> BatchError {
    BatchError::Merge(format!(
        "`{}` and `{}` are parts of different batches: their rows have the fingerprints `{}` and `{}` (the scenario, its roster, the base settings or the reorg version differ); merge the parts of one batch, run with one scenario file, roster and reorg",
        first.0, other.0, first.1, other.1
    ))
}

fn finish_point(summary: &mut BatchSummary, first: Row, stats: &PointStats, runs: u64) {
    summary.points.push(PointSummary {
        point: first.point,
        settings: first.settings,
        seed: first.seed,
        runs,
        planned: summary.runs_per_point,
        figures: stats.finish(),
        kinds: first.kinds,
        depths: first.depths,
    });
}

fn describe<S: AsRef<str>>(paths: &[S]) -> String {
    if paths.is_empty() {
        "nothing".into()
    } else {
        paths
            .iter()
            .map(|p| format!("`{}`", p.as_ref()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn settings_text(row: &Row) -> String {
    if row.settings.is_empty() {
        "no settings".into()
    } else {
        row.settings
            .iter()
            .map(|s| format!("`{}`", s.to_override()))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;
    use crate::batch::grid::Grid;
    use crate::batch::rows::{RowWriter, reserved_names};
    use crate::batch::shard::Shard;
    use crate::batch::{Batch, Plan};

    fn rows_of(shard: Option<Shard>, format: RowFormat) -> (Vec<u8>, BatchSummary) {
        let plan = Plan {
            source: crate::batch::test_source(),
            base: Vec::new(),
            grid: Grid::parse(&["policy.choices=2,3".into()], &reserved_names()).unwrap(),
            runs: 6,
            seed: None,
            shard,
        };
        let batch = Batch::prepare(plan).unwrap();
        let mut writer = RowWriter::new(format, &["policy.choices".into()], Vec::new()).unwrap();
        let summary = batch
            .run(
                2,
                &AtomicBool::new(false),
                &mut |row| writer.write(row),
                &mut |_| {},
            )
            .unwrap();
        (writer.finish().unwrap(), summary)
    }

    fn merge_parts(
        parts: &[Vec<u8>],
        format: RowFormat,
        partial: bool,
    ) -> Result<(Vec<u8>, BatchSummary), BatchError> {
        let inputs = parts
            .iter()
            .enumerate()
            .map(|(i, bytes)| (format!("part-{i}"), format, bytes.as_slice()))
            .collect();
        let merger = Merger::open(inputs)?;
        let mut writer =
            RowWriter::with_extra(format, merger.paths(), merger.extra(), Vec::new()).unwrap();
        let summary = merger.run(partial, &mut |row| writer.write(row))?;
        Ok((writer.finish().unwrap(), summary))
    }

    #[test]
    fn merged_shards_equal_one_batch() {
        for format in [RowFormat::Jsonl, RowFormat::Csv] {
            let (whole, summary) = rows_of(None, format);
            let parts: Vec<Vec<u8>> = (1..=3)
                .rev()
                .map(|k| rows_of(Some(Shard { index: k, count: 3 }), format).0)
                .collect();
            let (merged, merged_summary) = merge_parts(&parts, format, false).unwrap();
            assert_eq!(
                String::from_utf8(merged).unwrap(),
                String::from_utf8(whole).unwrap()
            );
            assert_eq!(merged_summary, summary);
        }
    }

    #[test]
    fn missing_and_duplicate_parts_are_refused() {
        let format = RowFormat::Csv;
        let parts: Vec<Vec<u8>> = (1..=3)
            .map(|k| rows_of(Some(Shard { index: k, count: 3 }), format).0)
            .collect();
        let err = merge_parts(&parts[..2], format, false)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("cover 8 of 12 runs: 4 missing, the first point 0 run 2"),
            "{err}"
        );
        let (_, partial) = merge_parts(&parts[..2], format, true).unwrap();
        assert_eq!(partial.status, Completion::Partial);
        assert_eq!(partial.runs_done, 8);
        let twice = [
            parts[0].clone(),
            parts[1].clone(),
            parts[2].clone(),
            parts[1].clone(),
        ];
        let err = merge_parts(&twice, format, false).unwrap_err().to_string();
        assert!(
            err.contains("point 0 run 1 is in both `part-1` and `part-3`"),
            "{err}"
        );
    }

    /// Parts whose rows have different fingerprints are refused, both
    /// named; a row whose fingerprint differs from its part's first is
    /// refused at its line.
    #[test]
    fn parts_of_different_batches_are_refused_by_fingerprint() {
        let format = RowFormat::Jsonl;
        let parts: Vec<Vec<u8>> = (1..=2)
            .map(|k| rows_of(Some(Shard { index: k, count: 2 }), format).0)
            .collect();
        assert!(merge_parts(&parts, format, false).is_ok());
        let text = String::from_utf8(parts[1].clone()).unwrap();
        let ours = text.split("\"fingerprint\":\"").nth(1).unwrap()[..16].to_string();
        let theirs = "0123456789abcdef";
        let other = text.replace(&ours, theirs).into_bytes();
        let err = merge_parts(&[parts[0].clone(), other], format, false)
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            format!(
                "`part-0` and `part-1` are parts of different batches: their rows have the fingerprints `{ours}` and `{theirs}` (the scenario, its roster, the base settings or the reorg version differ); merge the parts of one batch, run with one scenario file, roster and reorg"
            )
        );
        // The third row of part 1 (line 3) alone changed.
        let third = text.lines().nth(2).unwrap();
        let mixed = text
            .replacen(third, &third.replace(&ours, theirs), 1)
            .into_bytes();
        let err = merge_parts(&[parts[0].clone(), mixed], format, false)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(&format!(
                "`part-1` line 3: fingerprint `{theirs}`, but the rows before it (from `part-0` on) have `{ours}`"
            )),
            "{err}"
        );
    }

    /// A row whose counts do not add up is refused at its line.
    #[test]
    fn rows_whose_counts_do_not_add_up_are_refused() {
        let (rows, _) = rows_of(None, RowFormat::Jsonl);
        let text = String::from_utf8(rows).unwrap();
        let second = text.lines().nth(1).unwrap();
        let placed = second.split("\"placed\":").nth(1).unwrap();
        let placed = &placed[..placed.find(',').unwrap()];
        let edited = text.replacen(
            second,
            &second.replacen(&format!("\"placed\":{placed},"), "\"placed\":9999,", 1),
            1,
        );
        let err = merge_parts(&[edited.into_bytes()], RowFormat::Jsonl, false)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(
                "`part-0` line 2: `placed` is 9999, but `promoted` + `same_level` + `demoted` = "
            ),
            "{err}"
        );
    }

    /// Counts beyond what a batch can make are refused, not summed into
    /// figures such as 2^64 − 1 runs planned.
    #[test]
    fn impossible_batch_sizes_are_refused() {
        let (rows, _) = rows_of(None, RowFormat::Jsonl);
        let text = String::from_utf8(rows).unwrap();
        assert!(text.contains(r#""runs":6,"#));
        for (from, to) in [
            (r#""runs":6,"#, format!(r#""runs":{},"#, u64::MAX)),
            (r#""points":2,"#, format!(r#""points":{},"#, MAX_POINTS + 1)),
        ] {
            let tampered = text.replace(from, &to).into_bytes();
            let err = merge_parts(&[tampered], RowFormat::Jsonl, true)
                .unwrap_err()
                .to_string();
            assert!(err.contains("more than `reorg batch` makes"), "{err}");
        }
    }
}
