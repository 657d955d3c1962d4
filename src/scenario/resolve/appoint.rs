//! `[[appoint]]`: posts filled by appointment before the rounds (组织任命),
//! and seats held concurrently (兼任: an after unit's `concurrent`, an
//! appointment with `concurrent = true`), each person and post checked, and
//! no post given more of them than it has seats.

use crate::diagnostic::Span;
use crate::scenario::model::{
    AfterUnit, Appointment, BeforeUnit, ConcurrentPost, Fate, Holder, Person, Transfer, share_slot,
};
use crate::scenario::node::Sink;
use crate::scenario::raw::{RawAfter, RawAppoint};
use crate::scenario::resolve::ids::Ids;

/// The id namespaces an appointment refers to.
pub(super) struct AppointIds<'a, 'r> {
    pub(super) people: &'a Ids<'r>,
    pub(super) after: &'a Ids<'r>,
    pub(super) levels: &'a Ids<'r>,
}

/// What is settled in advance: appointments, and seats held concurrently.
pub(super) struct Appointed {
    /// `[[appoint]]` entries that place their person.
    pub(super) appointments: Vec<Appointment>,
    /// Seats held concurrently: the after units' `concurrent` first, in
    /// file order, then the concurrent `[[appoint]]` entries.
    pub(super) concurrent: Vec<ConcurrentPost>,
}

/// Resolves the after units' `concurrent` tables, then every `[[appoint]]`:
/// the person, the after unit and the level (their own when not given). A
/// person appointed twice (concurrent posts aside), or a post given more
/// appointees and concurrent holders than its seats, is an error at the
/// entry that overflows. A concurrent holder level that nobody in the roster
/// holds is a warning: the seat is still taken, by a holder outside the
/// roster (district leaders need not be in the reform's roster).
pub(super) fn resolve_appointments(
    raw: &[RawAppoint],
    raw_after: &[RawAfter],
    transfer_seats: &[u32],
    ids: &AppointIds<'_, '_>,
    people: &[Person],
    after: &[AfterUnit],
    sink: &mut Sink<'_>,
) -> Appointed {
    let levels = ids.levels.len();
    let mut taken = transfer_seats.to_vec();
    let mut concurrent: Vec<ConcurrentPost> = Vec::new();
    for (unit, written) in raw_after.iter().enumerate() {
        for (post, holder) in &written.concurrent {
            let (Some(level), Some(holder_level)) = (
                ids.levels.resolve(post, sink),
                ids.levels.resolve(holder, sink),
            ) else {
                continue;
            };
            if !take_seat(&mut taken, unit, level, post.span, ids, after, sink) {
                continue;
            }
            if !people.iter().any(|p| p.level == holder_level) {
                sink.warning(
                    holder.span,
                    format!(
                        "nobody in the roster is at level `{}`: the concurrent `{}` seat of `{}` is held by someone outside the roster",
                        holder.value, post.value, after[unit].id
                    ),
                    Some(
                        "the seat is still not competed for, and counts in no headcount or payroll; add the holder to the roster, or drop the entry to open the seat"
                            .into(),
                    ),
                );
            }
            concurrent.push(ConcurrentPost {
                unit,
                level,
                holder: Holder::Level(holder_level),
                reason: String::new(),
            });
        }
    }
    let mut appointments: Vec<Appointment> = Vec::new();
    for entry in raw {
        let person = entry
            .person
            .as_ref()
            .and_then(|p| ids.people.resolve(p, sink));
        let unit = entry.unit.as_ref().and_then(|u| ids.after.resolve(u, sink));
        let level = match &entry.level {
            Some(level) => ids.levels.resolve(level, sink),
            None => person.and_then(|p| people.get(p)).map(|p| p.level),
        };
        let (Some(person), Some(unit), Some(level)) = (person, unit, level) else {
            continue;
        };
        let reason = entry
            .reason
            .as_ref()
            .map(|r| r.value.clone())
            .unwrap_or_default();
        if entry.concurrent {
            if concurrent
                .iter()
                .any(|c| c.holder == Holder::Person(person) && c.unit == unit && c.level == level)
            {
                sink.error(
                    entry.span,
                    format!(
                        "`{}` already holds this post concurrently",
                        people[person].id
                    ),
                    "again here",
                    Some("keep one `[[appoint]]` for each post a person holds".into()),
                );
                continue;
            }
            if take_seat(&mut taken, unit, level, entry.span, ids, after, sink) {
                concurrent.push(ConcurrentPost {
                    unit,
                    level,
                    holder: Holder::Person(person),
                    reason,
                });
            }
            continue;
        }
        if appointments.iter().any(|a| a.person == person) {
            sink.error(
                entry.span,
                format!("`{}` is appointed twice", people[person].id),
                "appointed again here",
                Some(
                    "a person holds one post; keep one `[[appoint]]` for them, or add `concurrent = true` to a post they hold on top of their own"
                        .into(),
                ),
            );
            continue;
        }
        if take_seat(&mut taken, unit, level, entry.span, ids, after, sink) {
            appointments.push(Appointment {
                person,
                unit,
                level,
                reason,
            });
        }
    }
    debug_assert_eq!(taken.len(), after.len() * levels);
    Appointed {
        appointments,
        concurrent,
    }
}

/// Takes one seat of a post for an entry written at `span`, or reports that
/// none is left.
fn take_seat(
    taken: &mut [u32],
    unit: usize,
    level: usize,
    span: Span,
    ids: &AppointIds<'_, '_>,
    after: &[AfterUnit],
    sink: &mut Sink<'_>,
) -> bool {
    let g = unit * ids.levels.len() + level;
    let seats = after[unit].posts[level];
    if taken[g] + 1 > seats {
        sink.error(
            span,
            format!(
                "`{}` has {seats} `{}` seat(s), and this would take number {} (people who move there with their work hold their seats first, then concurrent holders and appointees in file order)",
                after[unit].id,
                ids.levels.order[level],
                taken[g] + 1
            ),
            "no seat left",
            Some(format!(
                "raise `posts.{}` of `{}`, or appoint to another post",
                ids.levels.order[level], after[unit].id
            )),
        );
        return false;
    }
    taken[g] += 1;
    true
}

/// Seats each post's transfers take (people of a transferred share at a
/// transferred level), by unit × levels + level; retirements are not known
/// yet here, so this counts everyone who may move.
pub(super) fn seats_taken_by_transfers(
    before: &[BeforeUnit],
    fates: &[Vec<Option<Fate>>],
    transfers: &[Transfer],
    people: &[Person],
    levels: usize,
    after: usize,
) -> Vec<u32> {
    let mut seats = vec![0u32; levels * after];
    for person in people {
        let slot = share_slot(&before[person.unit], person.function);
        let fate = slot.and_then(|slot| fates.get(person.unit)?.get(slot).copied().flatten());
        if let Some(Fate::Transferred(t)) = fate {
            let transfer = &transfers[t];
            if transfer.levels.is_empty() || transfer.levels.contains(&person.level) {
                // Out of range only when levels or after units failed to
                // resolve: the scenario is refused for that, so the count
                // does not matter, but it must not panic before the errors
                // are reported.
                if let Some(seat) = seats.get_mut(transfer.to * levels + person.level) {
                    *seat += 1;
                }
            }
        }
    }
    seats
}
