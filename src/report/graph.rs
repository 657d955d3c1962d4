//! The merge graph as Graphviz DOT, Mermaid, or JSON.

use std::collections::HashMap;
use std::fmt::Write;

use crate::graph::{EdgeView, GraphView, NodeView};
use crate::report::text::one_line;

/// Internal units (内设机构) per node: the indices, into `view.nodes`, of
/// the nodes whose `parent` it is, in file order.
type Forest = HashMap<usize, Vec<usize>>;

fn forest(view: &GraphView) -> Forest {
    let index: HashMap<&str, usize> = view
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let mut forest = Forest::new();
    for (i, node) in view.nodes.iter().enumerate() {
        if let Some(&parent) = node.parent.as_deref().and_then(|p| index.get(p)) {
            forest.entry(parent).or_default().push(i);
        }
    }
    forest
}

/// The bodies of one side (nodes without a parent), by index.
fn roots<'v>(view: &'v GraphView, side: &'v str) -> impl Iterator<Item = usize> + 'v {
    view.nodes
        .iter()
        .enumerate()
        .filter(move |(_, n)| n.side == side && n.parent.is_none())
        .map(|(i, _)| i)
}

/// Graphviz DOT: before units on the left, after units on the right, each
/// node labelled with its name and headcount, each edge with the people and
/// functions moving along it. A body with internal units is drawn as a
/// cluster holding its own node and theirs, nested as deep as they go.
/// `dot -Tsvg` renders it.
pub fn dot(view: &GraphView) -> String {
    let forest = forest(view);
    let mut out = String::new();
    let _ = writeln!(out, "digraph merge {{");
    let _ = writeln!(out, "  label={};", dot_quote(&one_line(&view.scenario)));
    let _ = writeln!(out, "  labelloc=t;");
    let _ = writeln!(out, "  rankdir=LR;");
    let _ = writeln!(out, "  node [shape=box, style=rounded];");
    for (side, title) in [("before", "before"), ("after", "after")] {
        let _ = writeln!(out, "  subgraph cluster_{side} {{");
        let _ = writeln!(out, "    label={};", dot_quote(title));
        for root in roots(view, side) {
            dot_node(&mut out, view, &forest, root, 2);
        }
        let _ = writeln!(out, "  }}");
    }
    for edge in &view.edges {
        let _ = writeln!(
            out,
            "  {} -> {} [label={}];",
            dot_quote(&one_line(&edge.from)),
            dot_quote(&one_line(&edge.to)),
            dot_quote(&edge_label(edge))
        );
    }
    let _ = writeln!(out, "}}");
    out
}

/// One node of DOT at `depth` levels of indentation; with internal units,
/// a cluster of it and them.
fn dot_node(out: &mut String, view: &GraphView, forest: &Forest, node: usize, depth: usize) {
    let indent = "  ".repeat(depth);
    let n = &view.nodes[node];
    // Names are user text: control characters and line breaks in them
    // become spaces, as in the tables; the `\n` here is ours.
    let label = format!(
        "{}\n{} · {} people",
        one_line(&n.name),
        one_line(&n.unit),
        n.headcount
    );
    let children = children(forest, node);
    if children.is_empty() {
        let _ = writeln!(
            out,
            "{indent}{} [label={}];",
            dot_quote(&one_line(&n.id)),
            dot_quote(&label)
        );
        return;
    }
    let _ = writeln!(
        out,
        "{indent}subgraph {} {{",
        dot_quote(&format!("cluster_{}", one_line(&n.id)))
    );
    let _ = writeln!(out, "{indent}  label={};", dot_quote(&one_line(&n.name)));
    let _ = writeln!(out, "{indent}  style=dashed;");
    let _ = writeln!(
        out,
        "{indent}  {} [label={}];",
        dot_quote(&one_line(&n.id)),
        dot_quote(&label)
    );
    for &child in children {
        dot_node(out, view, forest, child, depth + 1);
    }
    let _ = writeln!(out, "{indent}}}");
}

fn children(forest: &Forest, node: usize) -> &[usize] {
    forest.get(&node).map_or(&[], Vec::as_slice)
}

/// Mermaid flowchart, for Markdown documents and wikis that render it. A
/// body with internal units is a subgraph holding its node and theirs.
pub fn mermaid(view: &GraphView) -> String {
    let forest = forest(view);
    let mut out = String::from("flowchart LR\n");
    let ids: Vec<(&str, String)> = view
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), format!("n{i}")))
        .collect();
    let mermaid_id = |id: &str| -> &str {
        ids.iter()
            .find(|(node, _)| *node == id)
            .map_or("unknown", |(_, m)| m.as_str())
    };
    for (side, title) in [("before", "before"), ("after", "after")] {
        let _ = writeln!(out, "  subgraph {side}[\"{title}\"]");
        for root in roots(view, side) {
            mermaid_node(&mut out, view, &forest, root, 2);
        }
        let _ = writeln!(out, "  end");
    }
    for edge in &view.edges {
        let _ = writeln!(
            out,
            "  {} -->|\"{}\"| {}",
            mermaid_id(&edge.from),
            mermaid_text(&edge_label(edge)),
            mermaid_id(&edge.to)
        );
    }
    out
}

/// One node of Mermaid (`n{index}`); with internal units, a subgraph
/// `n{index}_units` of it and them.
fn mermaid_node(out: &mut String, view: &GraphView, forest: &Forest, node: usize, depth: usize) {
    let indent = "  ".repeat(depth);
    let n: &NodeView = &view.nodes[node];
    // Each user text is escaped alone, so that only the `<br/>` written
    // here breaks the line.
    let label = format!(
        "{}<br/>{} · {} people",
        mermaid_text(&n.name),
        mermaid_text(&n.unit),
        n.headcount
    );
    let children = children(forest, node);
    if children.is_empty() {
        let _ = writeln!(out, "{indent}n{node}[\"{label}\"]");
        return;
    }
    let _ = writeln!(
        out,
        "{indent}subgraph n{node}_units[\"{}\"]",
        mermaid_text(&n.name)
    );
    let _ = writeln!(out, "{indent}  n{node}[\"{label}\"]");
    for &child in children {
        mermaid_node(out, view, forest, child, depth + 1);
    }
    let _ = writeln!(out, "{indent}end");
}

/// JSON: `{"scenario", "nodes": [...], "edges": [...], "dissolved_headcount"}`
/// as documented in docs/output-format.md.
pub fn json(view: &GraphView) -> String {
    let mut text = serde_json::to_string_pretty(view).expect("graph views always serialise");
    text.push('\n');
    text
}

/// `45 people: core, approval`, on one line whatever the function names hold.
fn edge_label(edge: &EdgeView) -> String {
    let mut shares: Vec<&str> = Vec::new();
    if edge.core {
        shares.push("core");
    }
    shares.extend(edge.functions.iter().map(String::as_str));
    one_line(&format!("{} people: {}", edge.headcount, shares.join(", ")))
}

/// A DOT string literal: quotes and backslashes escaped, line breaks as `\n`.
fn dot_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// User text safe inside a quoted Mermaid label: on one line (control
/// characters and line breaks as spaces, as in the tables), and `#`, quotes
/// and markup as Mermaid's entity codes, so that neither a `<br/>` nor an
/// entity in a name is read as one.
fn mermaid_text(text: &str) -> String {
    one_line(text)
        .replace('#', "#35;")
        .replace('"', "#quot;")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_quotes_escape_what_would_end_the_string() {
        assert_eq!(dot_quote(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(dot_quote("x\ny"), r#""x\ny""#);
    }

    #[test]
    fn mermaid_text_escapes_markup_entities_and_line_breaks() {
        assert_eq!(
            mermaid_text("a<br/>\"b\" <i>#quot;\nc\u{7}"),
            "a#lt;br/#gt;#quot;b#quot; #lt;i#gt;#35;quot; c "
        );
    }
}
