//! The scenario as written: strings and numbers with their spans, before any
//! reference is resolved. [`decode`] reads it from the TOML tree, reporting
//! unknown keys and wrong types; `resolve` then checks references.

use crate::diagnostic::Span;
use crate::scenario::encoding::Encoding;
use crate::scenario::node::{Node, Sink, Sp, Table, TableReader, Value, backticked};
use crate::scenario::suggest;

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
}

/// An `establishment` as written: a total, or a table of type = cap.
#[derive(Debug)]
pub enum RawEstablishment {
    /// `establishment = 290`.
    Total(Sp<i64>),
    /// `establishment = { administrative = 200, institution = 90 }`.
    ByType(Vec<(Sp<String>, Sp<i64>)>),
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
    /// Where the document is, for problems with the file as a whole.
    pub span: Span,
    /// The top-level keys the file writes, even where their content had errors
    /// (so a bad `[[person]]` is not also reported as "no people").
    pub written: Vec<&'static str>,
}

/// The top-level keys of a scenario file.
pub const TOP_KEYS: &[&str] = &[
    "scenario", "level", "function", "before", "after", "dissolve", "transfer", "roster", "person",
    "policy", "round",
];
const SCENARIO_KEYS: &[&str] = &["name", "description", "seed"];
const LEVEL_KEYS: &[&str] = &["id", "name", "pay", "leadership"];
const PAY_KEYS: &[&str] = &["base", "performance"];
const FUNCTION_KEYS: &[&str] = &["id", "name"];
const BEFORE_KEYS: &[&str] = &["id", "name", "kind", "functions", "posts", "establishment"];
const AFTER_KEYS: &[&str] = &[
    "id",
    "name",
    "kind",
    "from",
    "posts",
    "external",
    "establishment",
    "establishment_required",
];
const DISSOLVE_KEYS: &[&str] = &["from", "reason"];
const TRANSFER_KEYS: &[&str] = &["from", "to", "levels", "reason"];
const ROSTER_KEYS: &[&str] = &["file", "generate", "encoding", "sheet", "columns", "values"];
/// The roster columns whose values `[roster] values` may translate.
pub const VALUE_COLUMNS: &[&str] = &["unit", "level", "function", "gender", "establishment"];

/// How a roster file is read (`[roster]` keys besides `file` and `generate`).
#[derive(Debug, Default)]
pub struct RawRoster {
    /// `encoding`: how a CSV roster's bytes are decoded (`utf-8`, `gbk`, `gb18030`).
    pub encoding: Option<Sp<String>>,
    /// `sheet`: the worksheet of an `.xlsx` roster.
    pub sheet: Option<Sp<String>>,
    /// `columns`: (roster column, the header the file uses for it), in file order.
    pub columns: Vec<(Sp<String>, Sp<String>)>,
    /// `values`: per column of [`VALUE_COLUMNS`], its translations.
    pub values: Vec<(String, ValueMap)>,
}

/// (value in the file, value meant) pairs of one `values.<column>` table.
pub type ValueMap = Vec<(Sp<String>, Sp<String>)>;
/// The keys of a `[[person]]` table, which are also the roster CSV columns.
pub const PERSON_KEYS: &[&str] = &[
    "id",
    "name",
    "unit",
    "level",
    "born",
    "score",
    "gender",
    "function",
    "establishment",
    "tags",
    "opt_out",
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
    raw.written = TOP_KEYS
        .iter()
        .copied()
        .filter(|key| top.node(key).is_some())
        .collect();
    raw.policy = top.node("policy").cloned();
    raw.rounds = top.node("round").cloned();
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
    })
}

/// `posts = { level = capacity, ... }`, each capacity a whole number.
fn decode_posts(node: &Node, sink: &mut Sink<'_>) -> Vec<(Sp<String>, Sp<i64>)> {
    let mut posts = Vec::new();
    match &node.value {
        Value::Table(table) => {
            for (key, value) in &table.entries {
                let level = Sp {
                    value: key.name.clone(),
                    span: key.span,
                };
                match value.value {
                    Value::Int(n) => posts.push((
                        level,
                        Sp {
                            value: n,
                            span: value.span,
                        },
                    )),
                    _ => sink.error(
                        value.span,
                        format!(
                            "the capacity of `{}` posts must be an integer, found {}",
                            key.name,
                            value.value.type_name()
                        ),
                        "expected a whole number of posts",
                        None,
                    ),
                }
            }
        }
        other => sink.error(
            node.span,
            format!(
                "`posts` must be a table of level = capacity, found {}",
                other.type_name()
            ),
            "expected a table",
            Some("write `posts = { head = 1, staff = 12 }`".to_string()),
        ),
    }
    posts
}

/// `establishment = 290` or `establishment = { type = cap, ... }`.
fn decode_establishment(t: &TableReader<'_>, sink: &mut Sink<'_>) -> Option<RawEstablishment> {
    let node = t.node("establishment")?;
    match &node.value {
        Value::Int(n) => Some(RawEstablishment::Total(Sp {
            value: *n,
            span: node.span,
        })),
        Value::Table(table) => {
            let mut caps = Vec::new();
            for (key, value) in &table.entries {
                let kind = Sp {
                    value: key.name.clone(),
                    span: key.span,
                };
                match value.value {
                    Value::Int(n) => caps.push((
                        kind,
                        Sp {
                            value: n,
                            span: value.span,
                        },
                    )),
                    _ => sink.error(
                        value.span,
                        format!(
                            "the establishment of type `{}` must be a whole number, found {}",
                            key.name,
                            value.value.type_name()
                        ),
                        "expected a whole number of people",
                        None,
                    ),
                }
            }
            Some(RawEstablishment::ByType(caps))
        }
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
    })
}

/// Decodes how a roster file is read: `encoding`, `sheet`, `columns` and
/// `values` (docs/scenario-format.md, "`[roster]`").
fn decode_roster_options(
    roster: &TableReader<'_>,
    file: Option<&Sp<String>>,
    sink: &mut Sink<'_>,
) -> RawRoster {
    let mut options = RawRoster {
        encoding: roster.opt_str("encoding", sink),
        sheet: roster.opt_str("sheet", sink),
        ..RawRoster::default()
    };
    let is_xlsx = file.is_some_and(|f| {
        let lower = f.value.to_lowercase();
        lower.ends_with(".xlsx") || lower.ends_with(".xlsm")
    });
    if let Some(encoding) = &options.encoding {
        if Encoding::parse(&encoding.value).is_none() {
            sink.error(
                encoding.span,
                format!("unknown roster encoding `{}`", encoding.value),
                "expected `utf-8`, `gbk` or `gb18030`",
                Some(
                    "leave `encoding` out to detect it (UTF-8, UTF-8 with BOM, or GBK/GB18030)"
                        .into(),
                ),
            );
        } else if is_xlsx {
            sink.error(
                encoding.span,
                "`encoding` applies to CSV rosters, not `.xlsx` files",
                "not used for .xlsx",
                Some("remove `encoding`: the text in an .xlsx file is always Unicode".into()),
            );
        }
    }
    if let Some(sheet) = &options.sheet
        && file.is_some()
        && !is_xlsx
    {
        sink.error(
            sheet.span,
            "`sheet` applies to `.xlsx` rosters, not CSV files",
            "not used for CSV",
            Some("remove `sheet`, or name the .xlsx file in `file`".into()),
        );
    }
    if let Some(node) = roster.node("columns") {
        options.columns = decode_column_map(node, sink);
    }
    if let Some(node) = roster.node("values") {
        options.values = decode_value_maps(node, sink);
    }
    if file.is_none() && roster.node("file").is_none() {
        for key in ["encoding", "sheet", "columns", "values"] {
            if let Some(node) = roster.node(key) {
                sink.error(
                    node.span,
                    format!("`{key}` in `[roster]` needs a `file` to read"),
                    "no roster file",
                    Some("name the roster with `file = \"roster.csv\"`, or remove this key".into()),
                );
            }
        }
    }
    options
}

/// `columns = { id = "工号", name = "姓名" }`: the header a file uses for each roster column.
fn decode_column_map(node: &Node, sink: &mut Sink<'_>) -> Vec<(Sp<String>, Sp<String>)> {
    let Value::Table(table) = &node.value else {
        sink.error(
            node.span,
            format!(
                "`columns` must be a table of roster column = header, found {}",
                node.value.type_name()
            ),
            "expected a table",
            Some("write `columns = { id = \"工号\", name = \"姓名\" }`".into()),
        );
        return Vec::new();
    };
    let mut out: Vec<(Sp<String>, Sp<String>)> = Vec::new();
    for (key, value) in &table.entries {
        if !PERSON_KEYS.contains(&key.name.as_str()) {
            sink.error(
                key.span,
                format!("unknown roster column `{}` in `columns`", key.name),
                "not a roster column",
                Some(
                    match suggest::nearest(&key.name, PERSON_KEYS.iter().copied()) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => format!("roster columns are: {}", backticked(PERSON_KEYS)),
                    },
                ),
            );
            continue;
        }
        let Value::Str(header) = &value.value else {
            sink.error(
                value.span,
                format!(
                    "the header of column `{}` must be a string, found {}",
                    key.name,
                    value.value.type_name()
                ),
                "expected a string",
                None,
            );
            continue;
        };
        let header = header.trim();
        if header.is_empty() {
            sink.error(
                value.span,
                format!("the header of column `{}` is empty", key.name),
                "empty",
                None,
            );
            continue;
        }
        if let Some((other, _)) = out.iter().find(|(_, h)| h.value == header) {
            sink.error(
                value.span,
                format!(
                    "header `{header}` is mapped to both `{}` and `{}`",
                    other.value, key.name
                ),
                "mapped twice",
                Some("each header of the file feeds one roster column".into()),
            );
            continue;
        }
        out.push((
            Sp {
                value: key.name.clone(),
                span: key.span,
            },
            Sp {
                value: header.to_string(),
                span: value.span,
            },
        ));
    }
    out
}

/// `values.level = { "科员" = "staff" }`: values of the file and the ids they stand for.
fn decode_value_maps(node: &Node, sink: &mut Sink<'_>) -> Vec<(String, ValueMap)> {
    let Value::Table(table) = &node.value else {
        sink.error(
            node.span,
            format!(
                "`values` must be a table of column = {{ value = id }}, found {}",
                node.value.type_name()
            ),
            "expected a table",
            Some("write `values.level = { \"科员\" = \"staff\" }`".into()),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (column, map) in &table.entries {
        if !VALUE_COLUMNS.contains(&column.name.as_str()) {
            sink.error(
                column.span,
                format!("`values` cannot translate column `{}`", column.name),
                "not translatable",
                Some(format!(
                    "`values` translates: {}",
                    backticked(VALUE_COLUMNS)
                )),
            );
            continue;
        }
        let Value::Table(entries) = &map.value else {
            sink.error(
                map.span,
                format!(
                    "`values.{}` must be a table of value = id, found {}",
                    column.name,
                    map.value.type_name()
                ),
                "expected a table",
                Some(format!(
                    "write `values.{} = {{ \"科员\" = \"staff\" }}`",
                    column.name
                )),
            );
            continue;
        };
        let mut pairs = Vec::new();
        for (from, to) in &entries.entries {
            match &to.value {
                Value::Str(id) => pairs.push((
                    Sp {
                        value: from.name.trim().to_string(),
                        span: from.span,
                    },
                    Sp {
                        value: id.clone(),
                        span: to.span,
                    },
                )),
                other => sink.error(
                    to.span,
                    format!(
                        "`values.{}` must map to strings, found {}",
                        column.name,
                        other.type_name()
                    ),
                    "expected a string",
                    None,
                ),
            }
        }
        out.push((column.name.clone(), pairs));
    }
    out
}
