//! The processes of a scenario, validated: steps with owners, durations,
//! materials and dependencies that form a DAG.
//!
//! A process (an investment project's approvals, a business licence) is a
//! set of steps, each owned by a share of a before unit. `crate::process`
//! computes it before and after the reform; this file only holds what the
//! scenario says, in types that cannot hold an impossible process: a
//! [`Process`] is built by [`Process::new`], which refuses dangling or
//! repeated references and dependency cycles, and its fields are read-only.

use serde::Serialize;

/// Most processes in one scenario.
pub const MAX_PROCESSES: usize = 10_000;
/// Most steps in one process.
pub const MAX_STEPS: usize = 100_000;
/// Most materials one step asks for.
pub const MAX_STEP_MATERIALS: usize = 10_000;

/// A number of working days: finite, at least 0 and at most [`Days::MAX`],
/// so that sums over a process stay exact enough and finite.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct Days(f64);

impl Days {
    /// No time.
    pub const ZERO: Days = Days(0.0);
    /// The largest number of working days a duration may have (about 4,000
    /// years): far beyond any real step, small enough that no sum over
    /// the steps of a process (at most 100,000) loses whole days.
    pub const MAX: f64 = 1_000_000.0;

    /// `value` as days, or `None` when it is negative, too large or not finite.
    pub fn new(value: f64) -> Option<Days> {
        (value.is_finite() && (0.0..=Days::MAX).contains(&value)).then_some(Days(value))
    }

    /// The number of days.
    pub fn get(self) -> f64 {
        self.0
    }
}

/// A triangular distribution of working days: the least, the most likely
/// and the most a duration takes (`min ≤ likely ≤ max`), as planners
/// estimate durations (three-point estimates, as in PERT).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Triangular {
    min: Days,
    likely: Days,
    max: Days,
}

impl Triangular {
    /// The distribution, or `None` unless `min ≤ likely ≤ max`.
    pub fn new(min: Days, likely: Days, max: Days) -> Option<Triangular> {
        (min <= likely && likely <= max).then_some(Triangular { min, likely, max })
    }

    /// The least duration.
    pub fn min(self) -> Days {
        self.min
    }

    /// The most likely duration (the mode).
    pub fn likely(self) -> Days {
        self.likely
    }

    /// The greatest duration.
    pub fn max(self) -> Days {
        self.max
    }

    /// The duration at cumulative probability `u` (the inverse of the
    /// distribution function), for `u` in [0, 1). Uses one square root,
    /// which IEEE 754 rounds exactly, so a draw gives the same bits on every
    /// machine.
    pub fn quantile(self, u: f64) -> Days {
        let (a, c, b) = (self.min.0, self.likely.0, self.max.0);
        let u = u.clamp(0.0, 1.0);
        if b <= a {
            return self.min;
        }
        let x = if u * (b - a) < c - a {
            a + (u * (b - a) * (c - a)).sqrt()
        } else {
            b - ((1.0 - u) * (b - a) * (b - c)).sqrt()
        };
        // Rounding can step a hair outside [a, b]; the result is a valid duration.
        Days(x.clamp(a, b))
    }
}

/// How long something takes: a fixed number of working days, or a
/// distribution that Monte Carlo runs draw from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Duration {
    /// Always this long.
    Fixed {
        /// Working days.
        days: Days,
    },
    /// Drawn from a triangular distribution.
    Triangular(Triangular),
}

impl Duration {
    /// The duration of the single, typical computation: the fixed value, or
    /// the most likely one.
    pub fn typical(self) -> Days {
        match self {
            Duration::Fixed { days } => days,
            Duration::Triangular(t) => t.likely(),
        }
    }

    /// The duration at cumulative probability `u`: the fixed value whatever
    /// `u`, or the distribution's quantile.
    pub fn at(self, u: f64) -> Days {
        match self {
            Duration::Fixed { days } => days,
            Duration::Triangular(t) => t.quantile(u),
        }
    }

    /// True when the duration varies (Monte Carlo draws differ).
    pub fn varies(self) -> bool {
        matches!(self, Duration::Triangular(t) if t.min() < t.max())
    }
}

/// Who does a step today: a share of a before unit, as `from` lists name
/// them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Owner {
    /// `"unit"`: the unit's own work (its core share).
    Unit {
        /// Before unit index.
        unit: usize,
    },
    /// `"unit.function"` (or a function only that unit owns): the unit's
    /// share of the function.
    Share {
        /// Before unit index.
        unit: usize,
        /// Function index.
        function: usize,
    },
}

impl Owner {
    /// The before unit.
    pub fn unit(self) -> usize {
        match self {
            Owner::Unit { unit } | Owner::Share { unit, .. } => unit,
        }
    }

    /// The function of the share; `None` for the unit's core.
    pub fn function(self) -> Option<usize> {
        match self {
            Owner::Unit { .. } => None,
            Owner::Share { function, .. } => Some(function),
        }
    }
}

/// Which dependencies the reform lets run at once (并联审批).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Parallel {
    /// Every dependency stays.
    None,
    /// An `after` dependency between two steps that one unit owns after the
    /// reform is dropped: the unit reviews them at once.
    WithinUnit,
    /// Every `after` dependency is dropped (全并联); `requires` stay.
    All,
}

impl Parallel {
    /// Every rule, in the order the docs list them.
    pub const ALL: [Parallel; 3] = [Parallel::None, Parallel::WithinUnit, Parallel::All];

    /// The name used in files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Parallel::None => "none",
            Parallel::WithinUnit => "within_unit",
            Parallel::All => "all",
        }
    }

    /// Parses a rule's name.
    pub fn parse(text: &str) -> Option<Parallel> {
        Parallel::ALL.into_iter().find(|p| p.as_str() == text)
    }
}

/// The reform's rules for one process, and today's hand-off delay.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ProcessRules {
    /// The delay each dependency between steps of different units adds: the
    /// file leaving one unit and waiting at the next.
    pub handoff: Duration,
    /// After the reform, each unit takes one form: every material it needs
    /// once, however many of its steps ask for it.
    pub one_form: bool,
    /// After the reform, which dependencies run at once.
    pub parallel: Parallel,
}

/// One step of a process.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// Identifier used in the file, unique within its process.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Who does it today.
    pub owner: Owner,
    /// How long it takes, in working days, hand-offs not included.
    pub duration: Duration,
    /// The materials it asks for (indices into [`Process::materials`]).
    pub materials: Vec<usize>,
    /// Steps it waits for by today's practice, which a parallel rule may
    /// drop (indices into [`Process::steps`]).
    pub after: Vec<usize>,
    /// Steps it needs whatever the rules: their result is its input.
    pub requires: Vec<usize>,
}

impl Step {
    /// Every step it waits for: `after`, then `requires`.
    pub fn dependencies(&self) -> impl Iterator<Item = usize> + '_ {
        self.after.iter().chain(&self.requires).copied()
    }

    /// The `i`-th of [`Step::dependencies`], in constant time.
    pub fn dependency(&self, i: usize) -> Option<usize> {
        match i.checked_sub(self.after.len()) {
            None => Some(self.after[i]),
            Some(j) => self.requires.get(j).copied(),
        }
    }
}

/// A process: steps whose dependencies form a DAG.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Process {
    id: String,
    name: String,
    rules: ProcessRules,
    materials: Vec<String>,
    steps: Vec<Step>,
}

/// Why [`Process::new`] refused a process.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProcessError {
    /// It has no step.
    #[error("a process needs at least one step")]
    NoSteps,
    /// More steps than a process may hold (100,000).
    #[error("{0} steps, more than {MAX_STEPS}")]
    TooManySteps(usize),
    /// A step names a step or material that does not exist, or one twice,
    /// or itself.
    #[error("step {step} names a step or material that is missing, repeated or itself")]
    BadReference {
        /// The step (index).
        step: usize,
    },
    /// The dependencies loop: `cycle[0]` waits for `cycle[1]`, … and the last
    /// waits for `cycle[0]`. Found visiting steps in file order, so the last
    /// step's dependency on the first is the one that closes it.
    #[error("dependency cycle through steps {cycle:?}")]
    Cycle {
        /// The steps of the cycle, each waiting for the next.
        cycle: Vec<usize>,
    },
}

impl Process {
    /// A process, checked: at least one step, every reference in range and
    /// not repeated (a step neither names a material twice nor waits for
    /// itself or for a step twice), and no dependency cycle.
    ///
    /// Complexity: O(steps + dependencies + materials named).
    pub fn new(
        id: String,
        name: String,
        rules: ProcessRules,
        materials: Vec<String>,
        steps: Vec<Step>,
    ) -> Result<Process, ProcessError> {
        if steps.is_empty() {
            return Err(ProcessError::NoSteps);
        }
        if steps.len() > MAX_STEPS {
            return Err(ProcessError::TooManySteps(steps.len()));
        }
        // The last step (plus one) that named each step or material, to see
        // repeats in O(1) without clearing between steps.
        let mut step_seen = vec![0usize; steps.len()];
        let mut material_seen = vec![0usize; materials.len()];
        for (index, step) in steps.iter().enumerate() {
            let stamp = index + 1;
            let fresh = |seen: &mut [usize], i: usize| match seen.get_mut(i) {
                Some(last) if *last != stamp => {
                    *last = stamp;
                    true
                }
                _ => false,
            };
            let deps_ok = step
                .dependencies()
                .all(|d| d != index && fresh(&mut step_seen, d));
            let materials_ok = step.materials.len() <= MAX_STEP_MATERIALS
                && step.materials.iter().all(|&m| fresh(&mut material_seen, m));
            if !(deps_ok && materials_ok) {
                return Err(ProcessError::BadReference { step: index });
            }
        }
        if let Some(cycle) = find_cycle(&steps) {
            return Err(ProcessError::Cycle { cycle });
        }
        Ok(Process {
            id,
            name,
            rules,
            materials,
            steps,
        })
    }

    /// Identifier used in the file.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Display name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The hand-off delay and the reform's rules.
    pub fn rules(&self) -> ProcessRules {
        self.rules
    }

    /// Every distinct material the steps ask for, in order of first mention.
    pub fn materials(&self) -> &[String] {
        &self.materials
    }

    /// The steps, in file order.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }
}

/// The first dependency cycle met by a depth-first search from each step in
/// file order, following dependencies in the order written.
fn find_cycle(steps: &[Step]) -> Option<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut mark = vec![Mark::New; steps.len()];
    // Iterative, so a chain of 100,000 steps cannot overflow the stack:
    // each frame is a step and how many of its dependencies were followed.
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for root in 0..steps.len() {
        if mark[root] != Mark::New {
            continue;
        }
        mark[root] = Mark::Open;
        stack.push((root, 0));
        while let Some(&mut (step, ref mut next)) = stack.last_mut() {
            match steps[step].dependency(*next) {
                Some(dep) => {
                    *next += 1;
                    match mark[dep] {
                        Mark::New => {
                            mark[dep] = Mark::Open;
                            stack.push((dep, 0));
                        }
                        Mark::Open => {
                            let from = stack
                                .iter()
                                .position(|&(s, _)| s == dep)
                                .expect("an open step is on the stack");
                            // Rotate so the step whose dependency closes the loop is last.
                            return Some(stack[from..].iter().map(|&(s, _)| s).collect());
                        }
                        Mark::Done => {}
                    }
                }
                None => {
                    mark[step] = Mark::Done;
                    stack.pop();
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(id: &str, after: &[usize]) -> Step {
        Step {
            id: id.into(),
            name: id.into(),
            owner: Owner::Unit { unit: 0 },
            duration: Duration::Fixed { days: Days::ZERO },
            materials: Vec::new(),
            after: after.to_vec(),
            requires: Vec::new(),
        }
    }

    fn rules() -> ProcessRules {
        ProcessRules {
            handoff: Duration::Fixed { days: Days::ZERO },
            one_form: false,
            parallel: Parallel::None,
        }
    }

    fn new(steps: Vec<Step>) -> Result<Process, ProcessError> {
        Process::new("p".into(), "p".into(), rules(), Vec::new(), steps)
    }

    #[test]
    fn a_cycle_is_refused_at_the_dependency_that_closes_it() {
        // a waits for c, b for a, c for b: from a, the search goes a → c → b,
        // and b's wait for a closes the loop.
        let err = new(vec![step("a", &[2]), step("b", &[0]), step("c", &[1])]).unwrap_err();
        assert_eq!(
            err,
            ProcessError::Cycle {
                cycle: vec![0, 2, 1]
            }
        );
        // A diamond is no cycle.
        assert!(
            new(vec![
                step("a", &[]),
                step("b", &[0]),
                step("c", &[0]),
                step("d", &[1, 2])
            ])
            .is_ok()
        );
    }

    #[test]
    fn bad_references_are_refused() {
        assert_eq!(new(vec![]).unwrap_err(), ProcessError::NoSteps);
        assert_eq!(
            new(vec![step("a", &[0])]).unwrap_err(),
            ProcessError::BadReference { step: 0 }
        );
        assert_eq!(
            new(vec![step("a", &[]), step("b", &[0, 0])]).unwrap_err(),
            ProcessError::BadReference { step: 1 }
        );
        assert_eq!(
            new(vec![step("a", &[5])]).unwrap_err(),
            ProcessError::BadReference { step: 0 }
        );
    }

    #[test]
    fn days_and_distributions_refuse_impossible_values() {
        assert!(Days::new(-1.0).is_none());
        assert!(Days::new(f64::NAN).is_none());
        assert!(Days::new(Days::MAX + 1.0).is_none());
        let d = |v| Days::new(v).unwrap();
        assert!(Triangular::new(d(5.0), d(3.0), d(8.0)).is_none());
        let t = Triangular::new(d(2.0), d(4.0), d(10.0)).unwrap();
        // F(likely) = (4 − 2) / (10 − 2) = 0.25: below it the rising side.
        assert_eq!(t.quantile(0.0).get(), 2.0);
        assert_eq!(t.quantile(0.25).get(), 4.0);
        // u = 0.125: 2 + sqrt(0.125 × 8 × 2) = 2 + sqrt(2).
        assert_eq!(t.quantile(0.125).get(), 2.0 + 2f64.sqrt());
        // u = 0.75: 10 − sqrt(0.25 × 8 × 6) = 10 − sqrt(12).
        assert_eq!(t.quantile(0.75).get(), 10.0 - 12f64.sqrt());
        let point = Triangular::new(d(3.0), d(3.0), d(3.0)).unwrap();
        assert_eq!(point.quantile(0.5).get(), 3.0);
    }
}
