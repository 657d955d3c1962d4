//! `[[figure]]` as written: ids and numbers with their spans. Unknown keys
//! and types are reported here; ids are resolved with the scenario.

use crate::scenario::node::{Node, Sink, Sp, TableReader, Value};

/// The keys of a `[[figure]]` table.
pub const FIGURE_KEYS: &[&str] = &["id", "name", "count", "share", "mean"];
/// The keys of a filter (`count = { ... }`).
pub const FILTER_KEYS: &[&str] = &[
    "before_unit",
    "after_unit",
    "after_kind",
    "level_before",
    "level_after",
    "function",
    "status",
    "tag",
    "min_age",
    "max_age",
];
/// A filter's keys plus `among` (for `share`) and `field` (for `mean`).
const SHARE_KEYS: &[&str] = &[
    "before_unit",
    "after_unit",
    "after_kind",
    "level_before",
    "level_after",
    "function",
    "status",
    "tag",
    "min_age",
    "max_age",
    "among",
];
const MEAN_KEYS: &[&str] = &[
    "before_unit",
    "after_unit",
    "after_kind",
    "level_before",
    "level_after",
    "function",
    "status",
    "tag",
    "min_age",
    "max_age",
    "field",
];

/// A filter as written.
#[derive(Debug, Default)]
pub struct RawFilter {
    pub before_unit: Option<Sp<String>>,
    pub after_unit: Option<Sp<String>>,
    pub after_kind: Option<Sp<String>>,
    pub level_before: Option<Sp<String>>,
    pub level_after: Option<Sp<String>>,
    pub function: Option<Sp<String>>,
    pub status: Vec<Sp<String>>,
    pub tag: Option<Sp<String>>,
    pub min_age: Option<Sp<i64>>,
    pub max_age: Option<Sp<i64>>,
}

/// What a figure measures, as written.
#[derive(Debug)]
pub enum RawMeasure {
    /// `count = { ... }`.
    Count,
    /// `share = { ..., among = { ... } }`.
    Share(Box<RawFilter>),
    /// `mean = { field = "age", ... }`.
    Mean(Sp<String>),
}

/// A `[[figure]]`.
#[derive(Debug)]
pub struct RawFigure {
    pub id: Sp<String>,
    pub name: Option<Sp<String>>,
    pub measure: RawMeasure,
    pub filter: RawFilter,
}

/// Decodes every `[[figure]]` of the file.
pub fn decode_figures(top: &TableReader<'_>, sink: &mut Sink<'_>) -> Vec<RawFigure> {
    let mut out = Vec::new();
    for node in top.opt_tables("figure", "`[[figure]]`", sink) {
        let Some(t) = TableReader::new(node, "`[[figure]]`", FIGURE_KEYS, sink) else {
            continue;
        };
        if let Some(figure) = decode_figure(&t, sink) {
            out.push(figure);
        }
        t.finish(sink);
    }
    out
}

fn decode_figure(t: &TableReader<'_>, sink: &mut Sink<'_>) -> Option<RawFigure> {
    let id = t.req_str("id", sink);
    let name = t.opt_str("name", sink);
    let written: Vec<&str> = ["count", "share", "mean"]
        .into_iter()
        .filter(|key| t.node(key).is_some())
        .collect();
    if written.len() != 1 {
        sink.error(
            t.span(),
            if written.is_empty() {
                "`[[figure]]` says neither `count`, `share` nor `mean`".to_string()
            } else {
                format!("`[[figure]]` writes {} at once", written.join(" and "))
            },
            "needs exactly one of `count`, `share`, `mean`",
            Some(
                "write `count = { function = \"f\", after_unit = \"u\" }`, `share = { ... }` or `mean = { field = \"age\", ... }`"
                    .into(),
            ),
        );
        return None;
    }
    let key = written[0];
    let node = t.node(key)?;
    let (what, known): (&'static str, &'static [&'static str]) = match key {
        "count" => ("`count`", FILTER_KEYS),
        "share" => ("`share`", SHARE_KEYS),
        _ => ("`mean`", MEAN_KEYS),
    };
    let reader = TableReader::new(node, what, known, sink)?;
    let filter = decode_filter(&reader, sink);
    let measure = match key {
        "count" => Some(RawMeasure::Count),
        "share" => {
            let among = reader
                .opt_table("among", "`among`", FILTER_KEYS, sink)
                .map(|among| {
                    let filter = decode_filter(&among, sink);
                    among.finish(sink);
                    filter
                })
                .unwrap_or_default();
            Some(RawMeasure::Share(Box::new(among)))
        }
        _ => reader.req_str("field", sink).map(RawMeasure::Mean),
    };
    reader.finish(sink);
    Some(RawFigure {
        id: id?,
        name,
        measure: measure?,
        filter,
    })
}

fn decode_filter(t: &TableReader<'_>, sink: &mut Sink<'_>) -> RawFilter {
    RawFilter {
        before_unit: t.opt_str("before_unit", sink),
        after_unit: t.opt_str("after_unit", sink),
        after_kind: t.opt_str("after_kind", sink),
        level_before: t.opt_str("level_before", sink),
        level_after: t.opt_str("level_after", sink),
        function: t.opt_str("function", sink),
        status: status_list(t, sink),
        tag: t.opt_str("tag", sink),
        min_age: t.opt_int("min_age", sink),
        max_age: t.opt_int("max_age", sink),
    }
}

/// `status = "pooled"` or `status = ["pooled", "exited"]`.
fn status_list(t: &TableReader<'_>, sink: &mut Sink<'_>) -> Vec<Sp<String>> {
    match t.node("status") {
        Some(Node {
            value: Value::Str(_),
            ..
        }) => t.opt_str("status", sink).into_iter().collect(),
        Some(_) => t.opt_str_list("status", sink).unwrap_or_default(),
        None => Vec::new(),
    }
}
