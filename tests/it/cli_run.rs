//! `reorg run`: the JSON contract decoded into structs defined here, the
//! per-person CSV, overrides, output files, determinism and snapshots.

use std::collections::HashMap;

use serde::Deserialize;

use crate::support::reorg;

fn stdout_of(args: &[&str]) -> String {
    let out = reorg().args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[derive(Debug, Deserialize)]
struct Report {
    reorg_version: String,
    scenario: String,
    seed: u64,
    summary: Summary,
    units: Vec<Unit>,
    levels: Vec<Level>,
    transitions: Transitions,
    flows: Vec<Flow>,
    payroll: Option<Payroll>,
    rounds: Vec<Round>,
    people: Option<Vec<Person>>,
}

#[derive(Debug, Deserialize)]
struct Summary {
    units_before: usize,
    units_after: usize,
    people: usize,
    posts: u64,
    placed: usize,
    promoted: usize,
    same_level: usize,
    demoted: usize,
    pooled: usize,
    fallback: usize,
    exited: usize,
    did_not_compete: usize,
    leaders_before: usize,
    leaders_after: usize,
    vacancies: u64,
}

#[derive(Debug, Deserialize)]
struct Unit {
    id: String,
    predecessors: Vec<String>,
    inherited: usize,
    posts: Vec<u32>,
    filled: Vec<u32>,
    vacancies: u32,
    cutoff: Option<f64>,
}

#[derive(Debug, Deserialize)]
struct Level {
    id: String,
    before: usize,
    posts: u64,
    after: usize,
}

#[derive(Debug, Deserialize)]
struct Transitions {
    columns: Vec<String>,
    rows: Vec<TransitionRow>,
}

#[derive(Debug, Deserialize)]
struct TransitionRow {
    level: String,
    counts: Vec<usize>,
}

#[derive(Debug, Deserialize)]
struct Flow {
    people: usize,
}

#[derive(Debug, Deserialize)]
struct Payroll {
    base_before: f64,
    performance_before: f64,
    paid_after: usize,
}

#[derive(Debug, Deserialize)]
struct Round {
    id: String,
    levels: Vec<String>,
    applicants: usize,
    placed: usize,
    second_pass_placed: usize,
}

#[derive(Debug, Deserialize)]
struct Person {
    id: String,
    status: String,
    after_unit: Option<String>,
    after_level: Option<String>,
}

fn report(args: &[&str]) -> Report {
    serde_json::from_str(&stdout_of(args))
        .expect("run --format json decodes into the documented shape")
}

/// The corporate roster CSV, read here independently of reorg.
fn corporate_roster() -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_path("examples/corporate-merger-roster.csv").unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            headers
                .iter()
                .map(String::from)
                .zip(r.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

#[test]
fn json_report_adds_up() {
    let r = report(&[
        "run",
        "examples/corporate-merger.toml",
        "--format",
        "json",
        "--seed",
        "9",
        "--people",
    ]);
    assert_eq!(r.reorg_version, env!("CARGO_PKG_VERSION"));
    assert_eq!(r.scenario, "Northwind + Harbor Freight merger");
    assert_eq!(r.seed, 9);
    let roster = corporate_roster();
    let s = &r.summary;
    assert_eq!(
        (s.units_before, s.units_after, s.people),
        (9, 4, roster.len())
    );
    // Seats from the file: finance 13, people 5, operations 28, commercial 17.
    assert_eq!(s.posts, 63);
    assert_eq!(s.placed, s.promoted + s.same_level + s.demoted);
    assert_eq!(
        s.placed + s.pooled + s.fallback + s.exited + s.did_not_compete,
        s.people
    );
    assert_eq!(
        s.did_not_compete,
        roster.iter().filter(|p| p["opt_out"] == "true").count()
    );
    assert_eq!(s.posts - s.vacancies, s.placed as u64);
    // Leadership: no level is flagged, so every level but staff counts.
    assert_eq!(
        s.leaders_before,
        roster.iter().filter(|p| p["level"] != "staff").count()
    );
    let leader_seats: usize = r
        .levels
        .iter()
        .filter(|l| l.id != "staff")
        .map(|l| l.after)
        .sum();
    assert_eq!(s.leaders_after, leader_seats);

    // Transitions: each row sums to the people at that level today (counted
    // from the CSV), and the whole table to everyone.
    assert_eq!(
        r.transitions.columns,
        [
            "director",
            "manager",
            "lead",
            "staff",
            "appointed",
            "transferred",
            "fallback",
            "rank_kept",
            "pooled",
            "exited",
            "retired",
            "did_not_compete"
        ]
    );
    for row in &r.transitions.rows {
        let today = roster.iter().filter(|p| p["level"] == row.level).count();
        assert_eq!(row.counts.iter().sum::<usize>(), today, "row {}", row.level);
    }
    let total: usize = r.transitions.rows.iter().flat_map(|row| &row.counts).sum();
    assert_eq!(total, roster.len());
    // The placed columns agree with the per-level headcount after.
    for (l, level) in r.levels.iter().enumerate() {
        let column: usize = r.transitions.rows.iter().map(|row| row.counts[l]).sum();
        assert_eq!(column, level.after, "{}", level.id);
        assert!(level.after as u64 <= level.posts);
        assert_eq!(
            level.before,
            roster.iter().filter(|p| p["level"] == level.id).count()
        );
    }

    for unit in &r.units {
        for (filled, posts) in unit.filled.iter().zip(&unit.posts) {
            assert!(filled <= posts, "{} over capacity", unit.id);
        }
        assert_eq!(
            unit.vacancies,
            unit.posts.iter().sum::<u32>() - unit.filled.iter().sum::<u32>()
        );
        assert_eq!(unit.cutoff.is_some(), unit.filled.iter().sum::<u32>() > 0);
    }
    let finance = r.units.iter().find(|u| u.id == "finance").unwrap();
    assert_eq!(
        finance.predecessors,
        ["nw_finance", "hf_finance", "hf_legal"]
    );
    // nw_finance 8 + hf_finance 5 + hf_legal's 2 compliance people.
    assert_eq!(finance.inherited, 15);

    let flows: Vec<usize> = r.flows.iter().map(|f| f.people).collect();
    assert!(
        flows.windows(2).all(|w| w[0] >= w[1]),
        "flows largest first"
    );

    // Payroll before, from the roster and the pay in the scenario file.
    let pay: HashMap<&str, (f64, f64)> = [
        ("director", (9500.0, 3500.0)),
        ("manager", (6800.0, 1700.0)),
        ("lead", (5200.0, 900.0)),
        ("staff", (4100.0, 500.0)),
    ]
    .into();
    let payroll = r.payroll.expect("every level has pay");
    let base: f64 = roster.iter().map(|p| pay[p["level"].as_str()].0).sum();
    let performance: f64 = roster.iter().map(|p| pay[p["level"].as_str()].1).sum();
    assert_eq!(
        (payroll.base_before, payroll.performance_before),
        (base, performance)
    );
    assert_eq!(payroll.paid_after, s.placed + s.fallback);

    let round_ids: Vec<&str> = r.rounds.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(round_ids, ["directors", "managers", "teams"]);
    let placed_by_rounds: usize = r
        .rounds
        .iter()
        .map(|x| x.placed + x.second_pass_placed)
        .sum();
    assert_eq!(placed_by_rounds, s.placed);
    assert!(r.rounds.iter().all(|x| x.placed <= x.applicants));

    let people = r.people.expect("--people adds people");
    assert_eq!(people.len(), roster.len());
    for (person, row) in people.iter().zip(&roster) {
        assert_eq!(person.id, row["id"]);
        let placed = matches!(
            person.status.as_str(),
            "promoted" | "same_level" | "demoted"
        );
        assert_eq!(
            placed,
            person.after_level.is_some() && person.after_unit.is_some(),
            "{}",
            person.id
        );
    }
}

#[test]
fn people_only_with_the_flag() {
    let r = report(&["run", "examples/corporate-merger.toml", "--format", "json"]);
    assert!(r.people.is_none());
}

#[test]
fn per_person_csv_has_the_promised_columns_and_everyone_once() {
    let text = stdout_of(&[
        "run",
        "examples/corporate-merger.toml",
        "--format",
        "csv",
        "--people",
        "--seed",
        "3",
    ]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header[..12],
        [
            "id",
            "name",
            "before_unit",
            "before_level",
            "function",
            "born",
            "after_unit",
            "after_level",
            "status",
            "round",
            "choice_rank",
            "reason"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let roster = corporate_roster();
    assert_eq!(rows.len(), roster.len());
    let mut ids: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    ids.sort_unstable();
    let mut expected: Vec<&str> = roster.iter().map(|p| p["id"].as_str()).collect();
    expected.sort_unstable();
    assert_eq!(ids, expected, "every person exactly once");
    let statuses = [
        "promoted",
        "same_level",
        "demoted",
        "pooled",
        "fallback",
        "exited",
        "did_not_compete",
    ];
    for row in &rows {
        assert!(statuses.contains(&&row[8]), "status {}", &row[8]);
        let placed = statuses[..3].contains(&&row[8]);
        // Empty cells where a value does not apply.
        assert_eq!(
            placed,
            !row[9].is_empty() && !row[10].is_empty(),
            "round and rank only for the placed: {row:?}"
        );
        assert_eq!(
            placed,
            row[11].is_empty(),
            "a reason only for the others: {row:?}"
        );
    }
    let payroll_person = rows
        .iter()
        .find(|r| &r[4] == "payroll")
        .expect("someone does payroll");
    assert_eq!(
        &payroll_person[2],
        roster
            .iter()
            .find(|p| p["id"] == payroll_person[0])
            .unwrap()["unit"]
            .as_str()
    );
}

#[test]
fn same_seed_gives_identical_bytes_and_seeds_differ() {
    for format in ["table", "json", "csv", "markdown"] {
        let a = stdout_of(&[
            "run",
            "examples/corporate-merger.toml",
            "--seed",
            "4",
            "--format",
            format,
            "--people",
        ]);
        let b = stdout_of(&[
            "run",
            "examples/corporate-merger.toml",
            "--seed",
            "4",
            "--format",
            format,
            "--people",
        ]);
        assert_eq!(a, b, "{format}");
        let c = stdout_of(&[
            "run",
            "examples/corporate-merger.toml",
            "--seed",
            "5",
            "--format",
            format,
            "--people",
        ]);
        assert_ne!(a, c, "{format}");
    }
}

#[test]
fn the_scenario_seed_is_the_default() {
    // corporate-merger.toml has `seed = 42`.
    let default = stdout_of(&["run", "examples/corporate-merger.toml", "--format", "csv"]);
    let explicit = stdout_of(&[
        "run",
        "examples/corporate-merger.toml",
        "--format",
        "csv",
        "--seed",
        "42",
    ]);
    assert_eq!(default, explicit);
    assert!(default.contains("\nseed,42\n"));
}

#[test]
fn set_overrides_values_by_path() {
    let r = report(&[
        "run",
        "examples/approval-bureau.toml",
        "--format",
        "json",
        "--set",
        "after.approval_bureau.posts.staff=2",
        "--set",
        "scenario.name=Trial",
    ]);
    assert_eq!(r.scenario, "Trial");
    let bureau = r.units.iter().find(|u| u.id == "approval_bureau").unwrap();
    assert_eq!(bureau.posts, [1, 1, 2, 2]);
    // 4 fewer seats than the file's 38.
    assert_eq!(r.summary.posts, 34);
    // An array element by position works too.
    let r = report(&[
        "run",
        "examples/approval-bureau.toml",
        "--format",
        "json",
        "--set",
        "round.0.levels=[\"head\", \"deputy\"]",
        "--set",
        "round.1.levels=[]",
    ]);
    assert_eq!(r.rounds[0].levels, ["head", "deputy"]);
    assert!(r.rounds[1].levels.is_empty());
    assert_eq!(r.rounds[1].applicants, 0);
}

#[test]
fn bad_overrides_are_located_errors() {
    let out = reorg()
        .args([
            "run",
            "examples/approval-bureau.toml",
            "--set",
            "policy.choices=0",
        ])
        .assert()
        .code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("error: `choices` must be from 1 to 1000, found 0"),
        "{stderr}"
    );
    assert!(stderr.contains("--> --set:1:16"), "{stderr}");
    let out = reorg()
        .args(["run", "--set", "policy.chioces=2"])
        .assert()
        .code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("unknown key `chioces` in `[policy]`"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `choices`?"), "{stderr}");
    let out = reorg().args(["run", "--set", "policy"]).assert().code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("`--set policy` has no `=`"), "{stderr}");
}

#[test]
fn output_file_is_written_whole_and_stdout_stays_empty() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("people.csv");
    let out = reorg()
        .args([
            "run",
            "examples/corporate-merger.toml",
            "--format",
            "csv",
            "--people",
            "-o",
        ])
        .arg(&path)
        .assert()
        .success();
    assert!(out.get_output().stdout.is_empty());
    let written = std::fs::read_to_string(&path).unwrap();
    let direct = stdout_of(&[
        "run",
        "examples/corporate-merger.toml",
        "--format",
        "csv",
        "--people",
    ]);
    // A CSV file starts with the UTF-8 byte-order mark (for Excel); stdout does not.
    assert_eq!(written, format!("\u{feff}{direct}"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left: {leftovers:?}");
    // A folder that does not exist is bad input, not a crash.
    reorg()
        .args(["run", "--format", "csv", "-o"])
        .arg(dir.path().join("missing").join("x.csv"))
        .assert()
        .code(2);
}

#[test]
fn markdown_is_github_tables() {
    let text = stdout_of(&[
        "run",
        "examples/approval-bureau.toml",
        "--format",
        "markdown",
    ]);
    assert!(text.starts_with("# County approval consolidation (大审批)\n"));
    for title in [
        "## Summary",
        "## Units after the merge",
        "## Headcount by level",
        "## Transitions",
        "## Largest flows of people",
        "## Rounds",
    ] {
        assert!(text.contains(title), "{title}");
    }
    assert!(text.contains("|---"), "GFM header separator");
    assert!(!text.contains('┆'), "no box drawing in Markdown");
}

#[test]
fn the_built_in_scenario_runs_with_no_file() {
    let text = stdout_of(&["run"]);
    assert!(
        text.starts_with("Weifang Binhai 2017 reform (滨海区体制改革)\nSeed 2017, reorg "),
        "{text}"
    );
    // The built-in scenario is scenarios/binhai.toml with its roster, compiled in.
    let from_file = stdout_of(&["run", "scenarios/binhai.toml"]);
    assert_eq!(text, from_file);
    for line in text.lines() {
        let width: usize = line
            .chars()
            .map(|c| {
                if c.is_ascii() || ('\u{2500}'..='\u{257F}').contains(&c) || c == '…' {
                    1
                } else {
                    2
                }
            })
            .sum();
        assert!(width <= 100, "wider than 100 columns: {line}");
    }
}

#[test]
fn snapshot_table_of_the_approval_example() {
    insta::assert_snapshot!(
        "run_table_approval_seed_1",
        stdout_of(&["run", "examples/approval-bureau.toml", "--seed", "1"])
    );
}

#[test]
fn snapshot_json_of_the_corporate_example() {
    let text = stdout_of(&[
        "run",
        "examples/corporate-merger.toml",
        "--seed",
        "7",
        "--format",
        "json",
    ]);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    insta::assert_json_snapshot!("run_json_corporate_seed_7", value, { ".reorg_version" => "[version]" });
}

#[test]
fn snapshot_table_of_the_corporate_example() {
    insta::assert_snapshot!(
        "run_table_corporate_seed_3",
        stdout_of(&["run", "examples/corporate-merger.toml", "--seed", "3"])
    );
}

#[test]
fn snapshot_json_of_the_approval_example() {
    let text = stdout_of(&[
        "run",
        "examples/approval-bureau.toml",
        "--seed",
        "2",
        "--format",
        "json",
    ]);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    insta::assert_json_snapshot!("run_json_approval_seed_2", value, { ".reorg_version" => "[version]" });
}

/// The JSON of a run is serialised straight into text; the reference is the
/// way it was made before, through a `serde_json::Value` tree (with the
/// people removed from the tree when not asked for). Byte-identical for
/// every shipped scenario, with and without people, names anonymised or not.
#[test]
fn streamed_run_json_is_byte_identical_to_the_value_tree() {
    use reorg::graph::MergeGraph;
    use reorg::metrics::{AnonymizeMode, RunReport};
    use reorg::simulate::Simulator;

    fn via_value(report: &RunReport, with_people: bool) -> String {
        let mut value = serde_json::to_value(report).unwrap();
        if !with_people {
            value.as_object_mut().unwrap().remove("people");
        }
        let mut text = serde_json::to_string_pretty(&value).unwrap();
        text.push('\n');
        text
    }

    for path in crate::support::shipped_scenarios() {
        let scenario = reorg::scenario::load(&path).unwrap().scenario;
        let graph = MergeGraph::build(&scenario);
        let outcome = Simulator::new(&scenario, &graph).run(scenario.seed, 0);
        let mut report = RunReport::of(&scenario, &graph, &outcome);
        for anonymize in [false, true] {
            if anonymize {
                report.anonymize(AnonymizeMode::Ids, Some("key"));
            }
            for with_people in [false, true] {
                assert_eq!(
                    reorg::report::run::json(&report, with_people),
                    via_value(&report, with_people),
                    "{} people {with_people} anonymised {anonymize}",
                    path.display()
                );
            }
        }
        // With people, every field of the report is written, in the
        // derived order: nothing added to `RunReport` is left out.
        assert_eq!(
            reorg::report::run::json(&report, true),
            serde_json::to_string_pretty(&report).unwrap() + "\n"
        );
    }
}
