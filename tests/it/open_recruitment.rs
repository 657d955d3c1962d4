//! Open recruitment (issue 13, item 4): outsiders admitted to a round
//! compete for its named posts under the same scoring; a run counts the
//! seats they win and the insiders they displace. Tiny scenarios worked out
//! by hand, without noise: outsiders' scores have `sd = 0`, exams and
//! interviews have no spread, so every composite score is the appraisal
//! (or the outsiders' `mean`).

use reorg::graph::MergeGraph;
use reorg::simulate::{Outcome, Simulator, Status};

use crate::support::{load_ok, reorg};

/// Units x (from a) and y (from b), one staff seat each; staff member s1
/// of a (home x). People rank posts by home (4) only.
const BASE: &str = r#"
[scenario]
name = "open recruitment"

[[level]]
id = "staff"

[[before]]
id = "a"

[[before]]
id = "b"

[[after]]
id = "x"
from = ["a"]
posts = { staff = 1 }

[[after]]
id = "y"
from = ["b"]
posts = { staff = YSEATS }

[policy.scoring]
exam_sd = 0
interview_sd = 0
home_bonus = 0

[policy.preferences]
level = 10
home = 4
noise = 0

[[round]]
id = "staff"
levels = ["staff"]

[round.outsiders]
count = 1
score = { mean = 90, sd = 0 }
UNITS

[[person]]
id = "s1"
unit = "a"
level = "staff"
born = 1980
score = SCORE
"#;

fn scenario(y_seats: u32, units: &str, score: f64) -> String {
    BASE.replace("YSEATS", &y_seats.to_string())
        .replace("UNITS", units)
        .replace("SCORE", &score.to_string())
}

fn outcome(text: &str) -> Outcome {
    let loaded = load_ok(text);
    let graph = MergeGraph::build(&loaded.scenario);
    Simulator::new(&loaded.scenario, &graph).run(1, 0)
}

/// Only x has a seat (y has none). The outsider (90) and s1 (70) both want
/// x/staff; x ranks the outsider first, so the outsider takes the one seat
/// and s1 ends pooled: 1 seat won by outsiders, 1 insider displaced (s1,
/// next in line for the seat the outsider won, ends without a post at their
/// level).
#[test]
fn an_outsider_with_a_higher_score_takes_the_seat_and_displaces_the_insider() {
    let outcome = outcome(&scenario(0, "", 70.0));
    assert_eq!(outcome.people[0].status(), Status::Pooled);
    let x = &outcome.posts[0];
    assert_eq!((x.unit, x.level, x.filled, x.outsiders), (0, 0, 1, 1));
    assert_eq!(outcome.rounds[0].outsiders, 1);
    assert_eq!(outcome.rounds[0].outsiders_placed, 1);
    assert_eq!(outcome.rounds[0].applicants, 1);
    assert_eq!(outcome.rounds[0].placed, 0);
    assert_eq!(outcome.displaced, 1);
}

/// Two insiders turned down for the one seat the outsider won: s1 (80) and
/// s2 (70) both end pooled, but only s1, next in line (the seat would have
/// gone to them without the outsider), counts as displaced: one seat won,
/// one insider displaced.
#[test]
fn only_the_insider_next_in_line_for_the_seat_is_displaced() {
    let text = scenario(0, "", 80.0)
        + "\n[[person]]\nid = \"s2\"\nunit = \"a\"\nlevel = \"staff\"\nborn = 1981\nscore = 70\n";
    let outcome = outcome(&text);
    assert_eq!(outcome.people[0].status(), Status::Pooled);
    assert_eq!(outcome.people[1].status(), Status::Pooled);
    assert_eq!(outcome.posts[0].outsiders, 1);
    assert_eq!(outcome.displaced, 1);
}

/// The same with s1 at 95: s1 outranks the outsider (90) and keeps the
/// seat; no outsider is placed and nobody is displaced.
#[test]
fn an_insider_with_a_higher_score_keeps_the_seat() {
    let outcome = outcome(&scenario(0, "", 95.0));
    assert_eq!(outcome.people[0].seat(), Some((0, 0)));
    assert_eq!(outcome.posts[0].outsiders, 0);
    assert_eq!(outcome.rounds[0].outsiders_placed, 0);
    assert_eq!(outcome.displaced, 0);
}

/// Outsiders named for y only: the outsider takes y/staff, s1 (70) takes
/// x/staff, their first choice (home). s1 listed y/staff too, second, but
/// was placed above it: not displaced.
#[test]
fn outsiders_compete_only_for_the_posts_named() {
    let outcome = outcome(&scenario(1, "units = [\"y\"]", 70.0));
    assert_eq!(outcome.people[0].seat(), Some((0, 0)));
    let outsiders: Vec<u32> = outcome.posts.iter().map(|p| p.outsiders).collect();
    assert_eq!(outsiders, vec![0, 1]);
    assert_eq!(outcome.displaced, 0);
}

/// Adding outsiders leaves the roster's own draws alone: with a spread on
/// exams and taste, s1's exam and choices are those of the run without
/// outsiders, so where nobody competes with them (outsiders named for y,
/// which s1 does not reach with one choice) the outcome of s1 is the same.
#[test]
fn outsiders_draw_from_their_own_generator() {
    let noisy = |text: String| {
        text.replace("exam_sd = 0", "exam_sd = 8")
            .replace("noise = 0", "noise = 2")
            .replace(
                "[policy.scoring]",
                "[policy]\nchoices = 1\n\n[policy.scoring]",
            )
    };
    let with = noisy(scenario(1, "units = [\"y\"]", 40.0));
    let without = with.replace(
        "[round.outsiders]\ncount = 1\nscore = { mean = 90, sd = 0 }\nunits = [\"y\"]\n",
        "",
    );
    assert!(!without.contains("outsiders"));
    for seed in 1..20 {
        let run = |text: &str| {
            let loaded = load_ok(text);
            let graph = MergeGraph::build(&loaded.scenario);
            Simulator::new(&loaded.scenario, &graph).run(seed, 0)
        };
        let (a, b) = (run(&with), run(&without));
        // s1's choice: x (home, 4 + 2z) or y (2z'); either way alone there
        // unless they chose y, where the outsider (90) beats them (40).
        match b.people[0].seat() {
            Some((0, 0)) => assert_eq!(a.people[0], b.people[0], "seed {seed}"),
            _ => assert_eq!(a.people[0].status(), Status::Pooled, "seed {seed}"),
        }
    }
}

/// A level outside the round's is a located error.
#[test]
fn outsiders_for_a_level_the_round_does_not_fill_are_refused() {
    let text = scenario(0, "levels = [\"head\"]", 70.0).replace(
        "[[level]]\nid = \"staff\"",
        "[[level]]\nid = \"head\"\n\n[[level]]\nid = \"staff\"",
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.toml");
    std::fs::write(&path, text).unwrap();
    let out = reorg().arg("check").arg(&path).assert().code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("level `head` is not filled by this round"),
        "{stderr}"
    );
}

/// `run --format json` shows the counts in the summary, per unit and per
/// round.
#[test]
fn run_reports_seats_won_by_outsiders_and_insiders_displaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.toml");
    std::fs::write(&path, scenario(0, "", 70.0)).unwrap();
    let out = reorg()
        .arg("run")
        .arg(&path)
        .args(["--format", "json"])
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(json["summary"]["outsiders_placed"], 1);
    assert_eq!(json["summary"]["displaced"], 1);
    assert_eq!(json["units"][0]["outsiders"], serde_json::json!([1]));
    assert_eq!(json["rounds"][0]["outsiders_placed"], 1);
    let out = reorg().arg("run").arg(&path).assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        stdout.contains("seats won by outsiders")
            && stdout.contains("insiders displaced by outsiders"),
        "{stdout}"
    );
}

/// The open recruitment of docs/calibration.md, added to the Binhai
/// scenario: 620 outsiders for the section-head posts of four specialist
/// departments (29 seats). Outsiders win only those seats (never more than
/// 29), the figures agree with each other, and every person placed in the
/// rounds before theirs is placed as without them (their draws come from a
/// generator of their own, and the earlier rounds do not see them).
#[test]
fn binhai_open_recruitment_can_be_stated() {
    let base = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/binhai.toml"),
    )
    .unwrap();
    let anchor = "id = \"section_heads\"\nname = \"Section heads and business leads\"\ndate = 2017-12-19\nlevels = [\"section_head\"]\n";
    assert!(base.contains(anchor));
    let with = base.replace(anchor, &format!("{anchor}{BINHAI_OUTSIDERS}"));
    let scenarios = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let run = |text: &str| {
        let loaded = reorg::scenario::load_str(text, "binhai.toml", &scenarios).unwrap();
        let graph = MergeGraph::build(&loaded.scenario);
        let outcome = Simulator::new(&loaded.scenario, &graph).run(1, 0);
        (loaded.scenario, outcome)
    };
    let (scenario, a) = run(&with);
    let (_, b) = run(&base);
    let named: Vec<usize> = [
        "investment",
        "science_innovation",
        "port_logistics",
        "policy_legal",
    ]
    .iter()
    .map(|id| scenario.after.iter().position(|u| u.id == *id).unwrap())
    .collect();
    let section_head = scenario
        .levels
        .iter()
        .position(|l| l.id == "section_head")
        .unwrap();
    let won: u32 = a.posts.iter().map(|p| p.outsiders).sum();
    assert!(won > 0 && won <= 29, "{won}");
    for post in a.posts.iter().filter(|p| p.outsiders > 0) {
        assert!(named.contains(&post.unit) && post.level == section_head);
    }
    let round = scenario
        .rounds
        .iter()
        .position(|r| r.id == "section_heads")
        .unwrap();
    assert_eq!(a.rounds[round].outsiders, 620);
    assert_eq!(a.rounds[round].outsiders_placed as u32, won);
    assert_eq!(b.displaced, 0);
    assert!(a.displaced <= won as usize, "{} > {won}", a.displaced);
    for (p, (with, without)) in a.people.iter().zip(&b.people).enumerate() {
        if let reorg::simulate::PersonOutcome::Placed(placement) = without
            && placement.round < round
        {
            assert_eq!(with, without, "person {p}");
        }
    }
}

/// The `[round.outsiders]` table docs/calibration.md shows.
const BINHAI_OUTSIDERS: &str = r#"
[round.outsiders]
count = 620
score = { mean = 80, sd = 6 }
units = ["investment", "science_innovation", "port_logistics", "policy_legal"]
"#;

/// Outsiders' lists count against a round's limit of 50,000,000 choice
/// entries, with the roster's: one person filing 1,000 choices leaves
/// 49,999,000, so 100,000 outsiders filing 1,000 each (100,000,000) are
/// refused at `count`, which may be at most 49,999.
#[test]
fn outsiders_count_against_a_rounds_choice_entries() {
    let text = scenario(0, "", 70.0)
        .replace(
            "[policy.scoring]",
            "[policy]\nchoices = 1000\n\n[policy.scoring]",
        )
        .replace("count = 1\n", "count = 100000\n");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.toml");
    std::fs::write(&path, text).unwrap();
    let out = reorg().arg("check").arg(&path).assert().code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("100000 outsiders filing 1000 choices each make 100000000 choices, more than the 49999000")
            && stderr.contains("lower `count` to at most 49999"),
        "{stderr}"
    );
}

/// `reorg explain` of the displaced insider: the outsider (90) holds the
/// one seat s1 (70) filed for, 20 points above s1's score; an outsider has
/// no roster id, so the holder is named `outsider-1`.
#[test]
fn explain_names_the_outsider_who_took_the_seat() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.toml");
    std::fs::write(&path, scenario(0, "", 70.0)).unwrap();
    let out = reorg()
        .arg("explain")
        .arg(&path)
        .arg("s1")
        .args(["--format", "json"])
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let text = json.to_string();
    assert!(
        text.contains(r#""taken_by":{"id":"outsider-1","name":"outside applicant"}"#),
        "{text}"
    );
    assert!(text.contains(r#""gap":20.0"#), "{text}");
}
