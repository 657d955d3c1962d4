//! Risk over many runs: for each person, how often each status and keeping
//! their level came up; for each after unit and post, the distribution of
//! seats filled, seats left vacant and cut-offs; for each before unit, the
//! share of its people who lost their level (`reorg batch --risk FILE`,
//! the risk view of `reorg report --runs N`).
//!
//! [`Risk`] holds counts only: per person one count per status and two for
//! their level, per (after unit, level) one integer histogram each of seats,
//! seats filled and vacancies, and the exact sum, minimum and maximum of the
//! cut-offs quantised to millionths ([`stats::AVERAGE_SCALE`]). Its memory
//! grows with the people and the posts, never with the runs, and adding runs
//! in any order gives the same counts, so any `--jobs` and any split into
//! shards ([`merge`]) give the same [`RiskReport`], byte for byte.
//! Cut-offs are real numbers with noise, so they are summarised by their
//! mean, minimum and maximum, not by percentiles.
//!
//! docs/output-format.md ("Risk file") is the contract of the JSON form.

use std::collections::BTreeMap;

use super::grid::Setting;
use super::shard::Shard;
use super::stats;
use crate::metrics::VERSION;
use crate::scenario::Scenario;
use crate::simulate::{Outcome, PersonOutcome, Placement, Retirement, Status};

pub mod merge;
mod report;

pub use report::{
    BeforeUnitRisk, CutoffStats, Distribution, PersonRisk, PostRisk, RiskReport, SeatStats,
    StatusCounts, StatusShares, UnitRisk,
};

/// Marks a risk file, so that `reorg batch merge` knows one from another JSON file.
pub const FILE_KIND: &str = "reorg batch risk";

/// What became of a person's level in one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelFate {
    /// They hold a post or place at their own level or above, or keep their
    /// rank and its pay without one (placed lower or pooled under
    /// `keep_rank`, or a `rank_kept` destination).
    Kept,
    /// They competed or were moved, and ended below their level or without
    /// a post, rank not kept: placed lower, pooled, exited, or retired early
    /// by a fallback destination.
    Lost,
    /// Neither: they retired at retirement age or did not compete, so the
    /// reform did not decide their level.
    Left,
}

impl LevelFate {
    /// The fate of a person of level `own` (0 is the top) with `outcome`.
    pub fn of(own: usize, outcome: &PersonOutcome) -> LevelFate {
        let at = |level: usize| {
            if level <= own {
                LevelFate::Kept
            } else {
                LevelFate::Lost
            }
        };
        match *outcome {
            PersonOutcome::Placed(Placement {
                level, rank_kept, ..
            }) => {
                if rank_kept {
                    LevelFate::Kept
                } else {
                    at(level)
                }
            }
            PersonOutcome::Appointed { level, .. } => at(level),
            PersonOutcome::Transferred { .. }
            | PersonOutcome::Fallback { .. }
            | PersonOutcome::RankKept { .. } => LevelFate::Kept,
            PersonOutcome::Pooled { rank_kept, .. } => {
                if rank_kept {
                    LevelFate::Kept
                } else {
                    LevelFate::Lost
                }
            }
            PersonOutcome::Exited(_) | PersonOutcome::Retired(Retirement::Destination { .. }) => {
                LevelFate::Lost
            }
            PersonOutcome::Retired(Retirement::Age { .. }) | PersonOutcome::DidNotCompete(_) => {
                LevelFate::Left
            }
        }
    }
}

/// What one run adds to a [`Risk`]: computed next to the run (in parallel),
/// a few bytes per person and post, then added in order.
#[derive(Debug, Clone, PartialEq)]
pub struct RunTally {
    /// Per person: status index and fate.
    people: Vec<(u8, LevelFate)>,
    /// Per (after unit, level), unit-major: seats, filled, cut-off key.
    posts: Vec<(u32, u32, Option<i64>)>,
}

impl RunTally {
    /// The tally of one outcome of `scenario`.
    pub fn of(scenario: &Scenario, outcome: &Outcome) -> RunTally {
        let people = scenario
            .people
            .iter()
            .zip(&outcome.people)
            .map(|(person, result)| {
                (
                    result.status().index() as u8,
                    LevelFate::of(person.level, result),
                )
            })
            .collect();
        let levels = scenario.levels.len();
        let mut posts = vec![(0, 0, None); scenario.after.len() * levels];
        for post in &outcome.posts {
            posts[post.unit * levels + post.level] = (
                post.capacity,
                post.filled,
                post.cutoff.map(|c| stats::Kind::Average.key(c)),
            );
        }
        RunTally { people, posts }
    }
}

/// Integer values seen over the runs, with how many runs gave each.
pub type Counts = BTreeMap<i64, u64>;

/// The cut-offs of a post or unit over the runs, quantised to millionths.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cutoffs {
    /// Runs in which anyone was admitted (so there was a cut-off).
    pub runs: u64,
    /// Sum of the quantised cut-offs (exact).
    pub sum: i128,
    /// Lowest and highest quantised cut-off.
    pub range: Option<(i64, i64)>,
}

impl Cutoffs {
    fn add(&mut self, key: i64) {
        self.runs += 1;
        self.sum += i128::from(key);
        self.range = Some(match self.range {
            None => (key, key),
            Some((lo, hi)) => (lo.min(key), hi.max(key)),
        });
    }

    /// Adds another part's cut-offs.
    pub fn merge(&mut self, other: &Cutoffs) {
        self.runs += other.runs;
        self.sum += other.sum;
        if let Some((lo, hi)) = other.range {
            self.range = Some(match self.range {
                None => (lo, hi),
                Some((a, b)) => (a.min(lo), b.max(hi)),
            });
        }
    }
}

/// The seats of one post (or one unit, over its levels) over the runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeatCounts {
    /// Seats (declared, and created for transfers).
    pub seats: Counts,
    /// Seats filled.
    pub filled: Counts,
    /// Seats left vacant.
    pub vacancies: Counts,
    /// The lowest score admitted.
    pub cutoffs: Cutoffs,
}

impl SeatCounts {
    fn add(&mut self, seats: u32, filled: u32, cutoff: Option<i64>) {
        *self.seats.entry(i64::from(seats)).or_insert(0) += 1;
        *self.filled.entry(i64::from(filled)).or_insert(0) += 1;
        *self.vacancies.entry(i64::from(seats - filled)).or_insert(0) += 1;
        if let Some(key) = cutoff {
            self.cutoffs.add(key);
        }
    }

    /// Adds another part's counts.
    pub fn merge(&mut self, other: &SeatCounts) {
        for (mine, theirs) in [
            (&mut self.seats, &other.seats),
            (&mut self.filled, &other.filled),
            (&mut self.vacancies, &other.vacancies),
        ] {
            for (&value, &runs) in theirs {
                *mine.entry(value).or_insert(0) += runs;
            }
        }
        self.cutoffs.merge(&other.cutoffs);
    }

    /// Counts of `runs` runs in which the post had no seat at all (a part
    /// leaves such posts out).
    pub fn empty(runs: u64) -> SeatCounts {
        let zero: Counts = [(0, runs)].into();
        SeatCounts {
            seats: zero.clone(),
            filled: zero.clone(),
            vacancies: zero,
            cutoffs: Cutoffs::default(),
        }
    }
}

/// Who and what a risk file is about: the same for every part of a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// The scenario's name.
    pub scenario: String,
    /// The batch's fingerprint ([`super::Batch::fingerprint`]).
    pub fingerprint: String,
    /// The master seed.
    pub seed: u64,
    /// The settings of the batch's one grid point.
    pub settings: Vec<Setting>,
    /// Runs of the whole batch (`--runs`).
    pub runs_per_point: u64,
    /// People: id, name, before unit index, level id.
    pub people: Vec<(String, String, usize, String)>,
    /// Before units: id, name.
    pub before: Vec<(String, String)>,
    /// After units: id, name, external.
    pub after: Vec<(String, String, bool)>,
    /// Level ids, ladder order.
    pub levels: Vec<String>,
}

/// The counts of a batch (or shard) of runs at one grid point.
#[derive(Debug, Clone, PartialEq)]
pub struct Risk {
    /// Who and what.
    pub frame: Frame,
    /// The shard these runs are, if any.
    pub shard: Option<Shard>,
    /// Runs counted.
    pub runs: u64,
    /// Per person, per status (in [`Status::ALL`] order), runs.
    pub statuses: Vec<[u64; Status::ALL.len()]>,
    /// Per person, runs in which they kept and lost their level.
    pub levels: Vec<(u64, u64)>,
    /// Per (after unit, level), unit-major.
    pub posts: Vec<SeatCounts>,
    /// Per after unit, over its levels: the seats and seats filled summed
    /// per run, the lowest cut-off of the run.
    pub units: Vec<SeatCounts>,
}

impl Risk {
    /// No runs yet, of `scenario` in the batch `fingerprint` (seed, settings, runs per point).
    pub fn new(
        scenario: &Scenario,
        fingerprint: &str,
        (seed, settings, runs_per_point): (u64, &[Setting], u64),
        shard: Option<Shard>,
    ) -> Risk {
        let frame = Frame {
            scenario: scenario.name.clone(),
            fingerprint: fingerprint.to_string(),
            seed,
            settings: settings.to_vec(),
            runs_per_point,
            people: scenario
                .people
                .iter()
                .map(|p| {
                    (
                        p.id.clone(),
                        p.name.clone(),
                        p.unit,
                        scenario.levels[p.level].id.clone(),
                    )
                })
                .collect(),
            before: scenario
                .before
                .iter()
                .map(|u| (u.id.clone(), u.name.clone()))
                .collect(),
            after: scenario
                .after
                .iter()
                .map(|u| (u.id.clone(), u.name.clone(), u.external))
                .collect(),
            levels: scenario.levels.iter().map(|l| l.id.clone()).collect(),
        };
        Risk::empty(frame, shard)
    }

    /// No runs yet, of `frame`.
    pub fn empty(frame: Frame, shard: Option<Shard>) -> Risk {
        let people = frame.people.len();
        let posts = frame.after.len() * frame.levels.len();
        let frame_units = frame.after.len();
        Risk {
            frame,
            shard,
            runs: 0,
            statuses: vec![[0; Status::ALL.len()]; people],
            levels: vec![(0, 0); people],
            posts: vec![SeatCounts::default(); posts],
            units: vec![SeatCounts::default(); frame_units],
        }
    }

    /// Counts one run.
    pub fn add(&mut self, tally: &RunTally) {
        self.runs += 1;
        for (p, &(status, fate)) in tally.people.iter().enumerate() {
            self.statuses[p][usize::from(status)] += 1;
            match fate {
                LevelFate::Kept => self.levels[p].0 += 1,
                LevelFate::Lost => self.levels[p].1 += 1,
                LevelFate::Left => {}
            }
        }
        for (post, &(seats, filled, cutoff)) in self.posts.iter_mut().zip(&tally.posts) {
            post.add(seats, filled, cutoff);
        }
        let levels = self.frame.levels.len().max(1);
        for (unit, posts) in self.units.iter_mut().zip(tally.posts.chunks(levels)) {
            let seats = posts.iter().map(|p| p.0).sum();
            let filled = posts.iter().map(|p| p.1).sum();
            let cutoff = posts.iter().filter_map(|p| p.2).min();
            unit.add(seats, filled, cutoff);
        }
    }

    /// The result: counts and the figures drawn from them.
    pub fn report(&self) -> RiskReport {
        let runs = self.runs;
        let share = |count: u64| {
            if runs == 0 {
                None
            } else {
                Some(count as f64 / runs as f64)
            }
        };
        let people: Vec<PersonRisk> = self
            .frame
            .people
            .iter()
            .enumerate()
            .map(|(p, (id, name, unit, level))| {
                let counts = &self.statuses[p];
                let (kept, lost) = self.levels[p];
                PersonRisk {
                    id: id.clone(),
                    name: name.clone(),
                    before_unit: self.frame.before[*unit].0.clone(),
                    before_level: level.clone(),
                    statuses: StatusCounts(*counts),
                    kept_level: kept,
                    lost_level: lost,
                    p_kept_level: share(kept),
                    p_lost_level: share(lost),
                    probabilities: StatusShares(counts.map(share)),
                }
            })
            .collect();
        let before_units = self
            .frame
            .before
            .iter()
            .enumerate()
            .map(|(b, (id, name))| {
                let mine = || {
                    self.frame
                        .people
                        .iter()
                        .enumerate()
                        .filter(move |(_, person)| person.2 == b)
                        .map(|(p, _)| self.levels[p])
                };
                let count = mine().count() as u64;
                let kept: u64 = mine().map(|l| l.0).sum();
                let lost: u64 = mine().map(|l| l.1).sum();
                let person_runs = count * runs;
                let of = |n: u64| (person_runs > 0).then(|| n as f64 / person_runs as f64);
                BeforeUnitRisk {
                    id: id.clone(),
                    name: name.clone(),
                    people: count,
                    person_runs,
                    kept_level: kept,
                    lost_level: lost,
                    share_kept_level: of(kept),
                    share_lost_level: of(lost),
                }
            })
            .collect();
        let levels = self.frame.levels.len();
        let mut units = Vec::with_capacity(self.frame.after.len());
        let mut posts = Vec::new();
        for (a, (id, name, external)) in self.frame.after.iter().enumerate() {
            let unit_posts = &self.posts[a * levels..(a + 1) * levels];
            for (level, counts) in unit_posts.iter().enumerate() {
                if counts.seats.keys().any(|&s| s > 0) {
                    posts.push(PostRisk {
                        unit: id.clone(),
                        level: self.frame.levels[level].clone(),
                        seats: SeatStats::of(counts),
                    });
                }
            }
            units.push(UnitRisk {
                id: id.clone(),
                name: name.clone(),
                external: *external,
                seats: SeatStats::of(&self.units[a]),
            });
        }
        RiskReport {
            kind: FILE_KIND,
            reorg_version: VERSION.to_string(),
            scenario: self.frame.scenario.clone(),
            fingerprint: self.frame.fingerprint.clone(),
            seed: self.frame.seed,
            settings: self.frame.settings.clone(),
            runs_per_point: self.frame.runs_per_point,
            shard: self.shard,
            runs,
            statuses: Status::ALL.map(Status::as_str),
            levels: self.frame.levels.clone(),
            people,
            before_units,
            units,
            posts,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;
    use crate::batch::grid::Grid;
    use crate::batch::{Batch, Plan};
    use crate::simulate::{FallbackCause, OptOut, Step, Unplaced};

    fn placed(own: usize, level: usize, rank_kept: bool) -> LevelFate {
        LevelFate::of(
            own,
            &PersonOutcome::Placed(Placement {
                unit: 0,
                level,
                step: Step::between(own, level),
                round: 0,
                choice_rank: 1,
                second_pass: false,
                score: 70.0,
                rank_kept,
            }),
        )
    }

    /// The fate of a level, case by case as docs/batch.md defines it.
    #[test]
    fn a_level_is_kept_at_or_above_it_or_with_the_rank() {
        assert_eq!(placed(2, 1, false), LevelFate::Kept);
        assert_eq!(placed(2, 2, false), LevelFate::Kept);
        assert_eq!(placed(2, 3, false), LevelFate::Lost);
        assert_eq!(placed(2, 3, true), LevelFate::Kept);
        let fate = |outcome| LevelFate::of(1, &outcome);
        assert_eq!(
            fate(PersonOutcome::Appointed {
                unit: 0,
                level: 2,
                appointment: 0
            }),
            LevelFate::Lost
        );
        assert_eq!(
            fate(PersonOutcome::Fallback {
                unit: 0,
                level: 1,
                cause: FallbackCause::Destination { destination: 0 }
            }),
            LevelFate::Kept
        );
        assert_eq!(
            fate(PersonOutcome::Pooled {
                rank_kept: true,
                cause: Unplaced::Rest
            }),
            LevelFate::Kept
        );
        assert_eq!(
            fate(PersonOutcome::Pooled {
                rank_kept: false,
                cause: Unplaced::Rest
            }),
            LevelFate::Lost
        );
        assert_eq!(fate(PersonOutcome::Exited(Unplaced::Rest)), LevelFate::Lost);
        assert_eq!(
            fate(PersonOutcome::Retired(Retirement::Destination {
                destination: 0
            })),
            LevelFate::Lost
        );
        assert_eq!(
            fate(PersonOutcome::Retired(Retirement::Age {
                age: 60,
                limit: 60
            })),
            LevelFate::Left
        );
        assert_eq!(
            fate(PersonOutcome::DidNotCompete(OptOut::RosterFlag)),
            LevelFate::Left
        );
    }

    fn risk_of(runs: u64, threads: usize) -> Risk {
        let plan = Plan {
            source: crate::batch::test_source(),
            base: Vec::new(),
            grid: Grid::default(),
            runs,
            seed: Some(3),
            shard: None,
        };
        let batch = Batch::prepare(plan).unwrap();
        batch
            .run_with_risk(
                threads,
                &AtomicBool::new(false),
                &mut |_| Ok(()),
                &mut |_| {},
            )
            .unwrap()
            .1
    }

    /// Counts add up: every person has one status per run, every post one
    /// value per run in each histogram, and a unit's seats are its posts'.
    #[test]
    fn every_run_is_counted_once_everywhere() {
        let risk = risk_of(40, 2);
        assert_eq!(risk, risk_of(40, 1));
        assert_eq!(risk.runs, 40);
        for (counts, &(kept, lost)) in risk.statuses.iter().zip(&risk.levels) {
            assert_eq!(counts.iter().sum::<u64>(), 40);
            assert!(kept + lost <= 40);
        }
        let levels = risk.frame.levels.len();
        for (a, unit) in risk.units.iter().enumerate() {
            for counts in [&unit.seats, &unit.filled, &unit.vacancies] {
                assert_eq!(counts.values().sum::<u64>(), 40);
            }
            let posts = &risk.posts[a * levels..(a + 1) * levels];
            let mean = |c: &Counts| c.iter().map(|(v, n)| v * *n as i64).sum::<i64>();
            assert_eq!(
                mean(&unit.seats),
                posts.iter().map(|p| mean(&p.seats)).sum::<i64>()
            );
            assert_eq!(
                mean(&unit.filled),
                posts.iter().map(|p| mean(&p.filled)).sum::<i64>()
            );
        }
    }

    /// A file whose counts were edited so they no longer add up is refused
    /// at the person named.
    #[test]
    fn edited_counts_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let text = risk_of(5, 1).report().to_json();
        // The first person keeps their level in all 5 runs: 5 becomes 95.
        let edited = text.replacen("\"kept_level\": 5,", "\"kept_level\": 95,", 1);
        assert_ne!(edited, text);
        let path = dir.path().join("a.json");
        std::fs::write(&path, &edited).unwrap();
        let err = merge::merge(&[path.as_path()], false)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("the status counts add up to 5 and the level counts to 95, over 5 runs"),
            "{err}"
        );
        std::fs::write(&path, &text).unwrap();
        let merged = merge::merge(&[path.as_path()], false).unwrap();
        assert_eq!(merged.report().to_json(), text);
    }
}
