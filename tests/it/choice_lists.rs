//! Choice lists people would really file (issue 13, item 7): the safe
//! option of `lists = "top_plus_safe"`, and the warning on people pooled
//! beside seats they could have taken, each on a tiny scenario worked out
//! by hand (no noise: units rank by appraisal, people rank posts by levels
//! gained × 10 and home × 4).

use reorg::graph::MergeGraph;
use reorg::simulate::{Outcome, PersonOutcome, Simulator, Status};

use crate::support::{load_ok, reorg};

/// Two units, x (from a) and y (from b), each with one head and one staff
/// post, filled in one round. Heads h1 (a, 95) and h2 (b, 90), staff member
/// s1 (a, 80), two choices each.
///
/// Utilities (level 10 per level gained, home 4): h1 ranks x/head 4, y/head
/// 0; h2 ranks y/head 4, x/head 0; s1 ranks x/head 14, y/head 10, x/staff 4,
/// y/staff 0. With `top`, everyone files their two heads: h1 takes x/head
/// (95 against 80), h2 takes y/head (90 against 80), s1 ends pooled while
/// both staff seats stay empty: 1 stranded. With `top_plus_safe`, s1's safe
/// option (their own level, staff, in x, their home unit's successor) is
/// not among their two best, so it takes the last slot: s1 files [x/head,
/// x/staff], loses x/head to h1 and is placed at x/staff, choice 2; nobody
/// is stranded. h1 and h2 already list their safe option (x/head, y/head):
/// their lists do not change.
const SCENARIO: &str = r#"
[scenario]
name = "choice lists"

[[level]]
id = "head"

[[level]]
id = "staff"

[[before]]
id = "a"

[[before]]
id = "b"

[[after]]
id = "x"
from = ["a"]
posts = { head = 1, staff = 1 }

[[after]]
id = "y"
from = ["b"]
posts = { head = 1, staff = 1 }

[policy]
choices = 2
lists = "LISTS"

[policy.scoring]
exam_sd = 0
interview_sd = 0
home_bonus = 0
climb_penalty = 0

[policy.preferences]
level = 10
home = 4
noise = 0

[[round]]
id = "all"
levels = ["head", "staff"]

[[person]]
id = "h1"
unit = "a"
level = "head"
born = 1970
score = 95

[[person]]
id = "h2"
unit = "b"
level = "head"
born = 1971
score = 90

[[person]]
id = "s1"
unit = "a"
level = "staff"
born = 1985
score = 80
"#;

fn scenario(lists: &str) -> String {
    SCENARIO.replace("LISTS", lists)
}

fn outcome(text: &str) -> Outcome {
    let loaded = load_ok(text);
    let graph = MergeGraph::build(&loaded.scenario);
    Simulator::new(&loaded.scenario, &graph).run(1, 0)
}

const X: usize = 0;
const Y: usize = 1;
const HEAD: usize = 0;
const STAFF: usize = 1;

#[test]
fn top_lists_leave_the_staff_member_pooled_beside_empty_seats() {
    let outcome = outcome(&scenario("top"));
    assert_eq!(outcome.people[0].seat(), Some((X, HEAD)));
    assert_eq!(outcome.people[1].seat(), Some((Y, HEAD)));
    assert_eq!(outcome.people[2].status(), Status::Pooled);
    assert_eq!(outcome.stranded, 1);
}

#[test]
fn top_plus_safe_places_the_staff_member_in_their_safe_option() {
    let outcome = outcome(&scenario("top_plus_safe"));
    assert_eq!(outcome.people[0].seat(), Some((X, HEAD)));
    assert_eq!(outcome.people[1].seat(), Some((Y, HEAD)));
    match &outcome.people[2] {
        PersonOutcome::Placed(placement) => {
            assert_eq!((placement.unit, placement.level), (X, STAFF));
            assert_eq!(placement.choice_rank, 2);
        }
        other => panic!("s1 should be placed at x/staff, got {other:?}"),
    }
    assert_eq!(outcome.stranded, 0);
}

/// With one choice, the safe option is the whole list of whoever's
/// favourite it is not: s1 files [x/staff] only and takes it, choice 1.
#[test]
fn with_one_choice_the_safe_option_is_the_list() {
    let text = scenario("top_plus_safe").replace("choices = 2", "choices = 1");
    let outcome = outcome(&text);
    match &outcome.people[2] {
        PersonOutcome::Placed(placement) => {
            assert_eq!((placement.unit, placement.level), (X, STAFF));
            assert_eq!(placement.choice_rank, 1);
        }
        other => panic!("s1 should be placed at x/staff, got {other:?}"),
    }
}

/// The default is `top`: a scenario without `lists` gives the `top` outcome.
#[test]
fn lists_default_to_top() {
    let text = scenario("top").replace("lists = \"top\"\n", "");
    assert_eq!(outcome(&text), outcome(&scenario("top")));
}

#[test]
fn an_unknown_way_of_building_lists_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.toml");
    std::fs::write(&path, scenario("safest")).unwrap();
    let out = reorg().arg("check").arg(&path).assert().code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("unknown way of building lists `safest`") && stderr.contains("s.toml:"),
        "{stderr}"
    );
}

/// `run` and `batch` warn when s1 is pooled beside the empty staff seats,
/// naming the settings to change (`top_plus_safe` among them); under
/// `--deny-warnings` the warning is an error (exit 2); with the safe option
/// nobody is stranded and nothing is said.
#[test]
fn run_and_batch_warn_when_someone_eligible_is_pooled_beside_an_empty_seat() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.toml");
    std::fs::write(&path, scenario("top")).unwrap();
    let out = reorg().arg("run").arg(&path).assert().success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("warning: 1 person competed and ended without a post")
            && stderr.contains("`policy.lists = \"top_plus_safe\"`")
            && stderr.contains("`policy.choices`")
            && stderr.contains("second_pass"),
        "{stderr}"
    );
    reorg()
        .args(["--deny-warnings", "run"])
        .arg(&path)
        .assert()
        .code(2);
    let out = reorg()
        .arg("batch")
        .arg(&path)
        .args(["--runs", "2"])
        .assert()
        .success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("warning: on average 1.0 people per run")
            && stderr.contains("top_plus_safe"),
        "{stderr}"
    );

    std::fs::write(&path, scenario("top_plus_safe")).unwrap();
    let out = reorg().arg("run").arg(&path).assert().success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(!stderr.contains("without a post"), "{stderr}");
}
