//! Figures of one's own (`[[figure]]`, issue 15 item 3) in `run` and
//! `batch`, checked against a second computation: the per-person rows of
//! `reorg run --people --format json` for the same seeds.

use std::path::{Path, PathBuf};

use crate::support::reorg;

/// The shipped approval-bureau example with three figures: approval staff
/// ending in the approval bureau (a count), the share of approval staff who
/// end there, and the people of `housing` promoted or kept at their level.
fn scenario_with_figures(dir: &Path) -> PathBuf {
    let base = std::fs::read_to_string("examples/approval-bureau.toml").unwrap();
    let text = format!(
        r#"{base}

[[figure]]
id = "approval_to_bureau"
name = "approval staff in the bureau"
count = {{ function = "approval", after_unit = "approval_bureau" }}

[[figure]]
id = "approval_share"
share = {{ after_unit = "approval_bureau", among = {{ function = "approval" }} }}

[[figure]]
id = "housing_kept"
count = {{ before_unit = "housing", status = ["promoted", "same_level"] }}
"#
    );
    let path = dir.join("figures.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn run_json(path: &Path, seed: u64) -> serde_json::Value {
    let out = reorg()
        .args([
            "run",
            path.to_str().unwrap(),
            "--people",
            "--format",
            "json",
        ])
        .args(["--seed", &seed.to_string()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The three figures, counted again from the people rows.
fn by_hand(report: &serde_json::Value) -> (u64, Option<f64>, u64) {
    let people = report["people"].as_array().unwrap();
    let approval: Vec<&serde_json::Value> = people
        .iter()
        .filter(|p| p["function"] == "approval")
        .collect();
    let in_bureau = approval
        .iter()
        .filter(|p| p["after_unit"] == "approval_bureau")
        .count() as u64;
    let share = (!approval.is_empty()).then(|| in_bureau as f64 / approval.len() as f64);
    let housing_kept = people
        .iter()
        .filter(|p| {
            p["before_unit"] == "housing"
                && (p["status"] == "promoted" || p["status"] == "same_level")
        })
        .count() as u64;
    (in_bureau, share, housing_kept)
}

#[test]
fn run_figures_match_the_people_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = scenario_with_figures(dir.path());
    let mut seen = std::collections::BTreeSet::new();
    for seed in [1, 2, 3, 4, 5] {
        let report = run_json(&path, seed);
        let figures = report["figures"].as_array().unwrap();
        let ids: Vec<&str> = figures.iter().map(|f| f["id"].as_str().unwrap()).collect();
        assert_eq!(
            ids,
            ["approval_to_bureau", "approval_share", "housing_kept"]
        );
        let (count, share, kept) = by_hand(&report);
        assert_eq!(figures[0]["value"].as_u64(), Some(count), "seed {seed}");
        assert_eq!(figures[0]["measure"], "count");
        assert_eq!(figures[1]["value"].as_f64(), share, "seed {seed}");
        assert_eq!(figures[2]["value"].as_u64(), Some(kept), "seed {seed}");
        seen.insert(count);
    }
    // The figure varies with the seed, so the check is not of a constant.
    assert!(seen.len() > 1, "{seen:?}");
}

#[test]
fn run_csv_and_table_show_the_figures() {
    let dir = tempfile::tempdir().unwrap();
    let path = scenario_with_figures(dir.path());
    let report = run_json(&path, 3);
    let (count, _, _) = by_hand(&report);
    let out = reorg()
        .args([
            "run",
            path.to_str().unwrap(),
            "--format",
            "csv",
            "--seed",
            "3",
        ])
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(
        csv.lines()
            .any(|l| l == format!("figure.approval_to_bureau,{count}")),
        "{csv}"
    );
    let out = reorg()
        .args(["run", path.to_str().unwrap(), "--seed", "3"])
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("approval staff in the bureau"), "{table}");
}

#[test]
fn a_figure_naming_an_unknown_unit_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string("examples/approval-bureau.toml").unwrap();
    let lines = base.lines().count();
    let text = format!(
        "{base}\n[[figure]]\nid = \"x\"\ncount = {{ function = \"approval\", after_unit = \"aproval_bureau\" }}\n"
    );
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, text).unwrap();
    let out = reorg()
        .args(["check", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("unknown after unit `aproval_bureau`"), "{err}");
    assert!(err.contains("did you mean `approval_bureau`?"), "{err}");
    // The figure's `count` line: two after the file's last line and `[[figure]]`, `id`.
    let line = lines + 4;
    assert!(err.contains(&format!("bad.toml:{line}:")), "{err}");
}

#[test]
fn unknown_status_and_field_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string("examples/approval-bureau.toml").unwrap();
    let text = format!(
        "{base}\n[[figure]]\nid = \"x\"\ncount = {{ status = \"poled\" }}\n\n[[figure]]\nid = \"y\"\nmean = {{ field = \"agee\" }}\n"
    );
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, text).unwrap();
    let out = reorg()
        .args(["check", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("unknown status `poled`"), "{err}");
    assert!(err.contains("did you mean `pooled`?"), "{err}");
    assert!(err.contains("unknown field `agee`"), "{err}");
    assert!(err.contains("did you mean `age`?"), "{err}");
}

fn stdout_of(args: &[&str]) -> String {
    let out = reorg().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn jsonl(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Each batch row's figure columns are the figures of the run it replays
/// (`reorg run --seed S --run K`), counted again from that run's people rows.
#[test]
fn batch_rows_carry_the_figures_of_their_runs() {
    let dir = tempfile::tempdir().unwrap();
    let path = scenario_with_figures(dir.path());
    let rows_path = dir.path().join("rows.jsonl");
    let p = path.to_str().unwrap();
    stdout_of(&[
        "batch",
        p,
        "--runs",
        "4",
        "--seed",
        "7",
        "--out",
        rows_path.to_str().unwrap(),
    ]);
    let rows = jsonl(&rows_path);
    assert_eq!(rows.len(), 4);
    for row in &rows {
        // The extra columns come after the fixed ones, in file order.
        let keys: Vec<&String> = row.as_object().unwrap().keys().collect();
        let kinds = keys.iter().position(|k| *k == "kinds").unwrap();
        assert_eq!(
            keys[kinds + 1..],
            [
                "figure.approval_to_bureau",
                "figure.approval_share",
                "figure.housing_kept"
            ]
        );
        let run = row["run"].as_u64().unwrap().to_string();
        let out = reorg()
            .args([
                "run", p, "--people", "--format", "json", "--seed", "7", "--run", &run,
            ])
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let (count, share, kept) = by_hand(&report);
        assert_eq!(
            row["figure.approval_to_bureau"].as_u64(),
            Some(count),
            "run {run}"
        );
        assert_eq!(row["figure.approval_share"].as_f64(), share, "run {run}");
        assert_eq!(row["figure.housing_kept"].as_u64(), Some(kept), "run {run}");
    }
}

/// Rows with figure columns are the same bytes for any `--jobs`, and shards
/// merge into the single batch byte for byte, in both row formats.
#[test]
fn figure_columns_are_reproducible_across_jobs_and_shards() {
    let dir = tempfile::tempdir().unwrap();
    let path = scenario_with_figures(dir.path());
    let p = path.to_str().unwrap().to_string();
    let d = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    for ext in ["csv", "jsonl"] {
        let common = ["batch", p.as_str(), "--runs", "6", "--seed", "3"];
        let one = d(&format!("one.{ext}"));
        let two = d(&format!("two.{ext}"));
        let mut args = common.to_vec();
        args.extend(["--jobs", "1", "--out", &one]);
        stdout_of(&args);
        let mut args = common.to_vec();
        args.extend(["--jobs", "2", "--out", &two]);
        stdout_of(&args);
        let whole = std::fs::read(&one).unwrap();
        assert_eq!(whole, std::fs::read(&two).unwrap(), "{ext}");
        assert!(String::from_utf8_lossy(&whole).contains("figure.housing_kept"));
        let mut parts = Vec::new();
        for k in [2, 1] {
            let part = d(&format!("part-{k}.{ext}"));
            let shard = format!("{k}/2");
            let mut args = common.to_vec();
            args.extend(["--shard", &shard, "--out", &part]);
            stdout_of(&args);
            parts.push(part);
        }
        let merged = d(&format!("merged.{ext}"));
        let mut args = vec!["batch", "merge"];
        args.extend(parts.iter().map(String::as_str));
        args.extend(["--out", &merged]);
        stdout_of(&args);
        assert_eq!(std::fs::read(&merged).unwrap(), whole, "{ext}");
    }
}

/// Parts of a scenario with figures and one without are refused (the
/// fingerprint, which hashes the scenario text, already tells them apart;
/// the figure columns are checked as well).
#[test]
fn parts_with_other_figures_are_not_merged() {
    let dir = tempfile::tempdir().unwrap();
    let path = scenario_with_figures(dir.path());
    let with = dir.path().join("with.jsonl");
    let without = dir.path().join("without.jsonl");
    stdout_of(&[
        "batch",
        path.to_str().unwrap(),
        "--runs",
        "2",
        "--shard",
        "1/2",
        "--out",
        with.to_str().unwrap(),
    ]);
    stdout_of(&[
        "batch",
        "examples/approval-bureau.toml",
        "--runs",
        "2",
        "--shard",
        "2/2",
        "--out",
        without.to_str().unwrap(),
    ]);
    let out = reorg()
        .args([
            "batch",
            "merge",
            with.to_str().unwrap(),
            without.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
}

/// `compare --runs` shows each side's figure: with the figure on both sides
/// the means are those of the batch rows of the same seed (worked out here
/// from the rows), and a figure of one side only is missing on the other.
#[test]
fn compare_shows_figures_on_each_side() {
    let dir = tempfile::tempdir().unwrap();
    let path = scenario_with_figures(dir.path());
    let p = path.to_str().unwrap();
    let both: serde_json::Value = serde_json::from_str(&stdout_of(&[
        "compare", p, p, "--runs", "4", "--format", "json",
    ]))
    .unwrap();
    let seed = both["seed"].as_u64().unwrap().to_string();
    let rows_path = dir.path().join("rows.jsonl");
    stdout_of(&[
        "batch",
        p,
        "--runs",
        "4",
        "--seed",
        &seed,
        "--out",
        rows_path.to_str().unwrap(),
    ]);
    let rows = jsonl(&rows_path);
    let mean = rows
        .iter()
        .map(|r| r["figure.approval_to_bureau"].as_f64().unwrap())
        .sum::<f64>()
        / rows.len() as f64;
    let figure = both["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["figure"] == "figure.approval_to_bureau")
        .unwrap();
    assert!(
        (figure["a"]["mean"].as_f64().unwrap() - mean).abs() < 1e-9,
        "{figure}"
    );
    assert_eq!(figure["a"], figure["b"]);
    assert_eq!(figure["difference"].as_f64(), Some(0.0));

    let one: serde_json::Value = serde_json::from_str(&stdout_of(&[
        "compare",
        p,
        "examples/approval-bureau.toml",
        "--runs",
        "4",
        "--format",
        "json",
    ]))
    .unwrap();
    let figure = one["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["figure"] == "figure.approval_to_bureau")
        .unwrap();
    assert_eq!(figure["b"]["n"], 0);
    assert!(figure["b"]["mean"].is_null());
    assert!(figure["difference"].is_null());
}

/// A scenario whose process durations are drawn gives each batch row
/// `process.ID.before_days` / `after_days`; run K draws what `reorg process
/// --runs` draws as its run K with the same seed, so the rows' minimum,
/// median and maximum are that command's (3 runs: each is one run).
#[test]
fn batch_rows_carry_process_durations_as_reorg_process_draws_them() {
    let dir = tempfile::tempdir().unwrap();
    let rows_path = dir.path().join("rows.jsonl");
    let scenario = "examples/approval-process.toml";
    stdout_of(&[
        "batch",
        scenario,
        "--runs",
        "3",
        "--seed",
        "4",
        "--out",
        rows_path.to_str().unwrap(),
    ]);
    let spread: serde_json::Value = serde_json::from_str(&stdout_of(&[
        "process", scenario, "--runs", "3", "--seed", "4", "--format", "json",
    ]))
    .unwrap();
    let process = &spread["processes"][0];
    let id = process["id"].as_str().unwrap();
    for side in ["before", "after"] {
        let column = format!("process.{id}.{side}_days");
        let mut days: Vec<f64> = jsonl(&rows_path)
            .iter()
            .map(|r| r[&column].as_f64().unwrap())
            .collect();
        days.sort_by(f64::total_cmp);
        assert_eq!(days[0], process[side]["min"].as_f64().unwrap(), "{column}");
        assert_eq!(days[1], process[side]["p50"].as_f64().unwrap(), "{column}");
        assert_eq!(days[2], process[side]["max"].as_f64().unwrap(), "{column}");
    }
}
