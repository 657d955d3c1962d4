//! Every shipped scenario loads, and its merge graph conserves people.

use reorg::graph::MergeGraph;
use reorg::scenario::{self, Fate};

use crate::support::shipped_scenarios;

#[test]
fn there_are_shipped_scenarios() {
    assert!(
        shipped_scenarios().len() >= 2,
        "examples/ should hold at least two scenarios"
    );
}

#[test]
fn every_shipped_scenario_loads_without_errors() {
    for path in shipped_scenarios() {
        if let Err(err) = scenario::load(&path) {
            panic!("{} is invalid: {:#?}", path.display(), err.diagnostics());
        }
    }
}

/// Headcount is conserved through the graph: each person either moves along
/// exactly one edge or is in a dissolved share, counted here from each
/// person's own fate rather than from the edges.
#[test]
fn merge_graphs_conserve_headcount() {
    for path in shipped_scenarios() {
        let scenario = scenario::load(&path).expect("valid").scenario;
        let graph = MergeGraph::build(&scenario);
        let mut into_after = vec![0usize; scenario.after.len()];
        let mut dissolved = 0;
        for person in 0..scenario.people.len() {
            match scenario.person_fate(person) {
                Fate::After(a) => into_after[a] += 1,
                Fate::Transferred(t) => into_after[scenario.transfers[t].to] += 1,
                Fate::Dissolved(_) => dissolved += 1,
            }
        }
        for (a, &expected) in into_after.iter().enumerate() {
            assert_eq!(
                graph.inherited_headcount(a),
                expected,
                "{}: after unit {a}",
                path.display()
            );
        }
        assert_eq!(graph.dissolved_headcount(), dissolved, "{}", path.display());
        let on_edges: usize = graph.edges().iter().map(|(_, _, m)| m.headcount).sum();
        assert_eq!(
            on_edges + dissolved,
            scenario.people.len(),
            "{}",
            path.display()
        );
        for b in 0..scenario.before.len() {
            let out: usize = graph
                .edges()
                .iter()
                .filter(|(from, _, _)| *from == b)
                .map(|(_, _, m)| m.headcount)
                .sum();
            let stays_dissolved = (0..scenario.people.len())
                .filter(|&p| scenario.people[p].unit == b)
                .filter(|&p| matches!(scenario.person_fate(p), Fate::Dissolved(_)))
                .count();
            assert_eq!(
                out + stays_dissolved,
                graph.before_headcount(b),
                "{}: unit {b}",
                path.display()
            );
        }
    }
}
