//! `reorg compare`: one run each against `reorg run`, many runs against the
//! rows of `reorg batch`, the noise test, formats and exit codes.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;

use crate::support::reorg;

const CORPORATE: &str = "examples/corporate-merger.toml";
const APPROVAL: &str = "examples/approval-bureau.toml";

#[track_caller]
fn stdout_of(args: &[&str]) -> String {
    let out = reorg().args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[derive(Debug, Deserialize)]
struct Comparison {
    seed: u64,
    runs: Option<u64>,
    a: Side,
    b: Side,
    figures: Vec<Value>,
}

#[derive(Debug, Deserialize)]
struct Side {
    scenario: String,
    source: String,
    settings: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Diff {
    figure: String,
    a: Option<f64>,
    b: Option<f64>,
    difference: Option<f64>,
}

#[derive(Debug, Deserialize)]
struct Test {
    figure: String,
    a: Moments,
    b: Moments,
    difference: Option<f64>,
    noise: Option<f64>,
    beyond_noise: Option<bool>,
}

#[derive(Debug, Deserialize)]
struct Moments {
    n: u64,
    mean: Option<f64>,
    sd: Option<f64>,
}

fn compare(args: &[&str]) -> Comparison {
    let mut all = vec!["compare"];
    all.extend(args);
    all.extend(["--format", "json"]);
    serde_json::from_str(&stdout_of(&all)).unwrap()
}

/// `reorg run --format json`'s summary object.
fn run_summary(args: &[&str]) -> serde_json::Map<String, Value> {
    let mut all = vec!["run"];
    all.extend(args);
    all.extend(["--format", "json"]);
    let report: Value = serde_json::from_str(&stdout_of(&all)).unwrap();
    report["summary"].as_object().unwrap().clone()
}

#[test]
fn one_run_each_is_reorg_run_on_each_side() {
    let c = compare(&[
        APPROVAL,
        "--seed",
        "3",
        "--set-a",
        "policy.choices=1",
        "--set-b",
        "policy.choices=5",
    ]);
    assert_eq!((c.seed, c.runs), (3, None));
    assert_eq!(c.a.source, APPROVAL);
    assert_eq!(c.b.source, APPROVAL, "B defaults to A");
    assert_eq!(c.a.settings, ["policy.choices=1"]);
    assert_eq!(c.b.settings, ["policy.choices=5"]);
    let a = run_summary(&[APPROVAL, "--seed", "3", "--set", "policy.choices=1"]);
    let b = run_summary(&[APPROVAL, "--seed", "3", "--set", "policy.choices=5"]);
    // Every summary field but the two text ones (head level, youngest head).
    assert_eq!(c.figures.len(), 32);
    let mut differs = false;
    for figure in c.figures {
        let d: Diff = serde_json::from_value(figure).unwrap();
        assert_eq!(d.a, a[&d.figure].as_f64(), "{}", d.figure);
        assert_eq!(d.b, b[&d.figure].as_f64(), "{}", d.figure);
        match (d.a, d.b) {
            (Some(x), Some(y)) => {
                assert!(
                    (d.difference.unwrap() - (y - x)).abs() < 1e-9,
                    "{}",
                    d.figure
                );
                differs |= x != y;
            }
            _ => assert_eq!(d.difference, None),
        }
    }
    assert!(differs, "one choice against five changes something");
}

#[test]
fn two_scenarios_side_by_side() {
    let c = compare(&[APPROVAL, CORPORATE, "--seed", "9"]);
    assert_eq!(c.a.scenario, "County approval consolidation (大审批)");
    assert_eq!(c.b.scenario, "Northwind + Harbor Freight merger");
    let people: Diff = serde_json::from_value(c.figures[3].clone()).unwrap();
    assert_eq!(people.figure, "people");
    assert_eq!(
        (people.a, people.b, people.difference),
        (Some(45.0), Some(73.0), Some(28.0))
    );
    let table = stdout_of(&["compare", APPROVAL, CORPORATE, "--seed", "9"]);
    assert!(table.contains("│ people "));
    assert!(table.contains("+28"));
    let csv = stdout_of(&["compare", APPROVAL, CORPORATE, "--format", "csv"]);
    assert!(
        csv.starts_with("figure,a,b,difference\nunits_before,5,9,4\n"),
        "{csv}"
    );
}

/// Mean and sample sd of one column of a batch's rows.
fn moments_of_rows(path: &std::path::Path, column: &str) -> (f64, f64) {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let at = header.iter().position(|h| h == column).unwrap();
    let values: Vec<f64> = reader
        .records()
        .map(|r| r.unwrap()[at].parse().unwrap())
        .collect();
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    (mean, sd)
}

#[test]
fn many_runs_give_the_batch_statistics_and_the_two_se_test() {
    let dir = tempfile::tempdir().unwrap();
    let mut batches = HashMap::new();
    for (side, choices) in [("a", "1"), ("b", "4")] {
        let rows = dir.path().join(format!("{side}.csv"));
        let set = format!("policy.choices={choices}");
        reorg()
            .args([
                "batch", APPROVAL, "--runs", "40", "--seed", "4", "--set", &set,
            ])
            .arg("--out")
            .arg(&rows)
            .assert()
            .success();
        batches.insert(side, rows);
    }
    let c = compare(&[
        APPROVAL,
        "--runs",
        "40",
        "--seed",
        "4",
        "--set-a",
        "policy.choices=1",
        "--set-b",
        "policy.choices=4",
        "--jobs",
        "2",
    ]);
    assert_eq!(c.runs, Some(40));
    let mut beyond = 0;
    for figure in c.figures {
        let t: Test = serde_json::from_value(figure).unwrap();
        if matches!(
            t.figure.as_str(),
            "youngest_head_age" | "establishment_after" | "leadership_posts_before"
        ) {
            continue; // absent in some or all runs: no moments to compare
        }
        let (mean_a, sd_a) = moments_of_rows(&batches["a"], &t.figure);
        let (mean_b, sd_b) = moments_of_rows(&batches["b"], &t.figure);
        assert_eq!((t.a.n, t.b.n), (40, 40));
        assert!((t.a.mean.unwrap() - mean_a).abs() < 1e-6, "{}", t.figure);
        assert!((t.b.mean.unwrap() - mean_b).abs() < 1e-6, "{}", t.figure);
        assert!((t.a.sd.unwrap() - sd_a).abs() < 1e-6, "{}", t.figure);
        assert!((t.b.sd.unwrap() - sd_b).abs() < 1e-6, "{}", t.figure);
        let noise = 2.0 * (sd_a * sd_a / 40.0 + sd_b * sd_b / 40.0).sqrt();
        assert!((t.noise.unwrap() - noise).abs() < 1e-6, "{}", t.figure);
        let difference = mean_b - mean_a;
        assert!((t.difference.unwrap() - difference).abs() < 1e-6);
        if (difference.abs() - noise).abs() > 1e-6 {
            assert_eq!(
                t.beyond_noise,
                Some(difference.abs() > noise),
                "{}",
                t.figure
            );
        }
        if t.figure == "people" {
            assert_eq!(
                t.beyond_noise,
                Some(false),
                "a constant figure is never beyond noise"
            );
        }
        beyond += usize::from(t.beyond_noise == Some(true));
    }
    assert!(
        beyond > 0,
        "one choice against four moves some figure beyond noise"
    );
    let table = stdout_of(&[
        "compare",
        APPROVAL,
        "--runs",
        "10",
        "--set-b",
        "policy.choices=1",
    ]);
    assert!(table.contains("beyond noise"));
    assert!(table.contains("10 runs each, seed 2017"));
}

#[test]
fn a_scenario_against_itself_differs_by_nothing() {
    let c = compare(&[CORPORATE, CORPORATE]);
    assert_eq!(c.seed, 42, "A's seed by default");
    for figure in c.figures {
        let d: Diff = serde_json::from_value(figure).unwrap();
        assert!(matches!(d.difference, Some(0.0) | None), "{}", d.figure);
    }
    let markdown = stdout_of(&["compare", CORPORATE, CORPORATE, "--format", "markdown"]);
    assert!(markdown.starts_with("# Comparison\n"));
    assert!(markdown.contains("| figure"));
}

#[test]
fn bad_input_exits_with_2() {
    let cases: [&[&str]; 5] = [
        &["compare", APPROVAL, "--set-a", "policy.choicez=2"],
        &[
            "compare",
            APPROVAL,
            CORPORATE,
            "--set",
            "policy.choices=oops",
        ],
        &["compare", "examples/missing.toml", APPROVAL],
        &["compare", APPROVAL, APPROVAL, "--runs", "0"],
        &["compare", APPROVAL, APPROVAL, "--runs", "5", "--jobs", "0"],
    ];
    for args in cases {
        reorg().args(args).assert().code(2).stdout("");
    }
}

/// One scenario and no settings would compare it with itself: refused, so
/// a forgotten second argument is not mistaken for "no difference".
#[test]
fn one_scenario_without_settings_is_refused() {
    let output = reorg().args(["compare", APPROVAL]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("nothing to compare"), "{stderr}");
}

/// More than two sides (issue 15): columns A, B, C, each side as `reorg run`
/// shows it, C against A; the two-side fields are those of A and B alone,
/// so a reader of two-side JSON still finds them.
#[test]
fn three_sides_each_against_the_first() {
    #[derive(Debug, Deserialize)]
    struct Many {
        a: Side,
        b: Side,
        others: Vec<Side>,
        figures: Vec<ManyDiff>,
    }
    #[derive(Debug, Deserialize)]
    struct ManyDiff {
        figure: String,
        a: Option<f64>,
        b: Option<f64>,
        difference: Option<f64>,
        others: Vec<Other>,
    }
    #[derive(Debug, Deserialize)]
    struct Other {
        value: Option<f64>,
        difference: Option<f64>,
    }
    let args = [
        APPROVAL,
        CORPORATE,
        "--seed",
        "3",
        "--set-side",
        "C:policy.choices=1",
        "--format",
        "json",
    ];
    let mut all = vec!["compare"];
    all.extend(args);
    let c: Many = serde_json::from_str(&stdout_of(&all)).unwrap();
    assert_eq!(c.a.source, APPROVAL);
    assert_eq!(c.b.source, CORPORATE);
    assert_eq!(c.others.len(), 1);
    assert_eq!(c.others[0].source, APPROVAL, "a side past the files runs A");
    assert_eq!(c.others[0].settings, ["policy.choices=1"]);
    let a = run_summary(&[APPROVAL, "--seed", "3"]);
    let b = run_summary(&[CORPORATE, "--seed", "3"]);
    let third = run_summary(&[APPROVAL, "--seed", "3", "--set", "policy.choices=1"]);
    let mut differs = false;
    for d in &c.figures {
        assert_eq!(d.a, a[&d.figure].as_f64(), "{}", d.figure);
        assert_eq!(d.b, b[&d.figure].as_f64(), "{}", d.figure);
        assert_eq!(d.others.len(), 1);
        let other = &d.others[0];
        assert_eq!(other.value, third[&d.figure].as_f64(), "{}", d.figure);
        match (d.a, other.value) {
            (Some(x), Some(z)) => {
                assert!((other.difference.unwrap() - (z - x)).abs() < 1e-9);
                differs |= x != z;
            }
            _ => assert_eq!(other.difference, None),
        }
        if let (Some(x), Some(y)) = (d.a, d.b) {
            assert!((d.difference.unwrap() - (y - x)).abs() < 1e-9);
        }
    }
    assert!(differs, "one choice against three changes something");

    let table = stdout_of(&[
        "compare",
        APPROVAL,
        CORPORATE,
        "--set-side",
        "C:policy.choices=1",
    ]);
    assert!(table.contains("┆ C − A │"), "{table}");
    assert!(
        table.contains("\nC: County approval consolidation"),
        "{table}"
    );
    let csv = stdout_of(&[
        "compare",
        APPROVAL,
        CORPORATE,
        "--set-side",
        "C:policy.choices=1",
        "--format",
        "csv",
    ]);
    assert!(
        csv.starts_with("figure,a,b,difference,c,c_difference\nunits_before,5,9,4,5,0\n"),
        "{csv}"
    );
}

/// With `--runs`, every further side gets the statistics a batch of its
/// settings gives and its own noise test against A.
#[test]
fn many_runs_test_every_side_against_the_first() {
    #[derive(Debug, Deserialize)]
    struct Many {
        figures: Vec<ManyTest>,
    }
    #[derive(Debug, Deserialize)]
    struct ManyTest {
        figure: String,
        a: Moments,
        others: Vec<OtherTest>,
    }
    #[derive(Debug, Deserialize)]
    struct OtherTest {
        value: Moments,
        difference: Option<f64>,
        noise: Option<f64>,
        beyond_noise: Option<bool>,
    }
    let dir = tempfile::tempdir().unwrap();
    let mut batches = HashMap::new();
    for (side, choices) in [("a", "1"), ("d", "4")] {
        let rows = dir.path().join(format!("{side}.csv"));
        let set = format!("policy.choices={choices}");
        reorg()
            .args([
                "batch", APPROVAL, "--runs", "20", "--seed", "4", "--set", &set,
            ])
            .arg("--out")
            .arg(&rows)
            .assert()
            .success();
        batches.insert(side, rows);
    }
    let out = stdout_of(&[
        "compare",
        APPROVAL,
        "--runs",
        "20",
        "--seed",
        "4",
        "--set-a",
        "policy.choices=1",
        "--set-side",
        "d:policy.choices=4",
        "--format",
        "json",
    ]);
    let c: Many = serde_json::from_str(&out).unwrap();
    for t in c.figures {
        if matches!(
            t.figure.as_str(),
            "youngest_head_age" | "establishment_after" | "leadership_posts_before"
        ) {
            continue;
        }
        assert_eq!(t.others.len(), 2, "sides C and D");
        let d = &t.others[1];
        let (mean_a, sd_a) = moments_of_rows(&batches["a"], &t.figure);
        let (mean_d, sd_d) = moments_of_rows(&batches["d"], &t.figure);
        assert!((t.a.mean.unwrap() - mean_a).abs() < 1e-6, "{}", t.figure);
        assert_eq!(d.value.n, 20);
        assert!(
            (d.value.mean.unwrap() - mean_d).abs() < 1e-6,
            "{}",
            t.figure
        );
        assert!((d.value.sd.unwrap() - sd_d).abs() < 1e-6, "{}", t.figure);
        let noise = 2.0 * (sd_a * sd_a / 20.0 + sd_d * sd_d / 20.0).sqrt();
        assert!((d.noise.unwrap() - noise).abs() < 1e-6, "{}", t.figure);
        let difference = mean_d - mean_a;
        assert!((d.difference.unwrap() - difference).abs() < 1e-6);
        if (difference.abs() - noise).abs() > 1e-6 {
            assert_eq!(d.beyond_noise, Some(difference.abs() > noise));
        }
    }
}

#[test]
fn a_bad_side_letter_exits_with_2() {
    let out = reorg()
        .args(["compare", APPROVAL, "--set-side", "CC:policy.choices=2"])
        .assert()
        .code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("expected a side letter"), "{stderr}");
}
