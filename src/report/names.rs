//! Names of units and levels by id, for the outputs a person reads: the run
//! report names after units and levels, the merge graph the units before.
//! A lookup, never a figure.

use std::collections::HashMap;

use crate::graph::GraphView;
use crate::metrics::RunReport;

/// Names by id of the units before, the units after and the levels of one
/// scenario. An id it does not know is shown as itself.
#[derive(Debug, Clone, Default)]
pub struct Names {
    before: HashMap<String, String>,
    after: HashMap<String, String>,
    levels: HashMap<String, String>,
}

impl Names {
    /// The names a report and its scenario's merge graph give.
    pub fn new(report: &RunReport, graph: &GraphView) -> Names {
        let side = |side: &str| {
            graph
                .nodes
                .iter()
                .filter(|n| n.side == side)
                .map(|n| (n.unit.clone(), n.name.clone()))
                .collect()
        };
        Names {
            before: side("before"),
            after: report
                .units
                .iter()
                .map(|u| (u.id.clone(), u.name.clone()))
                .collect(),
            levels: report
                .levels
                .iter()
                .map(|l| (l.id.clone(), l.name.clone()))
                .collect(),
        }
    }

    /// The name of a unit before, or its id.
    pub fn before<'a>(&'a self, id: &'a str) -> &'a str {
        named(&self.before, id)
    }

    /// The name of a unit after, or its id.
    pub fn after<'a>(&'a self, id: &'a str) -> &'a str {
        named(&self.after, id)
    }

    /// The name of a level, or its id.
    pub fn level<'a>(&'a self, id: &'a str) -> &'a str {
        named(&self.levels, id)
    }
}

/// The name of `id`, or `id` itself when it has no name (an empty name
/// counts as none).
fn named<'a>(names: &'a HashMap<String, String>, id: &'a str) -> &'a str {
    match names.get(id) {
        Some(name) if !name.trim().is_empty() => name,
        _ => id,
    }
}
