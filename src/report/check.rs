//! `reorg check` output: a scenario summary as terminal text, Markdown or JSON.

use super::document::{self, Document, Layout, Section};
use super::plain::pretty_json;
use super::text::{depths_line, kinds_line, signed};
use crate::metrics::{FunctionOwners, ScenarioSummary};

/// One file's summary as a [`Document`]: what it holds, then people and
/// posts per level, then its warnings.
pub fn document(file: &str, summary: &ScenarioSummary) -> Document {
    let status = match summary.warnings.len() {
        0 => "ok".to_string(),
        1 => "ok, 1 warning".to_string(),
        n => format!("ok, {n} warnings"),
    };
    let mut sections = vec![levels(summary)];
    if !summary.warnings.is_empty() {
        sections.push(Section {
            title: Some("Warnings".into()),
            header: vec!["warning".into()],
            rows: summary.warnings.iter().map(|w| vec![w.clone()]).collect(),
            numeric_from: 1,
            layout: Layout::Boxed,
        });
    }
    Document {
        title: format!("{file}: {status}"),
        intro: intro(summary),
        sections,
    }
}

/// The summaries of several files as terminal text, one after another.
pub fn text(summaries: &[(String, ScenarioSummary)]) -> String {
    summaries
        .iter()
        .map(|(file, summary)| document::terminal(&document(file, summary)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The summaries of several files as Markdown, one after another.
pub fn markdown(summaries: &[(String, ScenarioSummary)]) -> String {
    summaries
        .iter()
        .map(|(file, summary)| document::markdown(&document(file, summary)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The summaries of several files as one JSON array.
pub fn json(summaries: &[(String, ScenarioSummary)]) -> String {
    #[derive(serde::Serialize)]
    struct Entry<'a> {
        file: &'a str,
        #[serde(flatten)]
        summary: &'a ScenarioSummary,
        one_matter_one_department: bool,
    }
    let entries: Vec<Entry<'_>> = summaries
        .iter()
        .map(|(file, summary)| Entry {
            file,
            summary,
            one_matter_one_department: summary.one_matter_one_department(),
        })
        .collect();
    pretty_json(&entries)
}

fn intro(summary: &ScenarioSummary) -> Vec<String> {
    let mut people = format!("people: {}", summary.people);
    if summary.opted_out > 0 {
        people.push_str(&format!(" ({} not competing)", summary.opted_out));
    }
    if summary.without_home > 0 {
        people.push_str(&format!(", {} in dissolved shares", summary.without_home));
    }
    let holds = if summary.one_matter_one_department() {
        "holds".to_string()
    } else {
        format!("does not hold: {}", owners_list(&summary.shared_after))
    };
    let mut lines = vec![
        format!("scenario: {}", summary.name),
        format!(
            "units: {} → {} ({})",
            summary.units_before,
            summary.units_after,
            kinds_line(&summary.kinds, super::labels::Lang::En)
        ),
    ];
    if !summary.depths.is_empty() {
        lines.push(format!(
            "units by depth: {}",
            depths_line(&summary.depths, super::labels::Lang::En)
        ));
    }
    lines.extend([people, format!("one matter, one department: {holds}")]);
    if !summary.shared_before.is_empty() {
        lines.push(format!(
            "several owners before: {}",
            owners_list(&summary.shared_before)
        ));
    }
    lines
}

fn levels(summary: &ScenarioSummary) -> Section {
    let mut rows: Vec<Vec<String>> = summary
        .levels
        .iter()
        .map(|level| {
            vec![
                level.level.clone(),
                level.name.clone(),
                level.people.to_string(),
                level.posts.to_string(),
                signed(level.posts as i64 - level.people as i64),
            ]
        })
        .collect();
    let people_total: u64 = summary.levels.iter().map(|l| l.people).sum();
    rows.push(vec![
        "total".to_string(),
        String::new(),
        people_total.to_string(),
        summary.total_posts().to_string(),
        signed(summary.total_posts() as i64 - people_total as i64),
    ]);
    Section {
        title: Some("People and posts by level".into()),
        header: ["level", "name", "people", "posts", "posts − people"]
            .map(String::from)
            .to_vec(),
        rows,
        numeric_from: 2,
        layout: Layout::Boxed,
    }
}

/// `approval (26 units: a, b, c, ...)` lists.
fn owners_list(shared: &[FunctionOwners]) -> String {
    shared
        .iter()
        .map(|s| {
            let shown: Vec<&str> = s.owners.iter().take(4).map(String::as_str).collect();
            let more = if s.owners.len() > 4 { ", ..." } else { "" };
            format!(
                "`{}` ({}: {}{more})",
                s.function,
                s.owners.len(),
                shown.join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}
