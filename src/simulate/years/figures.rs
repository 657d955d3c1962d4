//! The figures of one year, counted from where everyone stands at its end.

use crate::scenario::{Scenario, Timeline, UnitKind};

use super::fill::Vacancies;
use super::{Event, EventKind, KindFigures, Members, Standing, YearFigures};

/// Counts year `year`'s figures: headcount against seats and establishment,
/// the pool, the year's events, the payroll and the leaders' mean age.
pub(super) fn year_figures(
    scenario: &Scenario,
    timeline: &Timeline,
    members: &Members,
    seats: &Vacancies,
    year: u32,
    calendar: i32,
    events: &[Event],
) -> YearFigures {
    let levels = scenario.levels.len();
    let mut headcount = vec![0u64; levels];
    let mut posts = vec![0u64; levels];
    let mut per_unit = vec![0u64; scenario.after.len()];
    for (g, &cap) in seats.capacity.iter().enumerate() {
        posts[g % levels] += u64::from(cap);
    }
    let mut pooled = 0;
    let mut leader_ages = (0i64, 0u64);
    for (p, standing) in members.standing.iter().enumerate() {
        match *standing {
            Standing::InPost { unit, level, .. } => {
                headcount[level] += 1;
                per_unit[unit] += 1;
                if scenario.levels[level].leadership {
                    leader_ages.0 += i64::from(calendar - members.people[p].born);
                    leader_ages.1 += 1;
                }
            }
            Standing::Pooled { .. } => pooled += 1,
            _ => {}
        }
    }
    let structure = || {
        scenario
            .after
            .iter()
            .enumerate()
            .filter(|(_, u)| !u.external)
    };
    let mut kinds = Vec::new();
    for kind in UnitKind::ALL {
        let units: Vec<usize> = structure()
            .filter(|(_, u)| u.kind == kind)
            .map(|(i, _)| i)
            .collect();
        if units.is_empty() {
            continue;
        }
        let declared: Vec<u64> = units
            .iter()
            .filter_map(|&u| scenario.after[u].establishment.as_ref())
            .map(|e| u64::from(e.total))
            .collect();
        kinds.push(KindFigures {
            kind,
            headcount: units.iter().map(|&u| per_unit[u]).sum(),
            posts: units
                .iter()
                .map(|&u| {
                    (0..levels)
                        .map(|l| u64::from(seats.capacity[u * levels + l]))
                        .sum::<u64>()
                })
                .sum(),
            establishment: (!declared.is_empty()).then(|| declared.iter().sum()),
        });
    }
    let declared: Vec<(usize, u64)> = structure()
        .filter_map(|(i, u)| u.establishment.as_ref().map(|e| (i, u64::from(e.total))))
        .collect();
    let establishment = (!declared.is_empty()).then(|| declared.iter().map(|d| d.1).sum());
    let over_establishment = declared
        .iter()
        .map(|&(u, cap)| per_unit[u].saturating_sub(cap))
        .sum();
    let count = |f: fn(&EventKind) -> bool| events.iter().filter(|e| f(&e.kind)).count() as u64;
    let share = (year > 0 && !timeline.performance_share.is_empty()).then(|| {
        let i = (year as usize - 1).min(timeline.performance_share.len() - 1);
        timeline.performance_share[i]
    });
    let (payroll_base, payroll_performance) = payroll(scenario, members, share);
    YearFigures {
        year,
        calendar_year: calendar,
        headcount,
        posts,
        kinds,
        establishment,
        over_establishment,
        pooled,
        retired: count(|k| matches!(k, EventKind::Retired)),
        left: count(|k| matches!(k, EventKind::Left)),
        reappointed: count(|k| matches!(k, EventKind::Reappointed { .. })),
        unplaced: count(|k| matches!(k, EventKind::Unplaced)),
        demoted: count(|k| matches!(k, EventKind::Demoted { .. })),
        dismissed: count(|k| matches!(k, EventKind::Dismissed)),
        hired: count(|k| matches!(k, EventKind::Hired { .. })),
        promoted: count(|k| matches!(k, EventKind::Promoted { .. })),
        placed_from_pool: count(|k| matches!(k, EventKind::Placed { .. })),
        payroll_base,
        payroll_performance,
        performance_share: share,
        leader_age: (leader_ages.1 > 0).then(|| leader_ages.0 as f64 / leader_ages.1 as f64),
    }
}

/// The year's payroll: everyone in post at their rank, the pooled who keep
/// a rank at it. With a performance share `s`, a level's pay `base +
/// performance` is split into `(1 − s)` base and an `s` pot; without, the
/// level's two parts as written. The appraisal divides the pots among the
/// people (in proportion to pot × appraisal) but adds nothing to them, so
/// the year's performance payroll is the sum of the pots.
fn payroll(scenario: &Scenario, members: &Members, share: Option<f64>) -> (f64, f64) {
    let mut base = 0.0;
    let mut pots = 0.0;
    for standing in &members.standing {
        let rank = match *standing {
            Standing::InPost { rank, .. } => rank,
            Standing::Pooled {
                level,
                rank_kept: true,
            } => level,
            _ => continue,
        };
        let Some(pay) = scenario.levels[rank].pay else {
            continue;
        };
        match share {
            Some(s) => {
                let total = pay.base + pay.performance;
                base += (1.0 - s) * total;
                pots += s * total;
            }
            None => {
                base += pay.base;
                pots += pay.performance;
            }
        }
    }
    (base, pots)
}
