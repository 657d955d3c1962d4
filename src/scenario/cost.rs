//! What one run of a scenario costs, estimated before it runs, and the limit
//! that refuses a scenario whose run would take hours.
//!
//! A run's time is dominated by its taste draws: in every pass of every
//! round, each applicant draws a taste for every open post they may take
//! (docs/model.md), so a run costs about applicants × posts per pass. The
//! estimate counts those (person, post) pairs from the scenario alone, as an
//! upper bound:
//!
//! - a person counts in a round when they are not flagged `opt_out` and the
//!   round's `applicants` take them (by level, tags and age);
//! - they count once for every post (an after unit × level with declared
//!   seats) at the round's levels within the round's (or the policy's)
//!   `max_climb` and `max_drop` of their own level;
//! - a round with `second_pass` counts twice.
//!
//! It does not subtract what only a run settles (people placed in an
//! earlier round, posts filled) nor the rules it would need a run's set-up
//! for (retirement, transfers, age limits of levels, establishment types), so
//! a real run draws at most this many tastes. [`MAX_WORK_PAIRS`] is the
//! documented limit (docs/robustness.md, docs/performance.md say how it was
//! measured).

use serde::Serialize;

use crate::diagnostic::Span;
use crate::scenario::Scenario;
use crate::scenario::limits::MAX_WORK_PAIRS;
use crate::scenario::node::{Node, Sink, Value};

/// The estimated work of one run: (person, post) taste draws, in total and
/// for its most expensive round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WorkEstimate {
    /// Taste draws over every pass of every round (an upper bound).
    pub pairs: u64,
    /// The round with the most draws (its index), when there is a round.
    pub largest_round: Option<usize>,
    /// The draws of that round, both passes.
    pub largest_round_pairs: u64,
    /// The documented limit, [`MAX_WORK_PAIRS`], so that every view can say
    /// how far under it a scenario is.
    pub limit: u64,
}

impl WorkEstimate {
    /// True when a run is refused: more draws than [`MAX_WORK_PAIRS`].
    pub fn over_limit(&self) -> bool {
        self.pairs > self.limit
    }
}

/// Estimates the work of one run of `scenario` (see the module docs for
/// what is counted). Time: people × rounds plus levels² × rounds.
pub fn estimate_work(scenario: &Scenario) -> WorkEstimate {
    let levels = scenario.levels.len();
    // Posts (units with seats) per level, over every after unit.
    let mut posts = vec![0u64; levels];
    for unit in &scenario.after {
        for (count, &seats) in posts.iter_mut().zip(&unit.posts) {
            *count += u64::from(seats > 0);
        }
    }
    let policy = &scenario.policy;
    let mut pairs = 0u64;
    let mut largest: Option<(usize, u64)> = None;
    for (r, round) in scenario.rounds.iter().enumerate() {
        let climb = i64::from(round.max_climb.unwrap_or(policy.max_climb));
        let drop = round.max_drop.or(policy.max_drop).map(i64::from);
        // Posts one person of each own level may take in this round.
        let per_level: Vec<u64> = (0..levels)
            .map(|own| {
                round
                    .levels
                    .iter()
                    .filter(|&&level| {
                        let climbed = own as i64 - level as i64;
                        climbed <= climb && drop.is_none_or(|d| -climbed <= d)
                    })
                    .map(|&level| posts[level])
                    .sum()
            })
            .collect();
        let passes = if round.second_pass { 2 } else { 1 };
        let everyone = round.applicants.is_everyone();
        let round_pairs: u64 = scenario
            .people
            .iter()
            .filter(|person| !person.opt_out)
            .filter(|person| {
                everyone || {
                    let age = policy.reference_year.map(|year| year - person.born);
                    round.applicants.contains(person.level, &person.tags, age)
                }
            })
            .map(|person| per_level[person.level])
            .fold(0u64, u64::saturating_add)
            .saturating_mul(passes);
        pairs = pairs.saturating_add(round_pairs);
        if largest.is_none_or(|(_, most)| round_pairs > most) {
            largest = Some((r, round_pairs));
        }
    }
    WorkEstimate {
        pairs,
        largest_round: largest.map(|(r, _)| r),
        largest_round_pairs: largest.map_or(0, |(_, p)| p),
        limit: MAX_WORK_PAIRS,
    }
}

/// Refuses a scenario whose run would draw more than [`MAX_WORK_PAIRS`]
/// tastes, located at its most expensive `[[round]]` (or at `fallback` when
/// the rounds are not written out). Every command that loads a scenario
/// (`check`, `run`, `batch`, ...) goes through this one check.
pub(crate) fn refuse_over_limit(
    scenario: &Scenario,
    rounds: Option<&Node>,
    fallback: Span,
    sink: &mut Sink<'_>,
) {
    let work = estimate_work(scenario);
    if !work.over_limit() {
        return;
    }
    let round_node = match (rounds.map(|n| &n.value), work.largest_round) {
        (Some(Value::Array(items)), Some(r)) => items.get(r),
        _ => None,
    };
    let span = round_node.map_or(fallback, |n| n.span);
    let round_name = work
        .largest_round
        .map(|r| {
            format!(
                " (round `{}`: {})",
                scenario.rounds[r].id,
                thousands(work.largest_round_pairs)
            )
        })
        .unwrap_or_default();
    sink.error(
        span,
        format!(
            "a run would draw about {} (person, post) tastes{round_name}, over the limit of {}",
            thousands(work.pairs),
            thousands(MAX_WORK_PAIRS)
        ),
        "too much work for one run",
        Some(
            "every applicant ranks every open post they may take, in every round: give each person fewer posts to rank (split the reform into smaller markets, e.g. one scenario per district, or use a market setting where the scenario format offers one), or narrow the rounds (`max_climb`, `max_drop`, `applicants`); see \"A bound on work\" in docs/robustness.md"
                .to_string(),
        ),
    );
}

/// `1234567` as `1,234,567`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(12_345_678), "12,345,678");
    }
}
