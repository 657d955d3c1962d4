//! The scenario as written: strings and numbers with their spans, before any
//! reference is resolved. [`decode`] reads it from the TOML tree, reporting
//! unknown keys and wrong types; `resolve` then checks references.

use crate::diagnostic::Span;
use crate::scenario::node::{Node, Sink, Sp, Table, TableReader, Value};
mod figure;
mod keys;
mod process;
mod roster;

pub use figure::{RawFigure, RawFilter, RawMeasure};
pub use keys::PERSON_KEYS;
pub use process::{RawDuration, RawProcess, RawStep};
pub use roster::RawRoster;
use roster::decode_roster_options;

/// A `[[level]]`.
#[derive(Debug)]
pub struct RawLevel {
    pub id: Sp<String>,
    pub name: Option<Sp<String>>,
    pub pay: Option<(Sp<f64>, Sp<f64>)>,
    pub leadership: Option<bool>,
}

/// A `[[function]]`.
#[derive(Debug)]
pub struct RawFunction {
    pub id: Sp<String>,
    pub name: Option<Sp<String>>,
}

/// A `[[before]]` unit.
#[derive(Debug)]
pub struct RawBefore {
    pub id: Sp<String>,
    pub name: Option<Sp<String>>,
    pub kind: Option<Sp<String>>,
    pub functions: Vec<Sp<String>>,
    /// `posts` as written, when given (posts today, 职数).
    pub posts: Option<Vec<(Sp<String>, Sp<i64>)>>,
    pub establishment: Option<RawEstablishment>,
    /// `parent`: the body this internal unit (内设机构) belongs to.
    pub parent: Option<Sp<String>>,
}

/// An `[[after]]` unit.
#[derive(Debug)]
pub struct RawAfter {
    pub id: Sp<String>,
    pub name: Option<Sp<String>>,
    pub kind: Option<Sp<String>>,
    pub from: Vec<Sp<String>>,
    pub from_span: Option<Span>,
    pub posts: Vec<(Sp<String>, Sp<i64>)>,
    pub external: bool,
    pub establishment: Option<RawEstablishment>,
    pub establishment_required: Vec<Sp<String>>,
    /// `parent`: the body this internal unit (内设机构) belongs to.
    pub parent: Option<Sp<String>>,
    /// `concurrent = { post level = holder level }`: one seat of the post
    /// held concurrently (兼任) by a person of the holder level.
    pub concurrent: Vec<(Sp<String>, Sp<String>)>,
    /// `market`: the district or region whose people compete for its posts.
    pub market: Option<Sp<String>>,
}

/// An `establishment` as written: a total, or a table of type = cap.
#[derive(Debug)]
pub enum RawEstablishment {
    /// `establishment = 290`.
    Total(Sp<i64>),
    /// `establishment = { administrative = 200, institution = 90 }`.
    ByType(Vec<(Sp<String>, Sp<i64>)>),
}

/// An `[[appoint]]` entry.
#[derive(Debug)]
pub struct RawAppoint {
    pub person: Option<Sp<String>>,
    pub unit: Option<Sp<String>>,
    pub level: Option<Sp<String>>,
    pub reason: Option<Sp<String>>,
    /// `concurrent = true`: the person holds the post on top of their own (兼任).
    pub concurrent: bool,
    pub span: Span,
}

/// A `[[transfer]]` entry.
#[derive(Debug)]
pub struct RawTransfer {
    pub from: Vec<Sp<String>>,
    pub to: Option<Sp<String>>,
    pub levels: Vec<Sp<String>>,
    pub reason: Option<Sp<String>>,
    pub span: Span,
}

/// A `[[dissolve]]` entry.
#[derive(Debug)]
pub struct RawDissolve {
    pub from: Vec<Sp<String>>,
    pub reason: Option<Sp<String>>,
    pub span: Span,
}

/// A person, from `[[person]]` or a roster row.
#[derive(Debug)]
pub struct RawPerson {
    pub id: Sp<String>,
    pub name: Option<Sp<String>>,
    pub unit: Sp<String>,
    pub level: Sp<String>,
    pub born: Sp<i64>,
    pub score: Sp<f64>,
    pub gender: Option<Sp<String>>,
    pub function: Option<Sp<String>>,
    pub establishment: Option<Sp<String>>,
    pub tags: Vec<String>,
    pub opt_out: bool,
    /// The year they reached their current level, when given.
    pub level_since: Option<Sp<i64>>,
}

/// The whole file as written.
#[derive(Debug, Default)]
pub struct RawScenario {
    pub name: Option<Sp<String>>,
    pub description: Option<Sp<String>>,
    pub seed: Option<Sp<i64>>,
    pub levels: Vec<RawLevel>,
    pub functions: Vec<RawFunction>,
    pub before: Vec<RawBefore>,
    pub after: Vec<RawAfter>,
    pub dissolve: Vec<RawDissolve>,
    pub transfer: Vec<RawTransfer>,
    pub appoint: Vec<RawAppoint>,
    /// True when a `[roster]` names a file (read separately, see `roster`).
    pub has_roster: bool,
    /// True when `[roster]` names a file (which then wins over `generate`).
    pub roster_file: bool,
    /// `[roster.generate]`, used when no file is named (and by `reorg generate`).
    pub roster_generate: Option<Node>,
    /// How the roster file is read: `encoding`, `sheet`, `columns`, `values`.
    pub roster: RawRoster,
    pub people: Vec<RawPerson>,
    /// The `[policy]` table and `[[round]]` tables, decoded by the policy module.
    pub policy: Option<Node>,
    pub rounds: Option<Node>,
    /// The `[timeline]` table, decoded by the policy module.
    pub timeline: Option<Node>,
    /// The `[[process]]` tables.
    pub processes: Vec<RawProcess>,
    /// The `[[figure]]` tables.
    pub figures: Vec<RawFigure>,
    /// Where the document is, for problems with the file as a whole.
    pub span: Span,
    /// The top-level keys the file writes, even where their content had errors
    /// (so a bad `[[person]]` is not also reported as "no people").
    pub written: Vec<&'static str>,
}

/// The top-level keys of a scenario file.
pub const TOP_KEYS: &[&str] = &[
    "scenario", "level", "function", "before", "after", "dissolve", "transfer", "appoint",
    "roster", "person", "policy", "round", "process", "timeline", "figure",
];
const SCENARIO_KEYS: &[&str] = &["name", "description", "seed"];
const LEVEL_KEYS: &[&str] = &["id", "name", "pay", "leadership"];
const PAY_KEYS: &[&str] = &["base", "performance"];
const FUNCTION_KEYS: &[&str] = &["id", "name"];
const BEFORE_KEYS: &[&str] = &[
    "id",
    "name",
    "kind",
    "functions",
    "posts",
    "establishment",
    "parent",
];
const AFTER_KEYS: &[&str] = &[
    "id",
    "name",
    "kind",
    "from",
    "posts",
    "external",
    "establishment",
    "establishment_required",
    "parent",
    "concurrent",
    "market",
];
const DISSOLVE_KEYS: &[&str] = &["from", "reason"];
const TRANSFER_KEYS: &[&str] = &["from", "to", "levels", "reason"];
const APPOINT_KEYS: &[&str] = &["person", "unit", "level", "reason", "concurrent"];
const ROSTER_KEYS: &[&str] = &[
    "file",
    "generate",
    "encoding",
    "sheet",
    "columns",
    "values",
    "ignore",
    "header_row",
    "delimiter",
];
/// Reads the document tree into a [`RawScenario`], reporting every unknown
/// key, wrong type and missing key on the way.
pub fn decode(doc: &Table, span: Span, sink: &mut Sink<'_>) -> RawScenario {
    let top = TableReader::from_table(doc, span, "the scenario file", TOP_KEYS);
    let mut raw = RawScenario {
        span,
        ..RawScenario::default()
    };
    if let Some(meta) = top.opt_table("scenario", "`[scenario]`", SCENARIO_KEYS, sink) {
        raw.name = meta.req_str("name", sink);
        raw.description = meta.opt_str("description", sink);
        raw.seed = meta.opt_int("seed", sink);
        meta.finish(sink);
    }
    raw.levels = each(&top, "level", "`[[level]]`", LEVEL_KEYS, sink, decode_level);
    refuse_empty_levels(&top, sink);
    raw.functions = each(
        &top,
        "function",
        "`[[function]]`",
        FUNCTION_KEYS,
        sink,
        |t, s| {
            Some(RawFunction {
                id: t.req_str("id", s)?,
                name: t.opt_str("name", s),
            })
        },
    );
    raw.before = each(&top, "before", "`[[before]]`", BEFORE_KEYS, sink, |t, s| {
        Some(RawBefore {
            id: t.req_str("id", s)?,
            name: t.opt_str("name", s),
            kind: t.opt_str("kind", s),
            functions: t.opt_str_list("functions", s).unwrap_or_default(),
            posts: t.node("posts").map(|node| decode_posts(node, s)),
            establishment: decode_establishment(t, s),
            parent: t.opt_str("parent", s),
        })
    });
    raw.after = each(&top, "after", "`[[after]]`", AFTER_KEYS, sink, decode_after);
    raw.dissolve = each(
        &top,
        "dissolve",
        "`[[dissolve]]`",
        DISSOLVE_KEYS,
        sink,
        |t, s| {
            Some(RawDissolve {
                from: t.opt_str_list("from", s).unwrap_or_default(),
                reason: t.opt_str("reason", s),
                span: t.span(),
            })
        },
    );
    raw.transfer = each(
        &top,
        "transfer",
        "`[[transfer]]`",
        TRANSFER_KEYS,
        sink,
        |t, s| {
            let to = t.req_str("to", s);
            Some(RawTransfer {
                from: t.opt_str_list("from", s).unwrap_or_default(),
                to,
                levels: t.opt_str_list("levels", s).unwrap_or_default(),
                reason: t.opt_str("reason", s),
                span: t.span(),
            })
        },
    );
    raw.appoint = each(
        &top,
        "appoint",
        "`[[appoint]]`",
        APPOINT_KEYS,
        sink,
        |t, s| {
            Some(RawAppoint {
                person: t.req_str("person", s),
                unit: t.req_str("unit", s),
                level: t.opt_str("level", s),
                reason: t.opt_str("reason", s),
                concurrent: t.opt_bool("concurrent", s).is_some_and(|b| b.value),
                span: t.span(),
            })
        },
    );
    if let Some(roster) = top.opt_table("roster", "`[roster]`", ROSTER_KEYS, sink) {
        let file = roster.opt_str("file", sink);
        raw.roster_generate = roster.node("generate").cloned();
        if file.is_none() && raw.roster_generate.is_none() && roster.node("file").is_none() {
            sink.error(
                roster.span(),
                "`[roster]` names no `file` and has no `generate`",
                "needs `file = \"roster.csv\"`",
                Some(
                    "name a CSV file, or describe a synthetic roster in `[roster.generate]`".into(),
                ),
            );
        }
        raw.has_roster = file.is_some() || raw.roster_generate.is_some();
        raw.roster_file = file.is_some();
        raw.roster = decode_roster_options(&roster, file.as_ref(), sink);
        roster.finish(sink);
    }
    raw.people = each(
        &top,
        "person",
        "`[[person]]`",
        PERSON_KEYS,
        sink,
        decode_person,
    );
    raw.processes = process::decode_processes(&top, sink);
    raw.figures = figure::decode_figures(&top, sink);
    raw.written = TOP_KEYS
        .iter()
        .copied()
        .filter(|key| top.node(key).is_some())
        .collect();
    raw.policy = top.node("policy").cloned();
    raw.rounds = top.node("round").cloned();
    raw.timeline = top.node("timeline").cloned();
    top.finish(sink);
    raw
}

/// Reports `level = []`: valid TOML that writes the key, so it is not "no
/// `[[level]]`", yet it leaves a ladder with no rung, which no post, person
/// or round can refer to and which the simulation cannot run.
fn refuse_empty_levels(top: &TableReader<'_>, sink: &mut Sink<'_>) {
    let Some(Value::Array(items)) = top.node("level").map(|n| &n.value) else {
        return;
    };
    if items.is_empty() {
        let span = top.key_span("level").unwrap_or(top.span());
        sink.error(
            span,
            "`level` lists no levels",
            "needs at least one `[[level]]`",
            Some(
                "add a `[[level]]` table with an `id` for each rung of the post ladder, top first"
                    .into(),
            ),
        );
    }
}

/// Decodes every table of an array of tables with `decode_one`, then reports
/// its unknown keys.
fn each<T>(
    top: &TableReader<'_>,
    key: &str,
    what: &'static str,
    known: &'static [&'static str],
    sink: &mut Sink<'_>,
    mut decode_one: impl FnMut(&TableReader<'_>, &mut Sink<'_>) -> Option<T>,
) -> Vec<T> {
    let nodes = top.opt_tables(key, what, sink);
    let mut out = Vec::with_capacity(nodes.len());
    for node in nodes {
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

fn decode_level(t: &TableReader<'_>, sink: &mut Sink<'_>) -> Option<RawLevel> {
    let id = t.req_str("id", sink);
    let name = t.opt_str("name", sink);
    let pay = t
        .opt_table("pay", "`pay` of a `[[level]]`", PAY_KEYS, sink)
        .and_then(|pay| {
            let base = pay.req_number("base", sink);
            let performance = pay.opt_number("performance", sink);
            pay.finish(sink);
            let base = base?;
            let performance = performance.unwrap_or(Sp {
                value: 0.0,
                span: base.span,
            });
            for part in [&base, &performance] {
                if part.value < 0.0 {
                    sink.error(part.span, "pay cannot be negative", "negative", None);
                }
            }
            Some((base, performance))
        });
    let leadership = t.opt_bool("leadership", sink).map(|b| b.value);
    Some(RawLevel {
        id: id?,
        name,
        pay,
        leadership,
    })
}

fn decode_after(t: &TableReader<'_>, sink: &mut Sink<'_>) -> Option<RawAfter> {
    let id = t.req_str("id", sink);
    let name = t.opt_str("name", sink);
    let kind = t.opt_str("kind", sink);
    let from = t.opt_str_list("from", sink).unwrap_or_default();
    let from_span = t.node("from").map(|n| n.span);
    let posts = t
        .node("posts")
        .map(|node| decode_posts(node, sink))
        .unwrap_or_default();
    let external = t.opt_bool("external", sink).is_some_and(|b| b.value);
    let establishment = decode_establishment(t, sink);
    let establishment_required = t
        .opt_str_list("establishment_required", sink)
        .unwrap_or_default();
    let parent = t.opt_str("parent", sink);
    let concurrent = t
        .node("concurrent")
        .map(|node| decode_concurrent(node, sink))
        .unwrap_or_default();
    let market = t.opt_str("market", sink);
    Some(RawAfter {
        id: id?,
        name,
        kind,
        from,
        from_span,
        posts,
        external,
        establishment,
        establishment_required,
        parent,
        concurrent,
        market,
    })
}

/// `concurrent = { post level = holder level, ... }`, each value a level id.
fn decode_concurrent(node: &Node, sink: &mut Sink<'_>) -> Vec<(Sp<String>, Sp<String>)> {
    let Value::Table(table) = &node.value else {
        sink.error(
            node.span,
            format!(
                "`concurrent` must be a table of post level = holder level, found {}",
                node.value.type_name()
            ),
            "expected a table",
            Some("write `concurrent = { head = \"district_leader\" }`".into()),
        );
        return Vec::new();
    };
    let mut entries = Vec::new();
    for (key, value) in &table.entries {
        match &value.value {
            Value::Str(holder) => entries.push((
                Sp {
                    value: key.name.clone(),
                    span: key.span,
                },
                Sp {
                    value: holder.clone(),
                    span: value.span,
                },
            )),
            other => sink.error(
                value.span,
                format!(
                    "the holder of the concurrent `{}` post must be a level id, found {}",
                    key.name,
                    other.type_name()
                ),
                "expected a level id",
                Some("write `concurrent = { head = \"district_leader\" }`".into()),
            ),
        }
    }
    entries
}

/// `posts = { level = capacity, ... }`, each capacity a whole number.
fn decode_posts(node: &Node, sink: &mut Sink<'_>) -> Vec<(Sp<String>, Sp<i64>)> {
    match &node.value {
        Value::Table(table) => {
            whole_number_entries(table, "whole number of posts", sink, |name, found| {
                format!("the capacity of `{name}` posts must be an integer, found {found}")
            })
        }
        other => {
            sink.error(
                node.span,
                format!(
                    "`posts` must be a table of level = capacity, found {}",
                    other.type_name()
                ),
                "expected a table",
                Some("write `posts = { head = 1, staff = 12 }`".to_string()),
            );
            Vec::new()
        }
    }
}

/// `establishment = 290` or `establishment = { type = cap, ... }`.
fn decode_establishment(t: &TableReader<'_>, sink: &mut Sink<'_>) -> Option<RawEstablishment> {
    let node = t.node("establishment")?;
    match &node.value {
        Value::Int(n) => Some(RawEstablishment::Total(Sp {
            value: *n,
            span: node.span,
        })),
        Value::Table(table) => Some(RawEstablishment::ByType(whole_number_entries(
            table,
            "whole number of people",
            sink,
            |name, found| {
                format!("the establishment of type `{name}` must be a whole number, found {found}")
            },
        ))),
        other => {
            sink.error(
                node.span,
                format!(
                    "`establishment` must be a whole number or a table of type = cap, found {}",
                    other.type_name()
                ),
                "expected a number or a table",
                Some(
                    "write `establishment = 290` or `establishment = { administrative = 200, institution = 90 }`"
                        .into(),
                ),
            );
            None
        }
    }
}

/// The `name = whole number` entries of a table, with their positions; a
/// value of another type is reported with `message(name, type found)`.
fn whole_number_entries(
    table: &Table,
    expected: &str,
    sink: &mut Sink<'_>,
    message: impl Fn(&str, &str) -> String,
) -> Vec<(Sp<String>, Sp<i64>)> {
    let mut entries = Vec::new();
    for (key, value) in &table.entries {
        match value.value {
            Value::Int(n) => entries.push((
                Sp {
                    value: key.name.clone(),
                    span: key.span,
                },
                Sp {
                    value: n,
                    span: value.span,
                },
            )),
            _ => sink.error(
                value.span,
                message(&key.name, value.value.type_name()),
                &format!("expected a {expected}"),
                None,
            ),
        }
    }
    entries
}

fn decode_person(t: &TableReader<'_>, sink: &mut Sink<'_>) -> Option<RawPerson> {
    let id = t.req_str("id", sink);
    let name = t.opt_str("name", sink);
    let unit = t.req_str("unit", sink);
    let level = t.req_str("level", sink);
    let born = t.req_int("born", sink);
    let score = t.req_number("score", sink);
    let gender = t.opt_str("gender", sink);
    let function = t.opt_str("function", sink);
    let establishment = t.opt_str("establishment", sink);
    let tags = t
        .opt_str_list("tags", sink)
        .unwrap_or_default()
        .into_iter()
        .map(|tag| tag.value)
        .collect();
    let opt_out = t.opt_bool("opt_out", sink).is_some_and(|b| b.value);
    let level_since = t.opt_int("level_since", sink);
    Some(RawPerson {
        id: id?,
        name,
        unit: unit?,
        level: level?,
        born: born?,
        score: score?,
        gender,
        function,
        establishment,
        tags,
        opt_out,
        level_since,
    })
}
