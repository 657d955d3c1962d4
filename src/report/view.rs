//! What `reorg run` shows, as one value every view of a run reads: the
//! report, the merge graph it names units from, and whether people are in.

use crate::graph::GraphView;
use crate::metrics::RunReport;

/// What `reorg run` shows: the report, with or without one row per person.
#[derive(Debug, Clone, Copy)]
pub struct View<'r> {
    /// The report.
    pub report: &'r RunReport,
    /// The merge graph of the scenario: the units before (names, kinds,
    /// headcounts) that the report names by id only.
    pub graph: &'r GraphView,
    /// Include the people (a table, the `people` array, or the per-person CSV).
    pub with_people: bool,
}
