//! `parent`: internal units (内设机构) nested in their body, on each side of
//! the reform. A parent is a unit of the same side; a chain of parents ends
//! at a body, so a loop is refused at the first unit of it in the file.

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
    parents
}

/// Reports each loop of parents once, at the `parent` of its first unit in
/// the file, naming the whole loop; the loop's links are then cut so that
/// later steps can walk the chains.
fn refuse_loops(
    parents: &mut [Option<usize>],
    written: &[Option<&Sp<String>>],
    sides: &Sides<'_, '_>,
    sink: &mut Sink<'_>,
) {
    for start in 0..parents.len() {
        // Walk up from `start` until a body or a unit already on the chain.
        // Loops found from an earlier start are cut already, so each is
        // reported once.
        let mut chain = vec![start];
        let mut unit = start;
        while let Some(parent) = parents[unit] {
            if let Some(at) = chain.iter().position(|&u| u == parent) {
                let cycle = &chain[at..];
                let first = *cycle.iter().min().expect("a loop has a unit");
                report_loop(cycle, first, written, sides, sink);
                for &u in cycle {
                    parents[u] = None;
                }
                break;
            }
            chain.push(parent);
            unit = parent;
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
