//! `reorg batch` and `reorg batch merge`: rows against `reorg run`, grid
//! order, determinism across `--jobs`, shards merged byte for byte,
//! statistics recomputed from the rows, exit codes, Ctrl-C.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::support::{reorg, temp_files_of};

const CORPORATE: &str = "examples/corporate-merger.toml";
const APPROVAL: &str = "examples/approval-bureau.toml";

#[track_caller]
fn stdout_of(args: &[&str]) -> String {
    let out = reorg().args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

/// A CSV file as header → cell maps, in order.
fn csv_rows(path: &Path) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect()
}

/// `reorg run --format csv`'s summary as figure → value.
fn run_figures(args: &[&str]) -> HashMap<String, String> {
    let text = stdout_of(args);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[1].to_string())
        })
        .collect()
}

/// Every field of the run summary, as `reorg run --format json` names them.
const SUMMARY_FIELDS: [&str; 34] = [
    "units_before",
    "units_after",
    "units_external",
    "people",
    "posts",
    "placed",
    "promoted",
    "same_level",
    "demoted",
    "appointed",
    "transferred",
    "fallback",
    "rank_kept",
    "pooled",
    "exited",
    "retired",
    "did_not_compete",
    "headcount_after",
    "establishment_after",
    "leaders_before",
    "leaders_after",
    "leaders_without_post",
    "leaders_rank_kept",
    "leadership_posts_before",
    "leadership_posts_after",
    "leader_age_before",
    "leader_age_after",
    "head_level",
    "youngest_head_age",
    "youngest_head",
    "vacancies",
    "stranded",
    "outsiders_placed",
    "displaced",
];

#[derive(Debug, Deserialize, PartialEq)]
struct Summary {
    reorg_version: String,
    scenario: String,
    status: String,
    shard: Option<String>,
    grid_points: u64,
    runs_per_point: u64,
    runs_planned: u64,
    runs_done: u64,
    points: Vec<Point>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Point {
    point: u64,
    settings: HashMap<String, String>,
    seed: u64,
    runs: u64,
    planned: u64,
    figures: Vec<Figure>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Figure {
    figure: String,
    n: u64,
    mean: Option<f64>,
    sd: Option<f64>,
    p5: Option<f64>,
    p50: Option<f64>,
    p95: Option<f64>,
}

#[test]
fn run_0_is_reorg_run_with_the_same_seed_and_settings() {
    let dir = tempfile::tempdir().unwrap();
    let rows = dir.path().join("rows.csv");
    reorg()
        .args([
            "batch",
            CORPORATE,
            "--runs",
            "3",
            "--seed",
            "7",
            "--set",
            "policy.choices=2,5",
            "--out",
        ])
        .arg(&rows)
        .assert()
        .success();
    let rows = csv_rows(&rows);
    assert_eq!(rows.len(), 6);
    for (point, choices) in [(0, "2"), (1, "5")] {
        let row = &rows[point * 3];
        assert_eq!(row["point"], point.to_string());
        assert_eq!(row["run"], "0");
        assert_eq!(row["seed"], "7");
        assert_eq!(row["policy.choices"], choices);
        let set = format!("policy.choices={choices}");
        let run = run_figures(&[
            "run", CORPORATE, "--format", "csv", "--seed", "7", "--set", &set,
        ]);
        assert_eq!(run["scenario"], row["scenario"]);
        for field in SUMMARY_FIELDS {
            assert_eq!(row[field], run[field], "point {point}: {field}");
        }
    }
    // Runs 1 and 2 are other draws, not copies of run 0.
    assert!((1..3).any(|i| SUMMARY_FIELDS.iter().any(|f| rows[i][*f] != rows[0][*f])));
}

/// Any row replayed (issue 15): `reorg run --seed S --run K` with the
/// point's `--set`s gives row K's figures, for K = 0 and K = 7 of the second
/// point of a grid; every value comes from the row itself (its seed, its run
/// index, its settings column), as a reader of the rows file would take them.
#[test]
fn any_row_is_replayed_by_run_with_its_seed_run_and_settings() {
    let dir = tempfile::tempdir().unwrap();
    let rows = dir.path().join("rows.csv");
    reorg()
        .args([
            "batch",
            APPROVAL,
            "--runs",
            "8",
            "--seed",
            "11",
            "--set",
            "policy.choices=2,4",
            "--out",
        ])
        .arg(&rows)
        .assert()
        .success();
    let rows = csv_rows(&rows);
    assert_eq!(rows.len(), 16);
    for k in [0usize, 7] {
        let row = &rows[8 + k];
        assert_eq!(row["point"], "1");
        assert_eq!(row["run"], k.to_string());
        let set = format!("policy.choices={}", row["policy.choices"]);
        let run = run_figures(&[
            "run",
            APPROVAL,
            "--format",
            "csv",
            "--seed",
            &row["seed"],
            "--run",
            &row["run"],
            "--set",
            &set,
        ]);
        for field in SUMMARY_FIELDS {
            assert_eq!(row[field], run[field], "run {k}: {field}");
        }
        // The summary says which run it is, past run 0.
        assert_eq!(run.get("run").map(String::as_str), (k > 0).then_some("7"));
    }
    // Run 7 is another draw than run 0, so `--run` is what made them agree.
    assert!(SUMMARY_FIELDS.iter().any(|f| rows[8][*f] != rows[15][*f]));
}

#[test]
fn the_grid_has_the_product_of_the_values_first_set_slowest() {
    let dir = tempfile::tempdir().unwrap();
    let rows = dir.path().join("rows.csv");
    reorg()
        .args([
            "batch",
            APPROVAL,
            "--runs",
            "2",
            "--set",
            "policy.choices=2,3,4",
            "--set",
            r#"round.2.levels=["section_head","staff"],["staff", "section_head"]"#,
            "--out",
        ])
        .arg(&rows)
        .assert()
        .success();
    let rows = csv_rows(&rows);
    let seen: Vec<(String, String, String, String)> = rows
        .iter()
        .map(|r| {
            (
                r["point"].clone(),
                r["policy.choices"].clone(),
                r["round.2.levels"].clone(),
                r["run"].clone(),
            )
        })
        .collect();
    let levels = [
        r#"["section_head","staff"]"#,
        r#"["staff", "section_head"]"#,
    ];
    let mut expected = Vec::new();
    for (c, choices) in ["2", "3", "4"].iter().enumerate() {
        for (l, level) in levels.iter().enumerate() {
            for run in 0..2 {
                expected.push((
                    (c * 2 + l).to_string(),
                    choices.to_string(),
                    level.to_string(),
                    run.to_string(),
                ));
            }
        }
    }
    assert_eq!(seen, expected);
    assert!(rows.iter().all(|r| r["points"] == "6" && r["runs"] == "2"));
}

#[test]
fn jobs_do_not_change_a_byte() {
    let dir = tempfile::tempdir().unwrap();
    let mut outputs = Vec::new();
    for jobs in ["1", "2"] {
        for ext in ["jsonl", "csv"] {
            let rows = dir.path().join(format!("rows-{jobs}.{ext}"));
            let summary = stdout_of(&[
                "batch",
                CORPORATE,
                "--runs",
                "150",
                "--set",
                "policy.choices=2,4",
                "--jobs",
                jobs,
                "--format",
                "json",
                "--out",
                rows.to_str().unwrap(),
            ]);
            outputs.push((ext, summary, std::fs::read(&rows).unwrap()));
        }
    }
    let (one, two) = outputs.split_at(2);
    assert_eq!(one, two);
    assert_eq!(
        String::from_utf8_lossy(&one[0].2).lines().count(),
        300,
        "one JSON line per run"
    );
}

#[test]
fn four_shards_merge_into_the_single_batch_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let d = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let common = [
        "batch",
        APPROVAL,
        "--runs",
        "13",
        "--seed",
        "5",
        "--set",
        "policy.choices=2,3,4",
    ];
    for ext in ["csv", "jsonl"] {
        for format in ["table", "json"] {
            let whole_rows = d(&format!("whole.{ext}"));
            let mut args = common.to_vec();
            args.extend(["--format", format, "--out", &whole_rows]);
            let whole_summary = stdout_of(&args);
            let mut parts = Vec::new();
            // Shards in a scrambled order, each on one thread.
            for k in [3, 1, 4, 2] {
                let part = d(&format!("part-{k}.{ext}"));
                let shard = format!("{k}/4");
                let mut args = common.to_vec();
                args.extend(["--shard", &shard, "--jobs", "1", "--out", &part]);
                let shard_summary = stdout_of(&args);
                assert!(shard_summary.contains(&format!("shard {k}/4")));
                parts.push(part);
            }
            let merged_rows = d(&format!("merged.{ext}"));
            let mut args = vec!["batch", "merge"];
            args.extend(parts.iter().map(String::as_str));
            args.extend(["--format", format, "--out", &merged_rows]);
            let merged_summary = stdout_of(&args);
            assert_eq!(merged_summary, whole_summary, "{ext} {format}");
            assert_eq!(
                std::fs::read(&merged_rows).unwrap(),
                std::fs::read(&whole_rows).unwrap(),
                "{ext} {format}"
            );
        }
    }
    // Shard 2/4 did exactly runs whose number (point × 13 + run) is 1 modulo 4.
    let rows = csv_rows(&dir.path().join("part-2.csv"));
    let numbers: Vec<u64> = rows
        .iter()
        .map(|r| r["point"].parse::<u64>().unwrap() * 13 + r["run"].parse::<u64>().unwrap())
        .collect();
    assert_eq!(numbers, (0..39).filter(|n| n % 4 == 1).collect::<Vec<_>>());
}

/// Nearest rank, worked independently: the value at 1-based rank ⌈p·n/100⌉.
fn nearest_rank(sorted: &[f64], p: usize) -> f64 {
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted[rank - 1]
}

#[test]
fn the_summary_is_the_statistics_of_the_rows() {
    let dir = tempfile::tempdir().unwrap();
    let rows_path = dir.path().join("rows.csv");
    let text = stdout_of(&[
        "batch",
        APPROVAL,
        "--runs",
        "101",
        "--format",
        "json",
        "--out",
        rows_path.to_str().unwrap(),
    ]);
    let summary: Summary = serde_json::from_str(&text).unwrap();
    assert_eq!(summary.status, "complete");
    assert_eq!(summary.shard, None);
    assert_eq!(
        (
            summary.grid_points,
            summary.runs_per_point,
            summary.runs_planned,
            summary.runs_done
        ),
        (1, 101, 101, 101)
    );
    assert_eq!(summary.scenario, "County approval consolidation (大审批)");
    assert_eq!(summary.reorg_version, env!("CARGO_PKG_VERSION"));
    let rows = csv_rows(&rows_path);
    let point = &summary.points[0];
    assert_eq!(
        (point.point, point.seed, point.runs, point.planned),
        (0, 2017, 101, 101)
    );
    assert!(point.settings.is_empty());
    let names: Vec<&str> = point.figures.iter().map(|f| f.figure.as_str()).collect();
    let numeric: Vec<&str> = SUMMARY_FIELDS
        .into_iter()
        .filter(|f| !["head_level", "youngest_head"].contains(f))
        .collect();
    assert_eq!(names, numeric);
    for figure in &point.figures {
        let mut values: Vec<f64> = rows
            .iter()
            .filter(|r| !r[&figure.figure].is_empty())
            .map(|r| r[&figure.figure].parse().unwrap())
            .collect();
        values.sort_by(f64::total_cmp);
        if values.is_empty() {
            // Absent in every run (no establishment given): nothing to summarise.
            assert_eq!((figure.n, figure.mean), (0, None), "{}", figure.figure);
            continue;
        }
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        let name = &figure.figure;
        assert_eq!(figure.n, values.len() as u64, "{name}");
        assert!((figure.mean.unwrap() - mean).abs() < 1e-6, "{name} mean");
        assert!((figure.sd.unwrap() - sd).abs() < 1e-6, "{name} sd");
        for (p, got) in [(5, figure.p5), (50, figure.p50), (95, figure.p95)] {
            assert!(
                (got.unwrap() - nearest_rank(&values, p)).abs() < 1e-6,
                "{name} p{p}"
            );
        }
    }
    // The promoted count really varies, so the check above is not vacuous.
    let promoted = point
        .figures
        .iter()
        .find(|f| f.figure == "promoted")
        .unwrap();
    assert!(promoted.sd.unwrap() > 0.0 && promoted.p5 < promoted.p95);
}

#[test]
fn the_built_in_scenario_is_the_default_and_formats_render() {
    let run: serde_json::Value =
        serde_json::from_str(&stdout_of(&["run", "--format", "json"])).unwrap();
    let name = run["scenario"].as_str().unwrap();
    let table = stdout_of(&["batch", "--runs", "2"]);
    assert!(
        table.starts_with(&format!("{name}\n2 runs, reorg ")),
        "{table}"
    );
    assert!(table.contains(&format!("Seed {}, 2 runs", run["seed"])));
    assert!(table.contains("│ placed"));
    let markdown = stdout_of(&["batch", APPROVAL, "--runs", "4", "--format", "markdown"]);
    assert!(markdown.starts_with("# County approval consolidation (大审批)\n"));
    assert!(markdown.contains("| figure"));
    let csv = stdout_of(&[
        "batch",
        APPROVAL,
        "--runs",
        "4",
        "--format",
        "csv",
        "--set",
        "policy.choices=2,3",
    ]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("point,policy.choices,seed,runs,planned,figure,n,mean,sd,p5,p50,p95")
    );
    assert_eq!(
        lines.next(),
        Some("0,2,2017,4,4,units_before,4,5.0,0.0,5,5,5")
    );
    // Every summary field but the two text ones is a figure.
    assert_eq!(csv.lines().count(), 1 + 2 * (SUMMARY_FIELDS.len() - 2));
}

/// Titles count runs in words a reader expects: "1 run", "2 runs".
#[test]
fn titles_say_1_run_and_2_runs() {
    let one = stdout_of(&["batch", APPROVAL, "--runs", "1"]);
    assert!(one.contains("(大审批)\n1 run, reorg"), "{one}");
    assert!(!one.contains("1 runs"), "{one}");
    let grid = stdout_of(&[
        "batch",
        APPROVAL,
        "--runs",
        "1",
        "--set",
        "policy.choices=2,3",
    ]);
    assert!(grid.contains("2 grid points × 1 run = 2 runs"), "{grid}");
}

#[test]
fn bad_input_exits_with_2() {
    let cases: [&[&str]; 9] = [
        &["batch", "--runs", "3", "--shard", "5/4"],
        &["batch", "--runs", "3", "--shard", "0/4"],
        &["batch", "--runs", "3", "--shard", "two"],
        &["batch", "--runs", "3", "--set", "policy.choices=2,oops"],
        &["batch", "--runs", "3", "--set", "policy.choicez=2,3"],
        &["batch", "--runs", "3", "--set", "policy.choices=2,,3"],
        &["batch", "--runs", "3", "--out", "rows.txt"],
        &["batch", "--runs", "0"],
        &["batch", APPROVAL],
    ];
    for args in cases {
        reorg().args(args).assert().code(2).stdout("");
    }
    let err = reorg()
        .args(["batch", "--runs", "3", "--set", "policy.choicez=2,3"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&err.get_output().stderr).to_string();
    assert!(stderr.contains("choicez"), "{stderr}");
    let err = reorg()
        .args(["batch", "--runs", "3", "--shard", "5/4"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&err.get_output().stderr).to_string();
    assert!(stderr.contains("K must be 1 to N"), "{stderr}");
}

#[test]
fn merge_refuses_incomplete_parts_unless_partial() {
    let dir = tempfile::tempdir().unwrap();
    let part = |k: u32| dir.path().join(format!("part-{k}.jsonl"));
    for k in 1..=3 {
        let shard = format!("{k}/3");
        reorg()
            .args([
                "batch", APPROVAL, "--runs", "10", "--shard", &shard, "--out",
            ])
            .arg(part(k))
            .assert()
            .success();
    }
    let out = dir.path().join("merged.jsonl");
    let failed = reorg()
        .args(["batch", "merge"])
        .arg(part(1))
        .arg(part(3))
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&failed.get_output().stderr).to_string();
    assert!(
        stderr.contains("cover 7 of 10 runs: 3 missing, the first point 0 run 1"),
        "{stderr}"
    );
    assert!(!out.exists(), "no merged file after a failed merge");
    let partial = reorg()
        .args(["batch", "merge", "--partial", "--format", "json"])
        .arg(part(1))
        .arg(part(3))
        .assert()
        .success();
    let summary: Summary = serde_json::from_slice(&partial.get_output().stdout).unwrap();
    assert_eq!(
        (
            summary.status.as_str(),
            summary.runs_done,
            summary.runs_planned
        ),
        ("partial", 7, 10)
    );
    reorg()
        .args(["batch", "merge"])
        .arg(part(1))
        .arg(part(1))
        .arg(part(2))
        .arg(part(3))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is given twice"));
    reorg()
        .args(["batch", "merge"])
        .arg(dir.path().join("missing.csv"))
        .assert()
        .code(2);
}

/// Mistakes that would only show after all the runs are refused before the
/// first: an `--out` that is a folder, an absurd number of threads.
#[test]
fn hopeless_outputs_and_thread_counts_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("rows.jsonl");
    std::fs::create_dir(&folder).unwrap();
    let started = std::time::Instant::now();
    reorg()
        .args(["batch", CORPORATE, "--runs", "1000000000", "--out"])
        .arg(&folder)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains("is a folder"));
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    reorg()
        .args(["batch", CORPORATE, "--runs", "10", "--jobs", "100000"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains("at most 256 threads"));
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly_with_whole_rows_and_a_summary_of_them() {
    stops_cleanly_on("-INT");
}

/// What a scheduler's time limit, `scancel` or `kill` sends.
#[cfg(unix)]
#[test]
fn sigterm_stops_cleanly_like_ctrl_c() {
    stops_cleanly_on("-TERM");
}

/// Starts `reorg batch` on the corporate example with `runs` runs, rows to
/// `rows`, stdout and stderr piped; under `nohup` when asked.
#[cfg(unix)]
fn spawn_batch(under_nohup: bool, runs: &str, rows: &std::path::Path) -> std::process::Child {
    use std::process::{Command, Stdio};
    let reorg = assert_cmd::cargo::cargo_bin("reorg");
    let mut command = if under_nohup {
        let mut command = Command::new("nohup");
        command.arg(reorg);
        command
    } else {
        Command::new(reorg)
    };
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["batch", CORPORATE, "--runs", runs, "--jobs", "2"])
        .args(["--format", "json", "--out"])
        .arg(rows)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits until the temporary file of `rows` holds `bytes` bytes of rows;
/// false if the batch ended first or a minute passed.
#[cfg(unix)]
fn wait_for_rows(child: &mut std::process::Child, rows: &std::path::Path, bytes: u64) -> bool {
    use std::time::{Duration, Instant};
    let start = Instant::now();
    let written = || {
        temp_files_of(rows)
            .first()
            .and_then(|temp| std::fs::metadata(temp).ok())
            .map_or(0, |m| m.len())
    };
    while written() < bytes {
        if child.try_wait().unwrap().is_some() || start.elapsed() > Duration::from_secs(60) {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    true
}

/// `nohup` ignores SIGHUP so that a job outlives its terminal; the batch
/// keeps it ignored and finishes every run.
#[cfg(target_os = "linux")]
#[test]
fn a_batch_under_nohup_outlives_a_hangup() {
    let dir = tempfile::tempdir().unwrap();
    let rows = dir.path().join("rows.jsonl");
    let mut child = spawn_batch(true, "8000", &rows);
    // Hang up once rows stream (if the batch is still running by then).
    wait_for_rows(&mut child, &rows, 50_000);
    let _ = std::process::Command::new("kill")
        .args(["-HUP", &child.id().to_string()])
        .status();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: Summary = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary.status, "complete");
    assert_eq!(summary.runs_done, 8000);
    let text = std::fs::read_to_string(&rows).unwrap();
    assert_eq!(text.lines().count(), 8000);
}

/// Sends `signal` to a batch that is streaming rows and checks that it
/// stops as Ctrl-C is documented to stop it.
#[cfg(unix)]
fn stops_cleanly_on(signal: &str) {
    use std::process::Command;

    let dir = tempfile::tempdir().unwrap();
    let rows = dir.path().join("rows.csv");
    /// Kills the batch if the test fails before it ends, so no process is left behind.
    struct Guard(Option<std::process::Child>);
    impl Drop for Guard {
        fn drop(&mut self) {
            if let Some(child) = &mut self.0 {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }

    let child = spawn_batch(false, "1000000000", &rows);
    let pid = child.id();
    let mut guard = Guard(Some(child));
    // Wait until rows are streaming to the temporary file, then signal.
    let streaming = wait_for_rows(guard.0.as_mut().expect("running"), &rows, 100_000);
    assert!(streaming, "no rows streamed");
    let killed = Command::new("kill")
        .args([signal, &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let child = guard.0.take().expect("still running");
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("interrupted"), "{stderr}");
    let summary: Summary = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary.status, "interrupted");
    assert_eq!(summary.runs_planned, 1_000_000_000);
    let text = std::fs::read_to_string(&rows).unwrap();
    assert!(text.ends_with('\n'), "the last row is whole");
    let rows = csv_rows(&rows);
    assert_eq!(rows.len() as u64, summary.runs_done);
    assert_eq!(summary.points[0].runs, summary.runs_done);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row["run"], i.to_string(), "runs 0.. in order, no gaps");
        assert!(!row["vacancies"].is_empty(), "whole row");
    }
    assert_eq!(
        temp_files_of(&dir.path().join("rows.csv")),
        Vec::<std::path::PathBuf>::new()
    );
}
