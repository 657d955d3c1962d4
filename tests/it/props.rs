//! Nothing lost: over random small scenarios (units, levels, people, posts
//! and policy knobs), every person in the input appears exactly once in the
//! library's [`Outcome`], in the JSON `people` and in the `--people` CSV;
//! the statuses add up to everyone; and no post holds more people than its
//! capacity.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use proptest::prelude::*;
use reorg::graph::MergeGraph;
use reorg::metrics::RunReport;
use reorg::scenario::load_str;
use reorg::simulate::{Outcome, PersonOutcome, Status};

/// A random scenario, as the knobs that make it; [`Spec::toml`] writes it.
#[derive(Debug, Clone)]
struct Spec {
    levels: usize,
    /// For each before unit, the after unit it merges into.
    merges: Vec<usize>,
    after: usize,
    /// Capacity per after unit and level.
    posts: Vec<Vec<u32>>,
    /// (before unit, level, born, score, opt_out) per person.
    people: Vec<(usize, usize, i32, f64, bool)>,
    choices: u32,
    max_climb: u32,
    max_drop: Option<u32>,
    /// Oldest age for the top level.
    age_limit: Option<u32>,
    /// (min_age, probability) of an opt-out rule.
    opt_out: Option<(u32, f64)>,
    /// (capacity, exit) of a fallback to the last after unit.
    fallback: Option<(u32, bool)>,
    /// `exam` and `interview` weights (appraisal stays 4, so they never sum to zero).
    weights: (u32, u32),
    /// One round per level (`None`), or all levels in one round with these options.
    one_round: Option<(bool, bool)>,
    seed: u64,
}

fn spec() -> impl Strategy<Value = Spec> {
    (1usize..=4, 1usize..=4, 1usize..=3)
        .prop_flat_map(|(levels, before, after)| {
            let merges = prop::collection::vec(0..after, before);
            let posts = prop::collection::vec(prop::collection::vec(0u32..=3, levels), after);
            let person = (
                0..before,
                0..levels,
                1950i32..=2000,
                0u32..=1000,
                prop::bool::weighted(0.1),
            )
                .prop_map(|(unit, level, born, score, opt_out)| {
                    (unit, level, born, f64::from(score) / 10.0, opt_out)
                });
            let people = prop::collection::vec(person, 1..=16);
            let knobs = (
                1u32..=5,
                0u32..=3,
                prop::option::of(0u32..=3),
                prop::option::of(40u32..=70),
                prop::option::of((45u32..=65, 0u32..=10)),
                prop::option::of((0u32..=4, any::<bool>())),
                (0u32..=3, 0u32..=3),
                prop::option::of((any::<bool>(), any::<bool>())),
                any::<u64>(),
            );
            (Just(levels), merges, Just(after), posts, people, knobs)
        })
        .prop_map(|(levels, merges, after, posts, people, knobs)| {
            let (
                choices,
                max_climb,
                max_drop,
                age_limit,
                opt_out,
                fallback,
                weights,
                one_round,
                seed,
            ) = knobs;
            Spec {
                levels,
                merges,
                after,
                posts,
                people,
                choices,
                max_climb,
                max_drop,
                age_limit,
                opt_out: opt_out.map(|(age, p)| (age, f64::from(p) / 10.0)),
                fallback,
                weights,
                one_round,
                seed,
            }
        })
}

impl Spec {
    /// The scenario as TOML: every before unit merges whole into one after
    /// unit, so every share has exactly one owner.
    fn toml(&self) -> String {
        let mut t = String::from("[scenario]\nname = \"prop\"\n\n");
        for l in 0..self.levels {
            writeln!(t, "[[level]]\nid = \"L{l}\"\n").unwrap();
        }
        for b in 0..self.merges.len() {
            writeln!(t, "[[before]]\nid = \"B{b}\"\n").unwrap();
        }
        for a in 0..self.after {
            let from: Vec<String> = (0..self.merges.len())
                .filter(|&b| self.merges[b] == a)
                .map(|b| format!("\"B{b}\""))
                .collect();
            let posts: Vec<String> = (0..self.levels)
                .map(|l| format!("L{l} = {}", self.posts[a][l]))
                .collect();
            writeln!(
                t,
                "[[after]]\nid = \"A{a}\"\nfrom = [{}]\nposts = {{ {} }}\n",
                from.join(", "),
                posts.join(", ")
            )
            .unwrap();
        }
        for (i, (unit, level, born, score, opt_out)) in self.people.iter().enumerate() {
            writeln!(
                t,
                "[[person]]\nid = \"P{i}\"\nname = \"人{i}\"\nunit = \"B{unit}\"\nlevel = \"L{level}\"\nborn = {born}\nscore = {score:.1}\nopt_out = {opt_out}\n"
            )
            .unwrap();
        }
        writeln!(
            t,
            "[policy]\nreference_date = 2017-12-07\nchoices = {}\nmax_climb = {}",
            self.choices, self.max_climb
        )
        .unwrap();
        if let Some(drop) = self.max_drop {
            writeln!(t, "max_drop = {drop}").unwrap();
        }
        if let Some(limit) = self.age_limit {
            writeln!(t, "age_limit = {{ L0 = {limit} }}").unwrap();
        }
        if let Some((min_age, probability)) = self.opt_out {
            writeln!(
                t,
                "opt_out = {{ min_age = {min_age}, probability = {probability:.1} }}"
            )
            .unwrap();
        }
        if let Some((capacity, exit)) = self.fallback {
            let rest = if exit { "exit" } else { "pool" };
            writeln!(
                t,
                "fallback = {{ unit = \"A{}\", capacity = {capacity}, rest = \"{rest}\" }}",
                self.after - 1
            )
            .unwrap();
        }
        writeln!(
            t,
            "scoring = {{ appraisal = 4, exam = {}, interview = {} }}\n",
            self.weights.0, self.weights.1
        )
        .unwrap();
        if let Some((second_pass, post_optimal)) = self.one_round {
            let levels: Vec<String> = (0..self.levels).map(|l| format!("\"L{l}\"")).collect();
            let optimal = if post_optimal { "post" } else { "candidate" };
            writeln!(
                t,
                "[[round]]\nid = \"all\"\nlevels = [{}]\noptimal = \"{optimal}\"\nsecond_pass = {second_pass}",
                levels.join(", ")
            )
            .unwrap();
        }
        t
    }
}

/// How often each id occurs in a list.
fn counts<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    let mut counts = HashMap::new();
    for id in ids {
        *counts.entry(id).or_insert(0) += 1;
    }
    counts
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn everyone_appears_exactly_once_and_no_post_is_over_capacity(spec in spec()) {
        let text = spec.toml();
        let loaded = match load_str(&text, "prop.toml", Path::new(".")) {
            Ok(loaded) => loaded,
            Err(err) => panic!("generated scenario is invalid: {:#?}\n{text}", err.diagnostics()),
        };
        let scenario = &loaded.scenario;
        let graph = MergeGraph::build(scenario);
        let outcome: Outcome = reorg::simulate::run(scenario, &graph, spec.seed);
        let ids: Vec<&str> = scenario.people.iter().map(|p| p.id.as_str()).collect();
        prop_assert_eq!(ids.len(), spec.people.len());

        // The library outcome: one result per person, statuses adding up.
        prop_assert_eq!(outcome.people.len(), ids.len());
        prop_assert_eq!(outcome.status_counts().iter().sum::<usize>(), ids.len());

        // No post over capacity, counted from the people placed.
        let mut seated: HashMap<(usize, usize), u32> = HashMap::new();
        for person in &outcome.people {
            if let Some(post) = person.placement() {
                *seated.entry((post.unit, post.level)).or_insert(0) += 1;
            }
            if let PersonOutcome::Fallback { unit, .. } = person {
                prop_assert_eq!(*unit, spec.after - 1);
            }
        }
        for (&(unit, level), &n) in &seated {
            let capacity = scenario.after[unit].posts[level];
            prop_assert!(n <= capacity, "A{unit}/L{level}: {n} placed, {capacity} seats\n{text}");
        }
        for post in &outcome.posts {
            prop_assert!(post.filled <= post.capacity);
            prop_assert_eq!(post.filled, seated.get(&(post.unit, post.level)).copied().unwrap_or(0));
        }
        let fallback = outcome.people.iter().filter(|p| p.status() == Status::Fallback).count();
        prop_assert!(fallback as u32 <= spec.fallback.map_or(0, |f| f.0));

        // Every per-person output lists everyone once, in roster order.
        let report = RunReport::of(scenario, &graph, &outcome);
        let json: serde_json::Value =
            serde_json::from_str(&reorg::report::run::json(&report, true)).expect("JSON");
        let from_json: Vec<&str> = json["people"]
            .as_array()
            .expect("people")
            .iter()
            .map(|p| p["id"].as_str().expect("id"))
            .collect();
        prop_assert_eq!(&from_json, &ids);
        let csv = reorg::report::run::csv(&report, true);
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let from_csv: Vec<String> = reader
            .records()
            .map(|r| r.expect("valid CSV")[0].to_string())
            .collect();
        prop_assert_eq!(&from_csv, &ids);
        prop_assert!(counts(ids.iter().copied()).values().all(|&n| n == 1));
        prop_assert_eq!(json["summary"]["people"].as_u64(), Some(ids.len() as u64));
    }
}
