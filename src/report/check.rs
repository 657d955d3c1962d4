//! `reorg check` output: a scenario summary as text or JSON.

use std::fmt::Write;

use crate::metrics::ScenarioSummary;
use crate::report::table;

/// The summary as indented text with a per-level table.
pub fn text(file: &str, summary: &ScenarioSummary) -> String {
    let mut out = String::new();
    let status = match summary.warnings.len() {
        0 => "ok".to_string(),
        1 => "ok, 1 warning".to_string(),
        n => format!("ok, {n} warnings"),
    };
    let _ = writeln!(out, "{file}: {status}");
    let _ = writeln!(out, "  scenario   {}", summary.name);
    let kinds: Vec<String> = summary
        .kinds
        .iter()
        .map(|k| format!("{} {} → {}", k.kind.as_str(), k.before, k.after))
        .collect();
    let _ = writeln!(
        out,
        "  units      {} → {} ({})",
        summary.units_before,
        summary.units_after,
        kinds.join(", ")
    );
    let mut people = format!("  people     {}", summary.people);
    if summary.opted_out > 0 {
        let _ = write!(people, " ({} not competing)", summary.opted_out);
    }
    if summary.without_home > 0 {
        let _ = write!(people, ", {} in dissolved shares", summary.without_home);
    }
    let _ = writeln!(out, "{people}");
    let holds = if summary.one_matter_one_department() {
        "holds".to_string()
    } else {
        format!("does not hold: {}", owners_list(&summary.shared_after))
    };
    let _ = writeln!(out, "  one matter, one department: {holds}");
    if !summary.shared_before.is_empty() {
        let _ = writeln!(
            out,
            "  several owners before: {}",
            owners_list(&summary.shared_before)
        );
    }
    let mut levels = table::new(&["level", "name", "people", "posts", "posts − people"], 2);
    for level in &summary.levels {
        levels.add_row(vec![
            level.level.clone(),
            level.name.clone(),
            level.people.to_string(),
            level.posts.to_string(),
            signed(level.posts as i64 - level.people as i64),
        ]);
    }
    let people_total: u64 = summary.levels.iter().map(|l| l.people).sum();
    levels.add_row(vec![
        "total".to_string(),
        String::new(),
        people_total.to_string(),
        summary.total_posts().to_string(),
        signed(summary.total_posts() as i64 - people_total as i64),
    ]);
    for line in levels.to_string().lines() {
        let _ = writeln!(out, "  {line}");
    }
    for warning in &summary.warnings {
        let _ = writeln!(out, "  warning: {warning}");
    }
    out
}

/// `approval (26 units: a, b, c, ...)` lists.
fn owners_list(shared: &[crate::metrics::FunctionOwners]) -> String {
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

fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string().replace('-', "−")
    }
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
    let mut text = serde_json::to_string_pretty(&entries).expect("summaries always serialise");
    text.push('\n');
    text
}
