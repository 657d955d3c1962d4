//! Who may take a post at which level: the policy's climb, drop, age and
//! seniority rules, and what each round changes of them (its applicants,
//! its own climb and drop limits, and a group it scores first).

use serde::Serialize;

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
    let mut mask = 0u64;
    for level in 0..scenario.levels.len() {
        if exclusion(scenario, person, age, round, level).is_none() {
            mask |= 1 << level;
        }
    }
    mask
}

/// The rule that keeps a person from a post at `level` (the first that
/// applies, in the order [`allowed_levels`] checks them), or `None` when
/// they may take it. The one statement of the level rules: the simulation
/// and `reorg explain` both read it.
pub(super) fn exclusion(
    scenario: &Scenario,
    person: &Person,
    age: Option<i32>,
    round: Option<Limits>,
    level: usize,
) -> Option<Exclusion> {
    let policy = &scenario.policy;
    let round = round.unwrap_or_default();
    let max_climb = round.climb.unwrap_or(policy.max_climb);
    let max_drop = round.drop.or(policy.max_drop);
    let climb = person.level as i64 - level as i64;
    if climb > i64::from(max_climb) {
        return Some(Exclusion::ClimbTooFar {
            climb: climb as u32,
            max_climb,
        });
    }
    if let Some(drop) = max_drop
        && -climb > i64::from(drop)
    {
        return Some(Exclusion::DropTooFar {
            drop: (-climb) as u32,
            max_drop: drop,
        });
    }
    if let Some(age) = age {
        let limit = policy.age_limits[level].and_then(|l| l.for_gender(person.gender));
        if let Some(limit) = limit.filter(|&limit| age > limit as i32) {
            return Some(Exclusion::OverAgeLimit { age, limit });
        }
        if climb > 0
            && let Some(retire) = policy
                .retirement_age
                .and_then(|r| r.for_gender(person.gender))
            && (retire as i32 - age) < policy.min_service_years as i32
        {
            return Some(Exclusion::NearRetirement {
                years_left: retire as i32 - age,
                min_service_years: policy.min_service_years,
            });
        }
        if climb > 0
            && let Some(min_age) = policy.min_age[level].filter(|&min| age < min as i32)
        {
            return Some(Exclusion::UnderMinAge { age, min_age });
        }
    }
    // The seniority rule (任职年限). A person whose start at their level is
    // not known is not held back (`check` warns that it cannot be applied).
    if climb > 0
        && let (Some(min_years), Some(year), Some(since)) = (
            policy.min_years[level],
            policy.reference_year,
            person.level_since,
        )
        && year - since < min_years as i32
    {
        return Some(Exclusion::TooFewYears {
            years: year - since,
            min_years,
        });
    }
    None
}

/// Why a person may not take a post at a level in a round: the rule, with
/// the person's figure and the rule's bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Exclusion {
    /// Not in the round's `applicants` group.
    NotApplicant,
    /// More levels above their own than `max_climb` (the round's or the policy's).
    ClimbTooFar {
        /// Levels above their own.
        climb: u32,
        /// The limit.
        max_climb: u32,
    },
    /// More levels below their own than `max_drop`.
    DropTooFar {
        /// Levels below their own.
        drop: u32,
        /// The limit.
        max_drop: u32,
    },
    /// Older than the level's age limit (`age_limit`).
    OverAgeLimit {
        /// Their age at the reference date.
        age: i32,
        /// The limit.
        limit: u32,
    },
    /// A promotion with fewer years to retirement than `min_service_years`.
    NearRetirement {
        /// Years to their retirement age.
        years_left: i32,
        /// The policy's minimum.
        min_service_years: u32,
    },
    /// A promotion under the level's `min_age`.
    UnderMinAge {
        /// Their age.
        age: i32,
        /// The level's minimum age.
        min_age: u32,
    },
    /// A promotion with fewer years at their own level than `min_years` (任职年限).
    TooFewYears {
        /// Years at their level on the reference date.
        years: i32,
        /// The level's minimum.
        min_years: u32,
    },
}

impl Exclusion {
    /// The rule in words, for tables.
    pub fn describe(&self) -> String {
        match *self {
            Exclusion::NotApplicant => "not in the round's applicants".to_string(),
            Exclusion::ClimbTooFar { climb, max_climb } => {
                format!("{} up, max_climb {max_climb}", levels(climb))
            }
            Exclusion::DropTooFar { drop, max_drop } => {
                format!("{} down, max_drop {max_drop}", levels(drop))
            }
            Exclusion::OverAgeLimit { age, limit } => {
                format!("age {age} over the level's age limit {limit}")
            }
            Exclusion::NearRetirement {
                years_left,
                min_service_years,
            } => format!("{years_left} years to retirement, promotion needs {min_service_years}"),
            Exclusion::UnderMinAge { age, min_age } => {
                format!("age {age} under the level's min_age {min_age}")
            }
            Exclusion::TooFewYears { years, min_years } => {
                format!("{years} years at their level, min_years {min_years}")
            }
        }
    }
}

/// "1 level", "2 levels".
fn levels(n: u32) -> String {
    if n == 1 {
        "1 level".to_string()
    } else {
        format!("{n} levels")
    }
}

/// One level of a round for one person: whether they may take a post
/// there, and if not, why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LevelRule {
    /// The level (index into the scenario's levels).
    pub level: usize,
    /// The rule that excludes them, `None` when they may apply.
    pub excluded: Option<Exclusion>,
}

/// Per round (in order), per level of the round: whether `person` may take
/// a post there and the rule behind each exclusion, as the run applies them
/// (the round's `applicants`, its limits or the policy's, the age and
/// seniority rules). Who is settled before the rounds is the outcome's
/// business, not this.
pub fn eligibility(scenario: &Scenario, person: usize) -> Vec<Vec<LevelRule>> {
    let who = &scenario.people[person];
    let age = scenario.policy.reference_year.map(|year| year - who.born);
    scenario
        .rounds
        .iter()
        .map(|round| {
            let applies = round.applicants.contains(who.level, &who.tags, age);
            let limits = Limits {
                climb: round.max_climb,
                drop: round.max_drop,
            };
            round
                .levels
                .iter()
                .map(|&level| LevelRule {
                    level,
                    excluded: if applies {
                        exclusion(scenario, who, age, Some(limits), level)
                    } else {
                        Some(Exclusion::NotApplicant)
                    },
                })
                .collect()
        })
        .collect()
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
