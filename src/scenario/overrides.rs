//! `--set PATH=VALUE`: change one value of a scenario by its TOML path before
//! it is validated, e.g. `--set policy.choices=5` or
//! `--set after.approval_bureau.posts.staff=40`.
//!
//! The override text joins the source map as a file named `--set`, so a bad
//! value gets the same located, hinted diagnostic as a bad file. In an array
//! of tables (`[[after]]`, `[[round]]`, ...) the segment after the array
//! picks an element by its `id`, or by its 0-based position.

use crate::diagnostic::{Diagnostic, SourceMap, Span};
use crate::scenario::node::{self, Key, Node, Table, Value};
use crate::scenario::suggest::did_you_mean;

/// Applies one `PATH=VALUE` to the document tree.
pub fn apply(doc: &mut Table, arg: &str, sources: &mut SourceMap) -> Result<(), Box<Diagnostic>> {
    let base = sources.add("--set", arg);
    let whole = Span::new(base, base + arg.len());
    let Some((path, value_text)) = arg.split_once('=') else {
        return Err(error(
            sources,
            whole,
            format!("`--set {arg}` has no `=`"),
            "expected PATH=VALUE",
            "write e.g. `--set policy.choices=5`",
        ));
    };
    let value_base = base + path.len() + 1;
    let value = match node::parse_value(value_text, value_base, sources) {
        Some(node) => node,
        // A bare word is taken as a string, so `--set scenario.name=Trial` works unquoted.
        None => Node {
            value: Value::Str(value_text.to_string()),
            span: Span::new(value_base, value_base + value_text.len()),
        },
    };
    let mut segments = Vec::new();
    let mut offset = base;
    for segment in path.split('.') {
        let span = Span::new(offset, offset + segment.len());
        if segment.trim().is_empty() {
            return Err(error(
                sources,
                span,
                format!("empty segment in `{path}`"),
                "here",
                "separate keys with single dots: `policy.scoring.exam`",
            ));
        }
        segments.push((segment.trim(), span));
        offset += segment.len() + 1;
    }
    set(doc, &segments, value, sources)
}

fn error(
    sources: &SourceMap,
    span: Span,
    message: String,
    label: &str,
    hint: &str,
) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(message)
            .at(sources.locate(span))
            .label(label)
            .hint(Some(hint.to_string())),
    )
}

fn set(
    table: &mut Table,
    segments: &[(&str, Span)],
    value: Node,
    sources: &SourceMap,
) -> Result<(), Box<Diagnostic>> {
    let (&(name, span), rest) = segments
        .split_first()
        .expect("a path has at least one segment");
    if rest.is_empty() {
        let key = Key {
            name: name.to_string(),
            span,
        };
        match table.entries.iter_mut().find(|(k, _)| k.name == name) {
            Some(entry) => *entry = (key, value),
            None => table.entries.push((key, value)),
        }
        return Ok(());
    }
    if table.get(name).is_none() {
        // A missing table is created, so `--set policy.choices=3` works on a
        // file without `[policy]`; a misspelt key is then reported as unknown.
        table.entries.push((
            Key {
                name: name.to_string(),
                span,
            },
            Node {
                value: Value::Table(Table::default()),
                span,
            },
        ));
    }
    let node = table.get_mut(name).expect("present or just inserted");
    match &mut node.value {
        Value::Table(inner) => set(inner, rest, value, sources),
        Value::Array(items) => {
            let (&(pick, pick_span), rest) = rest.split_first().expect("checked non-empty");
            let ids: Vec<String> = items.iter().filter_map(element_id).collect();
            let index = items
                .iter()
                .position(|item| element_id(item).as_deref() == Some(pick))
                .or_else(|| pick.parse::<usize>().ok().filter(|&i| i < items.len()));
            let Some(index) = index else {
                let known = ids.iter().map(String::as_str);
                return Err(error(
                    sources,
                    pick_span,
                    format!("no `{name}` with id `{pick}`"),
                    "not found",
                    &did_you_mean(pick, &format!("`{name}` ids"), known),
                ));
            };
            if rest.is_empty() {
                return Err(error(
                    sources,
                    pick_span,
                    format!("`{name}.{pick}` is a whole table"),
                    "name a key inside it",
                    &format!("e.g. `{name}.{pick}.name=...`"),
                ));
            }
            match &mut items[index].value {
                Value::Table(inner) => set(inner, rest, value, sources),
                _ => Err(error(
                    sources,
                    pick_span,
                    format!("`{name}.{pick}` is not a table"),
                    "not a table",
                    "only tables have keys",
                )),
            }
        }
        other => Err(error(
            sources,
            span,
            format!("`{name}` is {}, not a table", other.type_name()),
            "has no keys",
            "the path can only go through tables",
        )),
    }
}

/// The `id` of an array element that is a table with a string `id`.
fn element_id(item: &Node) -> Option<String> {
    match &item.value {
        Value::Table(t) => match &t.get("id")?.value {
            Value::Str(id) => Some(id.clone()),
            _ => None,
        },
        _ => None,
    }
}
