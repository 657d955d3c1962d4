//! What a simulation decides: one outcome per person, per post and per round.

use serde::Serialize;

/// Where a person ends up. Every person has exactly one.
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
}

/// Why a person was not placed by a round, when a rule decided it.
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

/// One person's outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonOutcome {
    /// Where they end up.
    pub status: Status,
    /// Their after unit (a post's unit, or the fallback unit).
    pub after_unit: Option<usize>,
    /// Their level after (the post's level; their own level in a fallback unit).
    pub after_level: Option<usize>,
    /// The round that placed them (index into the scenario's rounds).
    pub round: Option<usize>,
    /// 1-based rank of the obtained post in the list they filed.
    pub choice_rank: Option<u32>,
    /// True when placed in a round's second pass (二次竞聘).
    pub second_pass: bool,
    /// The score the admitting unit gave them.
    pub score: Option<f64>,
    /// The rule that decided, for those not placed by a round.
    pub reason: Option<Reason>,
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
            let index = Status::ALL
                .iter()
                .position(|&s| s == person.status)
                .expect("every status is listed");
            counts[index] += 1;
        }
        counts
    }
}
