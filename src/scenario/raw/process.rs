//! `[[process]]` and its `[[process.step]]`s as written: strings and numbers
//! with their spans. Types and unknown keys are reported here; ids, owners,
//! ranges and cycles are checked when the scenario is resolved.

use crate::diagnostic::Span;
use crate::scenario::node::{Node, Sink, Sp, TableReader, Value, number};

/// The keys of a `[[process]]` table.
pub const PROCESS_KEYS: &[&str] = &["id", "name", "handoff_days", "one_form", "parallel", "step"];
/// The keys of a `[[process.step]]` table.
pub const STEP_KEYS: &[&str] = &[
    "id",
    "name",
    "owner",
    "days",
    "materials",
    "after",
    "requires",
];
/// The keys of a three-point duration.
const DURATION_KEYS: &[&str] = &["min", "likely", "max"];

/// A duration as written: `days = 5` or `days = { min = 3, likely = 5, max = 12 }`.
#[derive(Debug)]
pub enum RawDuration {
    /// A number of working days.
    Fixed(Sp<f64>),
    /// A three-point estimate.
    Triangular {
        /// `min`.
        min: Sp<f64>,
        /// `likely`.
        likely: Sp<f64>,
        /// `max`.
        max: Sp<f64>,
        /// The whole table.
        span: Span,
    },
}

/// A `[[process.step]]`.
#[derive(Debug)]
pub struct RawStep {
    pub id: Sp<String>,
    pub name: Option<Sp<String>>,
    /// `None` when missing or mistyped (already reported).
    pub owner: Option<Sp<String>>,
    /// `None` when missing or malformed (already reported).
    pub days: Option<RawDuration>,
    pub materials: Vec<Sp<String>>,
    pub after: Vec<Sp<String>>,
    pub requires: Vec<Sp<String>>,
}

/// A `[[process]]`.
#[derive(Debug)]
pub struct RawProcess {
    pub id: Sp<String>,
    pub name: Option<Sp<String>>,
    pub handoff: Option<RawDuration>,
    pub one_form: Option<Sp<bool>>,
    pub parallel: Option<Sp<String>>,
    /// The steps whose `id` could be read.
    pub steps: Vec<RawStep>,
    /// True when `step` is written, even if no step could be read (so a
    /// process with a broken step is not also reported as having none).
    pub steps_written: bool,
    /// The table's header.
    pub span: Span,
}

/// Decodes every `[[process]]` of the file.
pub fn decode_processes(top: &TableReader<'_>, sink: &mut Sink<'_>) -> Vec<RawProcess> {
    tables(
        top,
        "process",
        "`[[process]]`",
        PROCESS_KEYS,
        sink,
        decode_process,
    )
}

/// Each table of the array of tables `key`, decoded with `decode_one`, its
/// unknown keys reported.
fn tables<T>(
    parent: &TableReader<'_>,
    key: &str,
    what: &'static str,
    known: &'static [&'static str],
    sink: &mut Sink<'_>,
    decode_one: impl Fn(&TableReader<'_>, &mut Sink<'_>) -> Option<T>,
) -> Vec<T> {
    let mut out = Vec::new();
    for node in parent.opt_tables(key, what, sink) {
        let Some(reader) = TableReader::new(node, what, known, sink) else {
            continue;
        };
        if let Some(item) = decode_one(&reader, sink) {
            out.push(item);
        }
        reader.finish(sink);
    }
    out
}

fn decode_process(t: &TableReader<'_>, sink: &mut Sink<'_>) -> Option<RawProcess> {
    let id = t.req_str("id", sink);
    let name = t.opt_str("name", sink);
    let handoff = t
        .node("handoff_days")
        .and_then(|node| decode_duration(node, "handoff_days", sink));
    let one_form = t.opt_bool("one_form", sink);
    let parallel = t.opt_str("parallel", sink);
    let steps = tables(
        t,
        "step",
        "`[[process.step]]`",
        STEP_KEYS,
        sink,
        decode_step,
    );
    Some(RawProcess {
        id: id?,
        name,
        handoff,
        one_form,
        parallel,
        steps,
        steps_written: t.node("step").is_some(),
        span: t.span(),
    })
}

fn decode_step(t: &TableReader<'_>, sink: &mut Sink<'_>) -> Option<RawStep> {
    let id = t.req_str("id", sink);
    let name = t.opt_str("name", sink);
    let owner = t.req_str("owner", sink);
    let days = match t.node("days") {
        Some(node) => decode_duration(node, "days", sink),
        None => {
            sink.error(
                t.span(),
                "`[[process.step]]` is missing `days`",
                "needs `days = <working days>`",
                Some("write `days = 5`, or `days = { min = 3, likely = 5, max = 12 }`".into()),
            );
            None
        }
    };
    let materials = t.opt_str_list("materials", sink).unwrap_or_default();
    let after = t.opt_str_list("after", sink).unwrap_or_default();
    let requires = t.opt_str_list("requires", sink).unwrap_or_default();
    Some(RawStep {
        id: id?,
        name,
        owner,
        days,
        materials,
        after,
        requires,
    })
}

/// `key = 5` or `key = { min = 3, likely = 5, max = 12 }`.
fn decode_duration(node: &Node, key: &str, sink: &mut Sink<'_>) -> Option<RawDuration> {
    match &node.value {
        Value::Int(_) | Value::Float(_) => number(node, sink).map(RawDuration::Fixed),
        Value::Table(table) => {
            let t =
                TableReader::from_table(table, node.span, "a three-point duration", DURATION_KEYS);
            let min = t.req_number("min", sink);
            let likely = t.req_number("likely", sink);
            let max = t.req_number("max", sink);
            t.finish(sink);
            Some(RawDuration::Triangular {
                min: min?,
                likely: likely?,
                max: max?,
                span: node.span,
            })
        }
        other => {
            sink.error(
                node.span,
                format!(
                    "`{key}` must be a number of working days or a table, found {}",
                    other.type_name()
                ),
                "expected a number",
                Some(format!(
                    "write `{key} = 5`, or `{key} = {{ min = 3, likely = 5, max = 12 }}` for Monte Carlo runs"
                )),
            );
            None
        }
    }
}
