//! Units against their establishment (编制数) and posts (职数): what each
//! before unit has today, and people per establishment type against each
//! type's cap, before and after.
//!
//! A unit's establishment caps the people it may employ, separately from
//! its posts; a cap may be split per establishment type (行政编, 事业编,
//! 合同制...), which the roster's `establishment` column spells. A reform
//! office reads how far each unit is over (positive) or under (negative)
//! its cap, in all and per type, today and after.

use serde::Serialize;

use crate::scenario::{Scenario, UnitKind};
use crate::simulate::Outcome;

/// One before unit's row: its posts, people and establishment today.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BeforeUnitRow {
    /// Unit id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Kind.
    pub kind: UnitKind,
    /// People in it today.
    pub people: usize,
    /// People in it today at leadership levels.
    pub leaders: usize,
    /// Its posts (职数) over all levels, when the scenario gives them.
    pub posts: Option<u64>,
    /// Its leadership posts (领导职数), when the scenario gives its posts.
    pub leadership_posts: Option<u64>,
    /// Its establishment (编制数), when given.
    pub establishment: Option<u32>,
    /// People minus establishment: positive over the cap, negative under it;
    /// `None` without an establishment.
    pub over_establishment: Option<i64>,
    /// People per establishment type against the type's cap, when its
    /// establishment is given per type (else empty).
    pub by_type: Vec<TypeCount>,
}

/// People of one establishment type in a unit, against the type's cap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TypeCount {
    /// The establishment type, as the roster spells it.
    #[serde(rename = "type")]
    pub kind: String,
    /// People of that type in the unit.
    pub people: usize,
    /// The type's cap; `None` for a type people hold but the unit has no
    /// cap for (every such person is over: no place of that type exists).
    pub cap: Option<u32>,
    /// People minus cap (people when there is no cap): positive over.
    pub over: i64,
}

/// People minus cap, positive when over.
pub fn over(people: usize, cap: u32) -> i64 {
    people as i64 - i64::from(cap)
}

/// People per establishment type of `members` (person indices) against
/// per-type caps (`by_type`, as an establishment gives them): the capped
/// types in the file's order, then the other types people hold, in order of
/// first appearance. Empty when there are no per-type caps.
pub fn type_counts(
    scenario: &Scenario,
    by_type: &[(String, u32)],
    members: impl Iterator<Item = usize>,
) -> Vec<TypeCount> {
    if by_type.is_empty() {
        return Vec::new();
    }
    let mut rows: Vec<TypeCount> = by_type
        .iter()
        .map(|(kind, cap)| TypeCount {
            kind: kind.clone(),
            people: 0,
            cap: Some(*cap),
            over: 0,
        })
        .collect();
    for person in members {
        let kind = &scenario.people[person].establishment;
        match rows.iter_mut().find(|r| &r.kind == kind) {
            Some(row) => row.people += 1,
            None => rows.push(TypeCount {
                kind: kind.clone(),
                people: 1,
                cap: None,
                over: 0,
            }),
        }
    }
    for row in &mut rows {
        row.over = match row.cap {
            Some(cap) => over(row.people, cap),
            None => row.people as i64,
        };
    }
    rows
}

/// Every before unit's row, in file order.
pub fn before_unit_rows(scenario: &Scenario) -> Vec<BeforeUnitRow> {
    scenario
        .before
        .iter()
        .enumerate()
        .map(|(b, unit)| {
            let members =
                || (0..scenario.people.len()).filter(move |&p| scenario.people[p].unit == b);
            let people = members().count();
            let leaders = members()
                .filter(|&p| scenario.levels[scenario.people[p].level].leadership)
                .count();
            let sum = |leadership_only: bool| {
                unit.posts.as_ref().map(|posts| {
                    posts
                        .iter()
                        .enumerate()
                        .filter(|&(level, _)| !leadership_only || scenario.levels[level].leadership)
                        .map(|(_, &n)| u64::from(n))
                        .sum::<u64>()
                })
            };
            let cap = unit.establishment.as_ref().map(|e| e.total);
            BeforeUnitRow {
                id: unit.id.clone(),
                name: unit.name.clone(),
                kind: unit.kind,
                people,
                leaders,
                posts: sum(false),
                leadership_posts: sum(true),
                establishment: cap,
                over_establishment: cap.map(|cap| over(people, cap)),
                by_type: type_counts(
                    scenario,
                    unit.establishment.as_ref().map_or(&[][..], |e| &e.by_type),
                    members(),
                ),
            }
        })
        .collect()
}

/// People in after unit `unit` once the run is over (seated or received),
/// per establishment type against its caps.
pub fn after_type_counts(scenario: &Scenario, outcome: &Outcome, unit: usize) -> Vec<TypeCount> {
    type_counts(
        scenario,
        scenario.after[unit]
            .establishment
            .as_ref()
            .map_or(&[][..], |e| &e.by_type),
        (0..scenario.people.len())
            .filter(|&p| outcome.people[p].position().is_some_and(|(u, _)| u == unit)),
    )
}
