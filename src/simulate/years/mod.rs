//! The years after the reform day (`[timeline]`): ageing, retirement,
//! attrition, the annual appraisal, placing the pooled, promotion rounds and
//! hiring, year by year, starting from a run's [`Outcome`].
//!
//! Each year runs these steps in this order (docs/model.md, "The years
//! after the reform"):
//!
//! 1. everyone is a year older;
//! 2. people in post or pooled who reach the retirement age retire;
//! 3. attrition: each of them leaves with their level's yearly rate;
//! 4. the appraisal: a persistent personal deviation and a unit factor;
//! 5. for each round of the scenario, in file order: the pooled are placed
//!    into vacancies at their own level (first, with `pool_first`), then
//!    promotion matchings fill the vacancies at the round's levels from the
//!    levels below, repeated while they place anyone (a promotion leaves a
//!    seat behind);
//! 6. hiring into the entry level's vacancies.
//!
//! At the end of each term (`term`), a full re-appointment replaces step 5:
//! everyone in post or pooled competes again for every seat, round by
//! round, and whoever no round places is pooled.
//!
//! # Reproducibility
//!
//! The years draw from their own generator, seeded from the run's seed and
//! stream through a fixed offset: the reform day draws exactly what it drew
//! before, so its result is unchanged whether or not a timeline follows.

use serde::Serialize;

use crate::rng::SimRng;
use crate::scenario::{Person, Scenario, Timeline, UnitKind};

use super::outcome::{Outcome, PersonOutcome};

mod bottom;
mod figures;
mod fill;

use figures::year_figures;
use fill::{Vacancies, fill_round, hire, reappoint};

/// Added to the run's seed for the years' generator, so that its stream is
/// not the reform day's (the digits of π, as any fixed constant would do).
const YEARS_SEED_OFFSET: u64 = 0x3243_F6A8_885A_308D;

/// Where a person stands in a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "standing", rename_all = "snake_case")]
pub enum Standing {
    /// Holds a post of the structure.
    InPost {
        /// The after unit.
        unit: usize,
        /// The post's level.
        level: usize,
        /// The level they are paid at: the post's, or a higher rank kept.
        rank: usize,
    },
    /// Without a post, waiting for one (待岗), or in a reserve keeping a rank.
    Pooled {
        /// Their own level: the level of the posts they may be placed in.
        level: usize,
        /// True when they keep their rank and its pay meanwhile.
        rank_kept: bool,
    },
    /// Retired in this year after the reform day (1 = the first).
    Retired {
        /// The year.
        year: u32,
    },
    /// Left in this year (attrition, or the bottom-performer rule).
    Left {
        /// The year.
        year: u32,
    },
    /// Left the structure on the reform day: retired, exited, did not
    /// compete, or moved to a unit outside the structure.
    Outside,
}

/// What happened to a person in a year: the per-person event rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum EventKind {
    /// Reached the retirement age.
    Retired,
    /// Left by attrition.
    Left,
    /// Promoted into a post above their level.
    Promoted {
        /// The after unit.
        unit: usize,
        /// The post's level.
        level: usize,
    },
    /// Placed from the pool into a post at their level.
    Placed {
        /// The after unit.
        unit: usize,
        /// The post's level.
        level: usize,
    },
    /// Demoted by the bottom-performer rule: to a seat one level down
    /// (`unit` is `Some`), or to the pool at that level.
    Demoted {
        /// The seat's unit, when a seat was free.
        unit: Option<usize>,
        /// The level they are at now.
        level: usize,
    },
    /// Left by the bottom-performer rule.
    Dismissed,
    /// Placed by the re-appointment at a term's end.
    Reappointed {
        /// The after unit.
        unit: usize,
        /// The post's level.
        level: usize,
    },
    /// Left without a post by the re-appointment at a term's end: pooled.
    Unplaced,
    /// Hired from outside into an entry-level post.
    Hired {
        /// The after unit.
        unit: usize,
        /// The post's level (the entry level).
        level: usize,
    },
}

/// One event: who, when, what.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Event {
    /// The year after the reform day (1 = the first).
    pub year: u32,
    /// The person: a roster index, or past the roster a hire (see
    /// [`YearsOutcome::hires`]).
    pub person: usize,
    /// What happened.
    pub kind: EventKind,
}

/// Someone hired after the reform day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hire {
    /// A generated id: `hire-<year>-<n>`.
    pub id: String,
    /// The year after the reform day they were hired in.
    pub year: u32,
    /// Year of birth (the calendar year hired minus `hire_age`).
    pub born: i32,
}

/// One kind of unit in a year: people against posts and establishment.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct KindFigures {
    /// The kind.
    pub kind: UnitKind,
    /// People in post in units of this kind.
    pub headcount: u64,
    /// Seats of those units.
    pub posts: u64,
    /// Their establishment (编制), over the units that declare one.
    pub establishment: Option<u64>,
}

/// The figures of one year, as the year-by-year table shows them. Year 0
/// is the reform day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearFigures {
    /// Years after the reform day.
    pub year: u32,
    /// Calendar year (the reference date's year plus `year`).
    pub calendar_year: i32,
    /// People in post in the structure, per level.
    pub headcount: Vec<u64>,
    /// Seats of the structure, per level.
    pub posts: Vec<u64>,
    /// Per unit kind present in the structure, in [`UnitKind::ALL`] order.
    pub kinds: Vec<KindFigures>,
    /// The establishment of the structure's units that declare one.
    pub establishment: Option<u64>,
    /// People in post beyond their unit's establishment, summed over units
    /// (超编): zero once every unit is within its establishment.
    pub over_establishment: u64,
    /// People in the pool (待岗 or rank kept without a post) at the end of the year.
    pub pooled: u64,
    /// Retired this year.
    pub retired: u64,
    /// Left this year (attrition).
    pub left: u64,
    /// Placed by a term-end re-appointment this year.
    pub reappointed: u64,
    /// Left without a post by a term-end re-appointment this year.
    pub unplaced: u64,
    /// Demoted by the bottom-performer rule this year.
    pub demoted: u64,
    /// Dismissed by the bottom-performer rule this year.
    pub dismissed: u64,
    /// Hired this year.
    pub hired: u64,
    /// Promoted this year.
    pub promoted: u64,
    /// Placed from the pool this year.
    pub placed_from_pool: u64,
    /// Base pay of the year, over those paid.
    pub payroll_base: f64,
    /// Performance awards of the year.
    pub payroll_performance: f64,
    /// The performance share of pay this year, when a schedule is given.
    pub performance_share: Option<f64>,
    /// Mean age of the people in leadership posts at the end of the year.
    pub leader_age: Option<f64>,
}

/// The years after the reform day of one run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearsOutcome {
    /// Year 0 (the reform day) and each year after it.
    pub years: Vec<YearFigures>,
    /// Every event, year by year, people in index order within a year.
    pub events: Vec<Event>,
    /// The people hired, in order: person `roster length + i` is `hires[i]`.
    pub hires: Vec<Hire>,
}

/// The state of the years, person by person: roster people first, then hires.
pub(crate) struct Members {
    /// Each member as the eligibility rules read them (level, birth year,
    /// gender, `level_since` as of the reform day's reference year).
    pub(crate) people: Vec<Person>,
    /// Where each stands.
    pub(crate) standing: Vec<Standing>,
    /// Establishment type bit (as the posts' `establishment_required` read it).
    pub(crate) establishment_bit: Vec<u64>,
    /// Persistent appraisal deviation.
    pub(crate) deviation: Vec<f64>,
    /// This year's appraisal.
    pub(crate) appraisal: Vec<f64>,
    /// True while a term-end re-appointment has not placed them yet.
    pub(crate) competing: Vec<bool>,
}

/// Runs the years of `timeline` after the reform day's `outcome`. The
/// generator is seeded from `(seed, stream)` like the run's, through a fixed
/// offset.
pub fn run_years(
    scenario: &Scenario,
    timeline: &Timeline,
    outcome: &Outcome,
    seed: u64,
    stream: u64,
) -> YearsOutcome {
    run_years_traced(scenario, timeline, outcome, seed, stream).0
}

/// Runs the years and also returns every member's standing at the end of
/// each year (index 0: the reform day), for tests that check the
/// accounting independently of the figures.
pub fn run_years_traced(
    scenario: &Scenario,
    timeline: &Timeline,
    outcome: &Outcome,
    seed: u64,
    stream: u64,
) -> (YearsOutcome, Vec<Vec<Standing>>) {
    let mut rng = SimRng::new(seed.wrapping_add(YEARS_SEED_OFFSET), stream);
    let (establishment_bit, accepts) = super::seats::establishment_masks(scenario);
    let start = scenario
        .policy
        .reference_year
        .expect("a timeline needs a reference date (checked when loading)");
    let mut members = Members {
        people: scenario.people.clone(),
        standing: outcome
            .people
            .iter()
            .enumerate()
            .map(|(p, o)| standing_after_reform(scenario, scenario.people[p].level, o))
            .collect(),
        establishment_bit,
        deviation: vec![0.0; scenario.people.len()],
        appraisal: scenario.people.iter().map(|p| p.score).collect(),
        competing: vec![false; scenario.people.len()],
    };
    // Their grade after the reform day: the post's level, or the rank they
    // keep above it; held since the reform day when it changed.
    for (person, standing) in members.people.iter_mut().zip(&members.standing) {
        if let Standing::InPost { rank, .. } = *standing
            && rank != person.level
        {
            person.level = rank;
            person.level_since = Some(start);
        }
    }
    let mut seats = Vacancies::new(scenario, outcome, &members.standing);
    let mut out = YearsOutcome {
        years: Vec::with_capacity(timeline.years as usize + 1),
        events: Vec::new(),
        hires: Vec::new(),
    };
    let mut trace = vec![members.standing.clone()];
    out.years.push(year_figures(
        scenario,
        timeline,
        &members,
        &seats,
        0,
        start,
        &[],
    ));
    let mean_score = if scenario.people.is_empty() {
        50.0
    } else {
        scenario.people.iter().map(|p| p.score).sum::<f64>() / scenario.people.len() as f64
    };
    for year in 1..=timeline.years {
        let calendar = start + year as i32;
        let first_event = out.events.len();
        retire_and_leave(
            scenario,
            timeline,
            &mut members,
            &mut seats,
            year,
            calendar,
            &mut rng,
            &mut out.events,
        );
        appraise(scenario, timeline, &mut members, &mut rng);
        if let Some(rule) = timeline.bottom {
            bottom::apply(
                scenario,
                rule,
                &mut members,
                &mut seats,
                year,
                calendar,
                &mut out.events,
            );
        }
        let term_end = timeline.term.is_some_and(|term| year % term == 0);
        if term_end {
            reappoint(
                scenario,
                &mut members,
                &mut seats,
                year,
                calendar,
                &mut rng,
                &mut out.events,
            );
        }
        for round in scenario.rounds.iter().filter(|_| !term_end) {
            fill_round(
                scenario,
                timeline,
                round,
                &mut members,
                &mut seats,
                year,
                calendar,
                &mut rng,
                &mut out.events,
            );
        }
        hire(
            scenario,
            timeline,
            &accepts,
            mean_score,
            &mut members,
            &mut seats,
            year,
            calendar,
            &mut out,
        );
        trace.push(members.standing.clone());
        out.years.push(year_figures(
            scenario,
            timeline,
            &members,
            &seats,
            year,
            calendar,
            &out.events[first_event..],
        ));
    }
    (out, trace)
}

/// Where a person of level `own` stands after the reform day.
fn standing_after_reform(scenario: &Scenario, own: usize, outcome: &PersonOutcome) -> Standing {
    let in_post = |unit: usize, level: usize, rank: usize| {
        if scenario.after[unit].external {
            Standing::Outside
        } else {
            Standing::InPost { unit, level, rank }
        }
    };
    match *outcome {
        PersonOutcome::Placed(p) => {
            // A rank kept below one's level is paid at the rank.
            let rank = if p.rank_kept {
                own.min(p.level)
            } else {
                p.level
            };
            in_post(p.unit, p.level, rank)
        }
        PersonOutcome::Appointed { unit, level, .. }
        | PersonOutcome::Transferred { unit, level, .. }
        | PersonOutcome::Fallback { unit, level, .. } => in_post(unit, level, level),
        PersonOutcome::RankKept { level, .. } => Standing::Pooled {
            level,
            rank_kept: true,
        },
        PersonOutcome::Pooled { rank_kept, .. } => Standing::Pooled {
            level: own,
            rank_kept,
        },
        PersonOutcome::Exited(_) | PersonOutcome::Retired(_) | PersonOutcome::DidNotCompete(_) => {
            Standing::Outside
        }
    }
}

/// Steps 2 and 3: retirement at the retirement age, then attrition. One
/// uniform draw per person in post or pooled, in index order, whatever
/// their rate, so that a rate changed at one level leaves the draws of the
/// others where they were.
#[allow(clippy::too_many_arguments)]
fn retire_and_leave(
    scenario: &Scenario,
    timeline: &Timeline,
    members: &mut Members,
    seats: &mut Vacancies,
    year: u32,
    calendar: i32,
    rng: &mut SimRng,
    events: &mut Vec<Event>,
) {
    // `retire = false` keeps people at work past the age, in the years too.
    let retirement = scenario
        .policy
        .retirement_age
        .filter(|_| scenario.policy.retire);
    for p in 0..members.people.len() {
        let level = match members.standing[p] {
            Standing::InPost { level, .. } => level,
            Standing::Pooled { level, .. } => level,
            _ => continue,
        };
        let person = &members.people[p];
        let age = calendar - person.born;
        let retires = retirement
            .and_then(|r| r.for_gender(person.gender))
            .is_some_and(|limit| age >= limit as i32);
        let draw = rng.uniform();
        let kind = if retires {
            EventKind::Retired
        } else if draw < timeline.attrition[level] {
            EventKind::Left
        } else {
            continue;
        };
        if let Standing::InPost { unit, level, .. } = members.standing[p] {
            seats.release(unit, level);
        }
        members.standing[p] = match kind {
            EventKind::Retired => Standing::Retired { year },
            _ => Standing::Left { year },
        };
        events.push(Event {
            year,
            person: p,
            kind,
        });
    }
}

/// Step 4: this year's appraisal of everyone in post or pooled.
fn appraise(scenario: &Scenario, timeline: &Timeline, members: &mut Members, rng: &mut SimRng) {
    let a = timeline.appraisal;
    let unit_factor: Vec<f64> = scenario
        .after
        .iter()
        .map(|_| 1.0 + a.unit_sd * rng.normal())
        .collect();
    for p in 0..members.people.len() {
        let factor = match members.standing[p] {
            Standing::InPost { unit, .. } => unit_factor[unit],
            Standing::Pooled { .. } => 1.0,
            _ => continue,
        };
        members.deviation[p] = a.persistence * members.deviation[p] + a.noise * rng.normal();
        members.appraisal[p] =
            ((members.people[p].score + members.deviation[p]) * factor).clamp(0.0, 100.0);
    }
}
