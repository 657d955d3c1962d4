//! `[[round]]` read from the document tree: which levels each round fills,
//! in order, with one round per level when the file writes none.

use crate::diagnostic::Span;
use crate::scenario::limits::{MAX_CHOICE_ENTRIES, MAX_OUTSIDERS, MAX_PRIORITY_BONUS};
use crate::scenario::node::{Node, Sink, TableReader, Value};
use crate::scenario::policy::read::{Lookup, count, level_list};
use crate::scenario::policy::rules::{Group, Optimal, Outsiders, Priority, Round};

const ROUND_KEYS: &[&str] = &[
    "id",
    "name",
    "date",
    "levels",
    "optimal",
    "second_pass",
    "applicants",
    "max_climb",
    "max_drop",
    "priority",
    "outsiders",
];
const OUTSIDER_KEYS: &[&str] = &["count", "score", "units", "levels"];
const SCORE_KEYS: &[&str] = &["mean", "sd"];
const GROUP_KEYS: &[&str] = &["levels", "tags", "min_age", "max_age"];
const PRIORITY_KEYS: &[&str] = &["levels", "tags", "min_age", "max_age", "bonus"];

/// Decodes `[[round]]`s; with none, one round per level, top first.
/// `entries` is (`choices`, the choice entries per round the roster leaves
/// under [`MAX_CHOICE_ENTRIES`]): a round's outsiders must fit in them.
pub(crate) fn decode_rounds(
    node: Option<&Node>,
    lookup: &dyn Lookup,
    dated: bool,
    entries: (u32, u64),
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
                applicants: Group::default(),
                max_climb: None,
                max_drop: None,
                priority: None,
                outsiders: None,
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
    // Levels filled by a round open to everyone still unplaced: a second
    // such round for a level would find nobody new.
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
        let applicants = t
            .opt_table(
                "applicants",
                "`applicants` of a `[[round]]`",
                GROUP_KEYS,
                sink,
            )
            .map(|g| {
                let group = decode_group(&g, lookup, dated, sink);
                g.finish(sink);
                group
            })
            .unwrap_or_default();
        let restricted = !applicants.is_everyone();
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
                if restricted {
                    level_indices.push(index);
                } else if let Some((_, first)) = seen_levels.iter().find(|(l, _)| *l == index) {
                    let line = sink.sources.locate(*first).map_or(0, |l| l.line);
                    sink.error(
                        level.span,
                        format!("level `{}` is filled by two rounds", level.value),
                        &format!("already filled by the round on line {line}"),
                        Some("each level's posts are filled in one open round; people left over carry on to later rounds (a round restricted with `applicants` may come before it)".into()),
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
        let max_climb = count(&t, "max_climb", 0, 64, sink);
        let max_drop = count(&t, "max_drop", 0, 64, sink);
        let priority = t
            .opt_table(
                "priority",
                "`priority` of a `[[round]]`",
                PRIORITY_KEYS,
                sink,
            )
            .and_then(|p| {
                let group = decode_group(&p, lookup, dated, sink);
                let bonus = p.req_number("bonus", sink).and_then(|b| {
                    if (0.0..=MAX_PRIORITY_BONUS).contains(&b.value) {
                        Some(b.value)
                    } else {
                        sink.error(
                            b.span,
                            format!("`bonus` must be from 0 to 100,000, found {}", b.value),
                            "out of range",
                            Some("scores run from 0 to 100, so 1,000 points already put the whole group first".into()),
                        );
                        None
                    }
                });
                p.finish(sink);
                Some(Priority {
                    group,
                    bonus: bonus?,
                })
            });
        let outsiders = t
            .opt_table(
                "outsiders",
                "`outsiders` of a `[[round]]`",
                OUTSIDER_KEYS,
                sink,
            )
            .and_then(|o| {
                let outsiders = decode_outsiders(&o, lookup, &level_indices, entries, sink);
                o.finish(sink);
                outsiders
            });
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
                applicants,
                max_climb,
                max_drop,
                priority,
                outsiders,
            });
        }
    }
    if rounds.is_empty() && !sink.has_errors() {
        sink.error(span, "`round` lists no rounds", "", None);
    }
    rounds
}

/// A round's `outsiders`: `count`, `score = { mean, sd }`, and the posts
/// they may take (`units`, `levels`, which must be among the round's).
fn decode_outsiders(
    o: &TableReader<'_>,
    lookup: &dyn Lookup,
    round_levels: &[usize],
    (choices, entries_left): (u32, u64),
    sink: &mut Sink<'_>,
) -> Option<Outsiders> {
    let count = count(o, "count", 1, MAX_OUTSIDERS, sink).filter(|&count| {
        let entries = u64::from(count) * u64::from(choices);
        let fits = entries <= entries_left;
        if !fits && let Some(node) = o.node("count") {
            sink.error(
                node.span,
                format!("{count} outsiders filing {choices} choices each make {entries} choices, more than the {entries_left} the roster leaves of a round's {MAX_CHOICE_ENTRIES}"),
                "too many outsiders",
                Some(format!("lower `count` to at most {}", entries_left / u64::from(choices.max(1)))),
            );
        }
        fits
    });
    if o.node("count").is_none() {
        sink.error(
            o.span(),
            "`outsiders` is missing `count`",
            "needs `count = <integer>`",
            None,
        );
    }
    let mut score = None;
    match o.opt_table("score", "`score` of `outsiders`", SCORE_KEYS, sink) {
        Some(s) => {
            let mean = s.req_number("mean", sink).and_then(|m| {
                in_range(m.value, 0.0, 100.0, m.span, "`mean`", sink).then_some(m.value)
            });
            let sd = s.req_number("sd", sink).and_then(|d| {
                in_range(d.value, 0.0, 100.0, d.span, "`sd`", sink).then_some(d.value)
            });
            s.finish(sink);
            score = mean.zip(sd);
        }
        None => sink.error(
            o.span(),
            "`outsiders` is missing `score`",
            "needs `score = { mean = 75, sd = 8 }`",
            Some("the distribution of the outsiders' scores, on the roster's 0–100 scale".into()),
        ),
    }
    let units = o
        .opt_str_list("units", sink)
        .unwrap_or_default()
        .iter()
        .filter_map(|u| lookup.after_unit(u, sink))
        .collect();
    let mut levels = Vec::new();
    for level in o.opt_str_list("levels", sink).unwrap_or_default() {
        if let Some(index) = lookup.level(&level, sink) {
            if round_levels.contains(&index) {
                levels.push(index);
            } else {
                sink.error(
                    level.span,
                    format!("level `{}` is not filled by this round", level.value),
                    "outsiders compete for the round's posts",
                    Some("list it in the round's `levels`, or admit the outsiders in the round that fills it".into()),
                );
            }
        }
    }
    let (count, (mean, sd)) = count.zip(score)?;
    Some(Outsiders {
        count,
        mean,
        sd,
        units,
        levels,
    })
}

/// True when `value` is within `[low, high]`; else reports it at `span`.
fn in_range(value: f64, low: f64, high: f64, span: Span, what: &str, sink: &mut Sink<'_>) -> bool {
    let ok = (low..=high).contains(&value);
    if !ok {
        sink.error(
            span,
            format!("{what} must be from {low} to {high}, found {value}"),
            "out of range",
            None,
        );
    }
    ok
}

/// A group's filters: `levels`, `tags`, `min_age`, `max_age`; ages need the
/// policy's `reference_date` (`dated`).
fn decode_group(
    t: &TableReader<'_>,
    lookup: &dyn Lookup,
    dated: bool,
    sink: &mut Sink<'_>,
) -> Group {
    for key in ["min_age", "max_age"] {
        if let Some(node) = t.node(key).filter(|_| !dated) {
            sink.error(
                node.span,
                "age rules need `reference_date` in `[policy]`",
                "ages are computed at that date",
                Some("add `reference_date = 2017-12-07` (the day of the reform)".into()),
            );
        }
    }
    Group {
        levels: level_list(t, lookup, sink),
        tags: t
            .opt_str_list("tags", sink)
            .unwrap_or_default()
            .into_iter()
            .map(|tag| tag.value)
            .collect(),
        min_age: count(t, "min_age", 0, 150, sink),
        max_age: count(t, "max_age", 0, 150, sink),
    }
}
