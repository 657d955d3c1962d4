//! Nothing lost, nothing panics: over random small scenarios (units, levels,
//! people, posts, rounds and policy knobs, including the degenerate shapes
//! a loader may accept: no after units, posts with no seats, no people,
//! everyone opting out, one level, no levels), every scenario that loads
//! runs through `run` (every format, with and without people), `batch` and
//! `compare`; every person in the input appears exactly once in the
//! library's [`Outcome`], in the JSON `people` and in the `--people` CSV;
//! the statuses add up to everyone; and no post holds more people than its
//! capacity.
//!
//! The library is driven the way the command line drives it (256 cases);
//! a smaller number of cases go through the `reorg` binary itself, so that
//! a panic in the command-line code alone is caught too.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use reorg::batch::compare::{Comparison, Side};
use reorg::batch::grid::Grid;
use reorg::batch::rows::Row;
use reorg::batch::{Batch, BatchSummary, Plan, Source};
use reorg::graph::MergeGraph;
use reorg::metrics::{RunReport, RunSummary};
use reorg::report::{Format, Lang, Render, document, render};
use reorg::scenario::{Files, Input, Loaded, load_input};
use reorg::simulate::{Outcome, PersonOutcome, Simulator, Status};
use serde_json::Value;

use crate::support::reorg;

/// Where a before unit's work goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    /// Merges whole into this after unit.
    Into(usize),
    /// Listed in a `[[dissolve]]`.
    Dissolved,
    /// Taken by nobody: valid only while nobody works there.
    Unclaimed,
}

/// A random scenario, as the knobs that make it; [`Spec::toml`] writes it.
#[derive(Debug, Clone)]
struct Spec {
    /// Levels; 0 is written `level = []`.
    levels: usize,
    /// For each before unit, where it goes.
    fates: Vec<Fate>,
    /// After units; 0 is written `after = []`.
    after: usize,
    /// Capacity per after unit and level.
    posts: Vec<Vec<u32>>,
    /// (before unit, level, born, score, opt_out) per person; none is
    /// written `person = []`.
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
    /// One round per level (`None`), or two rounds ([`Rounds`]); a round
    /// may get no level at all, and a level no round.
    rounds: Option<Rounds>,
    seed: u64,
}

/// Two rounds: for each level, the round that fills it (0 or 1; 2: none),
/// and each round's (second_pass, post-optimal).
type Rounds = (Vec<u8>, [(bool, bool); 2]);

/// The policy knobs, drawn together.
type Knobs = (
    u32,
    u32,
    Option<u32>,
    Option<u32>,
    Option<(u32, u32)>,
    Option<(u32, bool)>,
    (u32, u32),
    u64,
);

fn knobs() -> impl Strategy<Value = Knobs> {
    (
        1u32..=5,
        0u32..=3,
        prop::option::of(0u32..=3),
        prop::option::of(40u32..=70),
        prop::option::of((45u32..=65, 0u32..=10)),
        prop::option::of((0u32..=4, any::<bool>())),
        (0u32..=3, 0u32..=3),
        any::<u64>(),
    )
}

/// Scenarios with 1 to 4 levels; 0 to 3 after units (0 only when every
/// before unit is dissolved or empty); 0 to 16 people, sometimes all opting
/// out; posts of 0 to 3 seats, sometimes none anywhere.
fn spec() -> impl Strategy<Value = Spec> {
    let after = prop_oneof![1 => Just(0usize), 5 => 1usize..=3];
    (1usize..=4, 1usize..=4, after).prop_flat_map(|(levels, before, after)| {
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
        let people = prop_oneof![
            1 => Just(Vec::new()),
            8 => prop::collection::vec(person, 1..=16),
        ];
        let everyone_opts_out = prop::bool::weighted(0.1);
        let rounds = prop::option::of((
            prop::collection::vec(0u8..=2, levels),
            prop::array::uniform2((any::<bool>(), any::<bool>())),
        ));
        (
            Just(levels),
            fates(before, after),
            Just(after),
            posts(levels, after),
            (people, everyone_opts_out),
            rounds,
            knobs(),
        )
            .prop_map(|(levels, fates, after, posts, people, rounds, knobs)| {
                let (mut people, everyone_opts_out) = people;
                if everyone_opts_out {
                    for person in &mut people {
                        person.4 = true;
                    }
                }
                Spec::new(levels, fates, after, posts, people, rounds, knobs)
            })
    })
}

/// Scenarios with `level = []`: no people then (a person needs a level),
/// no posts, no age limit; rounds, if any, fill no level.
fn spec_without_levels() -> impl Strategy<Value = Spec> {
    (1usize..=3, 0usize..=2).prop_flat_map(|(before, after)| {
        let rounds = prop::option::of(prop::array::uniform2((any::<bool>(), any::<bool>())));
        (
            fates(before, after),
            Just(after),
            rounds.prop_map(|r| r.map(|options| (Vec::new(), options))),
            knobs(),
        )
            .prop_map(|(fates, after, rounds, mut knobs)| {
                knobs.3 = None;
                Spec::new(
                    0,
                    fates,
                    after,
                    vec![Vec::new(); after],
                    Vec::new(),
                    rounds,
                    knobs,
                )
            })
    })
}

/// Where each of `before` units goes, among `after` after units.
fn fates(before: usize, after: usize) -> BoxedStrategy<Vec<Fate>> {
    let fate = if after == 0 {
        prop_oneof![Just(Fate::Dissolved), Just(Fate::Unclaimed)].boxed()
    } else {
        prop_oneof![
            8 => (0..after).prop_map(Fate::Into),
            1 => Just(Fate::Dissolved),
            1 => Just(Fate::Unclaimed),
        ]
        .boxed()
    };
    prop::collection::vec(fate, before).boxed()
}

/// Seats per after unit and level; one time in five, no seat anywhere.
fn posts(levels: usize, after: usize) -> impl Strategy<Value = Vec<Vec<u32>>> {
    prop_oneof![
        4 => prop::collection::vec(prop::collection::vec(0u32..=3, levels), after),
        1 => Just(vec![vec![0; levels]; after]),
    ]
}

impl Spec {
    fn new(
        levels: usize,
        mut fates: Vec<Fate>,
        after: usize,
        posts: Vec<Vec<u32>>,
        people: Vec<(usize, usize, i32, f64, bool)>,
        rounds: Option<Rounds>,
        knobs: Knobs,
    ) -> Spec {
        // A unit with people must end somewhere: unclaimed becomes dissolved.
        for &(unit, ..) in &people {
            if fates[unit] == Fate::Unclaimed {
                fates[unit] = Fate::Dissolved;
            }
        }
        let (choices, max_climb, max_drop, age_limit, opt_out, fallback, weights, seed) = knobs;
        Spec {
            levels,
            fates,
            after,
            posts,
            people,
            choices,
            max_climb,
            max_drop,
            age_limit,
            opt_out: opt_out.map(|(age, p)| (age, f64::from(p) / 10.0)),
            // The fallback names the last after unit: none without one.
            fallback: fallback.filter(|_| after > 0),
            weights,
            rounds,
            seed,
        }
    }

    /// A shape that validation may refuse outright (an empty `level`,
    /// `after` or `person` array) rather than a scenario that must load.
    fn degenerate(&self) -> bool {
        self.levels == 0 || self.after == 0 || self.people.is_empty()
    }

    /// The scenario as TOML: every before unit merges whole into one after
    /// unit or is dissolved whole, so every share has exactly one owner.
    fn toml(&self) -> String {
        let mut t = String::new();
        // Empty arrays of tables can only be written as top-level keys.
        if self.levels == 0 {
            t.push_str("level = []\n");
        }
        if self.after == 0 {
            t.push_str("after = []\n");
        }
        if self.people.is_empty() {
            t.push_str("person = []\n");
        }
        t.push_str("\n[scenario]\nname = \"prop\"\n\n");
        for l in 0..self.levels {
            writeln!(t, "[[level]]\nid = \"L{l}\"\n").unwrap();
        }
        for b in 0..self.fates.len() {
            writeln!(t, "[[before]]\nid = \"B{b}\"\n").unwrap();
        }
        for a in 0..self.after {
            let from: Vec<String> = (0..self.fates.len())
                .filter(|&b| self.fates[b] == Fate::Into(a))
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
        let dissolved: Vec<String> = (0..self.fates.len())
            .filter(|&b| self.fates[b] == Fate::Dissolved)
            .map(|b| format!("\"B{b}\""))
            .collect();
        if !dissolved.is_empty() {
            writeln!(t, "[[dissolve]]\nfrom = [{}]\n", dissolved.join(", ")).unwrap();
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
        if let Some(limit) = self.age_limit.filter(|_| self.levels > 0) {
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
        if let Some((rounds_of_levels, options)) = &self.rounds {
            for (r, (second_pass, post_optimal)) in options.iter().enumerate() {
                let levels: Vec<String> = (0..self.levels)
                    .filter(|&l| usize::from(rounds_of_levels[l]) == r)
                    .map(|l| format!("\"L{l}\""))
                    .collect();
                let optimal = if *post_optimal { "post" } else { "candidate" };
                writeln!(
                    t,
                    "[[round]]\nid = \"R{r}\"\nlevels = [{}]\noptimal = \"{optimal}\"\nsecond_pass = {second_pass}\n",
                    levels.join(", ")
                )
                .unwrap();
            }
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

/// The scenario text as the command line would read it from `prop.toml`.
fn input(text: &str) -> Input {
    Input {
        name: "prop.toml".into(),
        text: text.to_string(),
        files: Files::Dir(".".into()),
    }
}

/// What `--set-b` changes in the comparisons: a valid value for every
/// generated scenario.
const SET_B: &str = "policy.choices=1";

/// Loads a generated scenario. `Ok(None)`: refused, which only a degenerate
/// shape may be; a scenario the generator means to be valid must load.
fn load(spec: &Spec, text: &str, overrides: &[String]) -> Result<Option<Loaded>, TestCaseError> {
    match load_input(&input(text), overrides) {
        Ok(loaded) => Ok(Some(loaded)),
        Err(err) if spec.degenerate() => {
            prop_assert!(
                !err.diagnostics().is_empty(),
                "refused without a word\n{text}"
            );
            Ok(None)
        }
        Err(err) => panic!(
            "generated scenario is invalid: {:#?}\n{text}",
            err.diagnostics()
        ),
    }
}

/// The conservation laws of one run's headline figures.
fn check_summary(
    summary: &Value,
    people: usize,
    seats: u64,
    text: &str,
) -> Result<(), TestCaseError> {
    let get = |name: &str| {
        summary[name]
            .as_u64()
            .unwrap_or_else(|| panic!("`{name}` in {summary}"))
    };
    prop_assert_eq!(get("people"), people as u64, "{}", text);
    prop_assert_eq!(get("posts"), seats, "{}", text);
    let statuses = ["placed", "pooled", "fallback", "exited", "did_not_compete"];
    prop_assert_eq!(
        statuses.iter().map(|s| get(s)).sum::<u64>(),
        people as u64,
        "{}",
        text
    );
    prop_assert_eq!(
        get("promoted") + get("same_level") + get("demoted"),
        get("placed"),
        "{}",
        text
    );
    // Only placed people hold seats, so the empty ones are the rest.
    prop_assert_eq!(get("vacancies") + get("placed"), seats, "{}", text);
    Ok(())
}

/// One run through the library, every output format, with and without people.
fn check_run(spec: &Spec, text: &str, loaded: &Loaded) -> Result<(), TestCaseError> {
    let scenario = &loaded.scenario;
    let graph = MergeGraph::build(scenario);
    let outcome: Outcome = reorg::simulate::run(scenario, &graph, spec.seed);
    let ids: Vec<&str> = scenario.people.iter().map(|p| p.id.as_str()).collect();
    prop_assert_eq!(ids.len(), spec.people.len());
    let seats: u64 = spec.posts.iter().flatten().map(|&s| u64::from(s)).sum();

    // The library outcome: one result per person, statuses adding up.
    prop_assert_eq!(outcome.people.len(), ids.len());
    prop_assert_eq!(outcome.status_counts().iter().sum::<usize>(), ids.len());
    if spec.people.iter().all(|p| p.4) {
        prop_assert!(
            outcome
                .people
                .iter()
                .all(|p| p.status() == Status::DidNotCompete)
        );
    }

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
        prop_assert!(
            n <= capacity,
            "A{unit}/L{level}: {n} placed, {capacity} seats\n{text}"
        );
    }
    for post in &outcome.posts {
        prop_assert!(post.filled <= post.capacity);
        prop_assert_eq!(
            post.filled,
            seated.get(&(post.unit, post.level)).copied().unwrap_or(0)
        );
    }
    let fallback = outcome
        .people
        .iter()
        .filter(|p| p.status() == Status::Fallback)
        .count();
    prop_assert!(fallback as u32 <= spec.fallback.map_or(0, |f| f.0));

    // Every per-person output lists everyone once, in roster order.
    let report = RunReport::of(scenario, &graph, &outcome);
    for with_people in [false, true] {
        let view = reorg::report::run::View {
            report: &report,
            graph: &graph.view(scenario),
            with_people,
        };
        for lang in [Lang::En, Lang::Zh] {
            let tables = view.document(lang);
            let _ = document::terminal(&tables);
            let _ = document::markdown(&tables);
            let _ = view.html(lang);
            let _ = view.sheets(lang);
        }
        let _ = reorg::report::run::csv(&report, with_people);
        let json: Value =
            serde_json::from_str(&reorg::report::run::json(&report, with_people)).expect("JSON");
        check_summary(&json["summary"], ids.len(), seats, text)?;
    }
    let json: Value = serde_json::from_str(&reorg::report::run::json(&report, true)).expect("JSON");
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
    Ok(())
}

/// A batch of three runs on one thread, as `reorg batch --runs 3` makes it;
/// with its rows.
fn batch(text: &str, base: &[String], seed: u64) -> (BatchSummary, Vec<Row>) {
    let plan = Plan {
        source: Source::Input(input(text)),
        base: base.to_vec(),
        grid: Grid::default(),
        runs: 3,
        seed: Some(seed),
        shard: None,
    };
    let batch = Batch::prepare(plan).expect("a scenario that loads makes a batch");
    let mut rows = Vec::new();
    let summary = batch
        .run(
            1,
            &AtomicBool::new(false),
            &mut |row| {
                rows.push(row.clone());
                Ok(())
            },
            &mut |_| {},
        )
        .expect("the batch runs");
    (summary, rows)
}

/// `reorg batch --runs 3`: three rows that each add up, run 0 the same as
/// the single run of the same seed, and every summary format.
fn check_batch(spec: &Spec, text: &str, loaded: &Loaded) -> Result<BatchSummary, TestCaseError> {
    let (summary, rows) = batch(text, &[], spec.seed);
    let people = spec.people.len();
    let seats: u64 = spec.posts.iter().flatten().map(|&s| u64::from(s)).sum();
    prop_assert_eq!(summary.runs_done, 3);
    prop_assert_eq!(rows.len(), 3);
    for row in &rows {
        let figures = serde_json::to_value(&row.summary).expect("JSON");
        check_summary(&figures, people, seats, text)?;
    }
    let graph = MergeGraph::build(&loaded.scenario);
    let single = reorg::simulate::run(&loaded.scenario, &graph, spec.seed);
    prop_assert_eq!(&rows[0].summary, &RunSummary::of(&loaded.scenario, &single));

    for format in [Format::Table, Format::Markdown, Format::Csv, Format::Html] {
        render(&summary, format, Lang::Zh).expect("renders");
    }
    let json: Value =
        serde_json::from_slice(&render(&summary, Format::Json, Lang::En).expect("renders"))
            .expect("JSON");
    prop_assert_eq!(json["runs_done"].as_u64(), Some(3));
    let figures = json["points"][0]["figures"].as_array().expect("figures");
    let people_figure = figures
        .iter()
        .find(|f| f["figure"] == "people")
        .expect("people");
    prop_assert_eq!(people_figure["n"].as_u64(), Some(3));
    prop_assert_eq!(people_figure["mean"].as_f64(), Some(people as f64));
    Ok(summary)
}

/// The four renderings of a comparison; returns its JSON.
fn render_comparison(comparison: &Comparison) -> Value {
    for format in [Format::Table, Format::Markdown, Format::Csv, Format::Html] {
        render(comparison, format, Lang::Zh).expect("renders");
    }
    serde_json::from_slice(&render(comparison, Format::Json, Lang::En).expect("renders"))
        .expect("JSON")
}

/// `reorg compare prop.toml --set-b …`, with one run each and with
/// `--runs 3`: the head count is the same on both sides.
/// `summary_a` is side A's batch, which [`check_batch`] ran already.
fn check_compare(
    spec: &Spec,
    text: &str,
    a: &Loaded,
    summary_a: &BatchSummary,
) -> Result<(), TestCaseError> {
    let set_b = vec![SET_B.to_string()];
    let Some(b) = load(spec, text, &set_b)? else {
        panic!("`--set-b {SET_B}` refused a scenario that loads\n{text}");
    };
    let side = |loaded: &Loaded, settings: &[String]| Side {
        scenario: loaded.scenario.name.clone(),
        source: "prop.toml".into(),
        settings: settings.to_vec(),
        units: reorg::metrics::unit_kinds(&loaded.scenario),
        depths: reorg::metrics::unit_depths(&loaded.scenario),
    };
    let sides = || (side(a, &[]), side(&b, &set_b));
    let summary = |loaded: &Loaded| {
        let graph = MergeGraph::build(&loaded.scenario);
        let outcome = Simulator::new(&loaded.scenario, &graph).run(spec.seed, 0);
        RunSummary::of(&loaded.scenario, &outcome)
    };
    let people = spec.people.len() as f64;
    let figure = |json: &Value, name: &str| -> Value {
        json["figures"]
            .as_array()
            .expect("figures")
            .iter()
            .find(|f| f["figure"] == name)
            .unwrap_or_else(|| panic!("no `{name}` in {json}"))
            .clone()
    };

    let single = Comparison::single(spec.seed, sides(), (&summary(a), &summary(&b)));
    let json = render_comparison(&single);
    let head_count = figure(&json, "people");
    prop_assert_eq!(head_count["a"].as_f64(), Some(people), "{}", text);
    prop_assert_eq!(head_count["b"].as_f64(), Some(people), "{}", text);
    prop_assert_eq!(head_count["difference"].as_f64(), Some(0.0), "{}", text);

    let (summary_b, _) = batch(text, &set_b, spec.seed);
    let many = Comparison::monte_carlo(
        spec.seed,
        3,
        sides(),
        (&summary_a.points[0], &summary_b.points[0]),
    );
    let json = render_comparison(&many);
    let head_count = figure(&json, "people");
    prop_assert_eq!(head_count["a"]["mean"].as_f64(), Some(people), "{}", text);
    prop_assert_eq!(head_count["b"]["mean"].as_f64(), Some(people), "{}", text);
    Ok(())
}

/// Everything the library does with a generated scenario, if it loads.
fn check_library(spec: &Spec) -> Result<(), TestCaseError> {
    let text = spec.toml();
    let Some(loaded) = load(spec, &text, &[])? else {
        return Ok(());
    };
    check_run(spec, &text, &loaded)?;
    let summary = check_batch(spec, &text, &loaded)?;
    check_compare(spec, &text, &loaded, &summary)
}

/// Runs `reorg` with `args` (split on spaces) in `dir`; it must exit 0.
/// Returns stdout.
fn cli(dir: &Path, args: &str, text: &str) -> Result<String, TestCaseError> {
    let output = reorg()
        .current_dir(dir)
        .args(args.split(' '))
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("reorg starts");
    let stderr = String::from_utf8_lossy(&output.stderr);
    prop_assert_eq!(
        output.status.code(),
        Some(0),
        "reorg {}\n{}\n{}",
        args,
        stderr,
        text
    );
    Ok(String::from_utf8(output.stdout).expect("UTF-8 output"))
}

/// The same through the binary: `check` agrees with the library on whether
/// the file is valid (exit 0 or 2, never a panic's 101); a valid file runs
/// in every format, in a batch and in both comparisons, each exiting 0.
fn check_cli(spec: &Spec) -> Result<(), TestCaseError> {
    let text = spec.toml();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let d = dir.path();
    std::fs::write(d.join("prop.toml"), &text).expect("written");
    let loads = load(spec, &text, &[])?.is_some();
    let check = reorg().current_dir(d).args(["check", "prop.toml"]).output();
    let check = check.expect("reorg starts");
    let stderr = String::from_utf8_lossy(&check.stderr);
    let expected = if loads { 0 } else { 2 };
    prop_assert_eq!(check.status.code(), Some(expected), "{}\n{}", stderr, text);
    if !loads {
        return Ok(());
    }
    let seed = spec.seed;
    let run = format!("run prop.toml --seed {seed}");
    let json: Value =
        serde_json::from_str(&cli(d, &format!("{run} --format json --people"), &text)?)
            .expect("JSON");
    let ids: Vec<&str> = json["people"]
        .as_array()
        .expect("people")
        .iter()
        .map(|p| p["id"].as_str().expect("id"))
        .collect();
    let expected: Vec<String> = (0..spec.people.len()).map(|i| format!("P{i}")).collect();
    prop_assert_eq!(ids, expected.iter().map(String::as_str).collect::<Vec<_>>());
    for format in ["table", "csv", "markdown"] {
        cli(d, &format!("{run} --format {format} --people"), &text)?;
    }
    cli(d, &run, &text)?;
    let batch = format!("batch prop.toml --runs 3 --jobs 1 --seed {seed}");
    let json: Value =
        serde_json::from_str(&cli(d, &format!("{batch} --format json"), &text)?).expect("JSON");
    prop_assert_eq!(json["runs_done"].as_u64(), Some(3));
    cli(d, &batch, &text)?;
    let compare = format!("compare prop.toml --set-b {SET_B} --seed {seed}");
    cli(d, &compare, &text)?;
    cli(
        d,
        &format!("{compare} --runs 3 --jobs 1 --format json"),
        &text,
    )?;
    Ok(())
}

/// Every format a result can be written in, with its file extension.
const FORMATS: [(&str, &str); 6] = [
    ("table", "txt"),
    ("json", "json"),
    ("csv", "csv"),
    ("markdown", "md"),
    ("html", "html"),
    ("xlsx", "xlsx"),
];

/// Runs `reorg` with `args` in `dir` and returns (exit code, stdout bytes).
fn cli_raw(dir: &Path, args: &[String]) -> (Option<i32>, Vec<u8>) {
    let output = reorg()
        .current_dir(dir)
        .args(args)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("reorg starts");
    (output.status.code(), output.stdout)
}

/// Outputs, for every format and every kind of `-o` target (docs/robustness.md,
/// "Writing outputs"): a new file and an existing file (replaced) get the
/// same bytes as stdout; a symbolic link to a file keeps being a link and
/// its target gets them; a folder is refused with exit 2 and left a folder;
/// `/dev/null` is written through (exit 0) and stays a device. The people
/// of a run appear once each (JSON and CSV, read back); a batch writes the
/// same rows and summary, byte for byte, with `--jobs` 1 and 2.
fn check_outputs(spec: &Spec) -> Result<(), TestCaseError> {
    use std::os::unix::fs::FileTypeExt;
    let text = spec.toml();
    if load(spec, &text, &[])?.is_none() {
        return Ok(());
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let d = dir.path();
    std::fs::write(d.join("prop.toml"), &text).expect("written");
    let seed = spec.seed.to_string();
    let expected: Vec<String> = (0..spec.people.len()).map(|i| format!("P{i}")).collect();
    for (format, ext) in FORMATS {
        let run = |target: Option<&str>| -> (Option<i32>, Vec<u8>) {
            let mut args: Vec<String> = [
                "run",
                "prop.toml",
                "--quiet",
                "--people",
                "--seed",
                &seed,
                "--format",
                format,
            ]
            .iter()
            .map(|a| a.to_string())
            .collect();
            if let Some(target) = target {
                args.extend(["-o".to_string(), target.to_string()]);
            }
            cli_raw(d, &args)
        };
        let (code, stdout) = run(None);
        prop_assert_eq!(code, Some(0), "{} to stdout\n{}", format, text);
        // A new file.
        let new = format!("new.{ext}");
        prop_assert_eq!(run(Some(&new)).0, Some(0), "{} -o new file", format);
        // A CSV file starts with a byte-order mark for Excel, stdout does
        // not (docs/output-format.md); otherwise the bytes are the same.
        let file = std::fs::read(d.join(&new)).unwrap();
        let body = match format {
            "csv" => file.strip_prefix("\u{feff}".as_bytes()).expect("a BOM"),
            _ => file.as_slice(),
        };
        prop_assert!(body == stdout, "{} new file differs from stdout", format);
        let stdout = file;
        // An existing file, replaced.
        let old = format!("old.{ext}");
        std::fs::write(d.join(&old), b"old bytes, longer than nothing").unwrap();
        prop_assert_eq!(run(Some(&old)).0, Some(0), "{} -o existing file", format);
        prop_assert!(
            std::fs::read(d.join(&old)).unwrap() == stdout,
            "{} existing file differs",
            format
        );
        // A symbolic link to a file: the file it names is replaced, the link kept.
        let target = format!("target.{ext}");
        let link = format!("link.{ext}");
        std::fs::write(d.join(&target), b"old").unwrap();
        std::os::unix::fs::symlink(&target, d.join(&link)).unwrap();
        prop_assert_eq!(run(Some(&link)).0, Some(0), "{} -o symlink", format);
        prop_assert!(
            std::fs::symlink_metadata(d.join(&link))
                .unwrap()
                .file_type()
                .is_symlink()
        );
        prop_assert!(
            std::fs::read(d.join(&target)).unwrap() == stdout,
            "{} link target differs",
            format
        );
        // A folder: refused, left as it was.
        let folder = format!("folder.{ext}");
        std::fs::create_dir(d.join(&folder)).unwrap();
        prop_assert_eq!(run(Some(&folder)).0, Some(2), "{} -o folder", format);
        prop_assert!(std::fs::metadata(d.join(&folder)).unwrap().is_dir());
        prop_assert_eq!(std::fs::read_dir(d.join(&folder)).unwrap().count(), 0);
        // /dev/null: written through, still a device.
        prop_assert_eq!(run(Some("/dev/null")).0, Some(0), "{} -o /dev/null", format);
        prop_assert!(
            std::fs::metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device()
        );
        // Everyone once, read back from the formats that are data.
        let ids: Vec<String> = match format {
            "json" => {
                let json: Value = serde_json::from_slice(&stdout).expect("JSON");
                json["people"]
                    .as_array()
                    .expect("people")
                    .iter()
                    .map(|p| p["id"].as_str().expect("id").to_string())
                    .collect()
            }
            "csv" => csv::Reader::from_reader(stdout.as_slice())
                .records()
                .map(|r| r.expect("a CSV row")[0].to_string())
                .collect(),
            _ => continue,
        };
        prop_assert_eq!(&ids, &expected, "{} people", format);
        // No temporary file is left behind.
        let leftovers: Vec<_> = std::fs::read_dir(d)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        prop_assert!(leftovers.is_empty(), "{:?}", leftovers);
    }
    // A batch: rows and summary byte-identical for --jobs 1 and 2, in every format.
    for (format, _) in FORMATS {
        for rows in ["rows.csv", "rows.jsonl"] {
            let mut outputs = Vec::new();
            for jobs in ["1", "2"] {
                let file = format!("{jobs}-{rows}");
                let args: Vec<String> = [
                    "batch",
                    "prop.toml",
                    "--quiet",
                    "--runs",
                    "4",
                    "--seed",
                    &seed,
                    "--jobs",
                    jobs,
                    "--format",
                    format,
                    "-o",
                    &file,
                ]
                .iter()
                .map(|a| a.to_string())
                .collect();
                let (code, summary) = cli_raw(d, &args);
                prop_assert_eq!(code, Some(0), "batch {} {}", format, rows);
                outputs.push((summary, std::fs::read(d.join(&file)).unwrap()));
            }
            prop_assert!(
                outputs[0] == outputs[1],
                "batch {} {}: --jobs 1 and 2 differ",
                format,
                rows
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]

    #[test]
    fn every_output_target_and_format_keeps_the_invariants(spec in spec()) {
        check_outputs(&spec)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn everyone_appears_exactly_once_and_no_post_is_over_capacity(spec in spec()) {
        check_library(&spec)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn the_command_line_runs_every_scenario_check_accepts(spec in spec()) {
        check_cli(&spec)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// `level = []`: refused (exit 2), or accepted and then run like any
    /// other. Until main's metrics split, such a scenario passed `check`,
    /// then `run`, `batch` and `compare` panicked (exit 101, index out of
    /// bounds in `metrics::run_summary`); this property found it.
    #[test]
    fn a_scenario_without_levels_is_refused_or_runs(spec in spec_without_levels()) {
        check_library(&spec)?;
        check_cli(&spec)?;
    }
}

/// The smallest scenario the property above found: no levels, no people,
/// one unit merging into another. Every command that reads it either
/// refuses it as bad input (2) or runs it (0); none panics (101).
#[test]
fn an_empty_level_array_is_refused_or_runs() {
    let text = "level = []\nperson = []\n\n[scenario]\nname = \"no levels\"\n\n\
                [[before]]\nid = \"B0\"\n\n[[after]]\nid = \"A0\"\nfrom = [\"B0\"]\n";
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("no-levels.toml"), text).expect("written");
    let check = reorg()
        .current_dir(dir.path())
        .args(["check", "no-levels.toml"])
        .output()
        .expect("reorg starts");
    let accepted = check.status.code() == Some(0);
    let commands: [&[&str]; 4] = [
        &["run", "no-levels.toml"],
        &["batch", "no-levels.toml", "--runs", "3", "--jobs", "1"],
        &["compare", "no-levels.toml", "--set-b", SET_B],
        &[
            "compare",
            "no-levels.toml",
            "--set-b",
            SET_B,
            "--runs",
            "3",
            "--jobs",
            "1",
        ],
    ];
    for args in commands {
        let output = reorg()
            .current_dir(dir.path())
            .args(args)
            .output()
            .expect("reorg starts");
        let expected = if accepted { 0 } else { 2 };
        assert_eq!(
            output.status.code(),
            Some(expected),
            "reorg {}: check exited {:?}\n{}",
            args.join(" "),
            check.status.code(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
