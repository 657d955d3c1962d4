//! Units against their establishment (编制) and posts (职数), and a process,
//! in `reorg run`, `check` and `batch` (issue 12, item 5; issue 20, item 2),
//! on a scenario small enough to work out by hand.
//!
//! Two units today, `a` and `b`, merge into `ab`:
//!
//! | unit | people (type) | posts | establishment |
//! |---|---|---|---|
//! | a | a1 head (adm), a2 staff (adm), a3 staff (inst), a4 staff (contract) | head 1, staff 2 | administrative 2, institution 1 (total 3) |
//! | b | b1 head (adm), b2 staff (adm) | head 1, staff 1 | 3 |
//! | ab (after) | | head 2, staff 4 | administrative 3, institution 1 (total 4) |
//!
//! Seats match people level for level and nobody may climb or drop, so all
//! six are placed in `ab` at their own level. By hand:
//! - `a`: 4 people (1 leader) on 3: +1; posts 3 (1 leadership); types:
//!   administrative 2/2 → 0, institution 1/1 → 0, contract 1 without a cap → +1;
//! - `b`: 2 people (1 leader) on 3: −1; posts 2 (1 leadership); no types;
//! - `ab`: 6 people (2 leaders) on 4: +2; seats 6 (2 leadership); types:
//!   administrative 4/3 → +1, institution 1/1 → 0, contract 1 → +1;
//! - leadership posts before: 1 + 1 = 2.
//!
//! The process `p`: `s1` (a, 3 days) then `s2` (b, 4 days), a hand-off of
//! 2 days. Before: s1 0–3, s2 (3 + 2)–9: 9 days along s1 → s2, 1 hand-off,
//! 2 units, 2 applications of 2 materials each (4, 3 distinct). After both
//! steps are `ab`'s: within one unit they run at once (`within_unit`), so
//! 4 days along s2 alone, no hand-off, 1 unit, one form with 3 materials.

use serde::Deserialize;

use crate::support::reorg;

const SCENARIO: &str = r#"
[scenario]
name = "two units, establishment and a process"
seed = 1

[[level]]
id = "head"
leadership = true

[[level]]
id = "staff"

[[before]]
id = "a"
posts = { head = 1, staff = 2 }
establishment = { administrative = 2, institution = 1 }

[[before]]
id = "b"
posts = { head = 1, staff = 1 }
establishment = 3

[[after]]
id = "ab"
from = ["a", "b"]
posts = { head = 2, staff = 4 }
establishment = { administrative = 3, institution = 1 }

[policy]
max_climb = 0
max_drop = 0

[[process]]
id = "p"
handoff_days = 2
one_form = true
parallel = "within_unit"

[[process.step]]
id = "s1"
owner = "a"
days = 3
materials = ["form", "id"]

[[process.step]]
id = "s2"
owner = "b"
days = 4
materials = ["form", "plan"]
after = ["s1"]

[[person]]
id = "a1"
unit = "a"
level = "head"
born = 1970
score = 80
establishment = "administrative"

[[person]]
id = "a2"
unit = "a"
level = "staff"
born = 1980
score = 70
establishment = "administrative"

[[person]]
id = "a3"
unit = "a"
level = "staff"
born = 1982
score = 72
establishment = "institution"

[[person]]
id = "a4"
unit = "a"
level = "staff"
born = 1990
score = 60
establishment = "contract"

[[person]]
id = "b1"
unit = "b"
level = "head"
born = 1971
score = 78
establishment = "administrative"

[[person]]
id = "b2"
unit = "b"
level = "staff"
born = 1985
score = 65
establishment = "administrative"
"#;

/// The parts of `reorg run --format json` this test reads, as
/// docs/output-format.md documents them.
#[derive(Debug, Deserialize)]
struct Report {
    summary: Summary,
    before_units: Vec<BeforeUnit>,
    units: Vec<Unit>,
    processes: Vec<Process>,
}

#[derive(Debug, Deserialize)]
struct Summary {
    leadership_posts_before: Option<u64>,
    leadership_posts_after: u64,
    establishment_after: Option<u64>,
    headcount_after: usize,
}

#[derive(Debug, Deserialize, PartialEq)]
struct TypeCount {
    #[serde(rename = "type")]
    kind: String,
    people: usize,
    cap: Option<u32>,
    over: i64,
}

#[derive(Debug, Deserialize)]
struct BeforeUnit {
    id: String,
    people: usize,
    leaders: usize,
    posts: Option<u64>,
    leadership_posts: Option<u64>,
    establishment: Option<u32>,
    over_establishment: Option<i64>,
    by_type: Vec<TypeCount>,
}

#[derive(Debug, Deserialize)]
struct Unit {
    id: String,
    headcount: usize,
    posts: Vec<u32>,
    leadership_posts: u32,
    leaders: u32,
    establishment: Option<u32>,
    over_establishment: Option<i64>,
    by_type: Vec<TypeCount>,
}

#[derive(Debug, Deserialize)]
struct Process {
    id: String,
    before: Side,
    after: Side,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Side {
    days: f64,
    steps: usize,
    units: usize,
    unit_ids: Vec<String>,
    handoffs: usize,
    submissions: usize,
    materials_submitted: usize,
    materials_distinct: usize,
    critical_path: Vec<String>,
}

fn scenario_file() -> tempfile::NamedTempFile {
    let file = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    std::fs::write(file.path(), SCENARIO).unwrap();
    file
}

fn stdout_of(args: &[&str]) -> String {
    let out = reorg().args(args).assert().success().get_output().clone();
    String::from_utf8(out.stdout).unwrap()
}

fn t(kind: &str, people: usize, cap: Option<u32>, over: i64) -> TypeCount {
    TypeCount {
        kind: kind.into(),
        people,
        cap,
        over,
    }
}

#[test]
fn run_json_shows_posts_people_and_establishment_before_and_after() {
    let file = scenario_file();
    let path = file.path().to_str().unwrap();
    let report: Report =
        serde_json::from_str(&stdout_of(&["run", path, "--format", "json"])).unwrap();

    let a = &report.before_units[0];
    assert_eq!(a.id, "a");
    assert_eq!((a.people, a.leaders), (4, 1));
    assert_eq!((a.posts, a.leadership_posts), (Some(3), Some(1)));
    assert_eq!((a.establishment, a.over_establishment), (Some(3), Some(1)));
    assert_eq!(
        a.by_type,
        [
            t("administrative", 2, Some(2), 0),
            t("institution", 1, Some(1), 0),
            t("contract", 1, None, 1),
        ]
    );
    let b = &report.before_units[1];
    assert_eq!(b.id, "b");
    assert_eq!((b.people, b.leaders), (2, 1));
    assert_eq!((b.posts, b.leadership_posts), (Some(2), Some(1)));
    assert_eq!((b.establishment, b.over_establishment), (Some(3), Some(-1)));
    assert!(b.by_type.is_empty(), "a total alone has no types");

    let ab = &report.units[0];
    assert_eq!(ab.id, "ab");
    assert_eq!(ab.headcount, 6);
    assert_eq!(ab.posts.iter().sum::<u32>(), 6);
    assert_eq!((ab.leadership_posts, ab.leaders), (2, 2));
    assert_eq!(
        (ab.establishment, ab.over_establishment),
        (Some(4), Some(2))
    );
    assert_eq!(
        ab.by_type,
        [
            t("administrative", 4, Some(3), 1),
            t("institution", 1, Some(1), 0),
            t("contract", 1, None, 1),
        ]
    );

    let s = &report.summary;
    assert_eq!(s.leadership_posts_before, Some(2));
    assert_eq!(s.leadership_posts_after, 2);
    assert_eq!((s.headcount_after, s.establishment_after), (6, Some(4)));
}

#[test]
fn run_json_and_csv_show_the_process_before_and_after() {
    let file = scenario_file();
    let path = file.path().to_str().unwrap();
    let report: Report =
        serde_json::from_str(&stdout_of(&["run", path, "--format", "json"])).unwrap();
    assert_eq!(report.processes.len(), 1);
    let p = &report.processes[0];
    assert_eq!(p.id, "p");
    assert_eq!(
        p.before,
        Side {
            days: 9.0,
            steps: 2,
            units: 2,
            unit_ids: vec!["a".into(), "b".into()],
            handoffs: 1,
            submissions: 2,
            materials_submitted: 4,
            materials_distinct: 3,
            critical_path: vec!["s1".into(), "s2".into()],
        }
    );
    assert_eq!(
        p.after,
        Side {
            days: 4.0,
            steps: 2,
            units: 1,
            unit_ids: vec!["ab".into()],
            handoffs: 0,
            submissions: 1,
            materials_submitted: 3,
            materials_distinct: 3,
            critical_path: vec!["s2".into()],
        }
    );

    let csv = stdout_of(&["run", path, "--format", "csv"]);
    for row in [
        "process.p.before.days,9",
        "process.p.before.handoffs,1",
        "process.p.before.critical_path,s1;s2",
        "process.p.after.days,4",
        "process.p.after.units,1",
        "process.p.after.materials_submitted,3",
        "process.p.after.critical_path,s2",
        "before.a.over_establishment,1",
        "before.a.type.contract.over,1",
        "before.b.over_establishment,-1",
        "after.ab.headcount,6",
        "after.ab.over_establishment,2",
        "after.ab.type.administrative.over,1",
    ] {
        assert!(csv.lines().any(|l| l == row), "no `{row}` in:\n{csv}");
    }

    // The tables show both, the process's figures before → after.
    let table = stdout_of(&["run", path]);
    assert!(table.contains("working days (critical path)"), "{table}");
    assert!(table.contains("Units before and after"), "{table}");
}

/// Without `[[process]]`, the JSON has no `processes` key.
#[test]
fn a_scenario_without_processes_has_no_processes_key() {
    let text = stdout_of(&["run", "examples/approval-bureau.toml", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(value.get("processes").is_none());
    assert!(value.get("before_units").is_some());
}

#[test]
fn check_warns_of_posts_and_people_over_the_establishment() {
    let file = scenario_file();
    let path = file.path().to_str().unwrap();
    let text = stdout_of(&["check", path, "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    // `check --format json` gives one object per file.
    let warnings: Vec<&str> = value[0]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert_eq!(
        warnings,
        [
            // 6 seats on an establishment of 4.
            "`ab` has 6 posts but an establishment of 4: 2 posts over the cap",
            // 4 people on 3 today; posts 3 on 3 are within it.
            "before unit `a` employs 4 people on an establishment of 3: 1 over the cap today",
            "before unit `a` has 1 `contract` staff and no establishment of that type: 1 over the cap today",
        ]
    );
}

/// Posts only administrative staff may take, against the administrative cap.
#[test]
fn check_warns_of_posts_for_required_types_over_their_cap() {
    let file = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    let text = SCENARIO.replace(
        "establishment = { administrative = 3, institution = 1 }",
        "establishment = { administrative = 3, institution = 3 }\nestablishment_required = [\"administrative\"]",
    );
    std::fs::write(file.path(), text).unwrap();
    let out = stdout_of(&["check", file.path().to_str().unwrap(), "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    let warnings = value[0]["warnings"].as_array().unwrap();
    // 6 posts on a total of 6: within it; but only the 3 administrative places can hold them.
    assert!(
        warnings.iter().any(|w| w
            == "`ab` has 6 posts for `administrative` staff but an establishment of 3 of those types: 3 posts over the cap"),
        "{warnings:?}"
    );
    assert!(
        !warnings
            .iter()
            .any(|w| w.as_str().unwrap().starts_with("`ab` has 6 posts but")),
        "{warnings:?}"
    );
}

/// A batch's summary gives units per kind at each point: 2 departments → 1.
#[test]
fn batch_summary_gives_units_per_kind() {
    let file = scenario_file();
    let path = file.path().to_str().unwrap();
    let text = stdout_of(&["batch", path, "--runs", "2", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        value["points"][0]["kinds"],
        serde_json::json!([{"kind": "department", "before": 2, "after": 1, "external": 0}])
    );
    let table = stdout_of(&["batch", path, "--runs", "2"]);
    assert!(
        table.contains("Units by kind: department 2 → 1."),
        "{table}"
    );
}
