//! The people settled without a round: before the rounds by rule
//! (retirement, transfers with the work, the roster's opt-out, the over-age
//! rule, the opt-out rule), and after the last round by the policy's
//! destinations for the unplaced, in order.

use super::outcome::{FallbackCause, OptOut, PersonOutcome, Retirement, Unplaced};
use super::{RunState, Simulator};
use crate::rng::SimRng;
use crate::scenario::Scenario;
use crate::scenario::policy::{Becomes, Destination, Order, Rest};

/// The outcomes fixed by the scenario alone, whatever the seed: appointments
/// made before the rounds (the appointing body decides, whatever the other
/// rules), retirement at the reference date, then transfers with the work
/// (a retiring person does not move). `None` for everyone else.
pub(super) fn fixed_outcomes(
    scenario: &Scenario,
    ages: &[Option<i32>],
) -> Vec<Option<PersonOutcome>> {
    let policy = &scenario.policy;
    (0..scenario.people.len())
        .map(|p| {
            let person = &scenario.people[p];
            if let Some(a) = scenario.appointments.iter().position(|a| a.person == p) {
                let appointment = &scenario.appointments[a];
                return Some(PersonOutcome::Appointed {
                    unit: appointment.unit,
                    level: appointment.level,
                    appointment: a,
                });
            }
            if policy.retire
                && let (Some(age), Some(limit)) = (
                    ages[p],
                    policy
                        .retirement_age
                        .and_then(|r| r.for_gender(person.gender)),
                )
                && age >= limit as i32
            {
                return Some(PersonOutcome::Retired(Retirement::Age { age, limit }));
            }
            scenario.transfer_of(p).map(|t| PersonOutcome::Transferred {
                unit: scenario.transfers[t].to,
                level: person.level,
                transfer: t,
            })
        })
        .collect()
}

impl Simulator<'_> {
    /// Step 1: the outcomes fixed by the scenario (retirement, transfers),
    /// then the roster flag, the over-age rule and the opt-out rule.
    pub(super) fn apply_exclusions(&self, state: &mut RunState, rng: &mut SimRng) {
        let policy = &self.scenario.policy;
        for (p, person) in self.scenario.people.iter().enumerate() {
            if let Some(fixed) = self.fixed[p] {
                state.people[p] = Some(fixed);
                continue;
            }
            let age = self.ages[p];
            if person.opt_out {
                state.people[p] = Some(PersonOutcome::DidNotCompete(OptOut::RosterFlag));
                continue;
            }
            if let (Some(over), Some(age)) = (&policy.over_age, age) {
                let applies = over.levels.is_empty() || over.levels.contains(&person.level);
                let limit =
                    policy.age_limits[person.level].and_then(|l| l.for_gender(person.gender));
                if let Some(limit) = limit.filter(|&l| applies && age > l as i32) {
                    state.people[p] = Some(PersonOutcome::Fallback {
                        unit: over.unit,
                        level: person.level,
                        cause: FallbackCause::OverAge { age, limit },
                    });
                    continue;
                }
            }
            if let (Some(rule), Some(age)) = (&policy.opt_out, age) {
                let applies = rule.levels.is_empty() || rule.levels.contains(&person.level);
                // Draw only for people the rule applies to, so adding an older
                // person does not shift everyone else's draws.
                if applies && age >= rule.min_age as i32 && rng.uniform() < rule.probability {
                    state.people[p] = Some(PersonOutcome::DidNotCompete(OptOut::AgeRule {
                        age,
                        min_age: rule.min_age,
                    }));
                }
            }
        }
    }

    /// Step 4: the destinations in order, each taking the unplaced who pass
    /// its filters, in its order, up to its capacity; then the rest.
    pub(super) fn apply_fallback(&self, state: &mut RunState) {
        let scenario = self.scenario;
        let fallback = &scenario.policy.fallback;
        let mut unplaced: Vec<usize> = (0..scenario.people.len())
            .filter(|&p| state.people[p].is_none())
            .collect();
        for (d, destination) in fallback.destinations.iter().enumerate() {
            let mut takers: Vec<usize> = unplaced
                .iter()
                .copied()
                .filter(|&p| self.qualifies(p, destination))
                .collect();
            self.sort_for(destination.order, &mut takers);
            let taken = destination
                .capacity
                .map_or(takers.len(), |c| (c as usize).min(takers.len()));
            for &p in &takers[..taken] {
                state.people[p] = Some(self.destination_outcome(p, d, destination));
            }
            unplaced.retain(|&p| state.people[p].is_none());
        }
        for p in unplaced {
            state.people[p] = Some(match fallback.rest {
                Rest::Pool => PersonOutcome::Pooled {
                    rank_kept: self.keeps_rank_without_post(p),
                    cause: Unplaced::Rest,
                },
                Rest::Exit => PersonOutcome::Exited(Unplaced::Rest),
            });
        }
    }

    /// Whether a person passes a destination's filters.
    fn qualifies(&self, p: usize, destination: &Destination) -> bool {
        let person = &self.scenario.people[p];
        let age = self.ages[p];
        let age_ok = |bound: Option<u32>, fits: fn(i32, i32) -> bool| {
            bound.is_none_or(|b| age.is_some_and(|a| fits(a, b as i32)))
        };
        (destination.levels.is_empty() || destination.levels.contains(&person.level))
            && (destination.functions.is_empty()
                || person
                    .function
                    .is_some_and(|f| destination.functions.contains(&f)))
            && (destination.tags.is_empty()
                || person.tags.iter().any(|t| destination.tags.contains(t)))
            && age_ok(destination.min_age, |a, b| a >= b)
            && age_ok(destination.max_age, |a, b| a <= b)
    }

    /// Orders candidates for a destination; ties by roster order.
    fn sort_for(&self, order: Order, people: &mut [usize]) {
        let roster = &self.scenario.people;
        match order {
            Order::Appraisal => {
                people.sort_by(|&a, &b| roster[b].score.total_cmp(&roster[a].score).then(a.cmp(&b)))
            }
            Order::Age => {
                people.sort_by(|&a, &b| roster[a].born.cmp(&roster[b].born).then(a.cmp(&b)))
            }
            Order::Roster => people.sort_unstable(),
        }
    }

    fn destination_outcome(&self, p: usize, d: usize, destination: &Destination) -> PersonOutcome {
        let level = self.scenario.people[p].level;
        let cause = Unplaced::Destination { destination: d };
        match destination.becomes {
            Becomes::Fallback => PersonOutcome::Fallback {
                unit: destination
                    .unit
                    .expect("validation: a fallback destination names a unit"),
                level,
                cause: FallbackCause::Destination { destination: d },
            },
            Becomes::RankKept => PersonOutcome::RankKept {
                unit: destination.unit,
                level,
                destination: d,
            },
            Becomes::Pooled => PersonOutcome::Pooled {
                rank_kept: self.keeps_rank_without_post(p),
                cause,
            },
            Becomes::Exited => PersonOutcome::Exited(cause),
            Becomes::Retired => PersonOutcome::Retired(Retirement::Destination { destination: d }),
        }
    }

    /// `keep_rank` covers the person's level.
    pub(super) fn keeps_rank_without_post(&self, p: usize) -> bool {
        self.scenario
            .policy
            .keep_rank
            .contains(&self.scenario.people[p].level)
    }
}
