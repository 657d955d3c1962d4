//! The validated rules of the re-appointment and its rounds, as plain data
//! with defaults: what the simulator reads.

use serde::Serialize;

/// The rules of the re-appointment.
#[derive(Debug, Clone, Serialize)]
pub struct Policy {
    /// The date ages are computed at, as written (`2017-12-07`).
    pub reference_date: Option<String>,
    /// Its year: a person's age is this year minus their birth year.
    pub reference_year: Option<i32>,
    /// Ranked choices (志愿) each person files per round.
    pub choices: u32,
    /// How each person builds their list of `choices` (`lists`).
    pub lists: ChoiceLists,
    /// How many levels above their current one a person may apply for.
    pub max_climb: u32,
    /// How many levels below their current one a person may apply for (`None`: any).
    pub max_drop: Option<u32>,
    /// Retirement age: people at or over it on the reference date retire
    /// (with `retire`), and it bounds the minimum-service rule.
    pub retirement_age: Option<AgeLimit>,
    /// Whether people at or over `retirement_age` retire instead of competing.
    pub retire: bool,
    /// The youngest age at which a person may be promoted to each level
    /// (indexed like levels).
    pub min_age: Vec<Option<u32>>,
    /// Years a person must have held their own level before promotion to
    /// each level (任职年限; indexed like levels; needs the roster's `level_since`).
    pub min_years: Vec<Option<u32>>,
    /// Levels whose holders keep their rank and its pay when they lose their
    /// post (职务与职级并行: 保留原职级待遇): placed lower, pooled, or in a
    /// `rank_kept` destination.
    pub keep_rank: Vec<usize>,
    /// Years a person must have left before retirement to apply above their level.
    pub min_service_years: u32,
    /// Oldest age at which a person may take a post at each level (indexed like levels).
    pub age_limits: Vec<Option<AgeLimit>>,
    /// Where people over the age limit of their own level go.
    pub over_age: Option<OverAge>,
    /// A rule taking some people out of the competition.
    pub opt_out: Option<OptOutRule>,
    /// How units score applicants.
    pub scoring: Scoring,
    /// How people rank posts.
    pub preferences: Preferences,
    /// Where the people still unplaced after the last round go.
    pub fallback: Fallback,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            reference_date: None,
            reference_year: None,
            choices: 3,
            lists: ChoiceLists::Top,
            max_climb: 1,
            max_drop: None,
            retirement_age: None,
            retire: true,
            keep_rank: Vec::new(),
            min_age: Vec::new(),
            min_years: Vec::new(),
            min_service_years: 0,
            age_limits: Vec::new(),
            over_age: None,
            opt_out: None,
            scoring: Scoring::default(),
            preferences: Preferences::default(),
            fallback: Fallback::default(),
        }
    }
}

/// How an applicant fills the `choices` slots of their form (志愿表).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChoiceLists {
    /// `"top"`: the `choices` posts they like best, whatever their chances.
    Top,
    /// `"top_plus_safe"`: as `top`, except that when the safe option (their
    /// own level in their home unit's successor, when it has seats in the
    /// pass) is not among them, it takes the last slot: the prudent
    /// applicant's 保底志愿.
    TopPlusSafe,
}

impl ChoiceLists {
    /// Every way, in the order the docs list them.
    pub const ALL: [ChoiceLists; 2] = [ChoiceLists::Top, ChoiceLists::TopPlusSafe];

    /// The name used in files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            ChoiceLists::Top => "top",
            ChoiceLists::TopPlusSafe => "top_plus_safe",
        }
    }
}

/// Gender, where age limits differ by it. It is defined here, with the
/// rules that read it, so that the model of a person can import the policy
/// without the policy importing the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    /// Female.
    F,
    /// Male.
    M,
}

/// An age limit, optionally different by gender.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AgeLimit {
    /// For everyone without a gender-specific limit.
    pub any: Option<u32>,
    /// For women.
    pub f: Option<u32>,
    /// For men.
    pub m: Option<u32>,
}

impl AgeLimit {
    /// The limit that applies to a person of this gender, if any.
    pub fn for_gender(&self, gender: Option<Gender>) -> Option<u32> {
        let specific = match gender {
            Some(Gender::F) => self.f,
            Some(Gender::M) => self.m,
            None => None,
        };
        specific.or(self.any)
    }
}

/// `[policy.over_age]`: people older than the age limit of their current
/// level leave the competition for a fallback unit (Binhai sent district
/// leaders aged 52+ to state-owned enterprises).
#[derive(Debug, Clone, Serialize)]
pub struct OverAge {
    /// The after unit that takes them (index into after units).
    pub unit: usize,
    /// The current levels the rule applies to (indices); all levels when the file lists none.
    pub levels: Vec<usize>,
}

/// `[policy.opt_out]`: people at or above an age do not compete, each with a probability.
#[derive(Debug, Clone, Serialize)]
pub struct OptOutRule {
    /// Age from which the rule applies.
    pub min_age: u32,
    /// Chance that a person the rule applies to does not compete.
    pub probability: f64,
    /// Current levels it applies to (indices); all levels when empty.
    pub levels: Vec<usize>,
}

/// `[policy.scoring]`: how units score applicants. The score is the weighted
/// mean of the appraisal, a written exam and an interview (each 0–100; exam
/// and interview are the appraisal plus seeded noise), plus a bonus when the
/// applicant comes from a predecessor unit.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Scoring {
    /// Weight of the appraisal score.
    pub appraisal: f64,
    /// Weight of the written exam.
    pub exam: f64,
    /// Weight of the interview.
    pub interview: f64,
    /// Standard deviation of the exam around the appraisal score.
    pub exam_sd: f64,
    /// Standard deviation of each interview around the appraisal score.
    pub interview_sd: f64,
    /// Points added when the post's unit is the applicant's home unit.
    pub home_bonus: f64,
    /// Points taken off per level an applicant climbs above their own
    /// (panels trust experience at a level over promise).
    pub climb_penalty: f64,
}

impl Default for Scoring {
    fn default() -> Scoring {
        Scoring {
            appraisal: 4.0,
            exam: 2.0,
            interview: 4.0,
            exam_sd: 10.0,
            interview_sd: 10.0,
            home_bonus: 5.0,
            climb_penalty: 0.0,
        }
    }
}

/// `[policy.preferences]`: how a person ranks the posts open to them. The
/// utility of a post is `level × levels gained + home × [post in home unit] +
/// noise × a standard normal draw`; they file their best `choices`.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Preferences {
    /// Utility per level gained (negative when the post is below their level).
    pub level: f64,
    /// Utility of staying with their home unit.
    pub home: f64,
    /// Standard deviation of personal taste.
    pub noise: f64,
}

impl Default for Preferences {
    fn default() -> Preferences {
        Preferences {
            level: 10.0,
            home: 5.0,
            noise: 3.0,
        }
    }
}

/// What happens to people still unplaced after the last round and every
/// destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rest {
    /// They wait for a post (待岗).
    Pool,
    /// They leave the organisation.
    Exit,
}

/// `[policy.fallback]`: where the people still unplaced after the last
/// round go, destination by destination in order, then the rest.
#[derive(Debug, Clone, Serialize)]
pub struct Fallback {
    /// The destinations, tried in order.
    pub destinations: Vec<Destination>,
    /// What becomes of whoever no destination takes.
    pub rest: Rest,
}

impl Default for Fallback {
    fn default() -> Fallback {
        Fallback {
            destinations: Vec::new(),
            rest: Rest::Pool,
        }
    }
}

/// One destination for the unplaced: who it takes (filters), how many, in
/// what order, and what they become there.
#[derive(Debug, Clone, Serialize)]
pub struct Destination {
    /// The after unit they move to (required for `fallback`, optional for
    /// `rank_kept`, e.g. a cadre reserve; none for the others).
    pub unit: Option<usize>,
    /// What they become.
    pub becomes: Becomes,
    /// Only people at these levels (empty: any).
    pub levels: Vec<usize>,
    /// Only people doing these functions (empty: any).
    pub functions: Vec<usize>,
    /// Only people with at least one of these tags (empty: any).
    pub tags: Vec<String>,
    /// Only people at least this old on the reference date.
    pub min_age: Option<u32>,
    /// Only people at most this old on the reference date.
    pub max_age: Option<u32>,
    /// How many it takes (`None`: everyone who qualifies).
    pub capacity: Option<u32>,
    /// Who goes first when there are more than it takes.
    pub order: Order,
}

/// What a person becomes in a [`Destination`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Becomes {
    /// Moved to the destination's unit at their own level (分流安置).
    Fallback,
    /// Keeps their rank and its pay without a post (保留原职级待遇), in the
    /// destination's unit when it names one.
    RankKept,
    /// Waits for a post (待岗).
    Pooled,
    /// Leaves the organisation.
    Exited,
    /// Retires early (提前退休).
    Retired,
}

/// Who a [`Destination`] takes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    /// Best appraisal first.
    Appraisal,
    /// Oldest first (closest to retirement).
    Age,
    /// Roster order.
    Roster,
}

/// Which side's optimal stable matching a round picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Optimal {
    /// Best for the applicants (candidate-proposing; strategy-proof for them
    /// only when they may list every acceptable post, see docs/model.md).
    Candidate,
    /// Best for the units (post-proposing).
    Post,
}

/// One appointment round.
#[derive(Debug, Clone, Serialize)]
pub struct Round {
    /// Identifier used in the file.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Date, as written.
    pub date: Option<String>,
    /// Levels whose posts this round fills (indices).
    pub levels: Vec<usize>,
    /// Which side the matching favours.
    pub optimal: Optimal,
    /// Whether posts left empty are re-offered to the unplaced (二次竞聘).
    pub second_pass: bool,
    /// Who may apply in this round (everyone still unplaced when empty).
    pub applicants: Group,
    /// This round's `max_climb`, when it differs from the policy's.
    pub max_climb: Option<u32>,
    /// This round's `max_drop`, when it differs from the policy's.
    pub max_drop: Option<u32>,
    /// Applicants scored ahead in this round (先安置后竞聘), if any.
    pub priority: Option<Priority>,
    /// External applicants this round admits (公开招聘), if any.
    pub outsiders: Option<Outsiders>,
}

/// `outsiders` of a `[[round]]`: people from outside the roster who
/// compete in the round's first pass for named posts (公开招聘, 面向全国选聘),
/// under the same scoring as the roster's people.
#[derive(Debug, Clone, Serialize)]
pub struct Outsiders {
    /// How many apply.
    pub count: u32,
    /// Mean of their score (the appraisal's counterpart, 0–100).
    pub mean: f64,
    /// Standard deviation of their score.
    pub sd: f64,
    /// The after units whose posts they may take (indices; empty: every unit).
    pub units: Vec<usize>,
    /// The levels they may take, among the round's (indices; empty: all of the round's).
    pub levels: Vec<usize>,
}

impl Outsiders {
    /// Whether outsiders may take the post of `unit` at `level` (a level
    /// the round fills).
    pub fn may_take(&self, unit: usize, level: usize) -> bool {
        (self.units.is_empty() || self.units.contains(&unit))
            && (self.levels.is_empty() || self.levels.contains(&level))
    }
}

/// A group of people by their level, tags and age; an empty filter takes
/// everyone.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Group {
    /// Only people at these levels today (empty: any).
    pub levels: Vec<usize>,
    /// Only people with one of these tags (empty: any).
    pub tags: Vec<String>,
    /// Only people at least this old on the reference date.
    pub min_age: Option<u32>,
    /// Only people at most this old on the reference date.
    pub max_age: Option<u32>,
}

impl Group {
    /// True when the group takes everyone.
    pub fn is_everyone(&self) -> bool {
        self.levels.is_empty()
            && self.tags.is_empty()
            && self.min_age.is_none()
            && self.max_age.is_none()
    }

    /// Whether a person at `level`, with `tags` and `age`, is in the group.
    pub fn contains(&self, level: usize, tags: &[String], age: Option<i32>) -> bool {
        let age_ok = |bound: Option<u32>, fits: fn(i32, i32) -> bool| {
            bound.is_none_or(|b| age.is_some_and(|a| fits(a, b as i32)))
        };
        (self.levels.is_empty() || self.levels.contains(&level))
            && (self.tags.is_empty() || tags.iter().any(|t| self.tags.contains(t)))
            && age_ok(self.min_age, |a, b| a >= b)
            && age_ok(self.max_age, |a, b| a <= b)
    }
}

/// A round's priority: a group whose applicants get points added to their
/// score at every post of the round, so that units take them first (e.g.
/// cadres whose posts were abolished, settled before the open competition).
#[derive(Debug, Clone, Serialize)]
pub struct Priority {
    /// Who gets it.
    pub group: Group,
    /// Points added (0 to 1,000,000; enough points put the whole group ahead).
    pub bonus: f64,
}
