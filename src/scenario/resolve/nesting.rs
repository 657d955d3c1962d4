//! `parent`: internal units (内设机构) nested in their body, on each side of
//! the reform. A parent is a unit of the same side; a chain of parents ends
//! at a body, so a loop is refused at the first unit of it in the file.

use crate::scenario::limits;
use crate::scenario::model::depths;
use crate::scenario::node::{Sink, Sp};
use crate::scenario::resolve::ids::Ids;

/// The two sides' id namespaces, seen from one side.
pub(super) struct Sides<'a, 'r> {
    /// The side whose units are being nested.
    pub(super) own: &'a Ids<'r>,
    /// The other side, to say so when a parent names one of its units.
    pub(super) other: &'a Ids<'r>,
    /// `[[before]]` or `[[after]]`.
    pub(super) table: &'static str,
    /// `[[after]]` or `[[before]]`.
    pub(super) other_table: &'static str,
}

/// Resolves each unit's `parent` (`written[u]`) to a unit of the same side,
/// then refuses loops. An unresolved parent is `None` (and reported).
pub(super) fn resolve_parents(
    written: &[Option<&Sp<String>>],
    sides: &Sides<'_, '_>,
    sink: &mut Sink<'_>,
) -> Vec<Option<usize>> {
    let mut parents: Vec<Option<usize>> = written
        .iter()
        .map(|parent| {
            let parent = (*parent)?;
            if sides.own.get(&parent.value).is_none() && sides.other.get(&parent.value).is_some() {
                sink.error(
                    parent.span,
                    format!(
                        "`{}` is a `{}` unit: the parent of a `{}` unit is a body of its own side",
                        parent.value, sides.other_table, sides.table
                    ),
                    "a unit of the other side",
                    Some(format!(
                        "name a `{}` unit as `parent`, or declare `{}` as a `{}` unit too",
                        sides.table, parent.value, sides.table
                    )),
                );
                return None;
            }
            sides.own.resolve(parent, sink)
        })
        .collect();
    refuse_loops(&mut parents, written, sides, sink);
    refuse_depth(&parents, written, sides, sink);
    parents
}

/// Reports each loop of parents once, at the `parent` of its first unit in
/// the file, naming the whole loop; the loop's links are then cut so that
/// later steps can walk the chains. Each unit is walked over once.
fn refuse_loops(
    parents: &mut [Option<usize>],
    written: &[Option<&Sp<String>>],
    sides: &Sides<'_, '_>,
    sink: &mut Sink<'_>,
) {
    const DONE: usize = usize::MAX;
    // Per unit: the start of the walk that reached it, or DONE once its
    // chain is known to end at a body (or in a loop already reported).
    let mut seen: Vec<Option<usize>> = vec![None; parents.len()];
    for start in 0..parents.len() {
        if seen[start].is_some() {
            continue;
        }
        let mut chain = vec![start];
        seen[start] = Some(start);
        let mut unit = start;
        while let Some(parent) = parents[unit] {
            match seen[parent] {
                Some(DONE) => break,
                Some(walk) if walk == start => {
                    // Back on this walk's own chain: a loop from `parent`.
                    let at = chain
                        .iter()
                        .position(|&u| u == parent)
                        .expect("on the chain");
                    let cycle = &chain[at..];
                    let first = *cycle.iter().min().expect("a loop has a unit");
                    report_loop(cycle, first, written, sides, sink);
                    for &u in cycle {
                        parents[u] = None;
                    }
                    break;
                }
                _ => {
                    seen[parent] = Some(start);
                    chain.push(parent);
                    unit = parent;
                }
            }
        }
        for u in chain {
            seen[u] = Some(DONE);
        }
    }
}

/// Refuses units nested deeper than [`limits::MAX_NESTING_DEPTH`], at the
/// `parent` of each unit one past the limit.
fn refuse_depth(
    parents: &[Option<usize>],
    written: &[Option<&Sp<String>>],
    sides: &Sides<'_, '_>,
    sink: &mut Sink<'_>,
) {
    for (unit, &depth) in depths(parents).iter().enumerate() {
        if depth == limits::MAX_NESTING_DEPTH + 1
            && let Some(parent) = written[unit]
        {
            sink.error(
                parent.span,
                format!(
                    "`{}` is an internal unit {depth} levels deep; the limit is {}",
                    sides.own.order[unit],
                    limits::MAX_NESTING_DEPTH
                ),
                "too deep",
                Some("see the limits in docs/scenario-format.md".into()),
            );
        }
    }
}

fn report_loop(
    cycle: &[usize],
    first: usize,
    written: &[Option<&Sp<String>>],
    sides: &Sides<'_, '_>,
    sink: &mut Sink<'_>,
) {
    // Name the loop from its first unit in the file, following parents.
    let at = cycle.iter().position(|&u| u == first).expect("in the loop");
    let mut names: Vec<&str> = cycle[at..]
        .iter()
        .chain(&cycle[..at])
        .map(|&u| sides.own.order[u])
        .collect();
    names.push(sides.own.order[first]);
    let span = written[first].expect("a unit in a loop has a parent").span;
    sink.error(
        span,
        format!(
            "`{}` is nested in itself: {}",
            sides.own.order[first],
            names.join(" → ")
        ),
        "parent loop",
        Some(format!(
            "a chain of `parent`s must end at a body (a `{}` unit with no `parent`)",
            sides.table
        )),
    );
}
