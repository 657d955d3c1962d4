//! Scenario text: any UTF-8 through `reorg::scenario::load_str`, and through
//! the simulation and every renderer when it loads and is small enough to
//! run in a moment. Roster files are looked up in a folder that does not
//! exist, so a `[roster] file` is an error, never a read.
//!
//! Seeds: `scenarios/`, `examples/` and `tests/fixtures/invalid/` (fuzz/seed.sh).

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(loaded) =
        reorg::scenario::load_str(text, "fuzz.toml", Path::new("/nonexistent/reorg-fuzz"))
    else {
        return;
    };
    let scenario = &loaded.scenario;
    let seats: u64 = scenario.posts_per_level().iter().sum();
    let choices = u64::from(scenario.policy.choices);
    // Big scenarios are valid but slow: the fuzzer is after crashes, not timeouts.
    if scenario.people.len() > 300
        || seats > 5_000
        || choices * scenario.people.len() as u64 > 20_000
    {
        return;
    }
    let graph = reorg::graph::MergeGraph::build(scenario);
    let outcome = reorg::simulate::run(scenario, &graph, 7);
    let report = reorg::metrics::RunReport::of(scenario, &graph, &outcome);
    let graph = graph.view(scenario);
    for with_people in [true, false] {
        let view = reorg::report::run::View {
            report: &report,
            graph: &graph,
            with_people,
        };
        for format in [
            reorg::report::Format::Table,
            reorg::report::Format::Json,
            reorg::report::Format::Csv,
            reorg::report::Format::Markdown,
            reorg::report::Format::Html,
            reorg::report::Format::Xlsx,
        ] {
            for lang in [reorg::report::Lang::En, reorg::report::Lang::Zh] {
                let _ = reorg::report::render(&view, format, lang);
            }
        }
    }
    let _ = reorg::report::roster::csv(scenario);
});
