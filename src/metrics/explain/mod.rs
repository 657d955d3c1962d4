//! Why one person ended where they did (`reorg explain`): per round, the
//! levels they could apply for and the rule behind each exclusion; each list
//! they filed, with their score at every post, the post's cut-off and who
//! took the seat; what placed them or why nothing did; and their nearest
//! miss. Plain data for `report::explain`.
//!
//! It reads a traced run ([`Simulator::run_traced_on`](crate::simulate::Simulator::run_traced_on)):
//! the same draws in the same order as the run `reorg run` shows for that
//! seed and run index, with every matching kept, so the explanation is of
//! that very run.

use serde::Serialize;

use super::pseudonym::pseudonym;
use super::{AnonymizeMode, RunReport, VERSION};
use crate::graph::MergeGraph;
use crate::scenario::Scenario;
use crate::simulate::{Exclusion, Outcome, Pass, PersonOutcome, Status, eligibility};

mod lookup;

pub use lookup::{LookupError, find_person};

/// The explanation of some people's outcomes in one run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The reorg version that produced it.
    pub reorg_version: String,
    /// Scenario name.
    pub scenario: String,
    /// The seed of the run.
    pub seed: u64,
    /// The run index within the seed (generator stream).
    pub run: u64,
    /// One per person asked about, in the order asked.
    pub people: Vec<PersonExplanation>,
}

/// One person's outcome, explained.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonExplanation {
    /// Person id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Unit today.
    pub before_unit: String,
    /// Level today.
    pub before_level: String,
    /// Where they ended, in one word.
    pub status: Status,
    /// Unit after (post or fallback unit), if any.
    pub after_unit: Option<String>,
    /// Level after, if any.
    pub after_level: Option<String>,
    /// The reason the run report gives, for those no round placed.
    pub reason: Option<String>,
    /// What placed them, or why nothing did.
    pub verdict: Verdict,
    /// Per round, in order: eligibility and the lists filed.
    pub rounds: Vec<RoundExplanation>,
    /// The lost choice whose cut-off they came closest to, if any.
    pub nearest_miss: Option<Miss>,
}

/// What placed a person, or why no round did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// Placed by a round.
    Placed {
        /// Round id.
        round: String,
        /// Placed in the round's second pass.
        second_pass: bool,
        /// 1-based rank of the post in the list filed.
        choice_rank: u32,
        /// The post's unit.
        unit: String,
        /// The post's level.
        level: String,
        /// Their score there.
        score: f64,
    },
    /// Settled before any round by rule (appointment, transfer with the
    /// work, retirement, opt-out, over-age): `reason` says which.
    SettledBeforeRounds,
    /// No round let them apply for any of its levels.
    NeverEligible,
    /// Some round let them apply, but when it came no open post was one
    /// they may take (level, establishment type), so they filed no list.
    NoOpenPost,
    /// They filed lists and were outscored at every post on them.
    Outscored,
}

/// One round for one person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoundExplanation {
    /// Round id.
    pub round: String,
    /// Each level the round fills: may they apply, and if not, the rule.
    pub levels: Vec<LevelEligibility>,
    /// What the round was for them.
    pub part: Part,
    /// The lists they filed in it: the first pass, then the second pass.
    pub passes: Vec<FiledList>,
}

/// One level of a round for one person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelEligibility {
    /// Level id.
    pub level: String,
    /// The rule that excludes them; `None` when they may apply.
    pub excluded: Option<Exclusion>,
}

/// What a round was for a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// Already settled before the rounds.
    SettledBefore,
    /// Already placed by an earlier round.
    PlacedEarlier,
    /// No level of the round open to them.
    NotEligible,
    /// Eligible, but no open post they may take: no list filed.
    NoOpenPost,
    /// Filed a list; not placed by this round.
    NotPlaced,
    /// Placed by this round.
    Placed,
}

/// A list filed in one pass, best choice first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FiledList {
    /// True for the round's second pass.
    pub second_pass: bool,
    /// The posts listed, in order.
    pub choices: Vec<Choice>,
}

/// One post on a filed list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Choice {
    /// 1-based rank on the list.
    pub rank: u32,
    /// The post's unit.
    pub unit: String,
    /// The post's level.
    pub level: String,
    /// The score the post's unit gave them.
    pub score: f64,
    /// The lowest score placed at the post in this pass; `None` when this
    /// pass placed nobody there.
    pub cutoff: Option<f64>,
    /// The person placed there with that lowest score: the seat they would
    /// have taken.
    pub taken_by: Option<Holder>,
    /// What came of it.
    pub result: ChoiceResult,
    /// `cutoff − score` for a lost choice (0: tied, lost on roster order).
    pub gap: Option<f64>,
}

/// What came of one choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChoiceResult {
    /// Placed here.
    Won,
    /// Every seat went to people who scored higher (or tied and came first
    /// in the roster).
    Lost,
    /// Not needed: placed at a choice ranked above it.
    NotNeeded,
}

/// A person holding a seat, as an explanation names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Holder {
    /// Person id.
    pub id: String,
    /// Name.
    pub name: String,
}

/// The lost choice closest to its cut-off.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Miss {
    /// Round id.
    pub round: String,
    /// In the round's second pass.
    pub second_pass: bool,
    /// The choice.
    pub choice: Choice,
}

impl Explanation {
    /// Explains the outcomes of `people` (roster indices) in `outcome`, a run
    /// traced by [`Simulator::run_traced_on`](crate::simulate::Simulator::run_traced_on)
    /// with `passes` its matchings.
    pub fn of(
        scenario: &Scenario,
        graph: &MergeGraph,
        outcome: &Outcome,
        passes: &[Pass],
        people: &[usize],
    ) -> Explanation {
        let report = RunReport::of(scenario, graph, outcome);
        let holders: Vec<Vec<Option<(usize, f64)>>> = passes.iter().map(seat_holders).collect();
        let explained = people
            .iter()
            .map(|&p| {
                explain_person(
                    scenario,
                    &report.people[p],
                    &outcome.people[p],
                    passes,
                    &holders,
                    p,
                )
            })
            .collect();
        Explanation {
            reorg_version: VERSION.to_string(),
            scenario: scenario.name.clone(),
            seed: outcome.seed,
            run: outcome.stream,
            people: explained,
        }
    }

    /// Replaces names (and with [`AnonymizeMode::Ids`], ids) of the people
    /// explained and of the seat holders by their pseudonyms, as
    /// `reorg run --anonymize` does ([`pseudonym`]).
    pub fn anonymize(&mut self, mode: AnonymizeMode, key: Option<&str>) {
        let mask = |id: &mut String, name: &mut String| {
            let alias = pseudonym(id, key);
            if mode == AnonymizeMode::Ids {
                *id = alias.clone();
            }
            *name = alias;
        };
        for person in &mut self.people {
            mask(&mut person.id, &mut person.name);
            let choices = person
                .rounds
                .iter_mut()
                .flat_map(|r| &mut r.passes)
                .flat_map(|l| &mut l.choices)
                .chain(person.nearest_miss.as_mut().map(|m| &mut m.choice));
            for choice in choices {
                if let Some(holder) = &mut choice.taken_by {
                    mask(&mut holder.id, &mut holder.name);
                }
            }
        }
    }
}

/// Per post of a pass (local index): the person placed there with the
/// lowest score (the worst priority key, so ties go as the matching broke
/// them) and that score.
fn seat_holders(pass: &Pass) -> Vec<Option<(usize, f64)>> {
    let mut worst: Vec<Option<(u64, usize, f64)>> = vec![None; pass.posts.len()];
    let mut offset = 0;
    for (c, &p) in pass.people.iter().enumerate() {
        let c32 = c as u32;
        let listed = pass.instance.choice_posts(c32).len();
        if let Some(assignment) = pass.matching.get(c32) {
            let choice = assignment.choice as usize;
            let key = pass.instance.choice_keys(c32)[choice];
            let score = pass.scores[offset + choice];
            let slot = &mut worst[assignment.post as usize];
            if slot.is_none_or(|(k, _, _)| key > k) {
                *slot = Some((key, p, score));
            }
        }
        offset += listed;
    }
    worst
        .into_iter()
        .map(|w| w.map(|(_, p, score)| (p, score)))
        .collect()
}

fn explain_person(
    scenario: &Scenario,
    row: &super::PersonRow,
    result: &PersonOutcome,
    passes: &[Pass],
    holders: &[Vec<Option<(usize, f64)>>],
    p: usize,
) -> PersonExplanation {
    let levels = scenario.levels.len();
    // Indices past the roster are outside applicants of open recruitment,
    // who have no id of their own: they are numbered from 1.
    let holder = |q: usize| match scenario.people.get(q) {
        Some(person) => Holder {
            id: person.id.clone(),
            name: person.name.clone(),
        },
        None => Holder {
            id: format!("outsider-{}", q - scenario.people.len() + 1),
            name: "outside applicant".to_string(),
        },
    };
    let settled_before = settled_before_rounds(result);
    let placed_round = result.placement().map(|placement| placement.round);
    let eligible = eligibility(scenario, p);
    let mut rounds = Vec::with_capacity(scenario.rounds.len());
    for (r, round) in scenario.rounds.iter().enumerate() {
        let level_rules: Vec<LevelEligibility> = eligible[r]
            .iter()
            .map(|rule| LevelEligibility {
                level: scenario.levels[rule.level].id.clone(),
                excluded: rule.excluded,
            })
            .collect();
        let mut lists = Vec::new();
        for (t, pass) in passes
            .iter()
            .enumerate()
            .filter(|(_, pass)| pass.round == r)
        {
            let Some(c) = pass.people.iter().position(|&q| q == p) else {
                continue;
            };
            let c32 = c as u32;
            let offset: usize = (0..c32).map(|d| pass.instance.choice_posts(d).len()).sum();
            let won = pass.matching.get(c32).map(|a| a.choice as usize);
            let choices = pass
                .instance
                .choice_posts(c32)
                .iter()
                .enumerate()
                .map(|(i, &local)| {
                    let g = pass.posts[local as usize];
                    let score = pass.scores[offset + i];
                    let seat = holders[t][local as usize];
                    let result = match won {
                        Some(w) if w == i => ChoiceResult::Won,
                        Some(w) if w < i => ChoiceResult::NotNeeded,
                        _ => ChoiceResult::Lost,
                    };
                    Choice {
                        rank: i as u32 + 1,
                        unit: scenario.after[g / levels].id.clone(),
                        level: scenario.levels[g % levels].id.clone(),
                        score,
                        cutoff: seat.map(|(_, s)| s),
                        taken_by: seat.map(|(q, _)| holder(q)),
                        result,
                        gap: match (result, seat) {
                            (ChoiceResult::Lost, Some((_, cutoff))) => Some(cutoff - score),
                            _ => None,
                        },
                    }
                })
                .collect();
            lists.push(FiledList {
                second_pass: pass.second,
                choices,
            });
        }
        let may_apply = level_rules.iter().any(|l| l.excluded.is_none());
        let part = if settled_before {
            Part::SettledBefore
        } else if placed_round.is_some_and(|pr| pr < r) {
            Part::PlacedEarlier
        } else if placed_round == Some(r) {
            Part::Placed
        } else if !lists.is_empty() {
            Part::NotPlaced
        } else if may_apply {
            Part::NoOpenPost
        } else {
            Part::NotEligible
        };
        rounds.push(RoundExplanation {
            round: round.id.clone(),
            levels: level_rules,
            part,
            passes: lists,
        });
    }
    let verdict = match result.placement() {
        Some(placement) => Verdict::Placed {
            round: scenario.rounds[placement.round].id.clone(),
            second_pass: placement.second_pass,
            choice_rank: placement.choice_rank,
            unit: scenario.after[placement.unit].id.clone(),
            level: scenario.levels[placement.level].id.clone(),
            score: placement.score,
        },
        None if settled_before => Verdict::SettledBeforeRounds,
        None if rounds.iter().any(|r| !r.passes.is_empty()) => Verdict::Outscored,
        None if rounds.iter().any(|r| r.part == Part::NoOpenPost) => Verdict::NoOpenPost,
        None => Verdict::NeverEligible,
    };
    let nearest_miss = rounds
        .iter()
        .flat_map(|r| {
            r.passes
                .iter()
                .flat_map(move |list| list.choices.iter().map(move |choice| (r, list, choice)))
        })
        .filter(|(_, _, choice)| choice.gap.is_some())
        // The smallest gap; on a tie, the earliest (first round, first pass, best choice).
        .fold(
            None::<(&RoundExplanation, &FiledList, &Choice)>,
            |best, next| match best {
                Some(b) if b.2.gap <= next.2.gap => Some(b),
                _ => Some(next),
            },
        )
        .map(|(r, list, choice)| Miss {
            round: r.round.clone(),
            second_pass: list.second_pass,
            choice: choice.clone(),
        });
    PersonExplanation {
        id: row.id.clone(),
        name: row.name.clone(),
        before_unit: row.before_unit.clone(),
        before_level: row.before_level.clone(),
        status: row.status,
        after_unit: row.after_unit.clone(),
        after_level: row.after_level.clone(),
        reason: row.reason.clone(),
        verdict,
        rounds,
        nearest_miss,
    }
}

/// Whether the outcome was settled before the rounds, by a rule rather
/// than a round: an appointment, a transfer, retirement at the reference
/// date, the roster's flag or the opt-out rule, the over-age rule.
fn settled_before_rounds(result: &PersonOutcome) -> bool {
    use crate::simulate::{FallbackCause, Retirement};
    matches!(
        result,
        PersonOutcome::Appointed { .. }
            | PersonOutcome::Transferred { .. }
            | PersonOutcome::Retired(Retirement::Age { .. })
            | PersonOutcome::DidNotCompete(_)
            | PersonOutcome::Fallback {
                cause: FallbackCause::OverAge { .. },
                ..
            }
    )
}
