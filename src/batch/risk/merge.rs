//! Merging the risk files of a sharded batch (`reorg batch merge`): the
//! counts of every part are summed, so the merged file is byte for byte the
//! one the unsharded batch writes.
//!
//! Checked on the way: every part is a risk file of this reorg, of one
//! batch (the same fingerprint, seed, settings and runs, the same people
//! and units); the shards are of one split and each given once; every
//! person's and post's counts add up to the part's runs; and, unless a
//! partial result is asked for, every run is there.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::{Counts, Cutoffs, FILE_KIND, Frame, Risk, SeatCounts};
use crate::batch::BatchError;
use crate::batch::grid::Setting;
use crate::batch::shard::Shard;
use crate::batch::stats::Kind;
use crate::metrics::VERSION;
use crate::simulate::Status;

/// The largest risk file read (a person takes about 700 bytes).
pub const MAX_PART_BYTES: u64 = 1 << 31;

#[derive(Deserialize)]
struct Part {
    kind: String,
    reorg_version: String,
    scenario: String,
    fingerprint: String,
    seed: u64,
    settings: serde_json::Map<String, serde_json::Value>,
    runs_per_point: u64,
    shard: Option<String>,
    runs: u64,
    statuses: Vec<String>,
    levels: Vec<String>,
    people: Vec<PartPerson>,
    before_units: Vec<PartBefore>,
    units: Vec<PartUnit>,
    posts: Vec<PartPost>,
}

#[derive(Deserialize)]
struct PartPerson {
    id: String,
    name: String,
    before_unit: String,
    before_level: String,
    statuses: BTreeMap<String, u64>,
    kept_level: u64,
    lost_level: u64,
}

#[derive(Deserialize)]
struct PartBefore {
    id: String,
    name: String,
}

struct PartSeats {
    seats: PartDistribution,
    filled: PartDistribution,
    vacancies: PartDistribution,
    cutoff: PartCutoff,
}

// Not `#[serde(flatten)]`: it buffers values, and cannot hold the i128 sums.
#[derive(Deserialize)]
struct PartUnit {
    id: String,
    name: String,
    external: bool,
    seats: PartDistribution,
    filled: PartDistribution,
    vacancies: PartDistribution,
    cutoff: PartCutoff,
}

#[derive(Deserialize)]
struct PartPost {
    unit: String,
    level: String,
    seats: PartDistribution,
    filled: PartDistribution,
    vacancies: PartDistribution,
    cutoff: PartCutoff,
}

impl PartUnit {
    fn seats(self) -> PartSeats {
        PartSeats {
            seats: self.seats,
            filled: self.filled,
            vacancies: self.vacancies,
            cutoff: self.cutoff,
        }
    }
}

impl PartPost {
    fn seats(self) -> (String, PartSeats) {
        (
            format!("{}/{}", self.unit, self.level),
            PartSeats {
                seats: self.seats,
                filled: self.filled,
                vacancies: self.vacancies,
                cutoff: self.cutoff,
            },
        )
    }
}

#[derive(Deserialize)]
struct PartDistribution {
    counts: Vec<(i64, u64)>,
}

#[derive(Deserialize)]
struct PartCutoff {
    runs: u64,
    sum_micro: i128,
    min: Option<f64>,
    max: Option<f64>,
}

/// Reads the risk file at `path`.
fn read(path: &Path) -> Result<(String, Part), BatchError> {
    let name = path.display().to_string();
    let bytes =
        crate::bounded_read::read(path, MAX_PART_BYTES).map_err(|err| BatchError::Read {
            path: name.clone(),
            source: std::io::Error::other(err.to_string()),
        })?;
    let part: Part = serde_json::from_slice(&bytes).map_err(|err| BatchError::Part {
        part: name.clone(),
        line: err.line() as u64,
        why: format!("not a risk file that `reorg batch --risk` writes: {err}"),
    })?;
    if part.kind != FILE_KIND {
        return Err(bad(
            &name,
            format!("`kind` is `{}`, not `{FILE_KIND}`", part.kind),
        ));
    }
    if part.reorg_version != VERSION {
        return Err(bad(
            &name,
            format!(
                "written by reorg {}, this is reorg {VERSION}: merge with the reorg that ran the batch",
                part.reorg_version
            ),
        ));
    }
    Ok((name, part))
}

fn bad(part: &str, why: String) -> BatchError {
    BatchError::Part {
        part: part.to_string(),
        line: 1,
        why,
    }
}

/// Merges the risk files at `paths` into the counts of the whole batch.
/// With `partial`, missing runs are allowed (the result counts fewer runs
/// than `runs_per_point`).
pub fn merge(paths: &[&Path], partial: bool) -> Result<Risk, BatchError> {
    let mut merged: Option<(String, Risk)> = None;
    let mut shards: Vec<(String, Option<Shard>)> = Vec::new();
    for path in paths {
        let (name, part) = read(path)?;
        let (frame, shard, runs, counts) = decode(&name, part)?;
        let (first, risk) =
            merged.get_or_insert_with(|| (name.clone(), Risk::empty(frame.clone(), None)));
        if risk.frame != frame {
            return Err(BatchError::Merge(format!(
                "`{first}` and `{name}` are risk files of different batches ({}); merge the parts of one batch",
                difference(&risk.frame, &frame)
            )));
        }
        if let Some((other, _)) = shards.iter().find(|(_, s)| *s == shard) {
            return Err(BatchError::Merge(format!(
                "`{other}` and `{name}` are both {}; give each shard's risk file once",
                shard.map_or("the whole batch".to_string(), |s| format!("shard {s}"))
            )));
        }
        if let Some(shard) = shard {
            let planned = shard.count_of_point(0, risk.frame.runs_per_point);
            if runs > planned {
                return Err(bad(
                    &name,
                    format!("{runs} runs, but shard {shard} has {planned}"),
                ));
            }
        }
        shards.push((name, shard));
        risk.runs += runs;
        for (mine, theirs) in risk.statuses.iter_mut().zip(&counts.statuses) {
            for (m, t) in mine.iter_mut().zip(theirs) {
                *m += t;
            }
        }
        for (mine, theirs) in risk.levels.iter_mut().zip(&counts.levels) {
            mine.0 += theirs.0;
            mine.1 += theirs.1;
        }
        for (mine, theirs) in risk.posts.iter_mut().zip(&counts.posts) {
            mine.merge(theirs);
        }
        for (mine, theirs) in risk.units.iter_mut().zip(&counts.units) {
            mine.merge(theirs);
        }
    }
    let Some((_, risk)) = merged else {
        return Err(BatchError::Merge("no risk files to merge".into()));
    };
    let whole = shards.iter().any(|(_, s)| s.is_none());
    if whole && shards.len() > 1 {
        return Err(BatchError::Merge(format!(
            "`{}` holds the whole batch; merge the risk files of its shards, or none",
            shards.iter().find(|(_, s)| s.is_none()).expect("checked").0
        )));
    }
    let counts: Vec<u64> = shards
        .iter()
        .filter_map(|(_, s)| s.map(|s| s.count))
        .collect();
    if let Some(&n) = counts.first()
        && let Some(other) = counts.iter().find(|&&c| c != n)
    {
        return Err(BatchError::Merge(format!(
            "the risk files are shards of splits into {n} and into {other}: parts of different runs of the batch"
        )));
    }
    if risk.runs != risk.frame.runs_per_point && !partial {
        return Err(BatchError::Merge(format!(
            "the risk files cover {} of {} runs; give every shard's risk file (a shard may have failed or been interrupted), or `--partial` to merge what is there",
            risk.runs, risk.frame.runs_per_point
        )));
    }
    Ok(risk)
}

/// What two frames differ in, for the message.
fn difference(a: &Frame, b: &Frame) -> &'static str {
    if a.fingerprint != b.fingerprint {
        "their fingerprints differ: the scenario, its roster, the settings or the reorg version"
    } else if a.seed != b.seed {
        "their seeds differ"
    } else if a.runs_per_point != b.runs_per_point {
        "their numbers of runs differ"
    } else if a.settings != b.settings {
        "their settings differ"
    } else {
        "their people or units differ"
    }
}

/// One part's counts, in the shape of a [`Risk`].
struct PartCounts {
    statuses: Vec<[u64; Status::ALL.len()]>,
    levels: Vec<(u64, u64)>,
    posts: Vec<SeatCounts>,
    units: Vec<SeatCounts>,
}

fn decode(name: &str, part: Part) -> Result<(Frame, Option<Shard>, u64, PartCounts), BatchError> {
    let wrong = |why: String| bad(name, why);
    let all: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
    if part.statuses != all {
        return Err(wrong(format!(
            "lists the statuses {:?}, not {all:?}",
            part.statuses
        )));
    }
    let shard = part
        .shard
        .as_deref()
        .map(str::parse::<Shard>)
        .transpose()
        .map_err(&wrong)?;
    let runs = part.runs;
    let settings = part
        .settings
        .into_iter()
        .map(|(path, value)| match value {
            serde_json::Value::String(value) => Ok(Setting { path, value }),
            other => Err(wrong(format!("setting `{path}` is {other}, not text"))),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let before: Vec<(String, String)> = part
        .before_units
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let mut people = Vec::with_capacity(part.people.len());
    let mut statuses = Vec::with_capacity(part.people.len());
    let mut levels = Vec::with_capacity(part.people.len());
    for person in part.people {
        let unit = before
            .iter()
            .position(|(id, _)| *id == person.before_unit)
            .ok_or_else(|| {
                wrong(format!(
                    "person `{}` is in unit `{}`, which is not among the before units",
                    person.id, person.before_unit
                ))
            })?;
        let mut counts = [0u64; Status::ALL.len()];
        for (i, status) in Status::ALL.iter().enumerate() {
            counts[i] = *person.statuses.get(status.as_str()).ok_or_else(|| {
                wrong(format!(
                    "person `{}` has no count of `{}`",
                    person.id,
                    status.as_str()
                ))
            })?;
        }
        let total: u128 = counts.iter().map(|&c| u128::from(c)).sum();
        let level = u128::from(person.kept_level) + u128::from(person.lost_level);
        if total != u128::from(runs) || level > u128::from(runs) {
            return Err(wrong(format!(
                "person `{}`: the status counts add up to {total} and the level counts to {level}, over {runs} runs",
                person.id
            )));
        }
        statuses.push(counts);
        levels.push((person.kept_level, person.lost_level));
        people.push((person.id, person.name, unit, person.before_level));
    }
    let after: Vec<(String, String, bool)> = part
        .units
        .iter()
        .map(|u| (u.id.clone(), u.name.clone(), u.external))
        .collect();
    let ladder = part.levels.len();
    let mut posts = vec![SeatCounts::empty(runs); after.len() * ladder];
    for post in part.posts {
        let unit = after.iter().position(|u| u.0 == post.unit);
        let level = part.levels.iter().position(|l| *l == post.level);
        let (Some(unit), Some(level)) = (unit, level) else {
            return Err(wrong(format!(
                "post `{}/{}` is not a unit and level of the file",
                post.unit, post.level
            )));
        };
        let (id, counts) = post.seats();
        posts[unit * ladder + level] =
            seats(runs, counts).map_err(|why| wrong(format!("post `{id}`: {why}")))?;
    }
    let mut units = Vec::with_capacity(after.len());
    for unit in part.units {
        let id = unit.id.clone();
        units.push(seats(runs, unit.seats()).map_err(|why| wrong(format!("unit `{id}`: {why}")))?);
    }
    let frame = Frame {
        scenario: part.scenario,
        fingerprint: part.fingerprint,
        seed: part.seed,
        settings,
        runs_per_point: part.runs_per_point,
        people,
        before,
        after,
        levels: part.levels,
    };
    Ok((
        frame,
        shard,
        runs,
        PartCounts {
            statuses,
            levels,
            posts,
            units,
        },
    ))
}

fn seats(runs: u64, seats: PartSeats) -> Result<SeatCounts, String> {
    let counts = |name: &str, d: PartDistribution| -> Result<Counts, String> {
        let mut counts = Counts::new();
        let mut total: u128 = 0;
        for (value, n) in d.counts {
            total += u128::from(n);
            *counts.entry(value).or_insert(0) += n;
        }
        if total != u128::from(runs) {
            return Err(format!(
                "the counts of `{name}` add up to {total}, not {runs} runs"
            ));
        }
        Ok(counts)
    };
    let c = seats.cutoff;
    if c.runs > runs {
        return Err(format!("{} runs with a cut-off, of {runs}", c.runs));
    }
    let key = |x: f64| Kind::Average.key(x);
    let range = match (c.min, c.max) {
        (Some(lo), Some(hi)) if c.runs > 0 => Some((key(lo), key(hi))),
        (None, None) if c.runs == 0 => None,
        _ => return Err("the cut-off's lowest and highest do not fit its runs".into()),
    };
    Ok(SeatCounts {
        seats: counts("seats", seats.seats)?,
        filled: counts("filled", seats.filled)?,
        vacancies: counts("vacancies", seats.vacancies)?,
        cutoffs: Cutoffs {
            runs: c.runs,
            sum: c.sum_micro,
            range,
        },
    })
}
