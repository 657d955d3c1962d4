//! `[policy.fallback]` read into [`Fallback`]: the single table of earlier
//! versions (`unit`, `capacity`, `rest`) or an ordered list of destinations
//! (`[[policy.fallback]]`), every problem reported at its key.

use crate::scenario::limits::MAX_POST_CAPACITY;
use crate::scenario::node::{Node, Sink, Sp, TableReader, Value};
use crate::scenario::policy::read::{Lookup, count, level_list};
use crate::scenario::policy::rules::{Becomes, Destination, Fallback, Order, Rest};

const TABLE_KEYS: &[&str] = &["unit", "capacity", "rest"];
const DESTINATION_KEYS: &[&str] = &[
    "unit",
    "becomes",
    "levels",
    "functions",
    "tags",
    "min_age",
    "max_age",
    "capacity",
    "order",
];

/// Decodes `fallback` in either form.
pub(crate) fn decode_fallback(node: &Node, lookup: &dyn Lookup, sink: &mut Sink<'_>) -> Fallback {
    match &node.value {
        Value::Array(items) => Fallback {
            destinations: items
                .iter()
                .filter_map(|item| decode_destination(item, lookup, sink))
                .collect(),
            rest: Rest::Pool,
        },
        _ => decode_table(node, lookup, sink),
    }
}

/// The single-table form: one unit taking up to `capacity`, then `rest`.
fn decode_table(node: &Node, lookup: &dyn Lookup, sink: &mut Sink<'_>) -> Fallback {
    let Some(f) = TableReader::new(node, "`[policy.fallback]`", TABLE_KEYS, sink) else {
        return Fallback::default();
    };
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
    let destinations = unit
        .map(|unit| Destination {
            unit: Some(unit),
            becomes: Becomes::Fallback,
            levels: Vec::new(),
            functions: Vec::new(),
            tags: Vec::new(),
            min_age: None,
            max_age: None,
            capacity: Some(capacity.unwrap_or(0)),
            order: Order::Appraisal,
        })
        .into_iter()
        .collect();
    Fallback {
        destinations,
        rest: rest.unwrap_or(Rest::Pool),
    }
}

/// One `[[policy.fallback]]` destination.
fn decode_destination(
    node: &Node,
    lookup: &dyn Lookup,
    sink: &mut Sink<'_>,
) -> Option<Destination> {
    if !matches!(node.value, Value::Table(_)) {
        sink.error(
            node.span,
            format!(
                "a `[[policy.fallback]]` destination must be a table, found {}",
                node.value.type_name()
            ),
            "expected a table",
            Some("write each destination as a `[[policy.fallback]]` table".into()),
        );
        return None;
    }
    let d = TableReader::new(node, "`[[policy.fallback]]`", DESTINATION_KEYS, sink)?;
    let unit_text = d.opt_str("unit", sink);
    let unit = unit_text.as_ref().and_then(|u| lookup.after_unit(u, sink));
    let written = d.opt_str("becomes", sink);
    let becomes = match written.as_ref() {
        Some(text) => Some(parse_becomes(text, sink)?),
        None => None,
    };
    let becomes = match (becomes, &unit_text) {
        (Some(becomes), _) => becomes,
        (None, Some(_)) => Becomes::Fallback,
        (None, None) => {
            sink.error(
                d.span(),
                "a `[[policy.fallback]]` destination names neither a `unit` nor what people `becomes`",
                "needs `unit` or `becomes`",
                Some("write `unit = \"institutions\"`, or `becomes = \"pooled\"` (`rank_kept`, `exited`, `retired`)".into()),
            );
            return None;
        }
    };
    check_unit_fits(becomes, unit_text.as_ref(), d.span(), sink);
    let functions = d
        .opt_str_list("functions", sink)
        .unwrap_or_default()
        .iter()
        .filter_map(|f| lookup.function(f, sink))
        .collect();
    let tags = d
        .opt_str_list("tags", sink)
        .unwrap_or_default()
        .into_iter()
        .map(|t| t.value)
        .collect();
    let destination = Destination {
        unit,
        becomes,
        levels: level_list(&d, lookup, sink),
        functions,
        tags,
        min_age: count(&d, "min_age", 0, 150, sink),
        max_age: count(&d, "max_age", 0, 150, sink),
        capacity: count(&d, "capacity", 0, MAX_POST_CAPACITY, sink),
        order: d
            .opt_str("order", sink)
            .and_then(|o| parse_order(&o, sink))
            .unwrap_or(Order::Appraisal),
    };
    d.finish(sink);
    Some(destination)
}

fn parse_becomes(text: &Sp<String>, sink: &mut Sink<'_>) -> Option<Becomes> {
    let becomes = match text.value.as_str() {
        "fallback" => Becomes::Fallback,
        "rank_kept" => Becomes::RankKept,
        "pooled" => Becomes::Pooled,
        "exited" => Becomes::Exited,
        "retired" => Becomes::Retired,
        other => {
            sink.error(
                text.span,
                format!("unknown destination `{other}`"),
                "expected `fallback`, `rank_kept`, `pooled`, `exited` or `retired`",
                None,
            );
            return None;
        }
    };
    Some(becomes)
}

fn parse_order(text: &Sp<String>, sink: &mut Sink<'_>) -> Option<Order> {
    match text.value.as_str() {
        "appraisal" => Some(Order::Appraisal),
        "age" => Some(Order::Age),
        "roster" => Some(Order::Roster),
        other => {
            sink.error(
                text.span,
                format!("unknown order `{other}`"),
                "expected `appraisal`, `age` or `roster`",
                Some("`appraisal`: best first; `age`: oldest first; `roster`: file order".into()),
            );
            None
        }
    }
}

/// `fallback` needs a unit; `pooled`, `exited` and `retired` have none.
fn check_unit_fits(
    becomes: Becomes,
    unit: Option<&Sp<String>>,
    span: crate::diagnostic::Span,
    sink: &mut Sink<'_>,
) {
    match (becomes, unit) {
        (Becomes::Fallback, None) => sink.error(
            span,
            "a `fallback` destination names no `unit`",
            "needs `unit`",
            Some("name the after unit that takes them: `unit = \"institutions\"`".into()),
        ),
        (Becomes::Pooled | Becomes::Exited | Becomes::Retired, Some(unit)) => sink.error(
            unit.span,
            "people who are pooled, exit or retire go to no unit",
            "not used here",
            Some("remove `unit`, or write `becomes = \"fallback\"` to move them there".into()),
        ),
        _ => {}
    }
}
