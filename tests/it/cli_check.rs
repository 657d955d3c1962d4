//! `reorg check`: summaries, JSON, exit codes.

use crate::support::reorg;

#[test]
fn summarises_the_approval_example() {
    // Figures worked out from the file: 5 bureaus with 1 head, 1 deputy,
    // 2 section heads and 5 staff each; posts summed over the 4 after units.
    let out = reorg()
        .args(["check", "examples/approval-bureau.toml"])
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        stdout.starts_with("examples/approval-bureau.toml: ok, 1 warning\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\nunits: 5 → 4 (department 5 → 3, bureau 0 → 1)\n"),
        "{stdout}"
    );
    assert!(stdout.contains("\npeople: 45\n"), "{stdout}");
    assert!(
        stdout.contains("\none matter, one department: holds\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("│ total        ┆                   ┆     45 ┆    38 ┆"),
        "{stdout}"
    );
    assert!(
        stdout.contains("│ 38 posts for 45 people who compete: unless the policy's rules take 7 out, some will not be placed"),
        "{stdout}"
    );
}

#[derive(serde::Deserialize)]
struct Summary {
    file: String,
    units_before: usize,
    units_after: usize,
    people: usize,
    opted_out: usize,
    without_home: usize,
    levels: Vec<LevelRow>,
    one_matter_one_department: bool,
    shared_before: Vec<Owners>,
}

#[derive(serde::Deserialize)]
struct LevelRow {
    level: String,
    people: u64,
    posts: u64,
}

#[derive(serde::Deserialize)]
struct Owners {
    function: String,
    owners: Vec<String>,
}

#[test]
fn json_summary_of_the_corporate_example() {
    let out = reorg()
        .args([
            "check",
            "--format",
            "json",
            "examples/corporate-merger.toml",
        ])
        .assert()
        .success();
    let summaries: Vec<Summary> = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(summaries.len(), 1);
    let s = &summaries[0];
    assert_eq!(s.file, "examples/corporate-merger.toml");
    assert_eq!((s.units_before, s.units_after), (9, 4));
    // Counted from the roster CSV: 73 rows, one flagged opt_out, three doing payroll (dissolved).
    let csv = std::fs::read_to_string("examples/corporate-merger-roster.csv").unwrap();
    let rows: Vec<Vec<&str>> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!(s.people, rows.len());
    assert_eq!(s.opted_out, rows.iter().filter(|r| r[10] == "true").count());
    assert_eq!(
        s.without_home,
        rows.iter().filter(|r| r[7] == "payroll").count()
    );
    let directors = rows.iter().filter(|r| r[3] == "director").count() as u64;
    assert_eq!(s.levels[0].level, "director");
    assert_eq!((s.levels[0].people, s.levels[0].posts), (directors, 4));
    assert!(s.one_matter_one_department);
    let payroll = s
        .shared_before
        .iter()
        .find(|o| o.function == "payroll")
        .unwrap();
    assert_eq!(payroll.owners, ["nw_hr", "hf_people"]);
}

#[test]
fn one_invalid_file_fails_the_run_but_the_others_are_summarised() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[scenario]\nname = 3\n").unwrap();
    let out = reorg()
        .args(["check", "examples/approval-bureau.toml"])
        .arg(&bad)
        .assert()
        .code(2);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stdout.contains("examples/approval-bureau.toml: ok"),
        "{stdout}"
    );
    assert!(
        stderr.contains("`name` in `[scenario]` must be a string, found an integer"),
        "{stderr}"
    );
    assert!(stderr.contains("bad.toml:2:8"), "{stderr}");
}

#[test]
fn check_needs_a_file() {
    reorg().arg("check").assert().code(2);
}

/// Diagnostics carry no colour codes when stderr is not a terminal, even
/// without `NO_COLOR` (assert_cmd captures stderr through a pipe).
#[test]
fn no_colour_when_stderr_is_not_a_terminal() {
    let out = assert_cmd::Command::cargo_bin("reorg")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .args(["check", "tests/fixtures/invalid/unknown-key-after.toml"])
        .assert()
        .code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("error: unknown key `postz` in `[[after]]`"),
        "{stderr}"
    );
    assert!(
        !stderr.contains('\u{1b}'),
        "escape codes in piped stderr: {stderr:?}"
    );
}
