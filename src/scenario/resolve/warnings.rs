//! Warnings: things a valid scenario may do but probably did not mean (an
//! after unit that takes nothing over, posts no round fills).

use crate::scenario::model::AfterUnit;
use crate::scenario::node::Sink;
use crate::scenario::policy::{self, Round};
use crate::scenario::raw::RawScenario;
use crate::scenario::resolve::ids::Ids;

/// An after unit that takes nothing over is probably a forgotten `from`,
/// unless the policy sends people there (an over-age or fallback unit).
pub(super) fn warn_after_without_predecessor(
    raw: &RawScenario,
    policy: &policy::Policy,
    sink: &mut Sink<'_>,
) {
    let destinations = [
        policy.over_age.as_ref().map(|o| o.unit),
        policy.fallback.unit,
    ];
    for (index, unit) in raw.after.iter().enumerate() {
        if unit.from.is_empty() && !destinations.contains(&Some(index)) {
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
