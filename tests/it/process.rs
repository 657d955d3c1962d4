//! Processes before and after the merge, against figures worked out by hand.
//!
//! The scenario: three bureaus, each with approval work; the approval work
//! goes to one approval bureau (`*.approval`), the rest of the development
//! and land bureaus to an economy department, the rest of housing to a
//! construction department. A building permit takes five steps:
//!
//! | # | step | owner today | days | materials | waits for |
//! |---|---|---|---|---|---|
//! | 0 | project | dev.approval | 3 | form, licence, study | |
//! | 1 | land | land.approval | 12 | form, licence, site_plan | after project |
//! | 2 | design | housing (core) | 1 | drawings | requires project |
//! | 3 | permit | housing.approval | 5 | form, licence, site_plan, drawings | after land, requires design |
//! | 4 | connect | housing (core) | 2 | licence | after permit |
//!
//! with a hand-off of 5 working days. Each test states its arithmetic.

use reorg::graph::MergeGraph;
use reorg::process::{ProcessComparison, ProcessReport, Side};

use crate::support::{load_ok, reorg};

/// The scenario, with the process's rules.
fn scenario(one_form: bool, parallel: &str) -> String {
    format!(
        r#"
[scenario]
name = "permit"

[[level]]
id = "staff"

[[function]]
id = "approval"

[[before]]
id = "dev"
functions = ["approval"]

[[before]]
id = "land"
functions = ["approval"]

[[before]]
id = "housing"
functions = ["approval"]

[[after]]
id = "bureau"
from = ["*.approval"]

[[after]]
id = "economy"
from = ["dev", "land"]

[[after]]
id = "construction"
from = ["housing"]

[[person]]
id = "p1"
unit = "dev"
level = "staff"
born = 1980
score = 50

[[process]]
id = "permit"
handoff_days = 5
one_form = {one_form}
parallel = "{parallel}"

[[process.step]]
id = "project"
owner = "dev.approval"
days = 3
materials = ["form", "licence", "study"]

[[process.step]]
id = "land"
owner = "land.approval"
days = 12
materials = ["form", "licence", "site_plan"]
after = ["project"]

[[process.step]]
id = "design"
owner = "housing"
days = 1
materials = ["drawings"]
requires = ["project"]

[[process.step]]
id = "permit"
owner = "housing.approval"
days = 5
materials = ["form", "licence", "site_plan", "drawings"]
after = ["land"]
requires = ["design"]

[[process.step]]
id = "connect"
owner = "housing"
days = 2
materials = ["licence"]
after = ["permit"]
"#
    )
}

fn compare(text: &str) -> ProcessComparison {
    let loaded = load_ok(text);
    let graph = MergeGraph::build(&loaded.scenario);
    let mut report = ProcessReport::of(&loaded.scenario, &graph);
    assert_eq!(report.processes.len(), 1);
    report.processes.remove(0)
}

fn path(side: &Side) -> Vec<&str> {
    side.critical_path.iter().map(String::as_str).collect()
}

/// Before: every dependency holds; between different bureaus it waits 5.
/// project 0–3; land 3+5 = 8 to 20; design 8–9; permit waits for land
/// (20 + 5) and design (9 + 0, same bureau): 25–30; connect 30–32 (same
/// bureau). 32 days along project → land → permit → connect; hand-offs
/// project→land, project→design, land→permit: 3; units dev, land, housing;
/// 5 applications with 3+3+1+4+1 = 12 materials, 5 distinct.
#[test]
fn before_the_reform_the_work_is_serial() {
    let p = compare(&scenario(true, "within_unit"));
    let b = &p.before;
    assert_eq!(b.days, 32.0);
    assert_eq!(path(b), ["project", "land", "permit", "connect"]);
    assert_eq!(b.handoffs, 3);
    assert_eq!(
        (b.units, b.unit_ids.clone()),
        (3, vec!["dev".into(), "land".into(), "housing".into()])
    );
    assert_eq!(
        (b.submissions, b.materials_submitted, b.materials_distinct),
        (5, 12, 5)
    );
    let starts: Vec<f64> = p.steps.iter().map(|s| s.before.start).collect();
    assert_eq!(starts, [0.0, 8.0, 8.0, 25.0, 30.0]);
}

/// After, one bureau reviewing its own steps at once (`within_unit`):
/// project→land and land→permit (both the bureau's, `after`) are dropped.
/// project 0–3, land 0–12, design 3+5 = 8 to 9 (bureau → construction),
/// permit 9+5 = 14 to 19, connect 19+5 = 24 to 26 (`after`, but between
/// two units, so kept). 26 days along project → design → permit → connect;
/// 3 hand-offs; units bureau and construction; one form per unit: the
/// bureau's {form, licence, study, site_plan, drawings} and construction's
/// {drawings, licence}: 7 materials in 2 applications.
#[test]
fn within_unit_drops_the_bureaus_own_waits_and_one_form_dedups() {
    let p = compare(&scenario(true, "within_unit"));
    let a = &p.after;
    assert_eq!(a.days, 26.0);
    assert_eq!(path(a), ["project", "design", "permit", "connect"]);
    assert_eq!(a.handoffs, 3);
    assert_eq!(a.unit_ids, ["bureau", "construction"]);
    assert_eq!(
        (a.submissions, a.materials_submitted, a.materials_distinct),
        (2, 7, 5)
    );
    let owners: Vec<Option<&str>> = p.steps.iter().map(|s| s.owner_after.as_deref()).collect();
    assert_eq!(
        owners,
        [
            Some("bureau"),
            Some("bureau"),
            Some("construction"),
            Some("bureau"),
            Some("construction")
        ]
    );
    let starts: Vec<f64> = p.steps.iter().map(|s| s.after.unwrap().start).collect();
    assert_eq!(starts, [0.0, 0.0, 8.0, 14.0, 24.0]);
}

/// `all` drops permit→connect too: connect 0–2, and the process ends with
/// permit at 19, along project → design → permit, with 2 hand-offs.
#[test]
fn fully_parallel_keeps_only_what_a_step_requires() {
    let a = compare(&scenario(true, "all")).after;
    assert_eq!(a.days, 19.0);
    assert_eq!(path(&a), ["project", "design", "permit"]);
    assert_eq!(a.handoffs, 2);
}

/// No parallel rule: only the waits change (none inside the bureau, 5
/// between bureau and construction). project 0–3, land 3–15, design 8–9,
/// permit max(15 + 0, 9 + 5) = 15 to 20, connect 25–27: 27 days along
/// project → land → permit → connect. Without one form, every step is an
/// application again: 5 with 12 materials.
#[test]
fn the_merge_alone_saves_the_waits_inside_the_bureau() {
    let a = compare(&scenario(false, "none")).after;
    assert_eq!(a.days, 27.0);
    assert_eq!(path(&a), ["project", "land", "permit", "connect"]);
    assert_eq!(a.handoffs, 3);
    assert_eq!((a.submissions, a.materials_submitted), (5, 12));
}

/// Land's approval is dissolved: the land step ends, and permit, which
/// waited for it, waits for what it waited for (project, `after` both
/// ways: by practice, inside the bureau: no wait). project 0–3, design
/// 8–9, permit max(3 + 0, 9 + 5) = 14 to 19, connect 24–26. Its materials
/// leave with it, except those others ask for too: still 5 distinct.
#[test]
fn a_dissolved_step_ends_and_its_waits_pass_on() {
    let text = scenario(false, "none").replace(
        "[[after]]\nid = \"economy\"",
        "[[dissolve]]\nfrom = [\"land.approval\"]\n\n[[after]]\nid = \"economy\"",
    );
    let loaded = load_ok(&text);
    assert!(
        loaded
            .warnings
            .iter()
            .any(|w| w.to_string().contains("step `land` ends with the reform")),
        "{:?}",
        loaded.warnings
    );
    let p = compare(&text);
    let a = &p.after;
    assert_eq!(a.days, 26.0);
    assert_eq!(a.steps, 4);
    assert_eq!(path(a), ["project", "design", "permit", "connect"]);
    assert_eq!(p.steps[1].owner_after, None);
    assert!(p.steps[1].after.is_none());
    assert_eq!(
        (a.submissions, a.materials_submitted, a.materials_distinct),
        (4, 9, 5)
    );
    // Before, nothing changes: the land step still runs today.
    assert_eq!(p.before.days, 32.0);
}

/// The same scenario and seed give the same bytes, in every format.
#[test]
fn the_command_is_deterministic_and_refuses_a_cycle_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("permit.toml");
    std::fs::write(&file, scenario(true, "within_unit")).unwrap();
    for format in ["table", "json", "csv", "markdown"] {
        let run = || {
            let out = reorg()
                .args(["process", file.to_str().unwrap(), "--format", format])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            out.stdout
        };
        assert_eq!(run(), run(), "{format}");
    }
    let cyclic = scenario(true, "within_unit").replace(
        "id = \"project\"\n",
        "id = \"project\"\nafter = [\"connect\"]\n",
    );
    std::fs::write(&file, cyclic).unwrap();
    let out = reorg()
        .args(["process", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("dependency cycle in process `permit`"),
        "{stderr}"
    );
}

/// `-o FILE` writes what stdout shows; `--runs` gives the same bytes for
/// the same seed, and a spread that moves with the seed when durations vary.
#[test]
fn output_files_and_monte_carlo_runs_are_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("permit.toml");
    let varied = scenario(true, "within_unit")
        .replace("days = 12\n", "days = { min = 8, likely = 12, max = 30 }\n");
    std::fs::write(&file, varied).unwrap();
    let file = file.to_str().unwrap();
    let stdout = |args: &[&str]| {
        let out = reorg().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let target = dir.path().join("out.json");
    let printed = stdout(&["process", file, "--format", "json"]);
    assert!(
        stdout(&[
            "process",
            file,
            "--format",
            "json",
            "-o",
            target.to_str().unwrap()
        ])
        .is_empty()
    );
    assert_eq!(std::fs::read(&target).unwrap(), printed);

    let runs = |seed: &str| {
        stdout(&[
            "process", file, "--runs", "200", "--seed", seed, "--format", "csv",
        ])
    };
    assert_eq!(runs("1"), runs("1"));
    assert_ne!(runs("1"), runs("2"));
    let csv = String::from_utf8(runs("1")).unwrap();
    assert!(
        csv.starts_with("process,side,mean,min,p5,p50,p95,max\npermit,before,"),
        "{csv}"
    );
    // Land takes at least 8 days and at most 30: before, the path through
    // it is 3 + 5 + land + 5 + 5 + 2 (permit and connect), between 28 and 50.
    let before: Vec<f64> = csv
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .skip(2)
        .map(|v| v.parse().unwrap())
        .collect();
    assert!(
        before.iter().all(|&d| (28.0..=50.0).contains(&d)),
        "{before:?}"
    );
    // `--runs 0` is refused as bad input.
    let out = reorg()
        .args(["process", file, "--runs", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// examples/approval-process.toml, as docs/process.md works it by hand:
/// before 54 days (licence 0–3, filing 8–13, eia 18–28, permit 33–41,
/// inspection 41–44, food licence 49–54), after 26 (permit 0–8,
/// inspection 13–16, food licence 21–26); without the parallel rule 44
/// (licence 0–3, filing 3–8, eia 8–18, permit 18–26, inspection 31–34,
/// food licence 39–44).
#[test]
fn the_documented_example_gives_the_figures_worked_by_hand() {
    let load = |set: &[&str]| {
        let set: Vec<String> = set.iter().map(|s| s.to_string()).collect();
        let loaded = reorg::scenario::load_with(
            std::path::Path::new("examples/approval-process.toml"),
            &set,
        )
        .expect("the example is valid");
        let graph = MergeGraph::build(&loaded.scenario);
        ProcessReport::of(&loaded.scenario, &graph)
            .processes
            .remove(0)
    };
    let p = load(&[]);
    let (b, a) = (&p.before, &p.after);
    assert_eq!((b.days, a.days), (54.0, 26.0));
    assert_eq!(
        path(b),
        [
            "licence",
            "filing",
            "eia",
            "permit",
            "inspection",
            "food_licence"
        ]
    );
    assert_eq!(path(a), ["permit", "inspection", "food_licence"]);
    assert_eq!((b.units, a.units), (5, 2));
    assert_eq!((b.handoffs, a.handoffs), (5, 2));
    assert_eq!((b.submissions, a.submissions), (7, 2));
    assert_eq!((b.materials_submitted, a.materials_submitted), (23, 12));
    assert_eq!((b.materials_distinct, a.materials_distinct), (10, 10));
    let none = load(&["process.food_factory.parallel=none"]);
    assert_eq!(none.after.days, 44.0);
    let per_step = load(&["process.food_factory.one_form=false"]);
    assert_eq!(per_step.after.materials_submitted, 23);
}

/// A long cycle is named by its ends: twelve steps, each waiting for the
/// next and the last for the first, are shown as the first four, the
/// number left out (12 − 7 = 5) and the last three.
#[test]
fn a_long_cycle_is_shown_by_its_ends() {
    let mut text = scenario(false, "none");
    text.push_str("\n[[process]]\nid = \"loop\"\n");
    for i in 0..12 {
        text.push_str(&format!(
            "\n[[process.step]]\nid = \"s{i}\"\nowner = \"dev\"\ndays = 1\nafter = [\"s{}\"]\n",
            (i + 1) % 12
        ));
    }
    let err = reorg::scenario::load_str(&text, "loop.toml", std::path::Path::new("."))
        .expect_err("a cycle is refused");
    let message = err.diagnostics()[0].to_string();
    assert!(
        message.contains(
            "dependency cycle in process `loop`: `s0` → `s1` → `s2` → `s3` → … 5 more … → `s9` → `s10` → `s11` → `s0`"
        ),
        "{message}"
    );
}

/// `--lang zh` words the process tables in Chinese (issue 16): in
/// `reorg process`, its `--runs` spread, and `reorg run` of a scenario with
/// processes; the figures stay those worked by hand above (54 → 26 days).
#[test]
fn the_process_tables_speak_chinese_under_lang_zh() {
    let file = "examples/approval-process.toml";
    let text = |args: &[&str]| {
        let out = reorg().args(args).args(["--quiet"]).output().unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let zh = text(&["process", file, "--lang", "zh"]);
    for heading in [
        "办理时长（关键路径，工作日）",
        "关键路径环节数",
        "经办机构数（各盖一个章）",
        "办理环节（起止为第几个工作日；* 为关键路径）",
        "现经办机构",
        "改革后经办机构",
        "每次部门间交接等待",
    ] {
        assert!(zh.contains(heading), "{heading} missing:\n{zh}");
    }
    assert!(!zh.contains("working days"), "{zh}");
    assert!(!zh.contains("owner today"), "{zh}");
    let en = text(&["process", file]);
    assert!(en.contains("working days (critical path)"), "{en}");
    assert!(!en.contains("关键路径"), "{en}");
    let spread = text(&["process", file, "--runs", "3", "--lang", "zh"]);
    assert!(spread.contains("多次模拟的办理时长（工作日）"), "{spread}");
    assert!(spread.contains("节省"), "{spread}");
    let run = text(&["run", file, "--lang", "zh"]);
    assert!(run.contains("办理时长（关键路径，工作日）"), "{run}");
    assert!(run.contains(": 关键路径"), "{run}");
    assert!(!run.contains("critical path"), "{run}");
}
