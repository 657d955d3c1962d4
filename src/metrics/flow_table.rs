//! The full flow of people of one run, and the leaders' ages before and
//! after: what the report's Sankeys and age chart draw, counted here so that
//! the renderers only lay them out.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::scenario::Scenario;
use crate::simulate::{Outcome, Status};

/// Every movement of people of one run, counted: before unit → after unit
/// or status, and level before → level after or status, each split by the
/// people's status. Unlike the report's `flows` (the largest few), nothing
/// is left out: each list sums to the people of the scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlowTable {
    /// Before unit → the unit people are in after (their post, transferred
    /// seat, fallback unit or reserve), or none; in before-unit order, then
    /// after-unit order (none last), then status order.
    pub units: Vec<FlowCount>,
    /// Level before → the level of the post won (placed people), or none
    /// (everyone else, by status); in ladder order, then status order.
    pub levels: Vec<FlowCount>,
}

/// People with one status moving from one place to another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlowCount {
    /// Where they were: a before unit's id, or a level's id.
    pub from: String,
    /// Where they are after: an after unit's id, or a level's id; `None`
    /// when their status leaves them in none (pooled, exited, ...).
    pub to: Option<String>,
    /// Their status.
    pub status: Status,
    /// How many (at least 1).
    pub people: usize,
}

/// The leaders' ages in five-year bands: people at a leadership level
/// before, and people holding a leadership seat in the new structure after
/// (the same people the summary's `leaders_before` and `leaders_after`
/// count).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeaderAges {
    /// The bands, youngest first, from the youngest leader's band to the
    /// oldest's (empty bands in between included, so the axis is even).
    pub bands: Vec<AgeBand>,
}

/// One five-year band of [`LeaderAges`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgeBand {
    /// Youngest age in the band.
    pub from: i32,
    /// Oldest age in the band (`from + 4`).
    pub to: i32,
    /// Leaders before of these ages.
    pub before: usize,
    /// Leaders after of these ages.
    pub after: usize,
}

/// Width of an age band in years: the grouping personnel statistics use.
const BAND_YEARS: i32 = 5;

/// The flow table of one outcome.
pub fn flow_table(scenario: &Scenario, outcome: &Outcome) -> FlowTable {
    let after_units = scenario.after.len();
    // Keys in the order the table lists them: `None` (no unit) after every unit.
    let mut units: BTreeMap<(usize, usize, Status), usize> = BTreeMap::new();
    let mut levels: BTreeMap<(usize, usize, Status), usize> = BTreeMap::new();
    let levels_count = scenario.levels.len();
    for (person, result) in scenario.people.iter().zip(&outcome.people) {
        let status = result.status();
        let to_unit = result.position().map_or(after_units, |(unit, _)| unit);
        *units.entry((person.unit, to_unit, status)).or_default() += 1;
        let to_level = result.placement().map_or(levels_count, |post| post.level);
        *levels.entry((person.level, to_level, status)).or_default() += 1;
    }
    FlowTable {
        units: units
            .into_iter()
            .map(|((from, to, status), people)| FlowCount {
                from: scenario.before[from].id.clone(),
                to: (to < after_units).then(|| scenario.after[to].id.clone()),
                status,
                people,
            })
            .collect(),
        levels: levels
            .into_iter()
            .map(|((from, to, status), people)| FlowCount {
                from: scenario.levels[from].id.clone(),
                to: (to < levels_count).then(|| scenario.levels[to].id.clone()),
                status,
                people,
            })
            .collect(),
    }
}

/// The leaders' ages before and after, or `None` when ages are unknown (no
/// `policy.reference_year`) or there are no leaders before or after.
pub fn leader_ages(scenario: &Scenario, outcome: &Outcome) -> Option<LeaderAges> {
    let year = scenario.policy.reference_year?;
    let leader = |level: usize| scenario.levels[level].leadership;
    let mut before = Vec::new();
    let mut after = Vec::new();
    for (person, result) in scenario.people.iter().zip(&outcome.people) {
        let age = year - person.born;
        if leader(person.level) {
            before.push(age);
        }
        if result
            .seat()
            .is_some_and(|(unit, level)| !scenario.after[unit].external && leader(level))
        {
            after.push(age);
        }
    }
    let band = |age: i32| age.div_euclid(BAND_YEARS);
    let all = before.iter().chain(&after);
    let first = all.clone().map(|&a| band(a)).min()?;
    let last = all.map(|&a| band(a)).max()?;
    let count = |ages: &[i32], b: i32| ages.iter().filter(|&&a| band(a) == b).count();
    Some(LeaderAges {
        bands: (first..=last)
            .map(|b| AgeBand {
                from: b * BAND_YEARS,
                to: b * BAND_YEARS + BAND_YEARS - 1,
                before: count(&before, b),
                after: count(&after, b),
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use crate::graph::MergeGraph;
    use crate::metrics::RunReport;
    use crate::simulate::Simulator;

    /// The flow table against the report's other tables, each computed
    /// apart: the transition matrix, the largest flows, the leader counts.
    #[test]
    fn the_flow_table_agrees_with_the_reports_other_tables() {
        for (file, seed) in [
            ("examples/approval-bureau.toml", 3),
            ("examples/corporate-merger.toml", 7),
            ("examples/rank-reserve.toml", 1),
        ] {
            let loaded = crate::scenario::load_with(std::path::Path::new(file), &[]).unwrap();
            let scenario = &loaded.scenario;
            let graph = MergeGraph::build(scenario);
            let outcome = Simulator::new(scenario, &graph).run(seed, 0);
            let report = RunReport::of(scenario, &graph, &outcome);
            let table = &report.flow_table;
            let people = scenario.people.len();
            assert_eq!(table.units.iter().map(|f| f.people).sum::<usize>(), people);
            assert_eq!(table.levels.iter().map(|f| f.people).sum::<usize>(), people);
            assert!(
                table
                    .units
                    .iter()
                    .chain(&table.levels)
                    .all(|f| f.people > 0)
            );

            // Levels: summed per (from, column) they are the transition matrix.
            let t = &report.transitions;
            let mut matrix: BTreeMap<(&str, &str), usize> = BTreeMap::new();
            for f in &table.levels {
                let column = f.to.as_deref().unwrap_or(f.status.as_str());
                *matrix.entry((f.from.as_str(), column)).or_default() += f.people;
            }
            for row in &t.rows {
                for (column, &count) in t.columns.iter().zip(&row.counts) {
                    let got = matrix
                        .get(&(row.level.as_str(), column.as_str()))
                        .copied()
                        .unwrap_or(0);
                    assert_eq!(got, count, "{file}: {} → {column}", row.level);
                }
            }

            // Units: summed over statuses they are the largest flows.
            let mut pairs: BTreeMap<(&str, &str), usize> = BTreeMap::new();
            for f in &table.units {
                if let Some(to) = &f.to {
                    *pairs.entry((f.from.as_str(), to.as_str())).or_default() += f.people;
                }
            }
            for flow in &report.flows {
                assert_eq!(
                    pairs[&(flow.from.as_str(), flow.to.as_str())],
                    flow.people,
                    "{file}"
                );
            }

            // Ages: as many leaders as the summary counts, in even bands.
            // Every example sets a reference date and has leaders.
            let ages = report.leader_ages.as_ref().expect("ages known");
            let before: usize = ages.bands.iter().map(|b| b.before).sum();
            let after: usize = ages.bands.iter().map(|b| b.after).sum();
            assert_eq!(before, report.summary.leaders_before, "{file}");
            assert_eq!(after, report.summary.leaders_after, "{file}");
            for pair in ages.bands.windows(2) {
                assert_eq!(pair[1].from, pair[0].to + 1);
            }
            assert!(
                ages.bands
                    .iter()
                    .all(|b| b.from % 5 == 0 && b.to == b.from + 4)
            );
        }
    }
}
