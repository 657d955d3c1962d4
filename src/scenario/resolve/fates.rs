//! Fates: every share of every before unit (its core, and each function it
//! owns) given exactly one owner after the reform, or a located error.

use crate::diagnostic::Span;
use crate::scenario::model::{AfterUnit, BeforeUnit, Dissolution, Fate, Person, Selector};
use crate::scenario::node::Sink;
use crate::scenario::raw::RawScenario;

/// Who claims a share, and how specifically.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Claimant {
    After(usize),
    Dissolve(usize),
}

/// Where each resolved selector was written, to point conflicts at the right entry.
pub(super) struct ClaimSpans {
    pub(super) after: Vec<Vec<Span>>,
    pub(super) dissolve: Vec<Vec<Span>>,
}

fn claimant_name(claimant: Claimant, after: &[AfterUnit]) -> String {
    match claimant {
        Claimant::After(a) => format!("after unit `{}`", after[a].id),
        Claimant::Dissolve(d) => format!("`[[dissolve]]` #{}", d + 1),
    }
}

/// Gives every share of every before unit one fate: the most specific claim
/// wins (`unit.function` over `*.function` over `unit`); two claims at the same
/// specificity conflict; a share nobody claims is an error unless it is an
/// empty core.
pub(super) fn assign_fates(
    before: &[BeforeUnit],
    after: &[AfterUnit],
    dissolutions: &[Dissolution],
    people: &[Person],
    spans: &ClaimSpans,
    raw: &RawScenario,
    sink: &mut Sink<'_>,
) -> Vec<Vec<Option<Fate>>> {
    // claims[unit][slot] = (specificity, claimant, span) for every claim.
    let mut claims: Vec<Vec<Vec<(u8, Claimant, Span)>>> = before
        .iter()
        .map(|u| vec![Vec::new(); u.functions.len() + 1])
        .collect();
    let mut add = |selectors: &[Selector], claimant: Claimant, selector_spans: &[Span]| {
        // Resolved selectors skip bad entries, so spans are matched by position only when none was skipped.
        for (i, selector) in selectors.iter().enumerate() {
            let span = selector_spans.get(i).copied().unwrap_or_default();
            match *selector {
                Selector::Unit { unit } => {
                    for slot in 0..claims[unit].len() {
                        claims[unit][slot].push((0, claimant, span));
                    }
                }
                Selector::Function { function } => {
                    for (unit, b) in before.iter().enumerate() {
                        if let Some(i) = b.functions.iter().position(|&f| f == function) {
                            claims[unit][i + 1].push((1, claimant, span));
                        }
                    }
                }
                Selector::Share { unit, function } => {
                    if let Some(i) = before[unit].functions.iter().position(|&f| f == function) {
                        claims[unit][i + 1].push((2, claimant, span));
                    }
                }
            }
        }
    };
    for (a, unit) in after.iter().enumerate() {
        add(&unit.from, Claimant::After(a), &spans.after[a]);
    }
    for (d, dissolution) in dissolutions.iter().enumerate() {
        add(&dissolution.from, Claimant::Dissolve(d), &spans.dissolve[d]);
    }

    let mut core_people = vec![0usize; before.len()];
    for person in people.iter().filter(|p| p.function.is_none()) {
        core_people[person.unit] += 1;
    }

    let mut conflicts: Vec<(Claimant, Claimant, usize, Vec<String>, Span)> = Vec::new();
    let mut fates = Vec::with_capacity(before.len());
    for (unit, slots) in claims.iter().enumerate() {
        let mut unit_fates = Vec::with_capacity(slots.len());
        for (slot, slot_claims) in slots.iter().enumerate() {
            let share = share_name(before, raw, unit, slot);
            let best = slot_claims.iter().map(|c| c.0).max();
            let Some(best) = best else {
                if slot > 0 || core_people[unit] > 0 {
                    let unit_span = raw.before[unit].id.span;
                    let what = if slot == 0 {
                        match core_people[unit] {
                            1 => format!(
                                "the 1 person of `{}` with no function goes nowhere",
                                before[unit].id
                            ),
                            n => format!(
                                "the {n} people of `{}` with no function go nowhere",
                                before[unit].id
                            ),
                        }
                    } else {
                        format!("share `{share}` goes nowhere")
                    };
                    sink.error(
                        unit_span,
                        what,
                        "no after unit takes it",
                        Some(if slot == 0 {
                            format!("add `{}` to an `[[after]]` unit's `from`, or dissolve it with `[[dissolve]]`", before[unit].id)
                        } else {
                            let function = share.split_once('.').map_or("", |(_, f)| f);
                            format!("add `{share}` (or `{}`, or `*.{function}`) to an `[[after]]` unit's `from`, or list it in a `[[dissolve]]`", before[unit].id)
                        }),
                    );
                }
                unit_fates.push(None);
                continue;
            };
            let top: Vec<&(u8, Claimant, Span)> =
                slot_claims.iter().filter(|c| c.0 == best).collect();
            if top.len() > 1 {
                let (a, b) = (top[0].1, top[1].1);
                match conflicts
                    .iter_mut()
                    .find(|c| c.0 == a && c.1 == b && c.2 == unit)
                {
                    Some(existing) => existing.3.push(share),
                    None => conflicts.push((a, b, unit, vec![share], top[1].2)),
                }
            }
            unit_fates.push(Some(match top[0].1 {
                Claimant::After(a) => Fate::After(a),
                Claimant::Dissolve(d) => Fate::Dissolved(d),
            }));
        }
        fates.push(unit_fates);
    }
    for (a, b, _, shares, span) in conflicts {
        let shares: Vec<String> = shares.iter().map(|s| format!("`{s}`")).collect();
        sink.error(
            span,
            format!(
                "{} taken by both {} and {}",
                if shares.len() == 1 { format!("share {}", shares[0]) } else { format!("shares {}", shares.join(", ")) },
                claimant_name(a, after),
                claimant_name(b, after)
            ),
            "second claim",
            Some("one matter, one owner: keep the share in one `from` list, or claim it more specifically (`unit.function` wins over `*.function`, which wins over `unit`)".to_string()),
        );
    }
    fates
}

fn share_name(before: &[BeforeUnit], raw: &RawScenario, unit: usize, slot: usize) -> String {
    match slot {
        0 => before[unit].id.clone(),
        _ => {
            let f = before[unit].functions[slot - 1];
            let function_id = raw.functions[f].id.value.as_str();
            format!("{}.{}", before[unit].id, function_id)
        }
    }
}
