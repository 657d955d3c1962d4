//! Who owns each step before and after the reform: the before unit whose
//! share the step is, and the after unit the merge graph sends that share
//! to.

use crate::graph::MergeGraph;
use crate::scenario::Process;

/// The owner of each step of one process, before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owners {
    /// The before unit of each step.
    pub before: Vec<usize>,
    /// The after unit of each step; `None` when its share is dissolved (the
    /// step ends with the reform).
    pub after: Vec<Option<usize>>,
}

impl Owners {
    /// Follows each step's share along the merge graph: the after unit whose
    /// edge from the step's before unit carries the share (the function, or
    /// the core).
    ///
    /// Complexity: O(steps × successors of a unit).
    pub fn of(process: &Process, graph: &MergeGraph) -> Owners {
        let before: Vec<usize> = process.steps().iter().map(|s| s.owner.unit()).collect();
        let after = process
            .steps()
            .iter()
            .map(|step| {
                let unit = step.owner.unit();
                let share = step.owner.function();
                graph.successors(unit).into_iter().find(|&a| {
                    graph
                        .edge(unit, a)
                        .is_some_and(|edge| edge.functions.contains(&share))
                })
            })
            .collect();
        Owners { before, after }
    }

    /// The before owners as the after owners' type: every step runs.
    pub fn before_as_options(&self) -> Vec<Option<usize>> {
        self.before.iter().copied().map(Some).collect()
    }
}
