//! One side of the reform, before or after: which steps run, who owns them,
//! which dependencies hold and what they cost, and the figures that follow
//! (critical path, hand-offs, units, submissions, materials).

use std::collections::{BTreeMap, HashSet};

use crate::process::critical::{Dependency, Timing, critical_path};
use crate::rng::SimRng;
use crate::scenario::{Parallel, Process, ProcessRules};

/// The rules one side is computed under.
#[derive(Debug, Clone, Copy)]
pub struct Regime<'a> {
    /// The owner of each step; `None`: the step does not run on this side.
    pub owners: &'a [Option<usize>],
    /// One form per unit: each material submitted once to each unit.
    pub one_form: bool,
    /// Which `after` dependencies are dropped.
    pub parallel: Parallel,
}

impl<'a> Regime<'a> {
    /// Today's practice: every step runs, each takes its own application,
    /// every dependency holds.
    pub fn before(owners: &'a [Option<usize>]) -> Regime<'a> {
        Regime {
            owners,
            one_form: false,
            parallel: Parallel::None,
        }
    }

    /// After the reform: owners mapped through the merge graph, under the
    /// process's rules.
    pub fn after(owners: &'a [Option<usize>], rules: ProcessRules) -> Regime<'a> {
        Regime {
            owners,
            one_form: rules.one_form,
            parallel: rules.parallel,
        }
    }
}

/// The working days of one computation: each step's own duration, and the
/// hand-off wait when work reaches it from another unit. Both sides of a
/// comparison use the same draw, so their difference is the reform's alone.
#[derive(Debug, Clone, PartialEq)]
pub struct Draw {
    /// Working days of each step.
    pub days: Vec<f64>,
    /// The hand-off wait at each step's arrival.
    pub handoff: Vec<f64>,
}

impl Draw {
    /// The typical durations: fixed values, or the most likely ones.
    pub fn typical(process: &Process) -> Draw {
        let handoff = process.rules().handoff.typical().get();
        Draw {
            days: process
                .steps()
                .iter()
                .map(|s| s.duration.typical().get())
                .collect(),
            handoff: vec![handoff; process.steps().len()],
        }
    }

    /// Durations drawn from their distributions: for each step in file
    /// order, one uniform for its duration, then one for its hand-off wait.
    /// Fixed durations consume their draws too, so changing one step's
    /// duration does not change the draws of the others.
    pub fn sample(process: &Process, rng: &mut SimRng) -> Draw {
        let handoff = process.rules().handoff;
        let n = process.steps().len();
        let mut draw = Draw {
            days: Vec::with_capacity(n),
            handoff: Vec::with_capacity(n),
        };
        for step in process.steps() {
            draw.days.push(step.duration.at(rng.uniform()).get());
            draw.handoff.push(handoff.at(rng.uniform()).get());
        }
        draw
    }
}

/// The figures of one side, on indices.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// Starts, finishes, the critical path and its length.
    pub timing: Timing,
    /// The dependencies that hold, with their waits.
    pub dependencies: Vec<Dependency>,
    /// Steps that run.
    pub steps: usize,
    /// The distinct owners of the steps that run, in order of their first
    /// step; each stamps with its own seal.
    pub units: Vec<usize>,
    /// Dependencies between steps of different units.
    pub handoffs: usize,
    /// Applications the applicant hands in: one per step, or one per unit
    /// under one form.
    pub submissions: usize,
    /// Materials handed in over all submissions.
    pub materials_submitted: usize,
    /// Distinct materials asked for.
    pub materials_distinct: usize,
}

/// How strongly one step waits for another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Strength {
    /// By practice (`after`): a parallel rule may drop it.
    Practice,
    /// By need (`requires`): it always holds.
    Need,
}

/// Computes one side of a process.
///
/// Complexity: O(steps + dependencies + materials named), plus, when steps
/// do not run, the dependencies passed through them.
pub fn figures(process: &Process, regime: Regime<'_>, draw: &Draw) -> Figures {
    let steps = process.steps();
    let owners = regime.owners;
    let runs: Vec<bool> = owners.iter().map(Option::is_some).collect();
    let mut dependencies = Vec::new();
    let mut handoffs = 0;
    for (to, waits) in effective_waits(process, &runs).into_iter().enumerate() {
        for (from, strength) in waits {
            let same_unit = owners[from] == owners[to];
            let dropped = strength == Strength::Practice
                && match regime.parallel {
                    Parallel::None => false,
                    Parallel::WithinUnit => same_unit,
                    Parallel::All => true,
                };
            if dropped {
                continue;
            }
            let wait = if same_unit {
                0.0
            } else {
                handoffs += 1;
                draw.handoff[to]
            };
            dependencies.push(Dependency { from, to, wait });
        }
    }
    let timing = critical_path(&draw.days, &runs, &dependencies);

    let mut units: Vec<usize> = Vec::new();
    let mut seen_units: HashSet<usize> = HashSet::new();
    // (unit, material) pairs: what one form per unit asks for.
    let mut per_unit: HashSet<(usize, usize)> = HashSet::new();
    let mut distinct = vec![false; process.materials().len()];
    let mut named = 0;
    for (step, owner) in steps.iter().zip(owners) {
        let Some(owner) = *owner else { continue };
        if seen_units.insert(owner) {
            units.push(owner);
        }
        named += step.materials.len();
        for &m in &step.materials {
            distinct[m] = true;
            per_unit.insert((owner, m));
        }
    }
    let running = runs.iter().filter(|&&r| r).count();
    let (submissions, materials_submitted) = if regime.one_form {
        (units.len(), per_unit.len())
    } else {
        (running, named)
    };
    Figures {
        timing,
        dependencies,
        steps: running,
        units,
        handoffs,
        submissions,
        materials_submitted,
        materials_distinct: distinct.iter().filter(|&&m| m).count(),
    }
}

/// For each running step, the running steps it waits for (in step order)
/// and how strongly.
/// A step that does not run passes its own waits on: whoever waited for it
/// now waits for what it waited for, by need only when both links were by
/// need.
fn effective_waits(process: &Process, runs: &[bool]) -> Vec<Vec<(usize, Strength)>> {
    let steps = process.steps();
    let direct = |s: usize| {
        let step = &steps[s];
        step.after
            .iter()
            .map(|&d| (d, Strength::Practice))
            .chain(step.requires.iter().map(|&d| (d, Strength::Need)))
    };
    // What each step that does not run stands for, filled on demand in an
    // order where dependencies come first (an iterative post-order).
    let mut stands_for: Vec<Option<Vec<(usize, Strength)>>> = vec![None; steps.len()];
    let resolve = |root: usize, stands_for: &mut Vec<Option<Vec<(usize, Strength)>>>| {
        let mut stack = vec![(root, false)];
        while let Some((s, expanded)) = stack.pop() {
            if stands_for[s].is_some() {
                continue;
            }
            if !expanded {
                stack.push((s, true));
                for (d, _) in direct(s) {
                    if !runs[d] && stands_for[d].is_none() {
                        stack.push((d, false));
                    }
                }
                continue;
            }
            let mut out = BTreeMap::new();
            for (d, strength) in direct(s) {
                if runs[d] {
                    merge(&mut out, d, strength);
                } else {
                    let through = stands_for[d].as_ref().expect("dependencies first");
                    for &(e, inner) in through {
                        merge(&mut out, e, strength.min(inner));
                    }
                }
            }
            stands_for[s] = Some(out.into_iter().collect());
        }
    };
    let mut waits = vec![Vec::new(); steps.len()];
    for s in (0..steps.len()).filter(|&s| runs[s]) {
        let mut out = BTreeMap::new();
        for (d, strength) in direct(s) {
            if runs[d] {
                merge(&mut out, d, strength);
            } else {
                resolve(d, &mut stands_for);
                let through = stands_for[d].as_ref().expect("just resolved");
                for &(e, inner) in through {
                    merge(&mut out, e, strength.min(inner));
                }
            }
        }
        waits[s] = out.into_iter().collect();
    }
    waits
}

/// Adds a wait for `step`, keeping the stronger one when it is already there.
fn merge(waits: &mut BTreeMap<usize, Strength>, step: usize, strength: Strength) {
    waits
        .entry(step)
        .and_modify(|known| *known = (*known).max(strength))
        .or_insert(strength);
}
