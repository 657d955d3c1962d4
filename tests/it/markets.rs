//! Markets (属地竞争, issue 19): people compete only for the posts of the
//! markets their before unit's successors belong to, and of units open to
//! all. Each outcome is worked out by hand on a tiny scenario without
//! noise: units rank by appraisal, people rank posts by home (4 points).

use reorg::graph::MergeGraph;
use reorg::simulate::{Outcome, Simulator};

use crate::support::load_ok;

/// Two districts: x (from a) and y (from b), one staff post each. Both
/// people come from a; s1 (90) outranks s2 (80) everywhere. `{x}` and
/// `{y}` are replaced by each unit's extra keys.
const BASE: &str = r#"
[scenario]
name = "markets"

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
{x}

[[after]]
id = "y"
from = ["b"]
posts = { staff = 1 }
{y}

[policy]
choices = 3
max_climb = 0

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
score = 80
"#;

fn run(x: &str, y: &str) -> Outcome {
    let text = BASE.replace("{x}", x).replace("{y}", y);
    let loaded = load_ok(&text);
    let graph = MergeGraph::build(&loaded.scenario);
    Simulator::new(&loaded.scenario, &graph).run(1, 0)
}

/// Seats (unit index, level index) of s1 and s2.
fn seats(outcome: &Outcome) -> Vec<Option<(usize, usize)>> {
    outcome.people.iter().map(|p| p.seat()).collect()
}

/// No market: s1 takes x (home), s2 lists x then y, loses x to s1 and
/// takes y.
#[test]
fn without_markets_everyone_competes_everywhere() {
    let outcome = run("", "");
    assert_eq!(seats(&outcome), vec![Some((0, 0)), Some((1, 0))]);
}

/// x is in "north" and y in "south": a's people (successor x) compete in
/// north only, so s2 files x alone, loses it and is pooled; y stays empty
/// but is not in s2's market, so nobody is stranded.
#[test]
fn people_compete_only_in_their_market() {
    let outcome = run("market = \"north\"", "market = \"south\"");
    assert_eq!(seats(&outcome), vec![Some((0, 0)), None]);
    assert_eq!(outcome.stranded, 0);
    assert_eq!(outcome.posts[1].filled, 0);
}

/// y names no market: it is open to all, so s2 takes it as without markets.
#[test]
fn a_unit_without_a_market_is_open_to_all() {
    let outcome = run("market = \"north\"", "");
    assert_eq!(seats(&outcome), vec![Some((0, 0)), Some((1, 0))]);
}

/// Only y names a market and a's successor (x) names none: a's people are
/// in no market and compete everywhere, y included.
#[test]
fn people_whose_successors_name_no_market_compete_everywhere() {
    let outcome = run("", "market = \"south\"");
    assert_eq!(seats(&outcome), vec![Some((0, 0)), Some((1, 0))]);
}

/// Two markets each holding the very same single district give the same
/// run as no markets at all, draw for draw, on a scenario with noise.
#[test]
fn one_market_per_person_changes_no_draw_when_it_holds_every_post() {
    let noisy = |x: &str, y: &str| {
        let text = BASE
            .replace("noise = 0", "noise = 3")
            .replace("interview_sd = 0", "interview_sd = 5")
            .replace("{x}", x)
            .replace("{y}", y);
        let loaded = load_ok(&text);
        let graph = MergeGraph::build(&loaded.scenario);
        let sim = Simulator::new(&loaded.scenario, &graph);
        (0..20).map(|seed| sim.run(seed, 0)).collect::<Vec<_>>()
    };
    let plain = noisy("", "");
    let marketed = noisy("market = \"all\"", "market = \"all\"");
    assert_eq!(format!("{plain:?}"), format!("{marketed:?}"));
}
