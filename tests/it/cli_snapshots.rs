//! Snapshots of the outputs a reader sees: `reorg batch` and `reorg compare`
//! (table and JSON), `reorg check` on every shipped scenario, and the
//! rendered diagnostics of a file with many errors. The version is
//! redacted; paths are relative to the crate root, where the tests run.
//!
//! Next to each snapshot, the figures it shows are checked to add up, so
//! that a wrong snapshot cannot be accepted unnoticed.

use serde_json::Value;

use crate::support::{reorg, shipped_scenarios};

const APPROVAL: &str = "examples/approval-bureau.toml";
const CORPORATE: &str = "examples/corporate-merger.toml";

/// What a command printed on stdout; it must exit 0.
#[track_caller]
fn stdout_of(args: &[&str]) -> String {
    let out = reorg().args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

/// Text with the reorg version redacted: it changes with every release.
fn redacted(text: &str) -> String {
    text.replace(
        &format!("reorg {}", env!("CARGO_PKG_VERSION")),
        "reorg [version]",
    )
}

/// The figure of a batch point or comparison side by name.
fn figure<'a>(figures: &'a Value, name: &str) -> &'a Value {
    figures
        .as_array()
        .expect("figures")
        .iter()
        .find(|f| f["figure"] == name)
        .unwrap_or_else(|| panic!("no `{name}`"))
}

/// Every person has one status, and the placed are promoted, same-level or
/// demoted: `value` reads one figure's number (a mean or a count).
#[track_caller]
fn assert_statuses_add_up(value: impl Fn(&str) -> f64) {
    let close = |x: f64, y: f64| (x - y).abs() < 1e-9;
    let statuses = [
        "placed",
        "appointed",
        "transferred",
        "fallback",
        "rank_kept",
        "pooled",
        "exited",
        "retired",
        "did_not_compete",
    ];
    let sum: f64 = statuses.iter().map(|s| value(s)).sum();
    assert!(close(sum, value("people")), "statuses {sum} ≠ people");
    let placed = value("promoted") + value("same_level") + value("demoted");
    assert!(close(placed, value("placed")), "placed {placed}");
    // Only the placed and the transferred hold seats.
    assert!(close(
        value("placed") + value("appointed") + value("transferred") + value("vacancies"),
        value("posts")
    ));
}

// ---------------------------------------------------------------------------
// reorg batch

/// `reorg batch` on the approval example, 20 runs of seed 5, on one and on
/// two threads: the same bytes.
fn batch(format: &str) -> String {
    let args = |jobs| {
        [
            "batch", APPROVAL, "--runs", "20", "--seed", "5", "--jobs", jobs, "--format", format,
        ]
    };
    let one = stdout_of(&args("1"));
    let two = stdout_of(&args("2"));
    assert_eq!(one, two, "--jobs 2 changed the {format} output");
    one
}

#[test]
fn snapshot_batch_table() {
    let text = batch("table");
    assert!(text.contains("Seed 5, 20 runs\n"), "{text}");
    insta::assert_snapshot!("batch_table_approval_seed_5_runs_20", redacted(&text));
}

#[test]
fn snapshot_batch_json() {
    let value: Value = serde_json::from_str(&batch("json")).unwrap();
    assert_eq!(value["runs_done"], 20);
    let point = &value["points"][0];
    assert_eq!(point["runs"], 20);
    let mean = |name: &str| figure(&point["figures"], name)["mean"].as_f64().unwrap();
    assert_statuses_add_up(mean);
    // The approval example: 45 people and 38 posts in every run.
    assert_eq!(mean("people"), 45.0);
    assert_eq!(mean("posts"), 38.0);
    insta::assert_json_snapshot!(
        "batch_json_approval_seed_5_runs_20",
        value,
        { ".reorg_version" => "[version]" }
    );
}

// ---------------------------------------------------------------------------
// reorg compare

/// Two scenarios, one run each, seed 3.
const TWO_FILES: [&str; 5] = ["compare", APPROVAL, CORPORATE, "--seed", "3"];
/// One scenario with one choice against five.
const TWO_SETTINGS: [&str; 8] = [
    "compare",
    APPROVAL,
    "--set-a",
    "policy.choices=1",
    "--set-b",
    "policy.choices=5",
    "--seed",
    "3",
];
/// What `--runs` adds: 10 runs a side, on one thread.
const RUNS: [&str; 4] = ["--runs", "10", "--jobs", "1"];

fn compare(base: &[&str], runs: bool, format: &str) -> String {
    let mut args = base.to_vec();
    if runs {
        args.extend(RUNS);
    }
    args.extend(["--format", format]);
    stdout_of(&args)
}

/// A one-run comparison in JSON: each side's statuses add up, and every
/// difference is B − A.
#[track_caller]
fn check_single(value: &Value) {
    assert_eq!(value["runs"], Value::Null);
    for side in ["a", "b"] {
        assert_statuses_add_up(|name| figure(&value["figures"], name)[side].as_f64().unwrap());
    }
    for f in value["figures"].as_array().unwrap() {
        if let (Some(a), Some(b)) = (f["a"].as_f64(), f["b"].as_f64()) {
            let difference = f["difference"].as_f64().unwrap();
            assert!((b - a - difference).abs() < 1e-9, "{f}");
        }
    }
}

/// A ten-run comparison in JSON: each side's mean statuses add up, every
/// difference is mean B − mean A, and beyond-noise is |difference| > noise.
#[track_caller]
fn check_runs(value: &Value) {
    assert_eq!(value["runs"], 10);
    for side in ["a", "b"] {
        assert_statuses_add_up(|name| {
            figure(&value["figures"], name)[side]["mean"]
                .as_f64()
                .unwrap()
        });
    }
    for f in value["figures"].as_array().unwrap() {
        // Figures the examples never give (an establishment, posts before)
        // are absent in every run; every other figure is in all 10.
        let absent = matches!(
            f["figure"].as_str(),
            Some("establishment_after" | "leadership_posts_before")
        );
        assert_eq!(f["a"]["n"], if absent { 0 } else { 10 }, "{f}");
        let (a, b) = (f["a"]["mean"].as_f64(), f["b"]["mean"].as_f64());
        if let (Some(a), Some(b)) = (a, b) {
            let difference = f["difference"].as_f64().unwrap();
            assert!((b - a - difference).abs() < 1e-9, "{f}");
            if let Some(noise) = f["noise"].as_f64() {
                assert_eq!(f["beyond_noise"], difference.abs() > noise, "{f}");
            }
        }
    }
}

#[test]
fn snapshot_compare_two_files() {
    let table = compare(&TWO_FILES, false, "table");
    insta::assert_snapshot!("compare_table_two_files_seed_3", redacted(&table));
    let value: Value = serde_json::from_str(&compare(&TWO_FILES, false, "json")).unwrap();
    check_single(&value);
    // The two examples' head counts: 45 and 73.
    let people = figure(&value["figures"], "people");
    assert_eq!(
        (people["a"].as_u64(), people["b"].as_u64()),
        (Some(45), Some(73))
    );
    insta::assert_json_snapshot!(
        "compare_json_two_files_seed_3",
        value,
        { ".reorg_version" => "[version]" }
    );
}

#[test]
fn snapshot_compare_two_files_runs_10() {
    let table = compare(&TWO_FILES, true, "table");
    insta::assert_snapshot!("compare_table_two_files_seed_3_runs_10", redacted(&table));
    let value: Value = serde_json::from_str(&compare(&TWO_FILES, true, "json")).unwrap();
    check_runs(&value);
    insta::assert_json_snapshot!(
        "compare_json_two_files_seed_3_runs_10",
        value,
        { ".reorg_version" => "[version]" }
    );
}

#[test]
fn snapshot_compare_two_settings() {
    let table = compare(&TWO_SETTINGS, false, "table");
    insta::assert_snapshot!("compare_table_two_settings_seed_3", redacted(&table));
    let value: Value = serde_json::from_str(&compare(&TWO_SETTINGS, false, "json")).unwrap();
    check_single(&value);
    assert_eq!(value["a"]["settings"][0], "policy.choices=1");
    assert_eq!(value["b"]["settings"][0], "policy.choices=5");
    insta::assert_json_snapshot!(
        "compare_json_two_settings_seed_3",
        value,
        { ".reorg_version" => "[version]" }
    );
}

#[test]
fn snapshot_compare_two_settings_runs_10() {
    let table = compare(&TWO_SETTINGS, true, "table");
    insta::assert_snapshot!(
        "compare_table_two_settings_seed_3_runs_10",
        redacted(&table)
    );
    let value: Value = serde_json::from_str(&compare(&TWO_SETTINGS, true, "json")).unwrap();
    check_runs(&value);
    insta::assert_json_snapshot!(
        "compare_json_two_settings_seed_3_runs_10",
        value,
        { ".reorg_version" => "[version]" }
    );
}

// ---------------------------------------------------------------------------
// reorg check

/// `reorg check` on every shipped scenario: the per-level table's people
/// and posts add up to its total row.
#[test]
fn snapshot_check_of_every_shipped_scenario() {
    let files = shipped_scenarios();
    assert!(files.len() >= 3, "{files:?}");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in files {
        let relative = file
            .strip_prefix(root)
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let text = stdout_of(&["check", &relative]);
        let rows: Vec<Vec<&str>> = text
            .lines()
            .filter(|line| line.contains('┆'))
            .map(|line| {
                line.trim()
                    .trim_matches('│')
                    .split('┆')
                    .map(str::trim)
                    .collect()
            })
            .collect();
        // Counts, and differences signed `+` or `−` (U+2212).
        let number = |cell: &str| -> i64 {
            match cell.strip_prefix('−') {
                Some(magnitude) => -magnitude.parse::<i64>().unwrap(),
                None => cell.trim_start_matches('+').parse().unwrap(),
            }
        };
        let (total, levels) = rows.split_last().expect("a total row");
        assert_eq!(total[0], "total", "{text}");
        let levels = &levels[1..]; // the header
        for column in [2, 3, 4] {
            let sum: i64 = levels.iter().map(|row| number(row[column])).sum();
            assert_eq!(sum, number(total[column]), "column {column} of {relative}");
        }
        for row in rows.iter().skip(1) {
            assert_eq!(number(row[4]), number(row[3]) - number(row[2]), "{row:?}");
        }
        let stem = file.file_stem().unwrap().to_str().unwrap();
        insta::assert_snapshot!(format!("check_{stem}"), text);
    }
}

/// The rendered diagnostics of a file with eleven problems: exit 2,
/// nothing on stdout, one rendered block per problem.
#[test]
fn snapshot_check_many_errors() {
    let file = "tests/fixtures/invalid/many-errors.toml";
    let out = reorg().args(["check", file]).assert().code(2);
    let output = out.get_output();
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr.clone()).unwrap();
    assert!(!stderr.contains('\u{1b}'), "NO_COLOR is set: no escapes");
    // The same problems, in the same order, as the fixture's one-line forms.
    let expected = std::fs::read_to_string(file.replace(".toml", ".expected")).unwrap();
    let expected: Vec<(&str, &str)> = expected
        .lines()
        .filter_map(|line| line.split_once(": error: "))
        .collect();
    let locations: Vec<&str> = stderr
        .lines()
        .filter_map(|line| line.split_once("--> ").map(|(_, at)| at))
        .collect();
    let messages: Vec<&str> = stderr
        .lines()
        .filter_map(|line| line.strip_prefix("error: "))
        .collect();
    let (summary, messages) = messages.split_last().unwrap();
    assert_eq!(locations, expected.iter().map(|e| e.0).collect::<Vec<_>>());
    assert_eq!(messages, expected.iter().map(|e| e.1).collect::<Vec<_>>());
    assert_eq!(*summary, format!("{} problems found", expected.len()));
    insta::assert_snapshot!("check_many_errors_stderr", stderr);
}
