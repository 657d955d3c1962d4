//! Benchmarks of the matching engine (`reorg::matching`), in memory.
//!
//! - `deferred_acceptance/1M x10/{candidate,post}`: the engine alone on
//!   1,000,000 candidates with 10 choices each over 100,000 posts (1 to 15
//!   seats, about 800,000 seats in all). Generating and building the instance
//!   is not timed.
//! - `build/1M x10`: building (checking and transposing) that instance from
//!   a filled builder.
//! - `deferred_acceptance/1200 x5/{candidate,post}` and
//!   `round/1200 x5/{checked,trusted}`: the simulation's regime, one round of
//!   about 1,200 people with 5 choices over 100 posts; `round` refills a
//!   reused builder, builds (with `build` or, as the simulation does,
//!   `build_trusting_keys`) and solves.
//!
//! Preferences are correlated, as in a real round: posts have a common
//! popularity plus individual noise, candidates a common merit plus noise.
//! Run with `cargo bench --bench matching`; `docs/performance.md` has the
//! figures and how peak memory was measured.

use std::cell::OnceCell;
use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use reorg::matching::{Instance, InstanceBuilder, Side, deferred_acceptance};

/// Shape of a generated instance.
struct Shape {
    candidates: usize,
    posts: usize,
    choices: usize,
    max_capacity: u32,
    seed: u64,
}

const LARGE: Shape = Shape {
    candidates: 1_000_000,
    posts: 100_000,
    choices: 10,
    max_capacity: 15,
    seed: 1,
};

const ROUND: Shape = Shape {
    candidates: 1_200,
    posts: 100,
    choices: 5,
    max_capacity: 21,
    seed: 2,
};

/// Seats per post; each candidate's (post, key) choices, best first, go to
/// `sink` (straight into a builder for the large instance, so that the
/// generator's own lists never take memory).
fn generate(shape: &Shape, mut sink: impl FnMut(&[(u32, u64)])) -> Vec<u32> {
    let mut rng = ChaCha8Rng::seed_from_u64(shape.seed);
    let capacity: Vec<u32> = (0..shape.posts)
        .map(|_| rng.random_range(1..=shape.max_capacity))
        .collect();
    // Post 0 is the most popular; popularity falls linearly.
    let popularity: Vec<f64> = (0..shape.posts)
        .map(|p| 1.0 - p as f64 / shape.posts as f64)
        .collect();
    let mut picks: Vec<(f64, u32)> = Vec::with_capacity(shape.choices);
    let mut choices: Vec<(u32, u64)> = Vec::with_capacity(shape.choices);
    for c in 0..shape.candidates {
        let merit: f64 = rng.random();
        picks.clear();
        while picks.len() < shape.choices {
            // Draw towards popular posts (density falling with the index).
            let u: f64 = rng.random();
            let post = ((u * u) * shape.posts as f64) as u32;
            if picks.iter().all(|&(_, q)| q != post) {
                let noise: f64 = rng.random();
                picks.push((popularity[post as usize] + 0.3 * noise, post));
            }
        }
        picks.sort_by(|a, b| b.0.total_cmp(&a.0));
        choices.clear();
        for &(_, post) in &picks {
            let noise: f64 = rng.random();
            let score = (merit + 0.25 * noise) / 1.25; // in [0, 1], higher is better
            // Lower keys are preferred; the candidate index in the low bits
            // makes keys strict within a post.
            let key = (((1.0 - score) * f64::from(u32::MAX)) as u64) << 32 | c as u64;
            choices.push((post, key));
        }
        sink(&choices);
    }
    capacity
}

fn builder_for(shape: &Shape) -> InstanceBuilder {
    let mut builder = InstanceBuilder::with_capacity(
        Vec::new(),
        shape.candidates,
        shape.candidates * shape.choices,
    );
    let capacity = generate(shape, |choices| {
        builder.push_candidate(choices.iter().copied());
    });
    *builder.capacity_mut() = capacity;
    builder
}

fn large(c: &mut Criterion) {
    // Generated on first use, so that a filter that skips these benchmarks
    // also skips generating them; the instance and the builder for `build`
    // are generated separately so that timing the engine alone keeps only
    // the instance in memory (see docs/performance.md for peak memory).
    let instance: OnceCell<Instance> = OnceCell::new();
    let get_instance = || {
        instance.get_or_init(|| {
            builder_for(&LARGE)
                .build()
                .expect("generated instance is valid")
        })
    };

    let mut group = c.benchmark_group("deferred_acceptance/1M x10");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("candidate", |b| {
        let instance = get_instance();
        b.iter(|| deferred_acceptance(black_box(instance), Side::Candidate));
    });
    group.bench_function("post", |b| {
        let instance = get_instance();
        b.iter(|| deferred_acceptance(black_box(instance), Side::Post));
    });
    group.finish();

    let mut group = c.benchmark_group("build");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("1M x10", |b| {
        let builder = builder_for(&LARGE);
        b.iter_batched(
            || builder.clone(),
            InstanceBuilder::build,
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

fn round(c: &mut Criterion) {
    let mut lists: Vec<Vec<(u32, u64)>> = Vec::new();
    let capacity = generate(&ROUND, |choices| lists.push(choices.to_vec()));
    let fill = |builder: &mut InstanceBuilder, lists: &[Vec<(u32, u64)>]| {
        for list in lists {
            builder.push_candidate(list.iter().copied());
        }
    };
    let mut builder = InstanceBuilder::new(capacity);
    fill(&mut builder, &lists);
    let instance = builder.build().expect("generated instance is valid");

    let mut group = c.benchmark_group("deferred_acceptance/1200 x5");
    group.bench_function("candidate", |b| {
        b.iter(|| deferred_acceptance(black_box(&instance), Side::Candidate));
    });
    group.bench_function("post", |b| {
        b.iter(|| deferred_acceptance(black_box(&instance), Side::Post));
    });
    group.finish();

    // A whole round: refill the reused builder from the filed choices,
    // build, solve, and take the arrays back. `checked` builds with every
    // check (and the posts' sorted lists); `trusted` as the simulation does,
    // its keys being strict by construction.
    let mut group = c.benchmark_group("round/1200 x5");
    let mut spare = Some(instance.clone().into_builder());
    group.bench_function("checked", |b| {
        b.iter(|| {
            let mut builder = spare.take().expect("put back every iteration");
            fill(&mut builder, black_box(&lists));
            let instance = builder.build().expect("generated instance is valid");
            let matching = deferred_acceptance(&instance, Side::Candidate);
            spare = Some(instance.into_builder());
            matching
        });
    });
    group.bench_function("trusted", |b| {
        b.iter(|| {
            let mut builder = spare.take().expect("put back every iteration");
            fill(&mut builder, black_box(&lists));
            let instance = builder
                .build_trusting_keys()
                .expect("generated instance is valid");
            let matching = deferred_acceptance(&instance, Side::Candidate);
            spare = Some(instance.into_builder());
            matching
        });
    });
    group.finish();
}

criterion_group!(benches, round, large);
criterion_main!(benches);
