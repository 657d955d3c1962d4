//! `[timeline]`: the years after the reform day, read into [`Timeline`].
//!
//! docs/model.md ("The years after the reform") explains what each key does
//! in the yearly loop; docs/scenario-format.md lists them.

use serde::Serialize;

use crate::scenario::node::{Node, Sink, Sp, TableReader, Value, backticked, number};
use crate::scenario::policy::read::{Lookup, count};

const TIMELINE_KEYS: &[&str] = &[
    "years",
    "term",
    "attrition",
    "hiring",
    "hire_age",
    "pool_first",
    "appraisal",
    "performance_share",
    "bottom",
];
const BOTTOM_KEYS: &[&str] = &["share", "floor", "action"];
const HIRING_KEYS: &[&str] = &["per_year"];
const APPRAISAL_KEYS: &[&str] = &["persistence", "noise", "unit_sd"];

/// The most years a timeline may run: a horizon, not a career.
pub const MAX_YEARS: i64 = 50;

/// The years after the reform day, and the rules that act in each.
#[derive(Debug, Clone, Serialize)]
pub struct Timeline {
    /// How many years follow the reform day (1–50).
    pub years: u32,
    /// Years of a term of appointment: at the end of each (every `term`
    /// years), a full re-appointment replaces that year's promotion rounds.
    /// `None`: no re-appointment.
    pub term: Option<u32>,
    /// Per level (indexed like levels): the share of its people who leave
    /// in a year for reasons other than retirement (quits, transfers out,
    /// deaths). 0 where the file gives none.
    pub attrition: Vec<f64>,
    /// How vacancies at the entry level are filled from outside.
    pub hiring: Hiring,
    /// Age of a new hire.
    pub hire_age: u32,
    /// True: the pooled (待岗) are placed into vacancies at their level before
    /// anyone is promoted into them; false: only into what promotions leave.
    pub pool_first: bool,
    /// How the annual appraisal is drawn.
    pub appraisal: Appraisal,
    /// The bottom-performer rule (末位淘汰), when the file has one.
    pub bottom: Option<Bottom>,
    /// The performance share of pay, year by year (the last value holds for
    /// the years after it); empty: each level's `pay` as written.
    pub performance_share: Vec<f64>,
}

/// Hiring from outside (招录), into the vacancies of the entry level (the
/// lowest level of the ladder).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "rule", content = "per_year", rename_all = "snake_case")]
pub enum Hiring {
    /// Nobody is hired (a hiring freeze, 冻结编制).
    Freeze,
    /// At most this many hires a year.
    PerYear(u32),
    /// Every entry-level vacancy is filled.
    Replace,
}

/// The bottom-performer rule (末位淘汰): in each unit, the people in post
/// with the lowest appraisals of the year, up to a share, and only those
/// under a floor, are demoted or leave.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Bottom {
    /// The largest share of a unit's people in post acted on (rounded down).
    pub share: f64,
    /// Only appraisals under this are acted on: a good unit's last is not
    /// punished for being last.
    pub floor: f64,
    /// What happens to them.
    pub action: BottomAction,
}

/// What the bottom-performer rule does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BottomAction {
    /// One level down: a vacant seat below in their unit, or the pool at
    /// the level below (the entry level: the pool at it).
    Demote,
    /// They leave the organisation.
    Leave,
}

/// The annual appraisal: a person's score in a year is their roster
/// appraisal plus a persistent personal deviation, times their unit's score
/// of the year.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Appraisal {
    /// How much of last year's personal deviation carries over (0–1): good
    /// people tend to stay good.
    pub persistence: f64,
    /// Spread of the new part of the deviation each year, in points.
    pub noise: f64,
    /// Spread of the unit's yearly factor around 1 (0.05: ±5%).
    pub unit_sd: f64,
}

impl Default for Appraisal {
    fn default() -> Appraisal {
        Appraisal {
            persistence: 0.7,
            noise: 5.0,
            unit_sd: 0.05,
        }
    }
}

/// Decodes `[timeline]`, reporting every problem at its key. `None` when the
/// file has none (or it is unusable); then the run ends on the reform day.
pub(crate) fn decode_timeline(
    node: Option<&Node>,
    lookup: &dyn Lookup,
    has_reference_date: bool,
    sink: &mut Sink<'_>,
) -> Option<Timeline> {
    let node = node?;
    let t = TableReader::new(node, "`[timeline]`", TIMELINE_KEYS, sink)?;
    if !has_reference_date {
        // Ages, retirements and seniority all count from that date.
        sink.error(
            t.span(),
            "`[timeline]` needs `[policy] reference_date`",
            "no date to count the years from",
            Some("add `reference_date = 2017-12-07` (the reform day) to `[policy]`".into()),
        );
    }
    let levels = lookup.level_ids().len();
    let years = match count(&t, "years", 1, MAX_YEARS, sink) {
        Some(years) => Some(years),
        None if t.node("years").is_none() => {
            sink.error(
                t.span(),
                "`[timeline]` is missing `years`",
                "needs `years = <integer>`",
                Some("the number of years after the reform day, e.g. `years = 3`".into()),
            );
            None
        }
        None => None,
    };
    let term = count(&t, "term", 1, MAX_YEARS, sink);
    let mut attrition = vec![0.0; levels];
    if let Some(node) = t.node("attrition") {
        decode_attrition(node, lookup, &mut attrition, sink);
    }
    let hiring = t
        .node("hiring")
        .map_or(Some(Hiring::Freeze), |node| decode_hiring(node, sink));
    let hire_age = count(&t, "hire_age", 16, 80, sink).unwrap_or(25);
    let pool_first = t.opt_bool("pool_first", sink).is_none_or(|b| b.value);
    let mut appraisal = Appraisal::default();
    if let Some(a) = t.opt_table("appraisal", "`[timeline.appraisal]`", APPRAISAL_KEYS, sink) {
        if let Some(p) = share(&a, "persistence", sink) {
            appraisal.persistence = p;
        }
        if let Some(n) = spread(&a, "noise", 100.0, sink) {
            appraisal.noise = n;
        }
        if let Some(u) = spread(&a, "unit_sd", 1.0, sink) {
            appraisal.unit_sd = u;
        }
        a.finish(sink);
    }
    let performance_share = decode_shares(&t, sink);
    let bottom = t
        .opt_table("bottom", "`[timeline.bottom]`", BOTTOM_KEYS, sink)
        .and_then(|b| {
            let share = share(&b, "share", sink);
            let floor = spread(&b, "floor", 100.0, sink);
            let action = match b.opt_str("action", sink) {
                None => Some(BottomAction::Demote),
                Some(a) if a.value == "demote" => Some(BottomAction::Demote),
                Some(a) if a.value == "leave" => Some(BottomAction::Leave),
                Some(a) => {
                    sink.error(
                        a.span,
                        format!("unknown bottom-performer action `{}`", a.value),
                        "expected `demote` or `leave`",
                        None,
                    );
                    None
                }
            };
            if b.node("share").is_none() {
                sink.error(
                    b.span(),
                    "`[timeline.bottom]` is missing `share`",
                    "needs `share = <0–1>`",
                    Some(
                        "the largest share of a unit acted on each year, e.g. `share = 0.05`"
                            .into(),
                    ),
                );
            }
            b.finish(sink);
            Some(Bottom {
                share: share?,
                floor: floor.unwrap_or(100.0),
                action: action?,
            })
        });
    t.finish(sink);
    Some(Timeline {
        years: years?,
        term,
        attrition,
        hiring: hiring?,
        hire_age,
        pool_first,
        appraisal,
        bottom,
        performance_share,
    })
}

/// A number from 0 to 1 under `key`, or a located error.
fn share(t: &TableReader<'_>, key: &str, sink: &mut Sink<'_>) -> Option<f64> {
    let value = t.opt_number(key, sink)?;
    if !(0.0..=1.0).contains(&value.value) {
        sink.error(
            value.span,
            format!("`{key}` must be from 0 to 1, found {}", value.value),
            "out of range",
            None,
        );
        return None;
    }
    Some(value.value)
}

/// A spread from 0 to `max` under `key`, or a located error.
fn spread(t: &TableReader<'_>, key: &str, max: f64, sink: &mut Sink<'_>) -> Option<f64> {
    let value = t.opt_number(key, sink)?;
    if !(0.0..=max).contains(&value.value) {
        sink.error(
            value.span,
            format!("`{key}` must be from 0 to {max}, found {}", value.value),
            "out of range",
            None,
        );
        return None;
    }
    Some(value.value)
}

/// `attrition = { staff = 0.03, deputy = 0.01 }`: a yearly rate per level.
fn decode_attrition(node: &Node, lookup: &dyn Lookup, rates: &mut [f64], sink: &mut Sink<'_>) {
    let Value::Table(table) = &node.value else {
        sink.error(
            node.span,
            format!(
                "`attrition` must be a table of level = yearly rate, found {}",
                node.value.type_name()
            ),
            "expected a table",
            Some(format!(
                "e.g. `attrition = {{ staff = 0.03 }}`; levels: {}",
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
        let index = lookup.level(&level, sink);
        let rate = number(value, sink);
        match (index, rate) {
            (Some(index), Some(rate)) if (0.0..=1.0).contains(&rate.value) => {
                rates[index] = rate.value;
            }
            (_, Some(rate)) if !(0.0..=1.0).contains(&rate.value) => sink.error(
                rate.span,
                format!(
                    "an attrition rate must be from 0 to 1, found {}",
                    rate.value
                ),
                "out of range",
                Some("a share of the level's people per year: 0.03 is 3%".into()),
            ),
            (_, None) if !matches!(value.value, Value::Int(_) | Value::Float(_)) => sink.error(
                value.span,
                format!(
                    "an attrition rate must be a number, found {}",
                    value.value.type_name()
                ),
                "expected a number",
                None,
            ),
            _ => {}
        }
    }
}

/// `hiring = "freeze" | "replace" | { per_year = K }`.
fn decode_hiring(node: &Node, sink: &mut Sink<'_>) -> Option<Hiring> {
    let hint = Some("write `hiring = \"freeze\"`, `\"replace\"` or `{ per_year = 10 }`".into());
    match &node.value {
        Value::Str(s) if s == "freeze" => Some(Hiring::Freeze),
        Value::Str(s) if s == "replace" => Some(Hiring::Replace),
        Value::Str(s) => {
            sink.error(
                node.span,
                format!("unknown hiring rule `{s}`"),
                "expected `freeze` or `replace`",
                hint,
            );
            None
        }
        Value::Table(_) => {
            let t = TableReader::new(node, "`hiring`", HIRING_KEYS, sink)?;
            let per_year = count(&t, "per_year", 0, 1_000_000, sink);
            if t.node("per_year").is_none() {
                sink.error(
                    t.span(),
                    "`hiring` is missing `per_year`",
                    "needs `per_year = <integer>`",
                    hint,
                );
            }
            t.finish(sink);
            per_year.map(Hiring::PerYear)
        }
        other => {
            sink.error(
                node.span,
                format!(
                    "`hiring` must be a string or a table, found {}",
                    other.type_name()
                ),
                "expected a hiring rule",
                hint,
            );
            None
        }
    }
}

/// `performance_share = [0.2, 0.3, 0.4]`: each a number from 0 to 1.
fn decode_shares(t: &TableReader<'_>, sink: &mut Sink<'_>) -> Vec<f64> {
    let Some(node) = t.node("performance_share") else {
        return Vec::new();
    };
    let Value::Array(items) = &node.value else {
        sink.error(
            node.span,
            format!(
                "`performance_share` must be an array of shares, found {}",
                node.value.type_name()
            ),
            "expected an array",
            Some("e.g. `performance_share = [0.2, 0.3, 0.4]`: one share per year".into()),
        );
        return Vec::new();
    };
    let mut shares = Vec::with_capacity(items.len());
    for item in items {
        match number(item, sink) {
            Some(s) if (0.0..=1.0).contains(&s.value) => shares.push(s.value),
            Some(s) => sink.error(
                s.span,
                format!("a performance share must be from 0 to 1, found {}", s.value),
                "out of range",
                None,
            ),
            None => sink.error(
                item.span,
                format!(
                    "a performance share must be a number, found {}",
                    item.value.type_name()
                ),
                "expected a number",
                None,
            ),
        }
    }
    shares
}
