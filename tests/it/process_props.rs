//! Properties of the process computation over random small processes:
//!
//! - the critical path equals the longest path found by an independent
//!   recursion over successors, is a real chain whose durations and waits
//!   add up to it, respects every dependency, and lies between the longest
//!   step and the sum of all durations and waits;
//! - a reform that only merges whole units never makes a process slower,
//!   and never adds hand-offs, units or materials; dropping more
//!   dependencies (`none` → `within_unit` → `all`) never makes it slower;
//! - with drawn durations, every run saves time or none (both sides use the
//!   same draw), and a fixed process gives the same days in every run.

use std::fmt::Write as _;
use std::num::NonZeroUsize;

use proptest::prelude::*;
use reorg::graph::MergeGraph;
use reorg::process::{Dependency, Draw, Owners, Regime, critical_path, figures, spread};
use reorg::scenario::Parallel;

use crate::support::load_ok;

/// The longest chain starting at `v`: its duration, then the best
/// successor, found by plain recursion (no topological order, no memo).
fn longest_from(v: usize, durations: &[f64], deps: &[Dependency]) -> f64 {
    let after = deps
        .iter()
        .filter(|d| d.from == v)
        .map(|d| d.wait + longest_from(d.to, durations, deps))
        .fold(0.0, f64::max);
    durations[v] + after
}

/// A random DAG: durations, and dependencies between steps renumbered by a
/// permutation, so that file order is not a topological order.
fn dag() -> impl Strategy<Value = (Vec<f64>, Vec<Dependency>)> {
    (1usize..=7).prop_flat_map(|n| {
        let pairs: Vec<(usize, usize)> = (0..n)
            .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
            .collect();
        let m = pairs.len();
        (
            prop::collection::vec(0u32..=20, n),
            prop::collection::vec((any::<bool>(), 0u32..=10), m),
            Just(pairs),
            Just((0..n).collect::<Vec<usize>>()).prop_shuffle(),
        )
            .prop_map(|(durations, chosen, pairs, perm)| {
                let deps = pairs
                    .iter()
                    .zip(&chosen)
                    .filter(|(_, (keep, _))| *keep)
                    .map(|(&(i, j), &(_, wait))| Dependency {
                        from: perm[i],
                        to: perm[j],
                        wait: f64::from(wait),
                    })
                    .collect();
                (durations.into_iter().map(f64::from).collect(), deps)
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_critical_path_is_the_longest_chain((durations, deps) in dag()) {
        let n = durations.len();
        let t = critical_path(&durations, &vec![true; n], &deps);
        let brute = (0..n).map(|v| longest_from(v, &durations, &deps)).fold(0.0, f64::max);
        prop_assert_eq!(t.days, brute);
        // The path is a chain of dependencies adding up to the days.
        let mut total = durations[t.path[0]];
        for pair in t.path.windows(2) {
            let dep = deps.iter().find(|d| d.from == pair[0] && d.to == pair[1]);
            prop_assert!(dep.is_some(), "{:?} is not a dependency", pair);
            total += dep.unwrap().wait + durations[pair[1]];
        }
        prop_assert_eq!(total, t.days);
        prop_assert_eq!(t.start[t.path[0]], 0.0);
        // Every dependency is respected.
        for d in &deps {
            prop_assert!(t.start[d.to] >= t.finish[d.from] + d.wait);
        }
        let longest_step = durations.iter().copied().fold(0.0, f64::max);
        let everything: f64 = durations.iter().sum::<f64>() + deps.iter().map(|d| d.wait).sum::<f64>();
        prop_assert!(t.days >= longest_step && t.days <= everything);
    }
}

/// One step: owner (before unit), days, materials (of 4), and the earlier
/// steps it waits for, by need (`true`) or by practice.
type StepSpec = (usize, u32, Vec<usize>, Vec<(usize, bool)>);

/// A random process over random whole-unit merges.
#[derive(Debug, Clone)]
struct Case {
    /// The after unit each before unit merges into.
    into: Vec<usize>,
    /// The steps, in file order.
    steps: Vec<StepSpec>,
    handoff: u32,
    one_form: bool,
    /// Three-point durations instead of fixed ones.
    varies: bool,
}

fn case() -> impl Strategy<Value = Case> {
    (1usize..=5, 1usize..=4, 1usize..=7).prop_flat_map(|(units, afters, n)| {
        let step = |i: usize| {
            (
                0..units,
                0u32..=20,
                prop::sample::subsequence((0..4).collect::<Vec<usize>>(), 0..=4),
                prop::sample::subsequence((0..i).collect::<Vec<usize>>(), 0..=i)
                    .prop_flat_map(|deps| {
                        let k = deps.len();
                        (Just(deps), prop::collection::vec(any::<bool>(), k))
                    })
                    .prop_map(|(deps, need)| deps.into_iter().zip(need).collect::<Vec<_>>()),
            )
        };
        (
            prop::collection::vec(0..afters, units),
            (0..n).map(step).collect::<Vec<_>>(),
            0u32..=10,
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(into, steps, handoff, one_form, varies)| Case {
                into,
                steps,
                handoff,
                one_form,
                varies,
            })
    })
}

impl Case {
    fn toml(&self) -> String {
        let mut t = String::from("[scenario]\nname = \"p\"\n\n[[level]]\nid = \"staff\"\n\n");
        for u in 0..self.into.len() {
            let _ = writeln!(t, "[[before]]\nid = \"u{u}\"\n");
        }
        let afters = self.into.iter().max().unwrap() + 1;
        for a in 0..afters {
            let from: Vec<String> = (0..self.into.len())
                .filter(|&u| self.into[u] == a)
                .map(|u| format!("\"u{u}\""))
                .collect();
            let _ = writeln!(
                t,
                "[[after]]\nid = \"a{a}\"\nfrom = [{}]\n",
                from.join(", ")
            );
        }
        t.push_str(
            "[[person]]\nid = \"p\"\nunit = \"u0\"\nlevel = \"staff\"\nborn = 1980\nscore = 50\n\n",
        );
        let _ = writeln!(
            t,
            "[[process]]\nid = \"p\"\nhandoff_days = {}\none_form = {}\n",
            self.handoff, self.one_form
        );
        for (i, (owner, days, materials, deps)) in self.steps.iter().enumerate() {
            let days = if self.varies {
                format!(
                    "{{ min = {}, likely = {}, max = {} }}",
                    days / 2,
                    days,
                    days * 2
                )
            } else {
                days.to_string()
            };
            let list = |need: bool| {
                deps.iter()
                    .filter(|(_, n)| *n == need)
                    .map(|(d, _)| format!("\"s{d}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let materials: Vec<String> = materials.iter().map(|m| format!("\"m{m}\"")).collect();
            let _ = writeln!(
                t,
                "[[process.step]]\nid = \"s{i}\"\nowner = \"u{owner}\"\ndays = {days}\nmaterials = [{}]\nafter = [{}]\nrequires = [{}]\n",
                materials.join(", "),
                list(false),
                list(true)
            );
        }
        t
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn merging_whole_units_never_slows_a_process(case in case()) {
        let loaded = load_ok(&case.toml());
        let scenario = &loaded.scenario;
        let graph = MergeGraph::build(scenario);
        let process = &scenario.processes[0];
        let owners = Owners::of(process, &graph);
        let before_owners = owners.before_as_options();
        let draw = Draw::typical(process);
        let before = figures(process, Regime::before(&before_owners), &draw);
        let mut previous = before.timing.days;
        for parallel in [Parallel::None, Parallel::WithinUnit, Parallel::All] {
            let mut rules = process.rules();
            rules.parallel = parallel;
            let after = figures(process, Regime::after(&owners.after, rules), &draw);
            prop_assert!(after.timing.days <= previous, "{:?}: {} > {}", parallel, after.timing.days, previous);
            previous = after.timing.days;
            prop_assert!(after.handoffs <= before.handoffs);
            prop_assert!(after.units.len() <= before.units.len());
            prop_assert!(after.materials_submitted <= before.materials_submitted);
            prop_assert!(after.submissions <= before.submissions);
            prop_assert_eq!(after.materials_distinct, before.materials_distinct);
            prop_assert_eq!(after.steps, before.steps);
        }
        // Drawn durations: every run saves time or none; fixed ones never vary.
        let s = spread(scenario, &graph, NonZeroUsize::new(20).unwrap(), 7);
        let p = &s.processes[0];
        prop_assert!(p.saved.min >= 0.0, "{:?}", p.saved);
        if !case.varies {
            prop_assert_eq!(p.before.min, p.before.max);
            prop_assert_eq!(p.before.min, before.timing.days);
        }
    }
}
