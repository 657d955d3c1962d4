//! The critical path of a DAG of steps: the longest chain of durations and
//! waits, by petgraph's topological sort and one pass of dynamic
//! programming (the longest path, which is easy on a DAG).
//!
//! # Algorithm
//!
//! Each step `v` has a duration `d(v)`; each dependency `u → v` (v waits
//! for u) has a wait `w(u, v)`, the hand-off delay or 0. In topological
//! order,
//!
//! ```text
//! start(v)  = max(0, max over u → v of finish(u) + w(u, v))
//! finish(v) = start(v) + d(v)
//! ```
//!
//! and the process takes `max finish(v)` working days. The critical path
//! ends at the step that finishes last and goes back, step by step, to the
//! dependency that set each start. Ties (two steps finishing at the same
//! moment) go to the step written first, so the path is the same on every
//! run. Time and memory are O(V + E).
//!
//! # Example
//!
//! Four steps, hand-offs of 5 days between a and b, a and c:
//!
//! ```text
//! a (2) ──5──▶ b (10) ──0──▶ d (1)
//!   └───5──▶ c (3) ──0──────┘
//! ```
//!
//! start(a) = 0, finish(a) = 2; start(b) = 2 + 5 = 7, finish(b) = 17;
//! start(c) = 7, finish(c) = 10; start(d) = max(17, 10) = 17, finish(d) =
//! 18. The process takes 18 days, along a → b → d.
//!
//! ```
//! use reorg::process::{Dependency, critical_path};
//!
//! let durations = [2.0, 10.0, 3.0, 1.0];
//! let deps = [
//!     Dependency { from: 0, to: 1, wait: 5.0 },
//!     Dependency { from: 0, to: 2, wait: 5.0 },
//!     Dependency { from: 1, to: 3, wait: 0.0 },
//!     Dependency { from: 2, to: 3, wait: 0.0 },
//! ];
//! let timing = critical_path(&durations, &[true; 4], &deps);
//! assert_eq!(timing.days, 18.0);
//! assert_eq!(timing.path, [0, 1, 3]);
//! assert_eq!(timing.start[2], 7.0);
//! ```

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use serde::Serialize;

/// A dependency between two steps: `to` waits for `from`, then `wait` more days.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Dependency {
    /// The step waited for (index).
    pub from: usize,
    /// The step that waits (index).
    pub to: usize,
    /// Working days between the end of `from` and the start of `to`.
    pub wait: f64,
}

/// When each step runs, and the critical path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timing {
    /// Working days from the first start to the last finish.
    pub days: f64,
    /// The earliest start of each step (0 for a step that does not run).
    pub start: Vec<f64>,
    /// Its earliest finish.
    pub finish: Vec<f64>,
    /// The steps of the critical path, first to last.
    pub path: Vec<usize>,
}

/// Earliest starts and finishes and the critical path of the steps marked
/// `runs`, with the given durations and dependencies (between running
/// steps; they must form a DAG).
///
/// # Panics
///
/// When the dependencies have a cycle or name a step out of range: a
/// validated [`crate::scenario::Process`] has neither, and the sides built
/// from it keep only dependencies between its steps.
pub fn critical_path(durations: &[f64], runs: &[bool], deps: &[Dependency]) -> Timing {
    let n = durations.len();
    let mut graph: DiGraph<usize, f64> = DiGraph::with_capacity(n, deps.len());
    let nodes: Vec<NodeIndex> = (0..n).map(|i| graph.add_node(i)).collect();
    for dep in deps {
        graph.add_edge(nodes[dep.from], nodes[dep.to], dep.wait);
    }
    let order = petgraph::algo::toposort(&graph, None)
        .expect("the steps of a validated process form a DAG");
    let mut start = vec![0.0; n];
    let mut finish = vec![0.0; n];
    // The dependency that set each start, for walking the path back.
    let mut set_by: Vec<Option<usize>> = vec![None; n];
    for node in order {
        let v = graph[node];
        if !runs[v] {
            continue;
        }
        let mut best: Option<(f64, usize)> = None;
        for edge in graph.edges_directed(node, Direction::Incoming) {
            use petgraph::visit::EdgeRef;
            let u = graph[edge.source()];
            let ready = finish[u] + *edge.weight();
            let better = match best {
                None => true,
                Some((time, w)) => ready > time || (ready == time && u < w),
            };
            if better {
                best = Some((ready, u));
            }
        }
        if let Some((ready, u)) = best {
            start[v] = ready.max(0.0);
            set_by[v] = Some(u);
        }
        finish[v] = start[v] + durations[v];
    }
    let last = (0..n)
        .filter(|&v| runs[v])
        .fold(None, |best: Option<usize>, v| match best {
            Some(b) if finish[b] >= finish[v] => Some(b),
            _ => Some(v),
        });
    let mut path = Vec::new();
    let mut at = last;
    while let Some(v) = at {
        path.push(v);
        at = set_by[v];
    }
    path.reverse();
    Timing {
        days: last.map_or(0.0, |v| finish[v]),
        start,
        finish,
        path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dep(from: usize, to: usize, wait: f64) -> Dependency {
        Dependency { from, to, wait }
    }

    #[test]
    fn a_chain_adds_durations_and_waits() {
        // 3 + 2 (wait) + 4 + 0 + 1 = 10.
        let t = critical_path(
            &[3.0, 4.0, 1.0],
            &[true; 3],
            &[dep(0, 1, 2.0), dep(1, 2, 0.0)],
        );
        assert_eq!(t.days, 10.0);
        assert_eq!(t.path, [0, 1, 2]);
        assert_eq!(t.start, [0.0, 5.0, 9.0]);
    }

    #[test]
    fn independent_steps_take_the_longest_and_ties_go_to_the_first() {
        let t = critical_path(&[4.0, 6.0, 6.0], &[true; 3], &[]);
        assert_eq!(t.days, 6.0);
        assert_eq!(t.path, [1]);
        // Written in another order, the dependencies still give one answer.
        let t = critical_path(
            &[1.0, 2.0, 2.0, 1.0],
            &[true; 4],
            &[
                dep(2, 3, 0.0),
                dep(1, 3, 0.0),
                dep(0, 1, 0.0),
                dep(0, 2, 0.0),
            ],
        );
        assert_eq!(t.days, 4.0);
        assert_eq!(t.path, [0, 1, 3]);
    }

    #[test]
    fn steps_that_do_not_run_take_no_time() {
        let t = critical_path(&[5.0, 9.0], &[true, false], &[]);
        assert_eq!(t.days, 5.0);
        assert_eq!(t.path, [0]);
        let none = critical_path(&[5.0], &[false], &[]);
        assert_eq!(none.days, 0.0);
        assert!(none.path.is_empty());
    }
}
