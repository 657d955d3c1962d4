//! The merge graph as Graphviz DOT, Mermaid, or JSON.

use std::fmt::Write;

use crate::graph::{EdgeView, GraphView};
use crate::report::text::one_line;

/// Graphviz DOT: before units on the left, after units on the right, each
/// node labelled with its name and headcount, each edge with the people and
/// functions moving along it. `dot -Tsvg` renders it.
pub fn dot(view: &GraphView) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "digraph merge {{");
    let _ = writeln!(out, "  label={};", dot_quote(&one_line(&view.scenario)));
    let _ = writeln!(out, "  labelloc=t;");
    let _ = writeln!(out, "  rankdir=LR;");
    let _ = writeln!(out, "  node [shape=box, style=rounded];");
    for (side, title) in [("before", "before"), ("after", "after")] {
        let _ = writeln!(out, "  subgraph cluster_{side} {{");
        let _ = writeln!(out, "    label={};", dot_quote(title));
        for node in view.nodes.iter().filter(|n| n.side == side) {
            // Names are user text: control characters and line breaks in
            // them become spaces, as in the tables; the `\n` here is ours.
            let label = format!(
                "{}\n{} · {} people",
                one_line(&node.name),
                one_line(&node.unit),
                node.headcount
            );
            let _ = writeln!(
                out,
                "    {} [label={}];",
                dot_quote(&one_line(&node.id)),
                dot_quote(&label)
            );
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

/// Mermaid flowchart, for Markdown documents and wikis that render it.
pub fn mermaid(view: &GraphView) -> String {
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
        for node in view.nodes.iter().filter(|n| n.side == side) {
            // Each user text is escaped alone, so that only the `<br/>`
            // written here breaks the line.
            let label = format!(
                "{}<br/>{} · {} people",
                mermaid_text(&node.name),
                mermaid_text(&node.unit),
                node.headcount
            );
            let _ = writeln!(out, "    {}[\"{label}\"]", mermaid_id(&node.id));
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
