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
    /// Appointed to a post before the rounds (组织任命), without competing.
    Appointed,
    /// Moved with their work to the receiving unit at their own level,
    /// without competing (划转, 人随事走).
    Transferred,
    /// Moved to a fallback unit at their own level (an over-age rule, or a
    /// destination after the last round).
    Fallback,
    /// No post, but keeps their rank and its pay (保留原职级待遇).
    RankKept,
    /// Not placed; waiting for a post (待岗).
    Pooled,
    /// Not placed; leaves the organisation.
    Exited,
    /// Retired: at retirement age, or early retirement as a destination.
    Retired,
    /// Did not compete (the roster flag or the opt-out rule).
    DidNotCompete,
}

impl Status {
    /// Every status, in report order.
    pub const ALL: [Status; 11] = [
        Status::Promoted,
        Status::SameLevel,
        Status::Demoted,
        Status::Appointed,
        Status::Transferred,
        Status::Fallback,
        Status::RankKept,
        Status::Pooled,
        Status::Exited,
        Status::Retired,
        Status::DidNotCompete,
    ];

    /// The name used in CSV and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Promoted => "promoted",
            Status::SameLevel => "same_level",
            Status::Demoted => "demoted",
            Status::Appointed => "appointed",
            Status::Transferred => "transferred",
            Status::Fallback => "fallback",
            Status::RankKept => "rank_kept",
            Status::Pooled => "pooled",
            Status::Exited => "exited",
            Status::Retired => "retired",
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
    /// Not placed in any round, then taken by this `[[policy.fallback]]`
    /// destination (index into the policy's destinations).
    Destination {
        /// The destination's index.
        destination: usize,
    },
    /// At or over the retirement age on the reference date.
    Retirement {
        /// The person's age.
        age: i32,
        /// The retirement age that applies to them.
        limit: u32,
    },
    /// Appointed before the rounds by this `[[appoint]]` (index into the
    /// scenario's appointments).
    Appointment {
        /// The appointment's index.
        appointment: usize,
    },
    /// Their share moved with its work by this `[[transfer]]` (index into
    /// the scenario's transfers).
    Transfer {
        /// The transfer's index.
        transfer: usize,
    },
}

impl Reason {
    /// A short explanation for tables and CSV. Transfers and destinations are
    /// named by their number in the file; the run report names them better.
    pub fn describe(&self) -> String {
        match *self {
            Reason::RosterFlag => "opt_out flag in the roster".to_string(),
            Reason::AgeRule { age, min_age } => format!("opt-out rule: age {age} ≥ {min_age}"),
            Reason::OverAge { age, limit } => {
                format!("age {age} over the limit of {limit} for their level")
            }
            Reason::NotPlaced => "not placed in any round".to_string(),
            Reason::Destination { destination } => format!(
                "not placed in any round; fallback destination #{}",
                destination + 1
            ),
            Reason::Retirement { age, limit } => {
                format!("retired: age {age} ≥ retirement age {limit}")
            }
            Reason::Transfer { transfer } => {
                format!("moved with their work ([[transfer]] #{})", transfer + 1)
            }
            Reason::Appointment { appointment } => {
                format!(
                    "appointed before the rounds ([[appoint]] #{})",
                    appointment + 1
                )
            }
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
    /// True when placed below their level and keeping their rank and its
    /// pay (`[policy] keep_rank`).
    pub rank_kept: bool,
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

/// Why a person went to a fallback unit.
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
    /// Competed, was not placed, and this `[[policy.fallback]]` destination
    /// took them.
    Destination {
        /// The destination's index.
        destination: usize,
    },
}

/// Why a person left: the rest after every destination, or a destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Unplaced {
    /// Nobody took them: the policy's `rest`.
    Rest,
    /// This `[[policy.fallback]]` destination.
    Destination {
        /// The destination's index.
        destination: usize,
    },
}

/// Why a person retired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Retirement {
    /// At or over the retirement age: they did not compete.
    Age {
        /// The person's age.
        age: i32,
        /// The retirement age that applies to them.
        limit: u32,
    },
    /// Early retirement as a `[[policy.fallback]]` destination.
    Destination {
        /// The destination's index.
        destination: usize,
    },
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
    /// Appointed to a post before the rounds (组织任命), in a seat there.
    Appointed {
        /// The unit of the post (an after unit index).
        unit: usize,
        /// The level of the post.
        level: usize,
        /// The `[[appoint]]` (index into the scenario's appointments).
        appointment: usize,
    },
    /// Moved with their work to the receiving unit, at their own level and
    /// in a seat there, without competing.
    Transferred {
        /// The receiving unit (an after unit index).
        unit: usize,
        /// Their own level, kept.
        level: usize,
        /// The `[[transfer]]` (index into the scenario's transfers).
        transfer: usize,
    },
    /// Moved to a fallback unit, at their own level.
    Fallback {
        /// The fallback unit (an after unit index).
        unit: usize,
        /// Their own level, kept there.
        level: usize,
        /// Why.
        cause: FallbackCause,
    },
    /// No post, rank and pay kept, by a `rank_kept` destination.
    RankKept {
        /// The unit that holds them (a cadre reserve), when the destination names one.
        unit: Option<usize>,
        /// Their own level, whose rank they keep.
        level: usize,
        /// The destination's index.
        destination: usize,
    },
    /// Competed, was not placed, and waits for a post (待岗).
    Pooled {
        /// Keeps their rank and its pay meanwhile (`[policy] keep_rank`).
        rank_kept: bool,
        /// The destination that pooled them, or the rest.
        cause: Unplaced,
    },
    /// Competed, was not placed, and leaves.
    Exited(Unplaced),
    /// Retired.
    Retired(Retirement),
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
            PersonOutcome::Appointed { .. } => Status::Appointed,
            PersonOutcome::Transferred { .. } => Status::Transferred,
            PersonOutcome::Fallback { .. } => Status::Fallback,
            PersonOutcome::RankKept { .. } => Status::RankKept,
            PersonOutcome::Pooled { .. } => Status::Pooled,
            PersonOutcome::Exited(_) => Status::Exited,
            PersonOutcome::Retired(_) => Status::Retired,
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

    /// The seat a person holds after the reform: a post won, or a seat
    /// their transfer gave them (unit, level).
    pub fn seat(&self) -> Option<(usize, usize)> {
        match *self {
            PersonOutcome::Placed(Placement { unit, level, .. })
            | PersonOutcome::Appointed { unit, level, .. }
            | PersonOutcome::Transferred { unit, level, .. } => Some((unit, level)),
            _ => None,
        }
    }

    /// The (unit, level) a person is in after the reform: their post or
    /// transferred seat, or a fallback unit or reserve at their own level;
    /// `None` for everyone else.
    pub fn position(&self) -> Option<(usize, usize)> {
        match *self {
            PersonOutcome::Placed(Placement { unit, level, .. })
            | PersonOutcome::Appointed { unit, level, .. }
            | PersonOutcome::Transferred { unit, level, .. }
            | PersonOutcome::Fallback { unit, level, .. } => Some((unit, level)),
            PersonOutcome::RankKept {
                unit: Some(unit),
                level,
                ..
            } => Some((unit, level)),
            _ => None,
        }
    }

    /// True when the person keeps a rank above whatever post they hold (or
    /// without one): placed lower or pooled under `keep_rank`, or in a
    /// `rank_kept` destination.
    pub fn keeps_rank(&self) -> bool {
        match *self {
            PersonOutcome::Placed(Placement { rank_kept, .. })
            | PersonOutcome::Pooled { rank_kept, .. } => rank_kept,
            PersonOutcome::RankKept { .. } => true,
            _ => false,
        }
    }

    /// The rule that decided, for those not placed by a round.
    pub fn reason(&self) -> Option<Reason> {
        let destination = |destination| Reason::Destination { destination };
        match *self {
            PersonOutcome::Placed(_) => None,
            PersonOutcome::Appointed { appointment, .. } => {
                Some(Reason::Appointment { appointment })
            }
            PersonOutcome::Transferred { transfer, .. } => Some(Reason::Transfer { transfer }),
            PersonOutcome::Fallback { cause, .. } => Some(match cause {
                FallbackCause::OverAge { age, limit } => Reason::OverAge { age, limit },
                FallbackCause::Destination { destination: d } => destination(d),
            }),
            PersonOutcome::RankKept { destination: d, .. } => Some(destination(d)),
            PersonOutcome::Pooled { cause, .. } | PersonOutcome::Exited(cause) => {
                Some(match cause {
                    Unplaced::Rest => Reason::NotPlaced,
                    Unplaced::Destination { destination: d } => destination(d),
                })
            }
            PersonOutcome::Retired(Retirement::Age { age, limit }) => {
                Some(Reason::Retirement { age, limit })
            }
            PersonOutcome::Retired(Retirement::Destination { destination: d }) => {
                Some(destination(d))
            }
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
    /// Seats: those the scenario declares, and those created for people
    /// transferred beyond them.
    pub capacity: u32,
    /// Seats created for transferred people beyond the declared ones.
    pub created: u32,
    /// Seats held by transferred people (reserved before the rounds).
    pub transferred: u32,
    /// Seats held concurrently (兼任) by someone who keeps their own post:
    /// filled, but by nobody counted here.
    pub concurrent: u32,
    /// Seats taken: by transfer, appointment, concurrent holder or in a
    /// round (outsiders' included).
    pub filled: u32,
    /// Seats won by outsiders (公开招聘).
    pub outsiders: u32,
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
    /// Outsiders the round admitted (they file in its first pass).
    pub outsiders: usize,
    /// Seats outsiders won in it.
    pub outsiders_placed: usize,
    /// Seats of this round's levels still empty after it.
    pub vacancies: u64,
}

/// The result of one simulation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// The seed it ran with.
    pub seed: u64,
    /// The generator stream (a batch's run index; 0 for `reorg run`).
    pub stream: u64,
    /// One per person, in roster order.
    pub people: Vec<PersonOutcome>,
    /// One per post with seats, by unit then level.
    pub posts: Vec<PostOutcome>,
    /// One per round.
    pub rounds: Vec<RoundOutcome>,
    /// People who competed and ended without a post while a seat they could
    /// have taken (by the policy's level rules and the post's establishment
    /// requirement) stayed empty: a sign that choice lists were too short or
    /// a second pass is missing.
    pub stranded: usize,
    /// The roster's people displaced by outsiders: next in line for a seat
    /// an outsider won (at each post, as many of the insiders it turned
    /// down in that pass as outsiders won seats there, best ranked first),
    /// and ending the run without a post at their own level or above. At
    /// most [the seats outsiders won](PostOutcome::outsiders).
    pub displaced: usize,
}

impl Outcome {
    /// How many people have each status, in [`Status::ALL`] order.
    pub fn status_counts(&self) -> [usize; Status::ALL.len()] {
        let mut counts = [0; Status::ALL.len()];
        for person in &self.people {
            counts[person.status().index()] += 1;
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reports take the first three statuses as the placed ones.
    #[test]
    fn the_placed_statuses_come_first() {
        let placed: Vec<bool> = Status::ALL.iter().map(|s| s.is_placed()).collect();
        assert_eq!(placed.iter().filter(|&&p| p).count(), 3);
        assert!(placed[..3].iter().all(|&p| p));
    }

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
            rank_kept: false,
        });
        assert_eq!(placed.status(), Status::Promoted);
        assert_eq!(placed.position(), Some((1, 2)));
        assert_eq!(placed.reason(), None);
        let moved = PersonOutcome::Fallback {
            unit: 4,
            level: 3,
            cause: FallbackCause::Destination { destination: 1 },
        };
        assert_eq!(moved.status(), Status::Fallback);
        assert!(!moved.status().is_placed());
        assert_eq!(moved.position(), Some((4, 3)));
        assert_eq!(moved.seat(), None);
        assert_eq!(moved.reason(), Some(Reason::Destination { destination: 1 }));
        let transferred = PersonOutcome::Transferred {
            unit: 2,
            level: 3,
            transfer: 0,
        };
        assert_eq!(transferred.seat(), Some((2, 3)));
        assert_eq!(transferred.reason(), Some(Reason::Transfer { transfer: 0 }));
        let reserve = PersonOutcome::RankKept {
            unit: None,
            level: 1,
            destination: 0,
        };
        assert!(reserve.keeps_rank());
        assert_eq!(reserve.position(), None);
        let declined = PersonOutcome::DidNotCompete(OptOut::RosterFlag);
        assert_eq!(declined.position(), None);
        assert_eq!(declined.reason(), Some(Reason::RosterFlag));
    }
}
