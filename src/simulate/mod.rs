//! The re-appointment, round by round.
//!
//! Given a validated [`Scenario`] and its [`MergeGraph`], a run:
//!
//! 1. takes people out of the competition by rule, in roster order: the
//!    roster's `opt_out` flag; `[policy.over_age]` (older than the age limit of
//!    their own level: moved to the fallback unit); `[policy.opt_out]` (at or
//!    over its age, with its probability);
//! 2. draws each competitor's written exam (the appraisal plus noise);
//! 3. runs the rounds in order. In each, every person still unplaced who may
//!    take a post at one of the round's levels ranks the open posts by
//!    utility and files their best `choices`; each post ranks its applicants
//!    by score; many-to-one deferred acceptance ([`crate::matching`]) decides.
//!    With `second_pass`, the people still unplaced then rank every post left
//!    empty at the round's levels and a second matching fills what it can;
//! 4. sends whoever is still unplaced to the fallback: a fallback unit up to
//!    its capacity (best appraisal first), then the pool or exit.
//!
//! docs/model.md explains each rule with its formula. Nothing here prints;
//! the result is an [`Outcome`].
//!
//! # Reproducibility
//!
//! All randomness comes from one [`SimRng`] (ChaCha8) per run, seeded
//! from `(seed, stream)` and drawn in a fixed order (people in roster order,
//! posts by unit then level). Floating-point work uses only `+ − × ÷`,
//! comparisons and rounding, so the same scenario, seed and reorg version give
//! the same outcome on any machine.

use crate::graph::MergeGraph;
use crate::matching::{self, Instance, InstanceBuilder, Matching, Side};
use crate::rng::SimRng;
use crate::scenario::Scenario;
use crate::scenario::policy::{ChoiceLists, Optimal, Outsiders};

mod eligibility;
mod keys;
mod markets;
pub mod outcome;
mod outsiders;
mod seats;
mod settle;
mod shortlist;
pub mod years;

pub use eligibility::{Exclusion, LevelRule, eligibility};
use eligibility::{RoundRules, allowed_levels};
use keys::priority_key;
use markets::Markets;
pub use outcome::{
    FallbackCause, OptOut, Outcome, PersonOutcome, Placement, PostOutcome, Reason, Retirement,
    RoundOutcome, Status, Step, Unplaced,
};
use seats::{Seats, establishment_masks};
use settle::fixed_outcomes;
use shortlist::Shortlist;

/// One matching solved during a run, kept by [`Simulator::run_traced`] so
/// tests can check each round's stability.
#[derive(Debug, Clone)]
pub struct Pass {
    /// Round index.
    pub round: usize,
    /// True for a round's second pass.
    pub second: bool,
    /// The person behind each candidate index of the instance; an index at
    /// or past the roster's size is an outsider of the round (公开招聘),
    /// the `index − roster size`-th.
    pub people: Vec<usize>,
    /// The post (unit × levels + level) behind each post index of the instance.
    pub posts: Vec<usize>,
    /// The matching problem as filed.
    pub instance: Instance,
    /// Its solution.
    pub matching: Matching,
    /// The score each candidate got at each post they listed, candidate by
    /// candidate in list order (the order of the instance's entries).
    pub scores: Vec<f64>,
}

/// Runs simulations of one scenario; the per-scenario work (ages, who may
/// apply where, post lists) is done once in [`Simulator::new`] and shared by
/// every run, so a batch of thousands of runs pays it once.
#[derive(Debug)]
pub struct Simulator<'a> {
    scenario: &'a Scenario,
    /// Age per person at the reference date, when the policy has one.
    ages: Vec<Option<i32>>,
    /// Bit `l` set when a person may take a post at level `l`.
    allowed: Vec<u64>,
    /// What each round changes of that, and whom it puts first.
    rounds: RoundRules,
    /// Home after unit per person.
    home: Vec<Option<usize>>,
    /// Outcomes fixed before any draw: retirement, transfers with the work.
    fixed: Vec<Option<PersonOutcome>>,
    /// Seats per post: declared, created and reserved for transfers.
    seats: Seats,
    /// Posts with seats left to compete for, as unit × levels + level, ascending.
    posts: Vec<usize>,
    /// Per person, the bit of their establishment type among those posts require.
    establishment_bit: Vec<u64>,
    /// Per after unit, the establishment types its posts accept (all bits: any).
    accepts: Vec<u64>,
    /// Who may compete for which posts, when the scenario names markets.
    markets: Option<Markets>,
    levels: usize,
}

/// What is settled before any round, whatever the seed: who retires and
/// who moves with their work (one entry per person, `None` for the others),
/// and the seats that reserves and creates for them.
#[derive(Debug, Clone)]
pub struct BeforeRounds {
    /// Per person, the outcome fixed by the scenario alone.
    pub settled: Vec<Option<PersonOutcome>>,
    /// Per post (unit × levels + level): seats held by transferred people.
    pub reserved: Vec<u32>,
    /// Per post: seats created for them beyond the declared ones.
    pub created: Vec<u32>,
    /// Per post: seats held concurrently (兼任), not competed for.
    pub concurrent: Vec<u32>,
}

/// Works out [`BeforeRounds`] for a scenario, as a run does first.
pub fn before_rounds(scenario: &Scenario) -> BeforeRounds {
    let ages: Vec<Option<i32>> = scenario
        .people
        .iter()
        .map(|p| scenario.policy.reference_year.map(|year| year - p.born))
        .collect();
    let settled = fixed_outcomes(scenario, &ages);
    let seats = Seats::new(scenario, &settled);
    BeforeRounds {
        settled,
        reserved: seats.reserved,
        created: seats.created,
        concurrent: seats.concurrent,
    }
}

/// Runs one simulation (stream 0).
pub fn run(scenario: &Scenario, graph: &MergeGraph, seed: u64) -> Outcome {
    Simulator::new(scenario, graph).run(seed, 0)
}

impl<'a> Simulator<'a> {
    /// Prepares runs of `scenario`.
    pub fn new(scenario: &'a Scenario, graph: &MergeGraph) -> Simulator<'a> {
        let policy = &scenario.policy;
        let levels = scenario.levels.len();
        let ages: Vec<Option<i32>> = scenario
            .people
            .iter()
            .map(|p| policy.reference_year.map(|year| year - p.born))
            .collect();
        let allowed = scenario
            .people
            .iter()
            .zip(&ages)
            .map(|(person, &age)| allowed_levels(scenario, person, age, None))
            .collect();
        let rounds = RoundRules::new(scenario, &ages);
        let home = (0..scenario.people.len())
            .map(|p| graph.home_unit(p))
            .collect();
        let fixed = fixed_outcomes(scenario, &ages);
        let seats = Seats::new(scenario, &fixed);
        let posts = (0..seats.capacity.len())
            .filter(|&g| seats.open(g) > 0)
            .collect();
        let (establishment_bit, accepts) = establishment_masks(scenario);
        let markets = Markets::new(scenario, graph);
        Simulator {
            scenario,
            ages,
            allowed,
            rounds,
            home,
            fixed,
            seats,
            posts,
            establishment_bit,
            accepts,
            markets,
            levels,
        }
    }

    /// Runs once with `seed` on generator stream `stream` (a batch uses the
    /// run index as the stream, so runs are independent of each other).
    pub fn run(&self, seed: u64, stream: u64) -> Outcome {
        self.run_inner(seed, stream, None)
    }

    /// Runs once (stream 0) and also returns every matching solved, in order.
    pub fn run_traced(&self, seed: u64) -> (Outcome, Vec<Pass>) {
        self.run_traced_on(seed, 0)
    }

    /// [`Simulator::run`] on `stream`, also returning every matching solved,
    /// in order. The trace only records: the draws and the outcome are
    /// those of `run(seed, stream)`, so `reorg explain` explains the very
    /// run that `reorg run` and a batch row show.
    pub fn run_traced_on(&self, seed: u64, stream: u64) -> (Outcome, Vec<Pass>) {
        let mut trace = Vec::new();
        let outcome = self.run_inner(seed, stream, Some(&mut trace));
        (outcome, trace)
    }

    fn run_inner(&self, seed: u64, stream: u64, mut trace: Option<&mut Vec<Pass>>) -> Outcome {
        let scenario = self.scenario;
        let mut rng = SimRng::new(seed, stream);
        let mut state = RunState::new(self);
        let mut outsider_rng = scenario
            .rounds
            .iter()
            .any(|r| r.outsiders.is_some())
            .then(|| SimRng::new(seed ^ outsiders::SEED_SALT, stream));
        self.apply_exclusions(&mut state, &mut rng);
        self.draw_exams(&mut state, &mut rng);
        let mut builder = Some(InstanceBuilder::new(Vec::new()));
        let mut rounds = Vec::with_capacity(scenario.rounds.len());
        for (r, round) in scenario.rounds.iter().enumerate() {
            let mut level_mask = 0u64;
            for &level in &round.levels {
                level_mask |= 1 << level;
            }
            let round_posts: Vec<usize> = self
                .posts
                .iter()
                .copied()
                .filter(|&g| level_mask & (1 << (g % self.levels)) != 0)
                .collect();
            let side = match round.optimal {
                Optimal::Candidate => Side::Candidate,
                Optimal::Post => Side::Post,
            };
            let choices = scenario.policy.choices as usize;
            let admitted = match (&round.outsiders, outsider_rng.as_mut()) {
                (Some(rule), Some(orng)) => {
                    state.outsiders = outsiders::draw(rule, &scenario.policy.scoring, orng);
                    Some((rule, orng))
                }
                _ => None,
            };
            let outsider_count = state.outsiders.len();
            let pass = PassSpec {
                round: r,
                second: false,
                level_mask,
                posts: &round_posts,
                choices,
                side,
            };
            let (applicants, placed, outsiders_placed) = self.run_pass(
                &pass,
                admitted,
                &mut state,
                &mut rng,
                &mut builder,
                trace.as_deref_mut(),
            );
            state.outsiders.clear();
            let (second_applicants, second_placed) = if round.second_pass {
                let pass = PassSpec {
                    second: true,
                    choices: usize::MAX,
                    ..pass
                };
                let (applicants, placed, _) = self.run_pass(
                    &pass,
                    None,
                    &mut state,
                    &mut rng,
                    &mut builder,
                    trace.as_deref_mut(),
                );
                (applicants, placed)
            } else {
                (0, 0)
            };
            rounds.push(RoundOutcome {
                round: r,
                applicants,
                placed,
                second_pass_applicants: second_applicants,
                second_pass_placed: second_placed,
                outsiders: outsider_count,
                outsiders_placed,
                vacancies: round_posts
                    .iter()
                    .map(|&g| u64::from(state.remaining[g]))
                    .sum(),
            });
        }
        self.apply_fallback(&mut state);
        let stranded = self.stranded(&state);
        let displaced = self.displaced(&state);
        let posts = (0..self.seats.capacity.len())
            .filter(|&g| self.seats.capacity[g] > 0)
            .map(|g| {
                let capacity = self.seats.capacity[g];
                PostOutcome {
                    unit: g / self.levels,
                    level: g % self.levels,
                    capacity,
                    created: self.seats.created[g],
                    transferred: self.seats.reserved[g],
                    concurrent: self.seats.concurrent[g],
                    filled: capacity - state.remaining[g],
                    outsiders: state.outsider_won[g],
                    cutoff: state.cutoff[g],
                }
            })
            .collect();
        Outcome {
            seed,
            stream,
            people: state
                .people
                .into_iter()
                .map(|p| p.expect("every person is settled"))
                .collect(),
            posts,
            rounds,
            stranded,
            displaced,
        }
    }

    /// Counts the insiders displaced by outsiders: those next in line for
    /// a seat an outsider won (see [`outsiders::mark_next_in_line`]) who end
    /// the run without a post at their own level or above (pooled, exited,
    /// rank kept, sent to a destination, or placed lower). Computed from the
    /// run itself, without a run without outsiders to compare; at most one
    /// per seat outsiders won.
    fn displaced(&self, state: &RunState) -> usize {
        (0..self.scenario.people.len())
            .filter(|&p| state.next_in_line[p])
            .filter(|&p| {
                !matches!(
                    state.people[p],
                    Some(PersonOutcome::Placed(Placement { level, .. }))
                        if level <= self.scenario.people[p].level
                )
            })
            .count()
    }

    /// Whether some round that fills `level` lets person `p` apply for it
    /// (its applicants and limits, or the policy's).
    fn could_apply(&self, p: usize, level: usize) -> bool {
        self.scenario
            .rounds
            .iter()
            .enumerate()
            .filter(|(_, round)| round.levels.contains(&level))
            .any(|(r, _)| {
                let allowed = self.rounds.allowed(r, p).unwrap_or(self.allowed[p]);
                allowed & (1 << level) != 0
            })
    }

    /// The safe option of `top_plus_safe` for person `p` in a pass: the
    /// post at their own level in their home unit's successor, when it has
    /// seats left in the pass and the person may take it (the pass's index).
    fn safe_option(
        &self,
        p: usize,
        allowed: u64,
        pass_posts: &[usize],
        open: &[OpenPost],
    ) -> Option<u32> {
        let home = self.home[p]?;
        let level = self.scenario.people[p].level;
        if allowed & (1 << level) == 0 || self.establishment_bit[p] & self.accepts[home] == 0 {
            return None;
        }
        let g = home * self.levels + level;
        // Posts of a pass are ascending, and so are the open ones.
        let local = pass_posts.binary_search(&g).ok()? as u32;
        open.binary_search_by_key(&local, |post| post.local)
            .ok()
            .map(|_| local)
    }

    /// Counts the people who competed and hold no post after the last
    /// round, while a seat they could have taken stayed empty.
    fn stranded(&self, state: &RunState) -> usize {
        let empty: Vec<usize> = (0..state.remaining.len())
            .filter(|&g| state.remaining[g] > 0)
            .collect();
        // Only the empty seats of a person's own markets strand them.
        let empty_by_set = self
            .markets
            .as_ref()
            .map(|markets| markets.split(&empty, |&g| g / self.levels))
            .unwrap_or_default();
        (0..self.scenario.people.len())
            .filter(|&p| {
                let competed_and_lost = matches!(
                    state.people[p],
                    Some(
                        PersonOutcome::Pooled { .. }
                            | PersonOutcome::Exited(_)
                            | PersonOutcome::RankKept { .. }
                            | PersonOutcome::Fallback {
                                cause: FallbackCause::Destination { .. },
                                ..
                            }
                            | PersonOutcome::Retired(Retirement::Destination { .. })
                    )
                );
                let empty = match self.markets.as_ref().and_then(|m| m.set_of(p)) {
                    Some(set) => empty_by_set[set as usize].as_slice(),
                    None => empty.as_slice(),
                };
                competed_and_lost
                    && empty.iter().any(|&g| {
                        let (unit, level) = (g / self.levels, g % self.levels);
                        self.could_apply(p, level)
                            && self.establishment_bit[p] & self.accepts[unit] != 0
                    })
            })
            .count()
    }

    /// Step 2: one written exam per competitor.
    fn draw_exams(&self, state: &mut RunState, rng: &mut SimRng) {
        let sd = self.scenario.policy.scoring.exam_sd;
        for (p, person) in self.scenario.people.iter().enumerate() {
            if state.people[p].is_none() {
                state.exam[p] = clamp_score(person.score + sd * rng.normal());
            }
        }
    }

    /// One matching: who applies where, how units score them, deferred
    /// acceptance, and the placements it makes; with `admitted`, the round's
    /// outsiders file too. Returns (applicants, placed, outsiders placed):
    /// applicants and placed count the roster's people only.
    fn run_pass(
        &self,
        pass: &PassSpec<'_>,
        admitted: Option<(&Outsiders, &mut SimRng)>,
        state: &mut RunState,
        rng: &mut SimRng,
        builder_slot: &mut Option<InstanceBuilder>,
        trace: Option<&mut Vec<Pass>>,
    ) -> (usize, usize, usize) {
        let scenario = self.scenario;
        let policy = &scenario.policy;
        let mut builder = builder_slot
            .take()
            .expect("the builder is returned after every pass");
        builder.clear();
        *builder.capacity_mut() = pass.posts.iter().map(|&g| state.remaining[g]).collect();
        let mut people = Vec::with_capacity(scenario.people.len());
        let mut scores: Vec<f64> = Vec::with_capacity(scenario.people.len() * pass.choices.min(8));
        let mut shortlist = Shortlist::new(pass.choices);
        let prefs = policy.preferences;
        let scoring = policy.scoring;
        let weight = scoring.appraisal + scoring.exam + scoring.interview;
        // (unit, level) of each post of the pass, worked out once rather than
        // divided out for every person; and the posts with seats left.
        let meta: Vec<(usize, usize)> = pass
            .posts
            .iter()
            .map(|&g| (g / self.levels, g % self.levels))
            .collect();
        // The posts with seats left, each with what the inner loop needs in
        // one record: read in order, no lookups.
        let open: Vec<OpenPost> = (0..pass.posts.len())
            .filter(|&local| state.remaining[pass.posts[local]] > 0)
            .map(|local| {
                let (unit, level) = meta[local];
                OpenPost {
                    local: local as u32,
                    unit,
                    level_bit: 1 << level,
                    accepts: self.accepts[unit],
                    minus_level: -(level as f64),
                }
            })
            .collect();
        // The shortlist's ties go to the option offered first, which must be
        // the lower post: offers follow this list's order.
        debug_assert!(open.windows(2).all(|w| w[0].local < w[1].local));
        // With markets, each market set's open posts, still in rising order.
        let open_by_set = self
            .markets
            .as_ref()
            .map(|markets| markets.split(&open, |post| post.unit))
            .unwrap_or_default();
        for p in 0..scenario.people.len() {
            let allowed = self
                .rounds
                .allowed(pass.round, p)
                .unwrap_or(self.allowed[p]);
            if state.people[p].is_some() || allowed & pass.level_mask == 0 {
                continue;
            }
            let person = &scenario.people[p];
            let priority = self.rounds.bonus(pass.round, p);
            // No unit has this index, so "no home" never matches.
            let home_unit = self.home[p].unwrap_or(usize::MAX);
            let own_level = person.level as f64;
            let establishment = self.establishment_bit[p];
            shortlist.clear();
            let market_posts = match self.markets.as_ref().and_then(|m| m.set_of(p)) {
                Some(set) => open_by_set[set as usize].as_slice(),
                None => open.as_slice(),
            };
            for post in market_posts {
                if allowed & post.level_bit == 0 || establishment & post.accepts == 0 {
                    continue;
                }
                // The same operations, in the same order, as
                // `level × (own − post) + home × [home] + noise × z`.
                let gained = own_level + post.minus_level;
                // Home or not follows no pattern a branch predictor could learn.
                let home = std::hint::select_unpredictable(post.unit == home_unit, 1.0, 0.0);
                let utility = prefs.level * gained + prefs.home * home + prefs.noise * rng.normal();
                shortlist.offer(utility, post.local);
            }
            if shortlist.len() == 0 {
                continue;
            }
            shortlist.finish();
            if !pass.second
                && policy.lists == ChoiceLists::TopPlusSafe
                && let Some(safe) = self.safe_option(p, allowed, pass.posts, &open)
            {
                shortlist.keep_last(safe);
            }
            let first_score = scores.len();
            for local in shortlist.posts() {
                let (unit, level) = meta[local as usize];
                let interview = clamp_score(person.score + scoring.interview_sd * rng.normal());
                let composite = (scoring.appraisal * person.score
                    + scoring.exam * state.exam[p]
                    + scoring.interview * interview)
                    / weight;
                let climbed = person.level.saturating_sub(level);
                let penalty = scoring.climb_penalty * climbed as f64;
                let bonus =
                    std::hint::select_unpredictable(unit == home_unit, scoring.home_bonus, 0.0);
                let score = composite + bonus - penalty;
                scores.push(match priority {
                    Some(points) => score + points,
                    None => score,
                });
            }
            let keys = scores[first_score..].iter().map(|&s| priority_key(s, p));
            builder.push_candidate(shortlist.posts().zip(keys));
            people.push(p);
        }
        let applicants = people.len();
        let first_outsider = scenario.people.len();
        if let Some((rule, orng)) = admitted {
            let filing = outsiders::Filing {
                rule,
                open: &open,
                meta: &meta,
                first: first_outsider,
                choices: pass.choices,
                prefs,
                scoring,
            };
            outsiders::file(
                &filing,
                &state.outsiders,
                orng,
                &mut builder,
                &mut people,
                &mut scores,
            );
        }
        // Keys embed the person index, so they are strict at every post; a
        // candidate-optimal round then never needs the posts' sorted lists.
        let instance = builder
            .build_trusting_keys()
            .expect("choices are open posts of this pass, each listed once");
        let matching = matching::deferred_acceptance(&instance, pass.side);
        let mut placed = 0;
        let mut outsiders_placed = 0;
        let mut won_by_outsiders = vec![
            0u32;
            if applicants < people.len() {
                pass.posts.len()
            } else {
                0
            }
        ];
        let mut offset = 0;
        for (c, &p) in people.iter().enumerate() {
            let listed = instance.choice_posts(c as u32).len();
            if p >= first_outsider
                && let Some(assignment) = matching.get(c as u32)
            {
                let g = pass.posts[assignment.post as usize];
                let score = scores[offset + assignment.choice as usize];
                state.remaining[g] -= 1;
                state.cutoff[g] = Some(state.cutoff[g].map_or(score, |c: f64| c.min(score)));
                state.outsider_won[g] += 1;
                won_by_outsiders[assignment.post as usize] += 1;
                outsiders_placed += 1;
            } else if let Some(assignment) = matching.get(c as u32) {
                let g = pass.posts[assignment.post as usize];
                let score = scores[offset + assignment.choice as usize];
                let level = g % self.levels;
                let step = Step::between(scenario.people[p].level, level);
                state.people[p] = Some(PersonOutcome::Placed(Placement {
                    unit: g / self.levels,
                    level,
                    step,
                    round: pass.round,
                    choice_rank: assignment.choice + 1,
                    second_pass: pass.second,
                    score,
                    rank_kept: step == Step::Demoted && self.keeps_rank_without_post(p),
                }));
                state.remaining[g] -= 1;
                state.cutoff[g] = Some(state.cutoff[g].map_or(score, |c: f64| c.min(score)));
                placed += 1;
            }
            offset += listed;
        }
        if outsiders_placed > 0 {
            outsiders::mark_next_in_line(
                &instance,
                &matching,
                &people,
                first_outsider,
                &won_by_outsiders,
                &mut state.next_in_line,
            );
        }
        if let Some(trace) = trace {
            trace.push(Pass {
                round: pass.round,
                second: pass.second,
                people,
                posts: pass.posts.to_vec(),
                instance: instance.clone(),
                matching,
                scores,
            });
        }
        *builder_slot = Some(instance.into_builder());
        (applicants, placed, outsiders_placed)
    }
}

/// What changes during one run.
struct RunState {
    /// Settled outcomes; `None` while a person is still competing.
    people: Vec<Option<PersonOutcome>>,
    /// Written exam per person.
    exam: Vec<f64>,
    /// Seats left per post (unit × levels + level).
    remaining: Vec<u32>,
    /// Lowest score admitted per post.
    cutoff: Vec<Option<f64>>,
    /// Seats won by outsiders per post.
    outsider_won: Vec<u32>,
    /// Per person: next in line for a seat an outsider won.
    next_in_line: Vec<bool>,
    /// The outsiders of the round being run (empty outside one that admits them).
    outsiders: Vec<outsiders::Outsider>,
}

impl RunState {
    fn new(sim: &Simulator<'_>) -> RunState {
        let scenario = sim.scenario;
        let remaining: Vec<u32> = (0..sim.seats.capacity.len())
            .map(|g| sim.seats.open(g))
            .collect();
        RunState {
            people: vec![None; scenario.people.len()],
            exam: vec![0.0; scenario.people.len()],
            cutoff: vec![None; remaining.len()],
            outsider_won: vec![0; remaining.len()],
            next_in_line: vec![false; scenario.people.len()],
            outsiders: Vec::new(),
            remaining,
        }
    }
}

/// An open post as a pass's inner loop reads it.
#[derive(Clone)]
struct OpenPost {
    /// Index in the pass's posts.
    local: u32,
    /// After unit.
    unit: usize,
    /// `1 << level`, to test against a person's allowed levels.
    level_bit: u64,
    /// The establishment types the unit's posts accept, as bits.
    accepts: u64,
    /// `−level`, so that `own + minus_level` is `own − level` exactly.
    minus_level: f64,
}

/// What one pass of a round matches.
#[derive(Clone, Copy)]
struct PassSpec<'p> {
    round: usize,
    second: bool,
    level_mask: u64,
    posts: &'p [usize],
    choices: usize,
    side: Side,
}

fn clamp_score(score: f64) -> f64 {
    score.clamp(0.0, 100.0)
}
