//! Benchmarks of one simulation run on the Binhai scenario (1,174 people,
//! 5 rounds): the run alone, and the run plus its report; and of the taste
//! loop (every applicant rating the open posts they may take) on ten
//! Binhai-like districts (bench/scale.py's shape), as one market and as ten.
//!
//! `cargo bench --bench simulate`. Figures are recorded in docs/performance.md.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use reorg::graph::MergeGraph;
use reorg::metrics::RunReport;
use reorg::scenario;
use reorg::simulate::Simulator;
use reorg::simulate::years::run_years;

fn binhai(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/binhai.toml");
    let scenario = scenario::load(&path)
        .expect("binhai.toml is valid")
        .scenario;
    let graph = MergeGraph::build(&scenario);
    let simulator = Simulator::new(&scenario, &graph);
    let mut group = c.benchmark_group("binhai");
    let mut stream = 0u64;
    group.bench_function("run", |b| {
        b.iter(|| {
            stream += 1;
            black_box(simulator.run(2017, stream))
        })
    });
    group.bench_function("run_and_report", |b| {
        b.iter(|| {
            stream += 1;
            let outcome = simulator.run(2017, stream);
            black_box(RunReport::of(&scenario, &graph, &outcome))
        })
    });
    group.bench_function("load_and_prepare", |b| {
        b.iter(|| {
            let scenario = scenario::load(&path).expect("valid").scenario;
            let graph = MergeGraph::build(&scenario);
            black_box(Simulator::new(&scenario, &graph).run(2017, 0))
        })
    });
    // The reform day and three years after it (issue 14: at most 4× a run):
    // attrition at the lower levels, hiring capped, a term end in year 3.
    let text = std::fs::read_to_string(&path).expect("binhai.toml is readable")
        + "\n[timeline]\nyears = 3\nterm = 3\nhiring = { per_year = 20 }\n\
           attrition = { section_head = 0.02, section_deputy = 0.02, staff = 0.03 }\n";
    let dir = path.parent().expect("scenarios/");
    let with_years = scenario::load_str(&text, "binhai.toml", dir)
        .expect("binhai.toml with a timeline is valid")
        .scenario;
    let timeline = with_years.timeline.clone().expect("a timeline");
    let years_simulator = Simulator::new(&with_years, &graph);
    group.bench_function("run_and_3_years", |b| {
        b.iter(|| {
            stream += 1;
            let outcome = years_simulator.run(2017, stream);
            black_box(run_years(&with_years, &timeline, &outcome, 2017, stream))
        })
    });
    group.finish();
}

/// Ten districts of 1,160 people (58 → 26 units each), as written by
/// `bench/scale.py 10 [--markets]`: the same shape, built here so that the
/// benchmark needs no Python.
fn districts(count: usize, markets: bool) -> String {
    const LEVELS: [(&str, u32); 5] = [
        ("head", 1),
        ("deputy", 2),
        ("section_head", 4),
        ("section_deputy", 2),
        ("staff", 11),
    ];
    const BEFORE: usize = 58;
    const AFTER: usize = 26;
    let mut out = String::from("[scenario]\nname = \"districts\"\nseed = 2017\n");
    for (level, _) in LEVELS {
        out += &format!("[[level]]\nid = \"{level}\"\n");
    }
    for d in 0..count {
        for b in 0..BEFORE {
            out += &format!("[[before]]\nid = \"d{d}_b{b}\"\n");
        }
    }
    for d in 0..count {
        for a in 0..AFTER {
            let sources: Vec<usize> = (0..BEFORE).filter(|b| b % AFTER == a).collect();
            let from: Vec<String> = sources.iter().map(|b| format!("\"d{d}_b{b}\"")).collect();
            let posts: Vec<String> = LEVELS
                .iter()
                .map(|(level, n)| {
                    let n = n * sources.len() as u32;
                    format!("{level} = {}", (n - n / 10).max(1))
                })
                .collect();
            out += &format!(
                "[[after]]\nid = \"d{d}_a{a}\"\nfrom = [{}]\nposts = {{ {} }}\n",
                from.join(", "),
                posts.join(", ")
            );
            if markets {
                out += &format!("market = \"d{d}\"\n");
            }
        }
    }
    out += "[policy]\nchoices = 3\nmax_climb = 2\n\
            [policy.scoring]\nappraisal = 4\nexam = 2\ninterview = 4\nexam_sd = 8\n\
            interview_sd = 10\nhome_bonus = 6\nclimb_penalty = 5\n\
            [policy.preferences]\nlevel = 10\nhome = 4\nnoise = 3\n";
    for (level, _) in LEVELS {
        out += &format!("[[round]]\nid = \"{level}\"\nlevels = [\"{level}\"]\n");
        if level == "staff" {
            out += "second_pass = true\n";
        }
    }
    out += "[roster.generate]\nseed = 2017\nid_prefix = \"P\"\n";
    let counts: Vec<String> = LEVELS.iter().map(|(l, n)| format!("{l} = {n}")).collect();
    for d in 0..count {
        for b in 0..BEFORE {
            out += &format!(
                "[roster.generate.unit.d{d}_b{b}]\ncounts = {{ {} }}\n",
                counts.join(", ")
            );
        }
    }
    out
}

fn taste_loop(c: &mut Criterion) {
    let mut group = c.benchmark_group("taste_loop");
    group.sample_size(10);
    for (name, markets) in [
        ("ten_districts_one_market", false),
        ("ten_districts_ten_markets", true),
    ] {
        let text = districts(10, markets);
        let scenario = scenario::load_str(&text, "districts.toml", Path::new("."))
            .expect("the generated scenario is valid")
            .scenario;
        let graph = MergeGraph::build(&scenario);
        let simulator = Simulator::new(&scenario, &graph);
        let mut stream = 0u64;
        group.bench_function(name, |b| {
            b.iter(|| {
                stream += 1;
                black_box(simulator.run(2017, stream))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, binhai, taste_loop);
criterion_main!(benches);
