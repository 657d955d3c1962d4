//! Seats per post before any round: those the scenario declares, those
//! reserved for people who move with their work or are appointed, those
//! created for them beyond the declared ones, and those held concurrently
//! (兼任) by someone who keeps their own post; and which establishment types
//! may take a unit's posts.

use super::outcome::PersonOutcome;
use crate::scenario::Scenario;

/// Seats per post, indexed unit × levels + level.
#[derive(Debug)]
pub(super) struct Seats {
    /// Declared seats, or the transferred people when they are more.
    pub(super) capacity: Vec<u32>,
    /// Seats held by transferred people before the rounds.
    pub(super) reserved: Vec<u32>,
    /// Seats created beyond the declared ones for transferred people.
    pub(super) created: Vec<u32>,
    /// Seats held concurrently: taken, by nobody the run places.
    pub(super) concurrent: Vec<u32>,
}

impl Seats {
    /// Transferred people take seats of their receiving unit at their own
    /// level: reserved out of the declared ones, and created beyond them, so
    /// that nobody who moves with their work is left without a seat (the
    /// post moves with the person, 人随事走).
    pub(super) fn new(scenario: &Scenario, fixed: &[Option<PersonOutcome>]) -> Seats {
        let levels = scenario.levels.len();
        let mut reserved = vec![0u32; scenario.after.len() * levels];
        for outcome in fixed.iter().flatten() {
            if let PersonOutcome::Transferred { unit, level, .. }
            | PersonOutcome::Appointed { unit, level, .. } = *outcome
            {
                reserved[unit * levels + level] += 1;
            }
        }
        let declared = scenario.after.iter().flat_map(|u| u.posts.iter().copied());
        let capacity: Vec<u32> = declared
            .zip(&reserved)
            .map(|(declared, &reserved)| declared.max(reserved))
            .collect();
        // Validation keeps transfers, appointments and concurrent holders
        // within the declared seats whenever a post has concurrent ones, so
        // these never add to the capacity.
        let mut concurrent = vec![0u32; reserved.len()];
        for post in &scenario.concurrent {
            concurrent[post.unit * levels + post.level] += 1;
        }
        let created = scenario
            .after
            .iter()
            .flat_map(|u| u.posts.iter().copied())
            .zip(&reserved)
            .map(|(declared, &reserved)| reserved.saturating_sub(declared))
            .collect();
        Seats {
            capacity,
            reserved,
            created,
            concurrent,
        }
    }

    /// Seats of post `g` left to compete for.
    pub(super) fn open(&self, g: usize) -> u32 {
        (self.capacity[g] - self.reserved[g]).saturating_sub(self.concurrent[g])
    }
}

/// Per person, one bit for their establishment type among the types some
/// unit requires (bit 63 for any other type); per after unit, the bits of the
/// types its posts accept (every bit when it requires none). Validation
/// keeps the required types to at most 63.
pub(super) fn establishment_masks(scenario: &Scenario) -> (Vec<u64>, Vec<u64>) {
    let mut types: Vec<&str> = Vec::new();
    for unit in &scenario.after {
        for required in &unit.establishment_required {
            if !types.contains(&required.as_str()) {
                types.push(required);
            }
        }
    }
    let bit = |kind: &str| {
        types
            .iter()
            .position(|t| *t == kind)
            .map_or(1u64 << 63, |i| 1u64 << i)
    };
    let people = scenario
        .people
        .iter()
        .map(|p| bit(&p.establishment))
        .collect();
    let accepts = scenario
        .after
        .iter()
        .map(|unit| {
            if unit.establishment_required.is_empty() {
                u64::MAX
            } else {
                unit.establishment_required
                    .iter()
                    .map(|t| bit(t))
                    .fold(0, |mask, b| mask | b)
            }
        })
        .collect();
    (people, accepts)
}
