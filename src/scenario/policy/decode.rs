//! `[policy]` read from the document tree into [`Policy`], every problem
//! reported at its key, and the check of `choices` against the roster's size.

use crate::scenario::limits::{MAX_CHOICE_ENTRIES, MAX_CHOICES, MAX_WEIGHT};
use crate::scenario::node::{Node, Sink, Sp, TableReader, Value, backticked};
use crate::scenario::policy::fallback::decode_fallback;
use crate::scenario::policy::read::{Lookup, count, level_list};
use crate::scenario::policy::rules::{
    AgeLimit, ChoiceLists, OptOutRule, OverAge, Policy, Preferences, Scoring,
};

const POLICY_KEYS: &[&str] = &[
    "reference_date",
    "choices",
    "lists",
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
    "retire",
    "keep_rank",
    "min_age",
    "min_years",
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
const AGE_KEYS: &[&str] = &["any", "f", "m"];

/// Decodes `[policy]`, reporting every problem.
pub(crate) fn decode_policy(
    node: Option<&Node>,
    lookup: &dyn Lookup,
    sink: &mut Sink<'_>,
) -> Policy {
    let mut policy = Policy {
        age_limits: vec![None; lookup.level_ids().len()],
        min_age: vec![None; lookup.level_ids().len()],
        min_years: vec![None; lookup.level_ids().len()],
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
    if let Some(lists) = t.opt_str("lists", sink) {
        match ChoiceLists::ALL
            .into_iter()
            .find(|l| l.as_str() == lists.value)
        {
            Some(found) => policy.lists = found,
            None => sink.error(
                lists.span,
                format!("unknown way of building lists `{}`", lists.value),
                "expected `top` or `top_plus_safe`",
                Some("`top_plus_safe` keeps the applicant's own level in their home unit's successor on every list".into()),
            ),
        }
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
    if let Some(node) = t.node("fallback") {
        policy.fallback = decode_fallback(node, lookup, sink);
    }
    if let Some(retire) = t.opt_bool("retire", sink) {
        policy.retire = retire.value;
    }
    if let Some(node) = t.node("keep_rank") {
        policy.keep_rank = decode_keep_rank(node, lookup, sink);
    }
    if let Some(node) = t.node("min_age") {
        decode_level_numbers(
            node,
            "min_age",
            "min_age = { head = 35 }",
            lookup,
            &mut policy.min_age,
            sink,
        );
    }
    if let Some(node) = t.node("min_years") {
        decode_level_numbers(
            node,
            "min_years",
            "min_years = { head = 2, deputy = 2 }",
            lookup,
            &mut policy.min_years,
            sink,
        );
    }
    t.finish(sink);
    let uses_age = policy.over_age.is_some()
        || policy.opt_out.is_some()
        || policy.age_limits.iter().any(Option::is_some)
        || policy.min_service_years > 0
        || (policy.retire && policy.retirement_age.is_some())
        || policy.min_age.iter().any(Option::is_some)
        || policy.min_years.iter().any(Option::is_some)
        || policy
            .fallback
            .destinations
            .iter()
            .any(|d| d.min_age.is_some() || d.max_age.is_some());
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

/// `keep_rank = true` (every leadership level) or a list of level ids.
fn decode_keep_rank(node: &Node, lookup: &dyn Lookup, sink: &mut Sink<'_>) -> Vec<usize> {
    match &node.value {
        Value::Bool(true) => lookup.leadership_levels(),
        Value::Bool(false) => Vec::new(),
        Value::Array(items) => items
            .iter()
            .filter_map(|item| match &item.value {
                Value::Str(id) => lookup.level(
                    &Sp {
                        value: id.clone(),
                        span: item.span,
                    },
                    sink,
                ),
                other => {
                    sink.error(
                        item.span,
                        format!(
                            "`keep_rank` must list level ids, found {}",
                            other.type_name()
                        ),
                        "expected a string",
                        None,
                    );
                    None
                }
            })
            .collect(),
        other => {
            sink.error(
                node.span,
                format!(
                    "`keep_rank` must be `true` or a list of level ids, found {}",
                    other.type_name()
                ),
                "expected a boolean or a list",
                Some("write `keep_rank = true` (every leadership level) or `keep_rank = [\"head\", \"deputy\"]`".into()),
            );
            Vec::new()
        }
    }
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

/// `key = { level = whole number, ... }`: a number per level (0 to 100).
fn decode_level_numbers(
    node: &Node,
    key: &str,
    example: &str,
    lookup: &dyn Lookup,
    values: &mut [Option<u32>],
    sink: &mut Sink<'_>,
) {
    let Value::Table(table) = &node.value else {
        sink.error(
            node.span,
            format!(
                "`{key}` must be a table of level = number, found {}",
                node.value.type_name()
            ),
            "expected a table",
            Some(format!(
                "e.g. `{example}`; levels: {}",
                backticked(&lookup.level_ids())
            )),
        );
        return;
    };
    for (name, value) in &table.entries {
        let level = Sp {
            value: name.name.clone(),
            span: name.span,
        };
        let Some(index) = lookup.level(&level, sink) else {
            continue;
        };
        match value.value {
            Value::Int(n) if (0..=100).contains(&n) => values[index] = Some(n as u32),
            _ => sink.error(
                value.span,
                format!(
                    "`{key}` of `{}` must be a whole number from 0 to 100",
                    name.name
                ),
                "out of range or not a whole number",
                None,
            ),
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
