//! What a simulation decides: one outcome per person, per post and per round.

use serde::Serialize;

/// Where a person ends up, in one word: the seven statuses of the reports.
/// A person's full outcome is a [`PersonOutcome`]; this is its summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Placed in a post above their current level.
    Promoted,
    /// Placed in a post at their current level.
    SameLevel,
    /// Placed in a post below their current level.
    Demoted,
    /// Not placed; waiting for a post (待岗).
    Pooled,
    /// Moved to a fallback unit (an over-age rule, or the fallback after the last round).
    Fallback,
    /// Not placed; leaves the organisation.
    Exited,
    /// Did not compete (the roster flag or the opt-out rule).
    DidNotCompete,
}

impl Status {
    /// Every status, in report order.
    pub const ALL: [Status; 7] = [
        Status::Promoted,
        Status::SameLevel,
        Status::Demoted,
        Status::Pooled,
        Status::Fallback,
        Status::Exited,
        Status::DidNotCompete,
    ];

    /// The name used in CSV and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Promoted => "promoted",
            Status::SameLevel => "same_level",
            Status::Demoted => "demoted",
            Status::Pooled => "pooled",
            Status::Fallback => "fallback",
            Status::Exited => "exited",
            Status::DidNotCompete => "did_not_compete",
        }
    }

    /// True for the three statuses of a person placed in a post.
    pub fn is_placed(self) -> bool {
        matches!(self, Status::Promoted | Status::SameLevel | Status::Demoted)
    }

    /// This status's position in [`Status::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Why a person was not placed by a round, when a rule decided it: the
/// "reason" column of the reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Reason {
    /// The roster's `opt_out` flag.
    RosterFlag,
    /// `[policy.opt_out]`: at or over its age, and the draw fell that way.
    AgeRule {
        /// The person's age.
        age: i32,
        /// The rule's age.
        min_age: u32,
    },
    /// `[policy.over_age]`: older than the age limit of their own level.
    OverAge {
        /// The person's age.
        age: i32,
        /// The limit for their level.
        limit: u32,
    },
    /// Took part in the rounds but no post was left for them.
    NotPlaced,
}

impl Reason {
    /// A short explanation for tables and CSV.
    pub fn describe(&self) -> String {
        match *self {
            Reason::RosterFlag => "opt_out flag in the roster".to_string(),
            Reason::AgeRule { age, min_age } => format!("opt-out rule: age {age} ≥ {min_age}"),
            Reason::OverAge { age, limit } => {
                format!("age {age} over the limit of {limit} for their level")
            }
            Reason::NotPlaced => "not placed in any round".to_string(),
        }
    }
}

/// A post won in a round: everything that is known only of the placed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Placement {
    /// After unit index.
    pub unit: usize,
    /// Level index of the post.
    pub level: usize,
    /// The post's level against the person's own.
    pub step: Step,
    /// The round that placed them (index into the scenario's rounds).
    pub round: usize,
    /// 1-based rank of the post in the list they filed.
    pub choice_rank: u32,
    /// True when placed in a round's second pass (二次竞聘).
    pub second_pass: bool,
    /// The score the admitting unit gave them.
    pub score: f64,
}

/// A placed person's post level against their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Above their level.
    Promoted,
    /// At their level.
    SameLevel,
    /// Below their level.
    Demoted,
}

impl Step {
    /// The step from level `own` to level `post` (level 0 is the top).
    pub fn between(own: usize, post: usize) -> Step {
        match post.cmp(&own) {
            std::cmp::Ordering::Less => Step::Promoted,
            std::cmp::Ordering::Equal => Step::SameLevel,
            std::cmp::Ordering::Greater => Step::Demoted,
        }
    }
}

/// Why a person went to the fallback unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum FallbackCause {
    /// `[policy.over_age]`: older than the age limit of their own level, so
    /// moved before the rounds.
    OverAge {
        /// The person's age.
        age: i32,
        /// The limit for their level.
        limit: u32,
    },
    /// Competed, was not placed, and the fallback unit had room.
    NotPlaced,
}

/// Why a person did not compete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum OptOut {
    /// The roster's `opt_out` flag.
    RosterFlag,
    /// `[policy.opt_out]`: at or over its age, and the draw fell that way.
    AgeRule {
        /// The person's age.
        age: i32,
        /// The rule's age.
        min_age: u32,
    },
}

/// One person's outcome: exactly one of these, each carrying only what is
/// true of it (a pooled person has no post, a placed one no reason).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum PersonOutcome {
    /// Won a post in a round.
    Placed(Placement),
    /// Moved to the fallback unit, at their own level.
    Fallback {
        /// The fallback unit (an after unit index).
        unit: usize,
        /// Their own level, kept there.
        level: usize,
        /// Why.
        cause: FallbackCause,
    },
    /// Competed, was not placed, and waits for a post (待岗).
    Pooled,
    /// Competed, was not placed, and leaves.
    Exited,
    /// Did not compete.
    DidNotCompete(OptOut),
}

impl PersonOutcome {
    /// The status the reports count.
    pub fn status(&self) -> Status {
        match self {
            PersonOutcome::Placed(placement) => match placement.step {
                Step::Promoted => Status::Promoted,
                Step::SameLevel => Status::SameLevel,
                Step::Demoted => Status::Demoted,
            },
            PersonOutcome::Fallback { .. } => Status::Fallback,
            PersonOutcome::Pooled => Status::Pooled,
            PersonOutcome::Exited => Status::Exited,
            PersonOutcome::DidNotCompete(_) => Status::DidNotCompete,
        }
    }

    /// The post won, for the placed.
    pub fn placement(&self) -> Option<&Placement> {
        match self {
            PersonOutcome::Placed(placement) => Some(placement),
            _ => None,
        }
    }

    /// The (unit, level) a person is in after the reform: their post, or the
    /// fallback unit at their own level; `None` for everyone else.
    pub fn position(&self) -> Option<(usize, usize)> {
        match *self {
            PersonOutcome::Placed(Placement { unit, level, .. })
            | PersonOutcome::Fallback { unit, level, .. } => Some((unit, level)),
            _ => None,
        }
    }

    /// The rule that decided, for those not placed by a round.
    pub fn reason(&self) -> Option<Reason> {
        match *self {
            PersonOutcome::Placed(_) => None,
            PersonOutcome::Fallback { cause, .. } => Some(match cause {
                FallbackCause::OverAge { age, limit } => Reason::OverAge { age, limit },
                FallbackCause::NotPlaced => Reason::NotPlaced,
            }),
            PersonOutcome::Pooled | PersonOutcome::Exited => Some(Reason::NotPlaced),
            PersonOutcome::DidNotCompete(OptOut::RosterFlag) => Some(Reason::RosterFlag),
            PersonOutcome::DidNotCompete(OptOut::AgeRule { age, min_age }) => {
                Some(Reason::AgeRule { age, min_age })
            }
        }
    }
}

/// One post's outcome: (after unit, level).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PostOutcome {
    /// After unit index.
    pub unit: usize,
    /// Level index.
    pub level: usize,
    /// Seats.
    pub capacity: u32,
    /// Seats taken.
    pub filled: u32,
    /// The lowest score admitted, when anyone was.
    pub cutoff: Option<f64>,
}

impl PostOutcome {
    /// Seats left empty.
    pub fn vacancies(&self) -> u32 {
        self.capacity - self.filled
    }
}

/// One round's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoundOutcome {
    /// Round index.
    pub round: usize,
    /// People who filed choices in the first pass.
    pub applicants: usize,
    /// People placed in the first pass.
    pub placed: usize,
    /// People who took part in the second pass.
    pub second_pass_applicants: usize,
    /// People placed in the second pass.
    pub second_pass_placed: usize,
    /// Seats of this round's levels still empty after it.
    pub vacancies: u64,
}

/// The result of one simulation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// The seed it ran with.
    pub seed: u64,
    /// One per person, in roster order.
    pub people: Vec<PersonOutcome>,
    /// One per post with seats, by unit then level.
    pub posts: Vec<PostOutcome>,
    /// One per round.
    pub rounds: Vec<RoundOutcome>,
}

impl Outcome {
    /// How many people have each status, in [`Status::ALL`] order.
    pub fn status_counts(&self) -> [usize; 7] {
        let mut counts = [0; 7];
        for person in &self.people {
            counts[person.status().index()] += 1;
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_index_is_its_place_in_all() {
        for (i, status) in Status::ALL.into_iter().enumerate() {
            assert_eq!(status.index(), i, "{status:?}");
        }
    }

    #[test]
    fn placed_outcomes_count_as_placed_and_nothing_else_does() {
        let placed = PersonOutcome::Placed(Placement {
            unit: 1,
            level: 2,
            step: Step::between(3, 2),
            round: 0,
            choice_rank: 1,
            second_pass: false,
            score: 80.0,
        });
        assert_eq!(placed.status(), Status::Promoted);
        assert_eq!(placed.position(), Some((1, 2)));
        assert_eq!(placed.reason(), None);
        let moved = PersonOutcome::Fallback {
            unit: 4,
            level: 3,
            cause: FallbackCause::NotPlaced,
        };
        assert_eq!(moved.status(), Status::Fallback);
        assert!(!moved.status().is_placed());
        assert_eq!(moved.position(), Some((4, 3)));
        assert_eq!(moved.reason(), Some(Reason::NotPlaced));
        let declined = PersonOutcome::DidNotCompete(OptOut::RosterFlag);
        assert_eq!(declined.position(), None);
        assert_eq!(declined.reason(), Some(Reason::RosterFlag));
    }
}
