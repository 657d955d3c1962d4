//! Who may take a post at which level: the policy's climb, drop, age and
//! seniority rules, and what each round changes of them (its applicants,
//! its own climb and drop limits, and a group it scores first).

use crate::scenario::{Person, Scenario};

/// A round's own limits, when it sets them.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Limits {
    /// `max_climb` for this round.
    pub(super) climb: Option<u32>,
    /// `max_drop` for this round.
    pub(super) drop: Option<u32>,
}

/// The levels a person may take a post at: within `max_climb` above and
/// `max_drop` below their own (the round's, when it sets them), under the
/// level's age limit, not above their own level when too close to
/// retirement, and for a promotion, at or over the level's minimum age.
pub(super) fn allowed_levels(
    scenario: &Scenario,
    person: &Person,
    age: Option<i32>,
    round: Option<Limits>,
) -> u64 {
    let policy = &scenario.policy;
    let round = round.unwrap_or_default();
    let max_climb = round.climb.unwrap_or(policy.max_climb);
    let max_drop = round.drop.or(policy.max_drop);
    let mut mask = 0u64;
    for level in 0..scenario.levels.len() {
        let climb = person.level as i64 - level as i64;
        if climb > i64::from(max_climb) {
            continue;
        }
        if let Some(drop) = max_drop
            && -climb > i64::from(drop)
        {
            continue;
        }
        if let Some(age) = age {
            let limit = policy.age_limits[level].and_then(|l| l.for_gender(person.gender));
            if limit.is_some_and(|limit| age > limit as i32) {
                continue;
            }
            if climb > 0
                && let Some(retire) = policy
                    .retirement_age
                    .and_then(|r| r.for_gender(person.gender))
                && (retire as i32 - age) < policy.min_service_years as i32
            {
                continue;
            }
            if climb > 0 && policy.min_age[level].is_some_and(|min| age < min as i32) {
                continue;
            }
        }
        if climb > 0 && !long_enough_at_level(scenario, person, level) {
            continue;
        }
        mask |= 1 << level;
    }
    mask
}

/// The seniority rule (任职年限): promotion to `level` needs `min_years` at
/// the person's own level. A person whose start at their level is not known
/// is not held back (`check` warns that the rule cannot be applied to them).
fn long_enough_at_level(scenario: &Scenario, person: &Person, level: usize) -> bool {
    let policy = &scenario.policy;
    match (
        policy.min_years[level],
        policy.reference_year,
        person.level_since,
    ) {
        (Some(min), Some(year), Some(since)) => year - since >= min as i32,
        _ => true,
    }
}

/// Per round: the allowed levels of each person where the round changes
/// them (its applicants or limits), and the priority bonus of each person
/// where it gives one. `None` where the round changes nothing, so the
/// common case costs nothing.
#[derive(Debug)]
pub(super) struct RoundRules {
    allowed: Vec<Option<Vec<u64>>>,
    bonus: Vec<Option<Vec<f64>>>,
}

impl RoundRules {
    pub(super) fn new(scenario: &Scenario, ages: &[Option<i32>]) -> RoundRules {
        let people = &scenario.people;
        let allowed = scenario
            .rounds
            .iter()
            .map(|round| {
                let changes = !round.applicants.is_everyone()
                    || round.max_climb.is_some()
                    || round.max_drop.is_some();
                changes.then(|| {
                    let limits = Limits {
                        climb: round.max_climb,
                        drop: round.max_drop,
                    };
                    people
                        .iter()
                        .zip(ages)
                        .map(|(person, &age)| {
                            if round.applicants.contains(person.level, &person.tags, age) {
                                allowed_levels(scenario, person, age, Some(limits))
                            } else {
                                0
                            }
                        })
                        .collect()
                })
            })
            .collect();
        let bonus = scenario
            .rounds
            .iter()
            .map(|round| {
                round.priority.as_ref().map(|priority| {
                    people
                        .iter()
                        .zip(ages)
                        .map(|(person, &age)| {
                            if priority.group.contains(person.level, &person.tags, age) {
                                priority.bonus
                            } else {
                                0.0
                            }
                        })
                        .collect()
                })
            })
            .collect();
        RoundRules { allowed, bonus }
    }

    /// The person's allowed levels in this round, when the round changes them.
    pub(super) fn allowed(&self, round: usize, person: usize) -> Option<u64> {
        self.allowed[round].as_ref().map(|masks| masks[person])
    }

    /// The person's priority points in this round, when the round gives any.
    pub(super) fn bonus(&self, round: usize, person: usize) -> Option<f64> {
        self.bonus[round].as_ref().map(|points| points[person])
    }
}
