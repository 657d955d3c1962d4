//! Warnings: things a valid scenario may do but probably did not mean (an
//! after unit that takes nothing over, posts no round fills).

use crate::scenario::model::{AfterUnit, Person, Transfer};
use crate::scenario::node::Sink;
use crate::scenario::policy::{self, Round};
use crate::scenario::raw::RawScenario;
use crate::scenario::resolve::ids::Ids;

/// An after unit that takes nothing over is probably a forgotten `from`,
/// unless people are sent there (an over-age or fallback unit, a transfer's
/// receiving unit).
pub(super) fn warn_after_without_predecessor(
    raw: &RawScenario,
    policy: &policy::Policy,
    transfers: &[Transfer],
    sink: &mut Sink<'_>,
) {
    let destinations: Vec<usize> = policy
        .over_age
        .as_ref()
        .map(|o| o.unit)
        .into_iter()
        .chain(policy.fallback.destinations.iter().filter_map(|d| d.unit))
        .chain(transfers.iter().map(|t| t.to))
        .collect();
    for (index, unit) in raw.after.iter().enumerate() {
        if unit.from.is_empty() && !destinations.contains(&index) {
            sink.warning(
                unit.from_span.unwrap_or(unit.id.span),
                format!("after unit `{}` has no predecessor", unit.id.value),
                Some(
                    "a new unit is fine; to inherit staff, list units or shares in `from`"
                        .to_string(),
                ),
            );
        }
    }
}

/// Posts at a level no round fills can never be taken.
pub(super) fn warn_levels_never_offered(
    rounds: &[Round],
    after: &[AfterUnit],
    levels: &Ids<'_>,
    raw: &RawScenario,
    sink: &mut Sink<'_>,
) {
    if rounds.is_empty() {
        return;
    }
    for (level, id) in levels.order.iter().enumerate() {
        let posts: u64 = after
            .iter()
            .map(|a| u64::from(a.posts.get(level).copied().unwrap_or(0)))
            .sum();
        if posts > 0 && !rounds.iter().any(|r| r.levels.contains(&level)) {
            let span = raw.rounds.as_ref().map_or(raw.span, |n| n.span);
            sink.warning(
                span,
                format!("no round fills the {posts} `{id}` posts"),
                Some(format!("add `{id}` to the `levels` of a `[[round]]`")),
            );
        }
    }
}

/// Establishment types that `establishment_required` names: at most 63
/// distinct ones (a run keeps them as bits of a word, the 64th meaning "any
/// other"), and each held by someone, else it is probably misspelt and its
/// unit's posts can only stay empty.
pub(super) fn check_required_establishment(
    raw: &RawScenario,
    people: &[Person],
    sink: &mut Sink<'_>,
) {
    let mut seen: Vec<&str> = Vec::new();
    for unit in &raw.after {
        for required in &unit.establishment_required {
            let name = required.value.as_str();
            if seen.contains(&name) {
                continue;
            }
            seen.push(name);
            if seen.len() == MAX_REQUIRED_TYPES + 1 {
                sink.error(
                    required.span,
                    format!(
                        "more than {MAX_REQUIRED_TYPES} establishment types are required across units"
                    ),
                    "one type too many",
                    Some("group types: `establishment_required` names the roster's `establishment` values".into()),
                );
            }
            if !people.iter().any(|p| p.establishment == name) {
                sink.warning(
                    required.span,
                    format!("nobody in the roster has establishment type `{name}`"),
                    Some(format!(
                        "the roster's types are: {}; a post that requires only unknown types stays empty",
                        known_types(people)
                    )),
                );
            }
        }
    }
}

/// Most distinct establishment types `establishment_required` may name.
const MAX_REQUIRED_TYPES: usize = 63;

fn known_types(people: &[Person]) -> String {
    let mut types: Vec<&str> = people.iter().map(|p| p.establishment.as_str()).collect();
    types.sort_unstable();
    types.dedup();
    types
        .iter()
        .take(8)
        .map(|t| format!("`{t}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
