//! Filling the vacancies of a year: the pooled placed at their level, the
//! promotion matchings of each round, and hiring into the entry level.
//!
//! The matchings are the reform day's: people rank the open posts by the
//! same utility and file their best `choices`, units score them by the same
//! weighted score (with this year's appraisal in place of the roster's, and
//! a fresh exam and interview), and deferred acceptance decides.

use crate::matching::{self, InstanceBuilder, Side};
use crate::rng::SimRng;
use crate::scenario::policy::{Hiring, Optimal, Round};
use crate::scenario::{Person, Scenario, Timeline};

use super::super::eligibility::{Limits, allowed_levels};
use super::super::outcome::Outcome;
use super::super::{clamp_score, priority_key};
use super::{Event, EventKind, Hire, Members, Standing, YearsOutcome};

/// Seats and holders per post of the structure (unit × levels + level).
pub(crate) struct Vacancies {
    /// Seats per post: the reform day's (declared and created), or what the
    /// reform day put there when more (a fallback unit's own-level moves).
    pub(crate) capacity: Vec<u32>,
    /// People in post now.
    pub(crate) filled: Vec<u32>,
    levels: usize,
}

impl Vacancies {
    /// The seats of the structure after the reform day.
    pub(crate) fn new(scenario: &Scenario, outcome: &Outcome, standing: &[Standing]) -> Vacancies {
        let levels = scenario.levels.len();
        let mut capacity = vec![0u32; scenario.after.len() * levels];
        for post in &outcome.posts {
            if !scenario.after[post.unit].external {
                capacity[post.unit * levels + post.level] = post.capacity;
            }
        }
        let mut filled = vec![0u32; capacity.len()];
        for s in standing {
            if let Standing::InPost { unit, level, .. } = *s {
                filled[unit * levels + level] += 1;
            }
        }
        for (cap, &held) in capacity.iter_mut().zip(&filled) {
            *cap = (*cap).max(held);
        }
        Vacancies {
            capacity,
            filled,
            levels,
        }
    }

    /// Every seat empty: a term-end re-appointment opens them all.
    fn clear(&mut self) {
        self.filled.iter_mut().for_each(|f| *f = 0);
    }

    /// A holder of a post at `unit`, `level` leaves it.
    pub(crate) fn release(&mut self, unit: usize, level: usize) {
        self.filled[unit * self.levels + level] -= 1;
    }

    pub(crate) fn take(&mut self, g: usize) {
        debug_assert!(self.filled[g] < self.capacity[g], "post {g} over capacity");
        self.filled[g] += 1;
    }

    pub(crate) fn open(&self, g: usize) -> u32 {
        self.capacity[g] - self.filled[g]
    }

    /// Posts with a seat open at the levels of `mask`, ascending.
    fn open_posts(&self, mask: u64) -> Vec<usize> {
        (0..self.capacity.len())
            .filter(|&g| mask & (1 << (g % self.levels)) != 0 && self.open(g) > 0)
            .collect()
    }
}

/// What one matching of a year is for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Purpose {
    /// The pooled, into posts at their own level, listing all of them.
    FromPool,
    /// People in post, into posts above their level.
    Promotion,
    /// Everyone competing in a term-end re-appointment, into any post the
    /// rules allow; `choices` of them in a first pass, all in a second.
    Reappointment {
        /// True for a round's second pass.
        second: bool,
    },
}

/// Step 5 for one round: the pooled (before the promotions with
/// `pool_first`, after them without), and promotion matchings repeated
/// while they place anyone.
#[allow(clippy::too_many_arguments)]
pub(super) fn fill_round(
    scenario: &Scenario,
    timeline: &Timeline,
    round: &Round,
    members: &mut Members,
    seats: &mut Vacancies,
    year: u32,
    calendar: i32,
    rng: &mut SimRng,
    events: &mut Vec<Event>,
) {
    let mut mask = 0u64;
    for &level in &round.levels {
        mask |= 1 << level;
    }
    let mut ctx = Pass {
        scenario,
        round,
        mask,
        year,
        calendar,
    };
    if timeline.pool_first {
        ctx.run(Purpose::FromPool, members, seats, rng, events);
    }
    // Each promotion leaves a seat below; within a round of several levels
    // the next matching offers it. Bounded: every matching that places
    // anyone moves someone up, and nobody climbs above the top.
    while ctx.run(Purpose::Promotion, members, seats, rng, events) > 0 {}
    if !timeline.pool_first {
        ctx.run(Purpose::FromPool, members, seats, rng, events);
    }
}

/// One matching at a round's levels.
struct Pass<'a> {
    scenario: &'a Scenario,
    round: &'a Round,
    mask: u64,
    year: u32,
    calendar: i32,
}

impl Pass<'_> {
    /// Runs one matching; returns how many it placed.
    fn run(
        &mut self,
        purpose: Purpose,
        members: &mut Members,
        seats: &mut Vacancies,
        rng: &mut SimRng,
        events: &mut Vec<Event>,
    ) -> usize {
        let scenario = self.scenario;
        let policy = &scenario.policy;
        let levels = scenario.levels.len();
        let posts = seats.open_posts(self.mask);
        if posts.is_empty() {
            return 0;
        }
        let accepts = accepts_of(scenario);
        let mut builder = InstanceBuilder::new(posts.iter().map(|&g| seats.open(g)).collect());
        let mut who = Vec::new();
        let mut scores: Vec<Vec<f64>> = Vec::new();
        let mut lists: Vec<Vec<u32>> = Vec::new();
        let prefs = policy.preferences;
        let scoring = policy.scoring;
        let weight = scoring.appraisal + scoring.exam + scoring.interview;
        let choices = match purpose {
            Purpose::FromPool | Purpose::Reappointment { second: true } => usize::MAX,
            Purpose::Promotion | Purpose::Reappointment { second: false } => {
                policy.choices as usize
            }
        };
        for p in 0..members.people.len() {
            let (own, current_unit) = match (purpose, members.standing[p]) {
                (Purpose::Promotion, Standing::InPost { unit, level, .. }) => (level, Some(unit)),
                (Purpose::FromPool, Standing::Pooled { level, .. }) => (level, None),
                (Purpose::Reappointment { .. }, Standing::InPost { unit, .. })
                    if members.competing[p] =>
                {
                    (members.people[p].level, Some(unit))
                }
                (Purpose::Reappointment { .. }, Standing::Pooled { .. })
                    if members.competing[p] =>
                {
                    (members.people[p].level, None)
                }
                _ => continue,
            };
            let person = self.as_of_year(&members.people[p]);
            let age = self.calendar - person.born;
            let limits = Limits {
                climb: self.round.max_climb,
                drop: self.round.max_drop,
            };
            // The levels the rules let them take this year (age limits
            // included), narrowed to their own level for the pooled and to
            // the levels above it for a promotion.
            let rules = allowed_levels(scenario, &person, Some(age), Some(limits));
            let allowed = match purpose {
                Purpose::FromPool => rules & (1u64 << own),
                Purpose::Promotion => rules & ((1u64 << own) - 1),
                Purpose::Reappointment { .. } => rules,
            };
            if allowed & self.mask == 0 {
                continue;
            }
            let mut options: Vec<(f64, u32)> = Vec::new();
            for (local, &g) in posts.iter().enumerate() {
                let (unit, level) = (g / levels, g % levels);
                if allowed & (1 << level) == 0 || members.establishment_bit[p] & accepts[unit] == 0
                {
                    continue;
                }
                let gained = own as f64 - level as f64;
                let home = if Some(unit) == current_unit { 1.0 } else { 0.0 };
                let utility = prefs.level * gained + prefs.home * home + prefs.noise * rng.normal();
                options.push((utility, local as u32));
            }
            if options.is_empty() {
                continue;
            }
            // Best first; ties to the post offered first, as on the reform day.
            options.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            options.truncate(choices);
            let exam = clamp_score(members.appraisal[p] + scoring.exam_sd * rng.normal());
            let mut person_scores = Vec::with_capacity(options.len());
            for &(_, local) in &options {
                let g = posts[local as usize];
                let (unit, level) = (g / levels, g % levels);
                let appraisal = members.appraisal[p];
                let interview = clamp_score(appraisal + scoring.interview_sd * rng.normal());
                let composite = (scoring.appraisal * appraisal
                    + scoring.exam * exam
                    + scoring.interview * interview)
                    / weight;
                let climbed = own.saturating_sub(level);
                let bonus = if Some(unit) == current_unit {
                    scoring.home_bonus
                } else {
                    0.0
                };
                person_scores.push(composite + bonus - scoring.climb_penalty * climbed as f64);
            }
            builder.push_candidate(
                options
                    .iter()
                    .zip(&person_scores)
                    .map(|(&(_, local), &score)| (local, priority_key(score, p))),
            );
            lists.push(options.iter().map(|o| o.1).collect());
            scores.push(person_scores);
            who.push(p);
        }
        if who.is_empty() {
            return 0;
        }
        let instance = builder
            .build_trusting_keys()
            .expect("choices are open posts of this pass, each listed once");
        let side = match self.round.optimal {
            Optimal::Candidate => Side::Candidate,
            Optimal::Post => Side::Post,
        };
        let matching = matching::deferred_acceptance(&instance, side);
        let mut placed = 0;
        for (c, &p) in who.iter().enumerate() {
            let Some(assignment) = matching.get(c as u32) else {
                continue;
            };
            let g = posts[assignment.post as usize];
            let (unit, level) = (g / levels, g % levels);
            if let Purpose::Reappointment { .. } = purpose {
                // Every seat was released when the re-appointment began.
                members.competing[p] = false;
                seats.take(g);
                let own = members.people[p].level;
                let keeps = level > own && policy.keep_rank.contains(&own);
                if level != own && !keeps {
                    members.people[p].level = level;
                    members.people[p].level_since = Some(self.calendar);
                }
                members.standing[p] = Standing::InPost {
                    unit,
                    level,
                    rank: if keeps { own } else { level },
                };
                events.push(Event {
                    year: self.year,
                    person: p,
                    kind: EventKind::Reappointed { unit, level },
                });
                placed += 1;
                continue;
            }
            let kind = match members.standing[p] {
                Standing::InPost {
                    unit: from,
                    level: from_level,
                    ..
                } => {
                    seats.release(from, from_level);
                    members.people[p].level = level;
                    // Seniority at the new level counts from this year, in
                    // the reform day's terms (`reference year − level_since`).
                    members.people[p].level_since = Some(self.calendar);
                    EventKind::Promoted { unit, level }
                }
                _ => EventKind::Placed { unit, level },
            };
            seats.take(g);
            members.standing[p] = Standing::InPost {
                unit,
                level,
                rank: level,
            };
            events.push(Event {
                year: self.year,
                person: p,
                kind,
            });
            placed += 1;
        }
        placed
    }

    /// The person as the eligibility rules must see them this year: their
    /// years at their level counted to this year rather than to the
    /// reference year (ages are passed apart).
    fn as_of_year(&self, person: &Person) -> Person {
        let shift = self.calendar
            - self
                .scenario
                .policy
                .reference_year
                .expect("a timeline has a reference date");
        Person {
            level_since: person.level_since.map(|since| since - shift),
            ..person.clone()
        }
    }
}

/// The re-appointment at a term's end: every seat of the structure is
/// opened, everyone in post or pooled competes again, round by round as on
/// the reform day (a first pass of `choices`, and a second of every post
/// left with `second_pass`), and whoever no round places is pooled at their
/// grade (keeping the rank when `keep_rank` covers it).
#[allow(clippy::too_many_arguments)]
pub(super) fn reappoint(
    scenario: &Scenario,
    members: &mut Members,
    seats: &mut Vacancies,
    year: u32,
    calendar: i32,
    rng: &mut SimRng,
    events: &mut Vec<Event>,
) {
    for (p, s) in members.standing.iter().enumerate() {
        members.competing[p] = matches!(s, Standing::InPost { .. } | Standing::Pooled { .. });
    }
    seats.clear();
    for round in &scenario.rounds {
        let mut mask = 0u64;
        for &level in &round.levels {
            mask |= 1 << level;
        }
        let mut pass = Pass {
            scenario,
            round,
            mask,
            year,
            calendar,
        };
        pass.run(
            Purpose::Reappointment { second: false },
            members,
            seats,
            rng,
            events,
        );
        if round.second_pass {
            pass.run(
                Purpose::Reappointment { second: true },
                members,
                seats,
                rng,
                events,
            );
        }
    }
    for p in 0..members.standing.len() {
        if !members.competing[p] {
            continue;
        }
        members.competing[p] = false;
        let level = members.people[p].level;
        members.standing[p] = Standing::Pooled {
            level,
            rank_kept: scenario.policy.keep_rank.contains(&level),
        };
        events.push(Event {
            year,
            person: p,
            kind: EventKind::Unplaced,
        });
    }
}

/// Per after unit, the establishment types its posts accept, as bits.
fn accepts_of(scenario: &Scenario) -> Vec<u64> {
    super::super::seats::establishment_masks(scenario).1
}

/// Step 7: hiring into the entry level's vacancies, one seat per unit in
/// turn (units in file order) until the year's hires are made, never
/// taking a unit's people in post beyond its establishment.
#[allow(clippy::too_many_arguments)]
pub(super) fn hire(
    scenario: &Scenario,
    timeline: &Timeline,
    accepts: &[u64],
    score: f64,
    members: &mut Members,
    seats: &mut Vacancies,
    year: u32,
    calendar: i32,
    out: &mut YearsOutcome,
) {
    let levels = scenario.levels.len();
    let entry = levels - 1;
    let mut quota = match timeline.hiring {
        Hiring::Freeze => return,
        Hiring::PerYear(k) => u64::from(k),
        Hiring::Replace => u64::MAX,
    };
    // Room under each unit's establishment (编制): a unit at or over it
    // takes nobody from outside (超编单位只出不进).
    let mut room: Vec<u64> = scenario
        .after
        .iter()
        .map(|u| {
            u.establishment
                .as_ref()
                .map_or(u64::MAX, |e| u64::from(e.total))
        })
        .collect();
    for s in &members.standing {
        if let Standing::InPost { unit, .. } = *s {
            room[unit] = room[unit].saturating_sub(1);
        }
    }
    let mut made = 0u32;
    while quota > 0 {
        let mut any = false;
        for (unit, &accepted) in accepts.iter().enumerate() {
            let g = unit * levels + entry;
            if quota == 0 || seats.open(g) == 0 || room[unit] == 0 {
                continue;
            }
            room[unit] -= 1;
            made += 1;
            quota -= 1;
            any = true;
            seats.take(g);
            let p = members.people.len();
            let born = calendar - timeline.hire_age as i32;
            let id = format!("hire-{calendar}-{made}");
            members.people.push(Person {
                id: id.clone(),
                name: String::new(),
                // Hires have no unit before the reform; the eligibility
                // rules do not read it.
                unit: 0,
                level: entry,
                born,
                score,
                gender: None,
                function: None,
                establishment: String::new(),
                tags: Vec::new(),
                opt_out: false,
                level_since: Some(calendar),
            });
            // The establishment the post asks for, or none in particular.
            let bit = if accepted == u64::MAX {
                1u64 << 63
            } else {
                accepted & accepted.wrapping_neg()
            };
            members.establishment_bit.push(bit);
            members.deviation.push(0.0);
            members.competing.push(false);
            members.appraisal.push(score);
            members.standing.push(Standing::InPost {
                unit,
                level: entry,
                rank: entry,
            });
            out.hires.push(Hire { id, year, born });
            out.events.push(Event {
                year,
                person: p,
                kind: EventKind::Hired { unit, level: entry },
            });
        }
        if !any {
            break;
        }
    }
}
