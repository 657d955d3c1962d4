//! The bottom-performer rule (末位淘汰), step 4b of a year: after the
//! appraisal, in each unit, the people in post with the lowest appraisals,
//! up to `share` of them (rounded down) and only those under `floor`, are
//! demoted one level or leave.

use crate::scenario::Scenario;
use crate::scenario::policy::{Bottom, BottomAction};

use super::fill::Vacancies;
use super::{Event, EventKind, Members, Standing};

/// Applies the rule to every unit of the structure, units in file order,
/// people lowest appraisal first (ties in index order).
pub(super) fn apply(
    scenario: &Scenario,
    rule: Bottom,
    members: &mut Members,
    seats: &mut Vacancies,
    year: u32,
    calendar: i32,
    events: &mut Vec<Event>,
) {
    let levels = scenario.levels.len();
    let mut by_unit: Vec<Vec<usize>> = vec![Vec::new(); scenario.after.len()];
    for (p, s) in members.standing.iter().enumerate() {
        if let Standing::InPost { unit, .. } = *s {
            by_unit[unit].push(p);
        }
    }
    for (unit, mut people) in by_unit.into_iter().enumerate() {
        // Rounded down: a unit of 19 with a share of 0.05 acts on nobody.
        let most = (rule.share * people.len() as f64).floor() as usize;
        people.sort_by(|&a, &b| {
            members.appraisal[a]
                .total_cmp(&members.appraisal[b])
                .then(a.cmp(&b))
        });
        for &p in people.iter().take(most) {
            if members.appraisal[p] >= rule.floor {
                break;
            }
            let Standing::InPost { level, .. } = members.standing[p] else {
                unreachable!("only people in post are listed");
            };
            seats.release(unit, level);
            let kind = match rule.action {
                BottomAction::Leave => {
                    members.standing[p] = Standing::Left { year };
                    EventKind::Dismissed
                }
                BottomAction::Demote => {
                    let lower = (level + 1).min(levels - 1);
                    let g = unit * levels + lower;
                    members.people[p].level = lower;
                    members.people[p].level_since = Some(calendar);
                    if lower != level && seats.open(g) > 0 {
                        seats.take(g);
                        members.standing[p] = Standing::InPost {
                            unit,
                            level: lower,
                            rank: lower,
                        };
                        EventKind::Demoted {
                            unit: Some(unit),
                            level: lower,
                        }
                    } else {
                        members.standing[p] = Standing::Pooled {
                            level: lower,
                            rank_kept: false,
                        };
                        EventKind::Demoted {
                            unit: None,
                            level: lower,
                        }
                    }
                }
            };
            events.push(Event {
                year,
                person: p,
                kind,
            });
        }
    }
}
