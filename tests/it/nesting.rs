//! Concurrent posts (兼任) and internal units (内设机构), issue 13 items 5
//! and 6, each on a tiny scenario worked out by hand: no noise anywhere, so
//! units rank by appraisal and people rank posts by levels gained.

use reorg::graph::MergeGraph;
use reorg::metrics::{RunReport, ScenarioSummary};
use reorg::simulate::{PersonOutcome, Simulator, Status};

use crate::support::{load_ok, reorg};

/// A district leader `l` and a bureau `a` with two staff, s1 (90) and s2
/// (70). After: the leadership keeps its one post; bureau `x` has a head
/// and two staff posts. Pay: 10,000 / 8,000 / 5,000. `HEAD` is replaced by
/// each test (a `concurrent` table, or nothing).
const LEADER: &str = r#"
[scenario]
name = "concurrent"

[[level]]
id = "district_leader"
pay = { base = 10000 }

[[level]]
id = "head"
pay = { base = 8000 }

[[level]]
id = "staff"
pay = { base = 5000 }

[[before]]
id = "leaders"

[[before]]
id = "a"

[[after]]
id = "leadership"
from = ["leaders"]
posts = { district_leader = 1 }

[[after]]
id = "x"
from = ["a"]
posts = { head = 1, staff = 2 }
HEAD

[policy.scoring]
exam_sd = 0
interview_sd = 0
home_bonus = 0

[policy.preferences]
level = 10
home = 4
noise = 0

[[person]]
id = "l"
unit = "leaders"
level = "district_leader"
born = 1970
score = 80

[[person]]
id = "s1"
unit = "a"
level = "staff"
born = 1980
score = 90

[[person]]
id = "s2"
unit = "a"
level = "staff"
born = 1981
score = 70
"#;

fn report(text: &str) -> RunReport {
    let loaded = load_ok(text);
    let graph = MergeGraph::build(&loaded.scenario);
    let outcome = Simulator::new(&loaded.scenario, &graph).run(1, 0);
    RunReport::of(&loaded.scenario, &graph, &outcome)
}

fn outcomes(text: &str) -> Vec<PersonOutcome> {
    let loaded = load_ok(text);
    let graph = MergeGraph::build(&loaded.scenario);
    Simulator::new(&loaded.scenario, &graph).run(1, 0).people
}

/// Without a concurrent head, s1 (90, one level up: +10) takes x/head in
/// the head round and s2 a staff seat: one staff seat stays empty. With the
/// head held concurrently by the district leader, the head seat is not
/// competed for: s1 and s2 both stay staff, l keeps the leadership post,
/// and nobody is counted twice: headcount 3 (not 4), x's headcount 2 of its
/// 3 filled seats, payroll 10,000 + 2 × 5,000 = 20,000 before and after.
#[test]
fn a_district_leader_heading_a_bureau_takes_the_seat_without_doubling_counts() {
    let open = outcomes(&LEADER.replace("HEAD", ""));
    assert_eq!(open[1].seat(), Some((1, 1)), "s1 promoted to x/head");
    assert_eq!(open[1].status(), Status::Promoted);

    let text = LEADER.replace("HEAD", "concurrent = { head = \"district_leader\" }");
    let people = outcomes(&text);
    assert_eq!(people[0].seat(), Some((0, 0)), "l keeps their own post");
    assert_eq!(people[0].status(), Status::SameLevel);
    for p in [1, 2] {
        assert_eq!(people[p].seat(), Some((1, 2)));
        assert_eq!(people[p].status(), Status::SameLevel);
    }
    // The units table shows the seat as filled, and held concurrently.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("concurrent.toml");
    std::fs::write(&path, &text).unwrap();
    let out = reorg().arg("run").arg(&path).assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        stdout.contains("3/3") && stdout.contains("1 concurrent"),
        "{stdout}"
    );
    let r = report(&text);
    assert_eq!(r.summary.people, 3);
    assert_eq!(r.summary.headcount_after, 3);
    assert_eq!(r.summary.placed, 3);
    assert_eq!(r.summary.promoted, 0);
    assert_eq!(r.summary.posts, 4);
    assert_eq!(r.summary.vacancies, 0);
    let x = &r.units[1];
    assert_eq!(x.filled, vec![0, 1, 2]);
    assert_eq!(x.concurrent, 1);
    assert_eq!(x.headcount, 2);
    let payroll = r.payroll.expect("every level has pay");
    assert_eq!(payroll.base_before, 20_000.0);
    assert_eq!(payroll.base_after, 20_000.0);
    assert_eq!(payroll.paid_after, 3);
    // The leaders' figures count people: l once, at their own level.
    assert_eq!(r.summary.leaders_after, 1);
}

/// The same post pinned to a named person with `[[appoint]] concurrent =
/// true`: the same outcome, and l's own outcome is still their own post
/// (not `appointed`).
#[test]
fn a_concurrent_appointment_names_the_holder_and_leaves_their_outcome() {
    let text = LEADER.replace("HEAD", "")
        + "\n[[appoint]]\nperson = \"l\"\nunit = \"x\"\nlevel = \"head\"\nconcurrent = true\n";
    let people = outcomes(&text);
    assert_eq!(people[0].status(), Status::SameLevel);
    assert_eq!(people[0].seat(), Some((0, 0)));
    assert_eq!(people[1].seat(), Some((1, 2)));
    let r = report(&text);
    assert_eq!((r.units[1].concurrent, r.units[1].headcount), (1, 2));
    assert_eq!(r.summary.appointed, 0);
    assert_eq!(r.people[0].concurrent, vec!["x/head".to_string()]);
    assert_eq!(r.people[0].status, Status::SameLevel);
    assert!(r.people[1].concurrent.is_empty());
    assert_eq!(r.summary.headcount_after, 3);
}

/// No one at the holder's level: the seat is still taken (by a holder from
/// outside the roster), and `check` warns at the holder level.
#[test]
fn a_holder_level_nobody_holds_is_warned_at_check() {
    let text = LEADER
        .replace("HEAD", "concurrent = { head = \"district_leader\" }")
        .replace(
            "level = \"district_leader\"\nborn",
            "level = \"head\"\nborn",
        );
    let loaded = load_ok(&text);
    let warnings: Vec<String> = loaded.warnings.iter().map(|w| w.to_string()).collect();
    // `concurrent = { head = "district_leader" }` is on line 32; the value
    // starts at column 23.
    assert!(
        warnings.iter().any(|w| w.starts_with(
            "test.toml:32:23: warning: nobody in the roster is at level `district_leader`"
        )),
        "{warnings:#?}"
    );
    // l, now a head, climbs one level (the default `max_climb`) to the
    // leadership post in the first round; x/head is not competed for, so
    // nobody in the roster holds it, and s1 and s2 stay staff.
    let people = outcomes(&text);
    assert_eq!(people[0].seat(), Some((0, 0)));
    assert!(people.iter().all(|p| p.seat() != Some((1, 1))));
    let r = report(&text);
    assert_eq!((r.units[1].filled[1], r.units[1].concurrent), (1, 1));
    assert_eq!(r.summary.headcount_after, 3);
}

/// A concurrent seat counts against the post's seats like an appointment.
#[test]
fn more_concurrent_holders_than_seats_is_refused() {
    let text = LEADER.replace("HEAD", "concurrent = { head = \"district_leader\" }")
        + "\n[[appoint]]\nperson = \"l\"\nunit = \"x\"\nlevel = \"head\"\nconcurrent = true\n";
    let err = reorg::scenario::load_str(&text, "test.toml", std::path::Path::new("."))
        .expect_err("two holders for one seat");
    let text = format!("{:?}", err.diagnostics());
    assert!(
        text.contains("has 1 `head` seat(s), and this would take number 2"),
        "{text}"
    );
}

/// A finance bureau with three internal units becomes one with two: bodies
/// 1 → 1 at depth 0, internal units 3 → 2 at depth 1 (−33.33%).
const NESTED: &str = r#"
[scenario]
name = "nested"

[[level]]
id = "staff"

[[before]]
id = "fin"

[[before]]
id = "f1"
parent = "fin"

[[before]]
id = "f2"
parent = "fin"

[[before]]
id = "f3"
parent = "fin"

[[after]]
id = "fin2"
from = ["fin"]
posts = { staff = 1 }

[[after]]
id = "g1"
from = ["f1"]
parent = "fin2"
posts = { staff = 1 }

[[after]]
id = "g2"
from = ["f2", "f3"]
parent = "fin2"
posts = { staff = 2 }

[[person]]
id = "p0"
unit = "fin"
level = "staff"
born = 1980
score = 50

[[person]]
id = "p1"
unit = "f1"
level = "staff"
born = 1980
score = 50

[[person]]
id = "p2"
unit = "f2"
level = "staff"
born = 1980
score = 50

[[person]]
id = "p3"
unit = "f3"
level = "staff"
born = 1980
score = 50
"#;

fn depths(list: &[reorg::metrics::DepthCount]) -> Vec<(usize, usize, usize)> {
    list.iter().map(|d| (d.depth, d.before, d.after)).collect()
}

#[test]
fn a_body_with_three_internal_units_merged_into_one_with_two_is_counted_per_depth() {
    let loaded = load_ok(NESTED);
    let graph = MergeGraph::build(&loaded.scenario);
    let summary = ScenarioSummary::of(&loaded.scenario, &graph);
    assert_eq!(depths(&summary.depths), vec![(0, 1, 1), (1, 3, 2)]);
    let r = report(NESTED);
    assert_eq!(depths(&r.depths), vec![(0, 1, 1), (1, 3, 2)]);
    assert_eq!(r.units[1].parent.as_deref(), Some("fin2"));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested.toml");
    std::fs::write(&path, NESTED).unwrap();
    let out = reorg().arg("check").arg(&path).assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        stdout.contains("units by depth: bodies 1 → 1 (0%), internal units 3 → 2 (-33.33%)"),
        "{stdout}"
    );
    let out = reorg().arg("run").arg(&path).assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        stdout.contains("Units by depth: bodies 1 → 1 (0%), internal units 3 → 2 (-33.33%)."),
        "{stdout}"
    );
    let out = reorg()
        .args(["check", "--format", "json"])
        .arg(&path)
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(
        json[0]["depths"],
        serde_json::json!([
            { "depth": 0, "before": 1, "after": 1, "external": 0 },
            { "depth": 1, "before": 3, "after": 2, "external": 0 }
        ])
    );
    let out = reorg()
        .args(["run", "--format", "csv"])
        .arg(&path)
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        stdout.contains("units_depth_1_before,3\n") && stdout.contains("units_depth_1_after,2\n"),
        "{stdout}"
    );
}

/// The merge graph draws each body with its internal units as a cluster
/// (DOT) or subgraph (Mermaid), and says each unit's parent in JSON.
#[test]
fn the_merge_graph_draws_the_nesting() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested.toml");
    std::fs::write(&path, NESTED).unwrap();
    let dot = String::from_utf8(
        reorg()
            .arg("graph")
            .arg(&path)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone(),
    )
    .unwrap();
    let cluster = dot
        .find("subgraph \"cluster_before:fin\" {")
        .expect("a cluster for fin");
    let inner = &dot[cluster..];
    let end = inner.find("\n    }\n").expect("the cluster closes");
    for unit in ["before:fin", "before:f1", "before:f2", "before:f3"] {
        assert!(
            inner[..end].contains(&format!("\"{unit}\" [label=")),
            "{dot}"
        );
    }
    assert!(dot.contains("subgraph \"cluster_after:fin2\" {"), "{dot}");

    let mermaid = String::from_utf8(
        reorg()
            .args(["graph", "--format", "mermaid"])
            .arg(&path)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone(),
    )
    .unwrap();
    // Nodes are n0..n3 before, n4..n6 after.
    assert!(
        mermaid.contains("    subgraph n0_units[\"fin\"]\n      n0["),
        "{mermaid}"
    );
    assert!(mermaid.contains("      n1[\"f1"), "{mermaid}");
    assert!(
        mermaid.contains("    subgraph n4_units[\"fin2\"]\n      n4["),
        "{mermaid}"
    );

    let json: serde_json::Value = serde_json::from_slice(
        &reorg()
            .args(["graph", "--format", "json"])
            .arg(&path)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone(),
    )
    .unwrap();
    assert_eq!(json["nodes"][1]["parent"], "before:fin");
    assert_eq!(json["nodes"][6]["parent"], "after:fin2");
    assert!(json["nodes"][0].get("parent").is_none());
}

/// examples/district-bodies.toml, counted by hand from the file: bodies
/// district_leaders, planning, land, housing (4) → leadership,
/// natural_resources, housing_bureau (3); internal units 3 + 2 + 2 (7) →
/// nr_office, nr_land, nr_permits, hb_office (4). On any seed: the district
/// leaders (the only people at their level, in a round of their own) keep
/// their two seats; nobody in the roster takes natural_resources/head, which
/// still counts as filled; and the units' headcounts add up to the run's
/// (each person counted once), one short of the seats filled.
#[test]
fn the_district_bodies_example_counts_depths_and_the_concurrent_head() {
    let loaded = reorg::scenario::load(std::path::Path::new("examples/district-bodies.toml"))
        .expect("the example is valid");
    let scenario = &loaded.scenario;
    let graph = MergeGraph::build(scenario);
    let summary = ScenarioSummary::of(scenario, &graph);
    assert_eq!(depths(&summary.depths), vec![(0, 4, 3), (1, 7, 4)]);
    let nr = scenario
        .after
        .iter()
        .position(|u| u.id == "natural_resources")
        .unwrap();
    let sim = Simulator::new(scenario, &graph);
    for seed in 1..=5 {
        let outcome = sim.run(seed, 0);
        for p in 0..2 {
            assert_eq!(outcome.people[p].seat(), Some((0, 0)), "seed {seed}");
        }
        assert!(outcome.people.iter().all(|p| p.seat() != Some((nr, 1))));
        let r = RunReport::of(scenario, &graph, &outcome);
        assert_eq!((r.units[nr].filled[1], r.units[nr].concurrent), (1, 1));
        let headcounts: usize = r.units.iter().map(|u| u.headcount).sum();
        assert_eq!(headcounts, r.summary.headcount_after, "seed {seed}");
        let filled: u32 = r.units.iter().flat_map(|u| &u.filled).sum();
        assert_eq!(
            filled as usize,
            r.summary.headcount_after + 1,
            "seed {seed}"
        );
    }
}

/// `reorg compare` shows each side's bodies and internal units per depth,
/// as `run` does (issue 13 item 6): examples/district-bodies.toml counts
/// 4 → 3 bodies and 7 → 4 internal units (worked out above); a flat scenario
/// beside it has no depths, and its JSON side leaves the key out.
#[test]
fn compare_shows_each_sides_units_per_depth() {
    let out = reorg()
        .args([
            "compare",
            "examples/district-bodies.toml",
            "examples/approval-bureau.toml",
            "--format",
            "json",
            "--quiet",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let expected = serde_json::json!([
        { "depth": 0, "before": 4, "after": 3, "external": 0 },
        { "depth": 1, "before": 7, "after": 4, "external": 0 }
    ]);
    assert_eq!(json["a"]["depths"], expected, "{json}");
    assert!(json["b"].get("depths").is_none(), "{json}");
    let out = reorg()
        .args([
            "compare",
            "examples/district-bodies.toml",
            "examples/district-bodies.toml",
            "--quiet",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Units by depth: bodies 4 → 3 (-25.00%), internal units 7 → 4 (-42.86%)"),
        "{text}"
    );
}

/// `reorg batch` carries bodies and internal units per depth as it carries
/// units per kind (issue 13 item 6): examples/district-bodies.toml's
/// 4 → 3 bodies and 7 → 4 internal units (worked out above) are in the
/// summary, in every row (`depths` column: `0:4:3:0;1:7:4:0`, and in JSON
/// Lines), and in the summary `reorg batch merge` rebuilds from the rows.
#[test]
fn batch_and_merge_carry_units_per_depth() {
    let dir = tempfile::tempdir().unwrap();
    let expected = serde_json::json!([
        { "depth": 0, "before": 4, "after": 3, "external": 0 },
        { "depth": 1, "before": 7, "after": 4, "external": 0 }
    ]);
    for ext in ["csv", "jsonl"] {
        let rows = dir.path().join(format!("rows.{ext}"));
        let out = reorg()
            .args(["batch", "examples/district-bodies.toml", "--runs", "2"])
            .args(["--format", "json", "--quiet", "--out"])
            .arg(&rows)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let live: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(live["points"][0]["depths"], expected, "{live}");
        let text = std::fs::read_to_string(&rows).unwrap();
        if ext == "csv" {
            let header = text.trim_start_matches('\u{feff}').lines().next().unwrap();
            assert!(header.ends_with(",kinds,depths"), "{header}");
            assert_eq!(
                text.lines()
                    .filter(|l| l.ends_with(",0:4:3:0;1:7:4:0"))
                    .count(),
                2,
                "{text}"
            );
        } else {
            for line in text.lines() {
                let row: serde_json::Value = serde_json::from_str(line).unwrap();
                assert_eq!(row["depths"], expected, "{line}");
            }
        }
        let merged = reorg()
            .args(["batch", "merge", "--format", "json", "--quiet"])
            .arg(&rows)
            .output()
            .unwrap();
        assert!(merged.status.success(), "{merged:?}");
        let merged: serde_json::Value = serde_json::from_slice(&merged.stdout).unwrap();
        assert_eq!(merged["points"][0]["depths"], expected, "{merged}");
    }
    let table = reorg()
        .args([
            "batch",
            "examples/district-bodies.toml",
            "--runs",
            "2",
            "--quiet",
        ])
        .output()
        .unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(
        table.contains("Units by depth: bodies 4 → 3 (-25.00%), internal units 7 → 4 (-42.86%)."),
        "{table}"
    );
}
