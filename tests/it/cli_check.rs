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

/// A scenario for the bound on work: 20 levels, each filled by a round of
/// its own with a second pass; `units` after units (each from a before unit
/// of its own) with one seat at every level; `people` generated people at
/// the lowest level of one bureau, who may climb to any level. Every person
/// may take every post of every pass, so the estimate is people × units × 2
/// passes × 20 rounds, worked out by hand.
fn heavy_scenario(people: u64, units: u64) -> String {
    let mut text = String::from("[scenario]\nname = \"heavy\"\n\n");
    for l in 0..20 {
        text.push_str(&format!("[[level]]\nid = \"l{l}\"\n"));
    }
    let seats: Vec<String> = (0..20).map(|l| format!("l{l} = 1")).collect();
    for u in 0..units {
        text.push_str(&format!(
            "[[before]]\nid = \"b{u}\"\n[[after]]\nid = \"u{u}\"\nfrom = [\"b{u}\"]\nposts = {{ {} }}\n",
            seats.join(", ")
        ));
    }
    text.push_str("\n[policy]\nmax_climb = 64\n");
    for r in 0..20 {
        text.push_str(&format!(
            "\n[[round]]\nid = \"r{r}\"\nlevels = [\"l{r}\"]\nsecond_pass = true\n"
        ));
    }
    text.push_str(&format!(
        "\n[roster.generate]\nseed = 1\n\n[roster.generate.unit.b0]\ncounts = {{ l19 = {people} }}\n"
    ));
    text
}

#[test]
fn refuses_a_run_over_the_bound_on_work_in_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("heavy.toml");
    let text = heavy_scenario(100_000, 2_600);
    std::fs::write(&path, &text).unwrap();
    // The first [[round]] is the most expensive (all rounds cost the same,
    // and the first one found is named).
    let round_line = text.lines().position(|l| l == "[[round]]").unwrap() + 1;
    for args in [vec!["check"], vec!["run"], vec!["batch", "--runs", "2"]] {
        let out = reorg().args(&args).arg(&path).assert().code(2);
        let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        // 100,000 × 2,600 × 2 passes × 20 rounds; the round: 100,000 × 2,600 × 2.
        assert!(
            stderr.contains(
                "a run would draw about 10,400,000,000 (person, post) tastes (round `r0`: 520,000,000), over the limit of 10,000,000,000"
            ),
            "{args:?}: {stderr}"
        );
        assert!(
            stderr.contains(&format!("heavy.toml:{round_line}:")),
            "{args:?}: not located at line {round_line}: {stderr}"
        );
        assert!(stderr.contains("market"), "{args:?}: {stderr}");
    }
}

#[test]
fn shows_the_work_of_a_run_under_the_bound() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("heavy.toml");
    // 100,000 × 2,499 × 2 × 20 = 9,996,000,000: just under the limit.
    std::fs::write(&path, heavy_scenario(100_000, 2_499)).unwrap();
    let out = reorg().arg("check").arg(&path).assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        stdout.contains(
            "\nwork per run: at most 9,996,000,000 (person, post) taste draws (limit 10,000,000,000)\n"
        ),
        "{stdout}"
    );
    let out = reorg()
        .args(["check", "--format", "json"])
        .arg(&path)
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(json[0]["work"]["pairs"], 9_996_000_000u64);
    assert_eq!(json[0]["work"]["largest_round_pairs"], 499_800_000u64);
    assert_eq!(json[0]["work"]["limit"], 10_000_000_000u64);
}

#[test]
fn counts_the_work_of_the_approval_example_by_hand() {
    // examples/approval-bureau.toml: posts per level (units with seats):
    // head 4, deputy 4, section_head 4, staff 4; people 5 per level except
    // 10 section heads and 25 staff; max_climb 1, max_drop 1; nobody flagged
    // opt_out. Round `heads` (head): heads and deputies may take the 4 head
    // posts: (5 + 5) × 4 = 40. Round `deputies` (deputy): heads, deputies,
    // section heads: (5 + 5 + 10) × 4 = 80. Round `sections` (section_head,
    // staff) with a second pass: deputies 4 (section_head), section heads
    // 4 + 4, staff 4 + 4: (5 × 4 + 10 × 8 + 25 × 8) × 2 = 600. Total 720.
    let out = reorg()
        .args(["check", "--format", "json", "examples/approval-bureau.toml"])
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(json[0]["work"]["pairs"], 720);
    assert_eq!(json[0]["work"]["largest_round"], 2);
}

#[test]
fn every_shipped_scenario_is_far_under_the_bound_on_work() {
    // Binhai counts 141,151 draws; a factor of 10,000 below the limit
    // leaves room for far larger real reforms than any shipped one.
    for path in crate::support::shipped_scenarios() {
        let scenario = reorg::scenario::load(&path).unwrap().scenario;
        let work = reorg::scenario::estimate_work(&scenario);
        assert!(
            work.pairs < reorg::scenario::limits::MAX_WORK_PAIRS / 10_000,
            "{}: {work:?}",
            path.display()
        );
    }
}
