//! `[[appoint]]`: posts filled by appointment before the rounds (组织任命),
//! each person and post checked, and no post given more appointees than it
//! has seats.

use crate::scenario::model::{
    AfterUnit, Appointment, BeforeUnit, Fate, Person, Transfer, share_slot,
};
use crate::scenario::node::Sink;
use crate::scenario::raw::RawAppoint;
use crate::scenario::resolve::ids::Ids;

/// The id namespaces an appointment refers to.
pub(super) struct AppointIds<'a, 'r> {
    pub(super) people: &'a Ids<'r>,
    pub(super) after: &'a Ids<'r>,
    pub(super) levels: &'a Ids<'r>,
}

/// Resolves every `[[appoint]]`: the person, the after unit and the level
/// (their own when not given). A person appointed twice, or a post given
/// more appointees than its seats, is an error at the entry that overflows.
pub(super) fn resolve_appointments(
    raw: &[RawAppoint],
    transfer_seats: &[u32],
    ids: &AppointIds<'_, '_>,
    people: &[Person],
    after: &[AfterUnit],
    sink: &mut Sink<'_>,
) -> Vec<Appointment> {
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
        if appointments.iter().any(|a| a.person == person) {
            sink.error(
                entry.span,
                format!("`{}` is appointed twice", people[person].id),
                "appointed again here",
                Some("a person holds one post; keep one `[[appoint]]` for them".into()),
            );
            continue;
        }
        let levels = ids.levels.len();
        let taken = appointments
            .iter()
            .filter(|a| a.unit == unit && a.level == level)
            .count() as u32
            + transfer_seats[unit * levels + level];
        let seats = after[unit].posts[level];
        if taken + 1 > seats {
            sink.error(
                entry.span,
                format!(
                    "`{}` has {seats} `{}` seat(s), and this appointment would be number {} (people who move there with their work hold their seats first)",
                    after[unit].id,
                    ids.levels.order[level],
                    taken + 1
                ),
                "no seat left",
                Some(format!(
                    "raise `posts.{}` of `{}`, or appoint to another post",
                    ids.levels.order[level], after[unit].id
                )),
            );
            continue;
        }
        appointments.push(Appointment {
            person,
            unit,
            level,
            reason: entry
                .reason
                .as_ref()
                .map(|r| r.value.clone())
                .unwrap_or_default(),
        });
    }
    appointments
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
                seats[transfer.to * levels + person.level] += 1;
            }
        }
    }
    seats
}
