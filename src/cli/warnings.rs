//! Warnings of the scenarios a command reads, on stderr: every command that
//! loads a scenario (`run`, `batch`, `compare`, `graph`) prints them as
//! `check` shows them, before its result. `--quiet` silences them;
//! `--deny-warnings` turns them into an error (exit code 2) for scripts.

use std::io::Write;
use std::sync::OnceLock;

use crate::diagnostic::{self, Diagnostic};
use crate::graph::MergeGraph;
use crate::metrics::ScenarioSummary;
use crate::scenario::Loaded;

/// What to do with warnings, from the global flags.
#[derive(Debug, Clone, Copy, Default)]
pub struct Policy {
    /// `--quiet`: do not print them.
    pub quiet: bool,
    /// `--deny-warnings`: fail when there are any.
    pub deny: bool,
}

static POLICY: OnceLock<Policy> = OnceLock::new();

/// Sets the policy for this process (the first call wins).
pub fn set_policy(policy: Policy) {
    let _ = POLICY.set(policy);
}

/// The policy in force.
pub fn policy() -> Policy {
    POLICY.get().copied().unwrap_or_default()
}

/// The warnings of a loaded scenario: the located ones found while loading
/// (the roster's included) and the figures' own (posts against people).
pub fn of(loaded: &Loaded) -> (Vec<Diagnostic>, Vec<String>) {
    let graph = MergeGraph::build(&loaded.scenario);
    let summary = ScenarioSummary::of(&loaded.scenario, &graph);
    (loaded.warnings.clone(), summary.warnings)
}

/// Prints warnings on stderr (unless `--quiet`), then fails when
/// `--deny-warnings` is given and there were any.
pub fn report(located: &[Diagnostic], plain: &[String]) -> anyhow::Result<()> {
    let policy = policy();
    let count = located.len() + plain.len();
    if count == 0 {
        return Ok(());
    }
    if !policy.quiet {
        let mut text = diagnostic::render(located, 0, super::use_color());
        for warning in plain {
            text.push_str(&format!("warning: {warning}\n"));
        }
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
    }
    if policy.deny {
        let plural = if count == 1 { "" } else { "s" };
        return Err(super::bad_input(anyhow::anyhow!(
            "{count} warning{plural}, and `--deny-warnings` makes them errors"
        )));
    }
    Ok(())
}

/// [`of`] and [`report`] for one loaded scenario.
pub fn report_loaded(loaded: &Loaded) -> anyhow::Result<()> {
    let (located, plain) = of(loaded);
    report(&located, &plain)
}
