//! Benchmarks of one simulation run on the Binhai scenario (1,174 people,
//! 5 rounds): the run alone, and the run plus its report.
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

criterion_group!(benches, binhai);
criterion_main!(benches);
