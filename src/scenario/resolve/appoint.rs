//! `[[appoint]]`: posts filled by appointment before the rounds (组织任命),
//! each person and post checked, and no post given more appointees than it
//! has seats.

use crate::scenario::model::{AfterUnit, Appointment, Person};
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
        let taken = appointments
            .iter()
            .filter(|a| a.unit == unit && a.level == level)
            .count() as u32;
        let seats = after[unit].posts[level];
        if taken + 1 > seats {
            sink.error(
                entry.span,
                format!(
                    "`{}` has {seats} `{}` seat(s), and this appointment would be number {}",
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
