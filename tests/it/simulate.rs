//! The simulation: hand-worked small cases, and on every shipped scenario the
//! invariants of an outcome (everyone once, no post over capacity, every
//! round's matching stable with respect to the choices filed).

use std::path::Path;

use reorg::graph::MergeGraph;
use reorg::matching;
use reorg::scenario::{self, Scenario};
use reorg::simulate::{PersonOutcome, Reason, Simulator, Status};

use crate::support::{load_ok, shipped_scenarios};

/// Two units, one head and one staff post each; no noise anywhere, so units
/// rank by appraisal and people by levels gained (10) and home (4).
const TWO_UNITS: &str = r#"
[scenario]
name = "two units"

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
max_climb = 1

[policy.scoring]
exam_sd = 0
interview_sd = 0
home_bonus = 0

[policy.preferences]
level = 10
home = 4
noise = 0

[[round]]
id = "heads"
levels = ["head"]
optimal = "OPTIMAL"

[[round]]
id = "staff"
levels = ["staff"]

[[person]]
id = "p1"
unit = "a"
level = "staff"
born = 1980
score = 90

[[person]]
id = "p2"
unit = "a"
level = "staff"
born = 1981
score = 80

[[person]]
id = "p3"
unit = "b"
level = "staff"
born = 1982
score = 85

[[person]]
id = "p4"
unit = "b"
level = "head"
born = 1960
score = 70
"#;

/// (status, after unit, after level, round, choice rank) of one person.
type Placement = (
    Status,
    Option<usize>,
    Option<usize>,
    Option<usize>,
    Option<u32>,
);

fn run(text: &str, seed: u64) -> (Scenario, reorg::simulate::Outcome) {
    let scenario = load_ok(text).scenario;
    let graph = MergeGraph::build(&scenario);
    let outcome = Simulator::new(&scenario, &graph).run(seed, 0);
    (scenario, outcome)
}

/// Worked by hand. Heads round: p1, p2 and p3 gain a level at either head
/// post (utility 10, +4 at home); p4 is a head already (4 at home y, 0 at x).
/// Both posts rank p1 (90) > p3 (85) > p2 (80) > p4 (70). p1 takes x and p3
/// takes y; p2 and p4 are refused by both. Staff round: p2 files [x, y], p4
/// (one level down: -10, +4 at home) files [y, x]; each gets their first
/// choice. The stable matching is unique here, so both sides give it.
#[test]
fn two_unit_case_worked_by_hand() {
    for side in ["candidate", "post"] {
        let (_, outcome) = run(&TWO_UNITS.replace("OPTIMAL", side), 7);
        let got: Vec<Placement> = outcome
            .people
            .iter()
            .map(|p| {
                (
                    p.status(),
                    unit_of(p),
                    level_of(p),
                    p.placement().map(|post| post.round),
                    p.placement().map(|post| post.choice_rank),
                )
            })
            .collect();
        let (x, y, head, staff) = (Some(0), Some(1), Some(0), Some(1));
        assert_eq!(
            got,
            vec![
                (Status::Promoted, x, head, Some(0), Some(1)),
                (Status::SameLevel, x, staff, Some(1), Some(1)),
                (Status::Promoted, y, head, Some(0), Some(1)),
                (Status::Demoted, y, staff, Some(1), Some(1)),
            ],
            "optimal = {side}"
        );
        let cutoffs: Vec<(usize, usize, Option<f64>)> = outcome
            .posts
            .iter()
            .map(|p| (p.unit, p.level, p.cutoff))
            .collect();
        assert_eq!(
            cutoffs,
            vec![
                (0, 0, Some(90.0)),
                (0, 1, Some(80.0)),
                (1, 0, Some(85.0)),
                (1, 1, Some(70.0))
            ]
        );
        assert_eq!(outcome.rounds[0].applicants, 4);
        assert_eq!(outcome.rounds[0].placed, 2);
        assert_eq!(outcome.rounds[1].applicants, 2);
    }
}

/// The over-age rule moves p4 (57 in 2017, head limit 52) to the SOE unit at
/// their own level; the opt-out rule with probability 1 takes out p2 (born
/// 1960, 57 ≥ 55). The roster flag takes out p1. Only p3 competes: head x or
/// y at utility 10 (+4 at home y), so p3 becomes head of y.
#[test]
fn exclusion_rules_worked_by_hand() {
    let text = TWO_UNITS
        .replace("OPTIMAL", "candidate")
        .replace(
            "[policy]\n",
            "[policy]\nreference_date = 2017-12-07\nage_limit = { head = 52 }\nover_age = { unit = \"soe\", levels = [\"head\"] }\nopt_out = { min_age = 55, probability = 1.0 }\n",
        )
        .replace("born = 1981", "born = 1960")
        .replace("score = 90\n", "score = 90\nopt_out = true\n")
        + "\n[[after]]\nid = \"soe\"\nkind = \"enterprise\"\n";
    let (_, outcome) = run(&text, 1);
    let p = &outcome.people;
    assert_eq!(
        (p[0].status(), p[0].reason()),
        (Status::DidNotCompete, Some(Reason::RosterFlag))
    );
    assert_eq!(
        (p[1].status(), p[1].reason()),
        (
            Status::DidNotCompete,
            Some(Reason::AgeRule {
                age: 57,
                min_age: 55
            })
        )
    );
    assert_eq!(
        (p[2].status(), unit_of(&p[2]), level_of(&p[2])),
        (Status::Promoted, Some(1), Some(0))
    );
    assert_eq!(
        (
            p[3].status(),
            unit_of(&p[3]),
            level_of(&p[3]),
            p[3].reason()
        ),
        (
            Status::Fallback,
            Some(2),
            Some(0),
            Some(Reason::OverAge { age: 57, limit: 52 })
        )
    );
}

/// Nobody may climb: p1..p3 (staff) cannot apply for head posts, and p4 is
/// refused nowhere; the fallback unit takes one unplaced person (best
/// appraisal first) and the rest exit.
#[test]
fn climb_limit_and_fallback_worked_by_hand() {
    let text = TWO_UNITS.replace("OPTIMAL", "candidate").replace(
        "max_climb = 1",
        "max_climb = 0\nfallback = { unit = \"x\", capacity = 1, rest = \"exit\" }",
    );
    let (_, outcome) = run(&text, 3);
    let p = &outcome.people;
    // Heads round: only p4 applies (home y first) and gets it.
    assert_eq!(
        (
            p[3].status(),
            unit_of(&p[3]),
            p[3].placement().map(|post| post.round)
        ),
        (Status::SameLevel, Some(1), Some(0))
    );
    // Staff round: p1 (home x: 4) and p2 (home x) want x, p3 wants y; x takes p1 (90),
    // p2 then tries y, which prefers p3 (85) over p2 (80).
    assert_eq!(
        (p[0].status(), unit_of(&p[0])),
        (Status::SameLevel, Some(0))
    );
    assert_eq!(
        (p[2].status(), unit_of(&p[2])),
        (Status::SameLevel, Some(1))
    );
    // p2 is left: the fallback unit x takes one person, so p2 goes there.
    assert_eq!(
        (p[1].status(), unit_of(&p[1]), p[1].reason()),
        (
            Status::Fallback,
            Some(0),
            Some(Reason::Destination { destination: 0 })
        )
    );
    assert_eq!(outcome.posts.iter().map(|p| p.vacancies()).sum::<u32>(), 1);
}

/// The unit a person is in after the reform (post or fallback unit).
fn unit_of(outcome: &PersonOutcome) -> Option<usize> {
    outcome.position().map(|(unit, _)| unit)
}

/// The level a person holds after the reform (post, or own level in a fallback unit).
fn level_of(outcome: &PersonOutcome) -> Option<usize> {
    outcome.position().map(|(_, level)| level)
}

fn shipped() -> Vec<(String, Scenario)> {
    shipped_scenarios()
        .into_iter()
        .map(|path| {
            let scenario = scenario::load(&path)
                .expect("shipped scenarios are valid")
                .scenario;
            (path.display().to_string(), scenario)
        })
        .collect()
}

#[test]
fn everyone_once_no_post_over_capacity_and_every_round_stable() {
    for (name, scenario) in shipped() {
        let graph = MergeGraph::build(&scenario);
        let simulator = Simulator::new(&scenario, &graph);
        for seed in 0..20 {
            let (outcome, passes) = simulator.run_traced(seed);
            assert_eq!(outcome.people.len(), scenario.people.len(), "{name}");
            assert_eq!(
                outcome.status_counts().iter().sum::<usize>(),
                scenario.people.len(),
                "{name}"
            );

            // Seats taken per post, counted from the people (a post won in a
            // round, or a seat a transfer gave), with the seats held
            // concurrently (by nobody placed here), match `filled` and fit
            // the capacity: the declared seats and those created for transfers.
            let levels = scenario.levels.len();
            let mut taken = vec![0u32; scenario.after.len() * levels];
            for (unit, level) in outcome.people.iter().filter_map(|p| p.seat()) {
                taken[unit * levels + level] += 1;
            }
            for post in &outcome.posts {
                let t = taken[post.unit * levels + post.level] + post.concurrent;
                assert_eq!(t, post.filled, "{name} seed {seed}");
                assert!(t <= post.capacity, "{name} seed {seed}: post over capacity");
                let declared = scenario.after[post.unit].posts[post.level];
                assert_eq!(post.capacity, declared + post.created, "{name}");
                assert_eq!(t, declared + post.created - post.vacancies());
            }
            let seats: u32 = outcome.posts.iter().map(|p| p.capacity).sum();
            let created: u32 = outcome.posts.iter().map(|p| p.created).sum();
            assert_eq!(
                (seats - created) as usize,
                scenario
                    .after
                    .iter()
                    .flat_map(|a| &a.posts)
                    .map(|&c| c as usize)
                    .sum::<usize>()
            );

            for pass in &passes {
                let blocking =
                    matching::verify(&pass.instance, &pass.matching).expect("a valid matching");
                assert!(
                    blocking.is_empty(),
                    "{name} seed {seed} round {}: {} blocking pairs",
                    pass.round,
                    blocking.len()
                );
                // The matching is what the outcome says for those it placed.
                for (c, &person) in pass.people.iter().enumerate() {
                    if let Some(post) = pass.matching.post(c as u32) {
                        let g = pass.posts[post as usize];
                        let got = outcome.people[person]
                            .placement()
                            .expect("the matching placed them");
                        assert_eq!(
                            (got.unit, got.level, got.round),
                            (g / levels, g % levels, pass.round)
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn placements_respect_the_climb_drop_and_age_rules() {
    for (name, scenario) in shipped() {
        let graph = MergeGraph::build(&scenario);
        let policy = &scenario.policy;
        let outcome = Simulator::new(&scenario, &graph).run(11, 0);
        for (person, result) in scenario.people.iter().zip(&outcome.people) {
            let Some(post) = result.placement() else {
                continue;
            };
            let level = post.level;
            let climb = person.level as i64 - level as i64;
            assert!(
                climb <= i64::from(policy.max_climb),
                "{name}: {} climbed {climb}",
                person.id
            );
            if let Some(drop) = policy.max_drop {
                assert!(
                    -climb <= i64::from(drop),
                    "{name}: {} dropped {}",
                    person.id,
                    -climb
                );
            }
            if let (Some(year), Some(limit)) = (policy.reference_year, policy.age_limits[level])
                && let Some(limit) = limit.for_gender(person.gender)
            {
                assert!(
                    year - person.born <= limit as i32,
                    "{name}: {} over the age limit",
                    person.id
                );
            }
            let expected = match level.cmp(&person.level) {
                std::cmp::Ordering::Less => Status::Promoted,
                std::cmp::Ordering::Equal => Status::SameLevel,
                std::cmp::Ordering::Greater => Status::Demoted,
            };
            assert_eq!(result.status(), expected);
        }
    }
}

#[test]
fn same_seed_same_outcome_different_seed_different_outcome() {
    let scenario = scenario::load(Path::new("examples/approval-bureau.toml"))
        .unwrap()
        .scenario;
    let graph = MergeGraph::build(&scenario);
    let a = Simulator::new(&scenario, &graph).run(5, 0);
    let b = reorg::simulate::run(&scenario, &graph, 5);
    assert_eq!(a, b);
    let c = Simulator::new(&scenario, &graph).run(6, 0);
    assert_ne!(a.people, c.people);
    let d = Simulator::new(&scenario, &graph).run(5, 1);
    assert_ne!(a.people, d.people, "another stream is another run");
}
