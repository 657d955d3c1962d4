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
    group.finish();
}

criterion_group!(benches, binhai);
criterion_main!(benches);
