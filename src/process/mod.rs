//! Processes before and after the reform: what the merge does to the work
//! the units serve (an investment project's approvals, a business licence).
//!
//! A scenario's `[[process]]` describes today's steps, each owned by a share
//! of a before unit (docs/scenario-format.md). The merge graph says which
//! after unit takes each share, so it says who owns each step after the
//! reform. Both sides are then computed the same way, under different rules
//! ([`Regime`]):
//!
//! | | before | after |
//! |---|---|---|
//! | owner of a step | its before unit | the after unit that takes its share; none when the share is dissolved (the step ends, and whoever waited for it waits for what it waited for) |
//! | dependencies | all | `after` dependencies dropped by the `parallel` rule (between steps of one unit, or all); `requires` always kept |
//! | a dependency between different units | waits `handoff_days` | the same |
//! | a dependency inside one unit | no wait | no wait |
//! | applications | one per step, with the step's materials | the same; under `one_form`, one per unit, each material once |
//!
//! From each side come the working days of the critical path (the longest
//! chain of durations and waits, [`critical_path`]), the steps on it, the
//! hand-offs (dependencies between different units), the units (each stamps
//! its own seal), the applications and the materials submitted, and the
//! distinct materials.
//!
//! Both sides use the same durations ([`Draw`]), so the difference is the
//! reform's alone. The typical computation uses fixed and most likely
//! durations; [`spread`] draws durations from their distributions, many
//! times over.
//!
//! Nothing here prints: [`crate::report::process`] renders a
//! [`ProcessReport`].

mod critical;
mod montecarlo;
mod owners;
mod side;

use serde::Serialize;

use crate::graph::MergeGraph;
use crate::scenario::{Parallel, Process, Scenario};

pub use critical::{Dependency, Timing, critical_path};
pub use montecarlo::{ProcessSpread, Spread, SpreadReport, run_durations, spread, varies};
pub use owners::Owners;
pub use side::{Draw, Figures, Regime, figures};

/// Every process of a scenario, before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcessReport {
    /// The reorg version that computed it.
    pub reorg_version: String,
    /// Scenario name.
    pub scenario: String,
    /// One comparison per process, in file order.
    pub processes: Vec<ProcessComparison>,
}

/// One process before and after, with ids and names resolved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcessComparison {
    /// Process id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The typical hand-off delay, in working days.
    pub handoff_days: f64,
    /// Whether each unit takes one form after the reform.
    pub one_form: bool,
    /// Which dependencies run at once after the reform.
    pub parallel: Parallel,
    /// Today.
    pub before: Side,
    /// After the reform.
    pub after: Side,
    /// Every step, in file order.
    pub steps: Vec<StepRow>,
}

/// The figures of one side of a process.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    /// Working days from the first start to the last finish: the length of
    /// the critical path.
    pub days: f64,
    /// Steps that run.
    pub steps: usize,
    /// Units that own steps; each stamps with its own seal.
    pub units: usize,
    /// Their ids, in order of their first step.
    pub unit_ids: Vec<String>,
    /// Dependencies between steps of different units: the file passes on.
    pub handoffs: usize,
    /// Applications handed in: one per step, or one per unit under one form.
    pub submissions: usize,
    /// Materials handed in over all applications.
    pub materials_submitted: usize,
    /// Distinct materials asked for.
    pub materials_distinct: usize,
    /// The step ids on the critical path, first to last.
    pub critical_path: Vec<String>,
}

/// One step before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepRow {
    /// Step id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Its owner as the file names it: `unit` or `unit.function`.
    pub owner: String,
    /// The after unit that owns it; `None` when it ends with the reform.
    pub owner_after: Option<String>,
    /// Its typical working days.
    pub days: f64,
    /// When it runs today.
    pub before: Slot,
    /// When it runs after the reform; `None` when it ends.
    pub after: Option<Slot>,
}

/// When a step runs on one side.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Slot {
    /// Earliest start, in working days from the process's start.
    pub start: f64,
    /// Earliest finish.
    pub finish: f64,
    /// True when it is on the critical path.
    pub critical: bool,
}

/// Both sides of one process on indices, for one draw of durations.
#[derive(Debug, Clone, PartialEq)]
pub struct Computed {
    /// Who owns each step, before and after.
    pub owners: Owners,
    /// Today.
    pub before: Figures,
    /// After the reform.
    pub after: Figures,
}

/// Computes a process before and after for one draw of durations.
pub fn compute(process: &Process, graph: &MergeGraph, draw: &Draw) -> Computed {
    let owners = Owners::of(process, graph);
    let before_owners = owners.before_as_options();
    let before = figures(process, Regime::before(&before_owners), draw);
    let after = figures(process, Regime::after(&owners.after, process.rules()), draw);
    Computed {
        owners,
        before,
        after,
    }
}

impl ProcessReport {
    /// Every process of the scenario with its typical durations.
    pub fn of(scenario: &Scenario, graph: &MergeGraph) -> ProcessReport {
        ProcessReport {
            reorg_version: env!("CARGO_PKG_VERSION").to_string(),
            scenario: scenario.name.clone(),
            processes: scenario
                .processes
                .iter()
                .map(|process| comparison(scenario, graph, process))
                .collect(),
        }
    }
}

fn comparison(scenario: &Scenario, graph: &MergeGraph, process: &Process) -> ProcessComparison {
    let draw = Draw::typical(process);
    let computed = compute(process, graph, &draw);
    let step_id = |s: usize| process.steps()[s].id.clone();
    let side = |figures: &Figures, name: &dyn Fn(usize) -> String| Side {
        days: figures.timing.days,
        steps: figures.steps,
        units: figures.units.len(),
        unit_ids: figures.units.iter().map(|&u| name(u)).collect(),
        handoffs: figures.handoffs,
        submissions: figures.submissions,
        materials_submitted: figures.materials_submitted,
        materials_distinct: figures.materials_distinct,
        critical_path: figures.timing.path.iter().map(|&s| step_id(s)).collect(),
    };
    let before_name = |u: usize| scenario.before[u].id.clone();
    let after_name = |u: usize| scenario.after[u].id.clone();
    let on_path = |figures: &Figures| {
        let mut flags = vec![false; process.steps().len()];
        for &s in &figures.timing.path {
            flags[s] = true;
        }
        flags
    };
    let (critical_before, critical_after) = (on_path(&computed.before), on_path(&computed.after));
    let slot = |figures: &Figures, critical: &[bool], s: usize| Slot {
        start: figures.timing.start[s],
        finish: figures.timing.finish[s],
        critical: critical[s],
    };
    let steps = process
        .steps()
        .iter()
        .enumerate()
        .map(|(s, step)| {
            let unit = step.owner.unit();
            let share = scenario
                .share_slot(unit, step.owner.function())
                .expect("validated: the owner's unit owns the function");
            let after_unit = computed.owners.after[s];
            StepRow {
                id: step.id.clone(),
                name: step.name.clone(),
                owner: scenario.share_name(unit, share),
                owner_after: after_unit.map(after_name),
                days: draw.days[s],
                before: slot(&computed.before, &critical_before, s),
                after: after_unit.map(|_| slot(&computed.after, &critical_after, s)),
            }
        })
        .collect();
    let rules = process.rules();
    ProcessComparison {
        id: process.id().to_string(),
        name: process.name().to_string(),
        handoff_days: rules.handoff.typical().get(),
        one_form: rules.one_form,
        parallel: rules.parallel,
        before: side(&computed.before, &before_name),
        after: side(&computed.after, &after_name),
        steps,
    }
}
