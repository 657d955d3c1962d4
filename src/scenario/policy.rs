//! The rules of the re-appointment (`[policy]`) and its rounds (`[[round]]`).
//!
//! docs/model.md explains what each rule does in the simulation;
//! docs/scenario-format.md lists the keys.

use serde::Serialize;

use crate::diagnostic::Span;
use crate::scenario::limits::{MAX_CHOICE_ENTRIES, MAX_CHOICES, MAX_POST_CAPACITY, MAX_WEIGHT};
use crate::scenario::node::{Node, Sink, Sp, TableReader, Value, backticked};

/// The rules of the re-appointment.
#[derive(Debug, Clone, Serialize)]
pub struct Policy {
    /// The date ages are computed at, as written (`2017-12-07`).
    pub reference_date: Option<String>,
    /// Its year: a person's age is this year minus their birth year.
    pub reference_year: Option<i32>,
    /// Ranked choices (志愿) each person files per round.
    pub choices: u32,
    /// How many levels above their current one a person may apply for.
    pub max_climb: u32,
    /// How many levels below their current one a person may apply for (`None`: any).
    pub max_drop: Option<u32>,
    /// Retirement age, for the minimum-service rule.
    pub retirement_age: Option<AgeLimit>,
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
            max_climb: 1,
            max_drop: None,
            retirement_age: None,
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

/// What happens to people still unplaced after the last round (and after the
/// fallback unit, if any, is full).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rest {
    /// They wait for a post (待岗).
    Pool,
    /// They leave the organisation.
    Exit,
}

/// `[policy.fallback]`: a unit that takes the unplaced (best appraisal first)
/// up to a capacity, and what happens to the rest.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Fallback {
    /// The after unit that takes unplaced people, if any.
    pub unit: Option<usize>,
    /// How many it takes.
    pub capacity: u32,
    /// The rest.
    pub rest: Rest,
}

impl Default for Fallback {
    fn default() -> Fallback {
        Fallback {
            unit: None,
            capacity: 0,
            rest: Rest::Pool,
        }
    }
}

/// Which side's optimal stable matching a round picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Optimal {
    /// Best for the applicants (candidate-proposing; strategy-proof for them).
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
}

const POLICY_KEYS: &[&str] = &[
    "reference_date",
    "choices",
    "max_climb",
    "max_drop",
    "retirement_age",
    "min_service_years",
    "age_limit",
    "over_age",
    "opt_out",
    "scoring",
    "preferences",
    "fallback",
];
const OVER_AGE_KEYS: &[&str] = &["unit", "levels"];
const OPT_OUT_KEYS: &[&str] = &["min_age", "probability", "levels"];
const SCORING_KEYS: &[&str] = &[
    "appraisal",
    "exam",
    "interview",
    "exam_sd",
    "interview_sd",
    "home_bonus",
    "climb_penalty",
];
const PREFERENCE_KEYS: &[&str] = &["level", "home", "noise"];
const FALLBACK_KEYS: &[&str] = &["unit", "capacity", "rest"];
const ROUND_KEYS: &[&str] = &["id", "name", "date", "levels", "optimal", "second_pass"];
const AGE_KEYS: &[&str] = &["any", "f", "m"];

/// Resolves level and after-unit ids for the policy decoder.
pub(crate) trait Lookup {
    /// A level index, reporting an unknown id.
    fn level(&self, id: &Sp<String>, sink: &mut Sink<'_>) -> Option<usize>;
    /// An after-unit index, reporting an unknown id.
    fn after_unit(&self, id: &Sp<String>, sink: &mut Sink<'_>) -> Option<usize>;
    /// Level ids in ladder order.
    fn level_ids(&self) -> Vec<String>;
}

/// Decodes `[policy]`, reporting every problem.
pub(crate) fn decode_policy(
    node: Option<&Node>,
    lookup: &dyn Lookup,
    sink: &mut Sink<'_>,
) -> Policy {
    let mut policy = Policy {
        age_limits: vec![None; lookup.level_ids().len()],
        ..Policy::default()
    };
    let Some(node) = node else {
        return policy;
    };
    let Some(t) = TableReader::new(node, "`[policy]`", POLICY_KEYS, sink) else {
        return policy;
    };
    if let Some(date) = t.node("reference_date") {
        match &date.value {
            Value::Datetime(d) if d.date.is_some() => {
                let day = d.date.expect("checked");
                policy.reference_date = Some(day.to_string());
                policy.reference_year = Some(i32::from(day.year));
            }
            other => sink.error(
                date.span,
                format!(
                    "`reference_date` must be a date, found {}",
                    other.type_name()
                ),
                "expected a date",
                Some("write a bare TOML date: `reference_date = 2017-12-07`".into()),
            ),
        }
    }
    if let Some(choices) = count(&t, "choices", 1, MAX_CHOICES, sink) {
        policy.choices = choices;
    }
    if let Some(climb) = count(&t, "max_climb", 0, 64, sink) {
        policy.max_climb = climb;
    }
    policy.max_drop = count(&t, "max_drop", 0, 64, sink);
    if let Some(years) = count(&t, "min_service_years", 0, 100, sink) {
        policy.min_service_years = years;
    }
    if let Some(node) = t.node("retirement_age") {
        policy.retirement_age = age_limit(node, "`retirement_age`", sink);
    }
    if let Some(node) = t.node("age_limit") {
        decode_age_limits(node, lookup, &mut policy.age_limits, sink);
    }
    if let Some(over) = t.opt_table("over_age", "`[policy.over_age]`", OVER_AGE_KEYS, sink) {
        let unit = over
            .req_str("unit", sink)
            .and_then(|u| lookup.after_unit(&u, sink));
        let levels = level_list(&over, lookup, sink);
        over.finish(sink);
        policy.over_age = unit.map(|unit| OverAge { unit, levels });
    }
    if let Some(rule) = t.opt_table("opt_out", "`[policy.opt_out]`", OPT_OUT_KEYS, sink) {
        let min_age = count(&rule, "min_age", 0, 150, sink);
        let probability = rule.req_number("probability", sink).and_then(|p| {
            if (0.0..=1.0).contains(&p.value) {
                Some(p.value)
            } else {
                sink.error(
                    p.span,
                    format!("probability {} is not between 0 and 1", p.value),
                    "out of range",
                    None,
                );
                None
            }
        });
        if rule.node("min_age").is_none() {
            sink.error(
                rule.span(),
                "`[policy.opt_out]` is missing `min_age`",
                "needs `min_age = <integer>`",
                None,
            );
        }
        let levels = level_list(&rule, lookup, sink);
        rule.finish(sink);
        if let (Some(min_age), Some(probability)) = (min_age, probability) {
            policy.opt_out = Some(OptOutRule {
                min_age,
                probability,
                levels,
            });
        }
    }
    if let Some(s) = t.opt_table("scoring", "`[policy.scoring]`", SCORING_KEYS, sink) {
        let d = Scoring::default();
        policy.scoring = Scoring {
            appraisal: non_negative(&s, "appraisal", sink).unwrap_or(d.appraisal),
            exam: non_negative(&s, "exam", sink).unwrap_or(d.exam),
            interview: non_negative(&s, "interview", sink).unwrap_or(d.interview),
            exam_sd: non_negative(&s, "exam_sd", sink).unwrap_or(d.exam_sd),
            interview_sd: non_negative(&s, "interview_sd", sink).unwrap_or(d.interview_sd),
            home_bonus: signed_weight(&s, "home_bonus", sink).unwrap_or(d.home_bonus),
            climb_penalty: non_negative(&s, "climb_penalty", sink).unwrap_or(d.climb_penalty),
        };
        let sc = policy.scoring;
        if sc.appraisal + sc.exam + sc.interview <= 0.0 {
            sink.error(
                s.span(),
                "the scoring weights add up to zero",
                "",
                Some("give `appraisal`, `exam` or `interview` a positive weight".into()),
            );
        }
        s.finish(sink);
    }
    if let Some(p) = t.opt_table(
        "preferences",
        "`[policy.preferences]`",
        PREFERENCE_KEYS,
        sink,
    ) {
        let d = Preferences::default();
        policy.preferences = Preferences {
            level: signed_weight(&p, "level", sink).unwrap_or(d.level),
            home: signed_weight(&p, "home", sink).unwrap_or(d.home),
            noise: non_negative(&p, "noise", sink).unwrap_or(d.noise),
        };
        p.finish(sink);
    }
    if let Some(f) = t.opt_table("fallback", "`[policy.fallback]`", FALLBACK_KEYS, sink) {
        let unit = f
            .opt_str("unit", sink)
            .and_then(|u| lookup.after_unit(&u, sink));
        let capacity = count(&f, "capacity", 0, MAX_POST_CAPACITY, sink);
        if unit.is_some() && capacity.is_none() {
            sink.error(
                f.span(),
                "`[policy.fallback]` names a `unit` but no `capacity`",
                "",
                Some("add `capacity = <how many it takes>`".into()),
            );
        }
        let rest = f
            .opt_str("rest", sink)
            .and_then(|r| match r.value.as_str() {
                "pool" => Some(Rest::Pool),
                "exit" => Some(Rest::Exit),
                _ => {
                    sink.error(
                        r.span,
                        format!("unknown fallback `{}`", r.value),
                        "expected `pool` or `exit`",
                        None,
                    );
                    None
                }
            });
        f.finish(sink);
        policy.fallback = Fallback {
            unit,
            capacity: capacity.unwrap_or(0),
            rest: rest.unwrap_or(Rest::Pool),
        };
    }
    t.finish(sink);
    let uses_age = policy.over_age.is_some()
        || policy.opt_out.is_some()
        || policy.age_limits.iter().any(Option::is_some)
        || policy.min_service_years > 0;
    if uses_age && policy.reference_year.is_none() {
        sink.error(
            node.span,
            "age rules need `reference_date` in `[policy]`",
            "ages are computed at that date",
            Some("add `reference_date = 2017-12-07` (the day of the reform)".into()),
        );
    }
    if policy.min_service_years > 0 && policy.retirement_age.is_none() {
        sink.error(
            node.span,
            "`min_service_years` needs `retirement_age` in `[policy]`",
            "",
            Some("add `retirement_age = 60` or `retirement_age = { f = 55, m = 60 }`".into()),
        );
    }
    policy
}

/// Refuses `choices` × people over [`MAX_CHOICE_ENTRIES`], at the `choices`
/// value. (A `choices` out of its own range is reported by [`decode_policy`].)
/// It needs the roster, which is read after `[policy]` is written and before
/// it is decoded, so it runs on its own.
pub(crate) fn check_choice_entries(policy: Option<&Node>, people: usize, sink: &mut Sink<'_>) {
    let Some(Value::Table(policy)) = policy.map(|p| &p.value) else {
        return;
    };
    let Some(choices) = policy.get("choices") else {
        return;
    };
    let Value::Int(count) = choices.value else {
        return;
    };
    if !(1..=MAX_CHOICES).contains(&count) {
        return;
    }
    let people = people as u64;
    let entries = count as u64 * people;
    if entries > MAX_CHOICE_ENTRIES {
        sink.error(
            choices.span,
            format!(
                "{count} choices for {people} people make {entries} choices per round, over the limit of {MAX_CHOICE_ENTRIES}"
            ),
            "too many choices for this roster",
            Some(format!(
                "lower `choices` to at most {}: people rank a handful of posts, and the limit keeps a round's memory in bounds",
                MAX_CHOICE_ENTRIES / people.max(1)
            )),
        );
    }
}

/// Decodes `[[round]]`s; with none, one round per level, top first.
pub(crate) fn decode_rounds(
    node: Option<&Node>,
    lookup: &dyn Lookup,
    span: Span,
    sink: &mut Sink<'_>,
) -> Vec<Round> {
    let Some(node) = node else {
        return lookup
            .level_ids()
            .into_iter()
            .enumerate()
            .map(|(level, id)| Round {
                name: id.clone(),
                id,
                date: None,
                levels: vec![level],
                optimal: Optimal::Candidate,
                second_pass: false,
            })
            .collect();
    };
    let Value::Array(items) = &node.value else {
        sink.error(
            node.span,
            format!(
                "`round` must be an array of tables, found {}",
                node.value.type_name()
            ),
            "expected `[[round]]` tables",
            None,
        );
        return Vec::new();
    };
    let mut rounds: Vec<Round> = Vec::new();
    let mut seen_levels: Vec<(usize, Span)> = Vec::new();
    for item in items {
        let Some(t) = TableReader::new(item, "`[[round]]`", ROUND_KEYS, sink) else {
            continue;
        };
        let id = t.req_str("id", sink);
        let name = t.opt_str("name", sink);
        let date = t.node("date").and_then(|d| match &d.value {
            Value::Datetime(dt) => Some(dt.to_string()),
            other => {
                sink.error(
                    d.span,
                    format!("`date` must be a date, found {}", other.type_name()),
                    "expected a date like 2017-12-10",
                    None,
                );
                None
            }
        });
        let levels = t.opt_str_list("levels", sink);
        if levels.is_none() && t.node("levels").is_none() {
            sink.error(
                t.span(),
                "`[[round]]` is missing `levels`",
                "needs `levels = [\"...\"]`",
                None,
            );
        }
        let mut level_indices = Vec::new();
        for level in levels.unwrap_or_default() {
            if let Some(index) = lookup.level(&level, sink) {
                if let Some((_, first)) = seen_levels.iter().find(|(l, _)| *l == index) {
                    let line = sink.sources.locate(*first).map_or(0, |l| l.line);
                    sink.error(
                        level.span,
                        format!("level `{}` is filled by two rounds", level.value),
                        &format!("already filled by the round on line {line}"),
                        Some("each level's posts are filled in one round; people left over carry on to later rounds".into()),
                    );
                } else {
                    seen_levels.push((index, level.span));
                    level_indices.push(index);
                }
            }
        }
        let optimal = t
            .opt_str("optimal", sink)
            .and_then(|o| match o.value.as_str() {
                "candidate" => Some(Optimal::Candidate),
                "post" => Some(Optimal::Post),
                _ => {
                    sink.error(
                        o.span,
                        format!("unknown side `{}`", o.value),
                        "expected `candidate` or `post`",
                        None,
                    );
                    None
                }
            });
        let second_pass = t.opt_bool("second_pass", sink).is_some_and(|b| b.value);
        t.finish(sink);
        if let Some(id) = id {
            if rounds.iter().any(|r| r.id == id.value) {
                sink.error(
                    id.span,
                    format!("duplicate round id `{}`", id.value),
                    "",
                    None,
                );
            }
            rounds.push(Round {
                name: name.map_or_else(|| id.value.clone(), |n| n.value),
                id: id.value,
                date,
                levels: level_indices,
                optimal: optimal.unwrap_or(Optimal::Candidate),
                second_pass,
            });
        }
    }
    if rounds.is_empty() && !sink.has_errors() {
        sink.error(span, "`round` lists no rounds", "", None);
    }
    rounds
}

fn count(t: &TableReader<'_>, key: &str, min: i64, max: i64, sink: &mut Sink<'_>) -> Option<u32> {
    let value = t.opt_int(key, sink)?;
    if value.value < min || value.value > max {
        sink.error(
            value.span,
            format!("`{key}` must be from {min} to {max}, found {}", value.value),
            "out of range",
            None,
        );
        return None;
    }
    Some(value.value as u32)
}

/// A weight from 0 to [`MAX_WEIGHT`].
fn non_negative(t: &TableReader<'_>, key: &str, sink: &mut Sink<'_>) -> Option<f64> {
    let value = t.opt_number(key, sink)?;
    if value.value < 0.0 {
        sink.error(
            value.span,
            format!("`{key}` cannot be negative"),
            "negative",
            None,
        );
        return None;
    }
    at_most_max_weight(key, value, sink)
}

/// A weight from −[`MAX_WEIGHT`] to [`MAX_WEIGHT`].
fn signed_weight(t: &TableReader<'_>, key: &str, sink: &mut Sink<'_>) -> Option<f64> {
    let value = t.opt_number(key, sink)?;
    at_most_max_weight(key, value, sink)
}

fn at_most_max_weight(key: &str, value: Sp<f64>, sink: &mut Sink<'_>) -> Option<f64> {
    if value.value.abs() > MAX_WEIGHT {
        sink.error(
            value.span,
            format!("`{key}` is beyond ±1,000,000"),
            "too large",
            Some("weights only matter relative to each other: scale them all down".into()),
        );
        return None;
    }
    Some(value.value)
}

fn level_list(t: &TableReader<'_>, lookup: &dyn Lookup, sink: &mut Sink<'_>) -> Vec<usize> {
    t.opt_str_list("levels", sink)
        .unwrap_or_default()
        .iter()
        .filter_map(|l| lookup.level(l, sink))
        .collect()
}

/// `60` or `{ f = 55, m = 60 }` (or with `any`).
fn age_limit(node: &Node, what: &str, sink: &mut Sink<'_>) -> Option<AgeLimit> {
    let age = |node: &Node, sink: &mut Sink<'_>| -> Option<u32> {
        match node.value {
            Value::Int(a) if (0..=150).contains(&a) => Some(a as u32),
            Value::Int(a) => {
                sink.error(
                    node.span,
                    format!("age {a} is out of range"),
                    "expected 0 to 150",
                    None,
                );
                None
            }
            _ => {
                sink.error(
                    node.span,
                    format!("{what} must be an age, found {}", node.value.type_name()),
                    "expected an integer",
                    None,
                );
                None
            }
        }
    };
    match &node.value {
        Value::Int(_) => Some(AgeLimit {
            any: Some(age(node, sink)?),
            f: None,
            m: None,
        }),
        Value::Table(_) => {
            let t = TableReader::new(node, "an age limit", AGE_KEYS, sink)?;
            let limit = AgeLimit {
                any: t.node("any").and_then(|n| age(n, sink)),
                f: t.node("f").and_then(|n| age(n, sink)),
                m: t.node("m").and_then(|n| age(n, sink)),
            };
            t.finish(sink);
            Some(limit)
        }
        other => {
            sink.error(
                node.span,
                format!(
                    "{what} must be an age or a table by gender, found {}",
                    other.type_name()
                ),
                "expected 60 or { f = 55, m = 60 }",
                None,
            );
            None
        }
    }
}

fn decode_age_limits(
    node: &Node,
    lookup: &dyn Lookup,
    limits: &mut [Option<AgeLimit>],
    sink: &mut Sink<'_>,
) {
    let Value::Table(table) = &node.value else {
        sink.error(
            node.span,
            format!(
                "`age_limit` must be a table of level = age, found {}",
                node.value.type_name()
            ),
            "expected a table",
            Some(format!(
                "e.g. `age_limit = {{ head = 50, deputy = {{ f = 48, m = 52 }} }}`; levels: {}",
                backticked(&lookup.level_ids())
            )),
        );
        return;
    };
    for (key, value) in &table.entries {
        let level = Sp {
            value: key.name.clone(),
            span: key.span,
        };
        if let (Some(index), Some(limit)) = (
            lookup.level(&level, sink),
            age_limit(value, "an age limit", sink),
        ) {
            limits[index] = Some(limit);
        }
    }
}
