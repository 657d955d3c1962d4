//! Markets (属地竞争): who may compete for which posts.
//!
//! A reform that spans many districts re-appoints each district's staff
//! within that district: a township cadre competes for the posts of the new
//! bodies of their own district, not for those of a district three hundred
//! kilometres away. A scenario says so with `market = "…"` on after units.
//! A person belongs to the markets of the after units that take over their
//! before unit (its successors); they rate only the posts of those markets
//! and of units that name no market (open to everyone, such as a provincial
//! body). A person none of whose successors names a market competes
//! everywhere, as does everyone when no unit names one: then nothing is
//! filtered and runs are those of a scenario without markets, draw for draw.
//!
//! People with the same markets share one *market set*; a pass builds each
//! set's post list once, so a person's work grows with the posts of their
//! markets, not with every post of the reform.

use crate::graph::MergeGraph;
use crate::scenario::Scenario;

/// Markets of a scenario, resolved once per [`super::Simulator`].
#[derive(Debug)]
pub(super) struct Markets {
    /// Per after unit: its market's index, or `None` for open to all.
    unit_market: Vec<Option<u32>>,
    /// Per person: their market set's index, or `None` for everywhere.
    person_set: Vec<Option<u32>>,
    /// Per market: the sets that contain it.
    sets_of_market: Vec<Vec<u32>>,
    /// Number of distinct market sets.
    sets: usize,
}

impl Markets {
    /// Resolves the markets of `scenario`; `None` when no after unit names
    /// one (a single market: nothing to filter).
    pub(super) fn new(scenario: &Scenario, graph: &MergeGraph) -> Option<Markets> {
        let mut names: Vec<&str> = scenario
            .after
            .iter()
            .filter_map(|unit| unit.market.as_deref())
            .collect();
        if names.is_empty() {
            return None;
        }
        names.sort_unstable();
        names.dedup();
        let unit_market: Vec<Option<u32>> = scenario
            .after
            .iter()
            .map(|unit| {
                unit.market
                    .as_deref()
                    .map(|m| names.binary_search(&m).expect("collected above") as u32)
            })
            .collect();
        // Per before unit: the sorted markets of its successors.
        let before_markets: Vec<Vec<u32>> = (0..scenario.before.len())
            .map(|b| {
                let mut markets: Vec<u32> = graph
                    .successors(b)
                    .into_iter()
                    .filter_map(|a| unit_market[a])
                    .collect();
                markets.sort_unstable();
                markets.dedup();
                markets
            })
            .collect();
        let mut set_lists: Vec<Vec<u32>> = Vec::new();
        let mut set_of_before: Vec<Option<u32>> = Vec::with_capacity(before_markets.len());
        for markets in &before_markets {
            if markets.is_empty() {
                set_of_before.push(None);
                continue;
            }
            let index = match set_lists.iter().position(|s| s == markets) {
                Some(i) => i,
                None => {
                    set_lists.push(markets.clone());
                    set_lists.len() - 1
                }
            };
            set_of_before.push(Some(index as u32));
        }
        let person_set = scenario
            .people
            .iter()
            .map(|person| set_of_before[person.unit])
            .collect();
        let mut sets_of_market = vec![Vec::new(); names.len()];
        for (s, markets) in set_lists.iter().enumerate() {
            for &m in markets {
                sets_of_market[m as usize].push(s as u32);
            }
        }
        Some(Markets {
            unit_market,
            person_set,
            sets_of_market,
            sets: set_lists.len(),
        })
    }

    /// Person `p`'s market set, or `None` when they compete everywhere.
    pub(super) fn set_of(&self, p: usize) -> Option<u32> {
        self.person_set[p]
    }

    /// Splits `items` (in the order given) into one list per market set:
    /// each set gets the items of its markets' units and of units open to
    /// all, in their original order (`unit_of` names an item's unit).
    pub(super) fn split<T: Clone>(
        &self,
        items: &[T],
        unit_of: impl Fn(&T) -> usize,
    ) -> Vec<Vec<T>> {
        let mut lists = vec![Vec::new(); self.sets];
        for item in items {
            match self.unit_market[unit_of(item)] {
                None => lists.iter_mut().for_each(|list| list.push(item.clone())),
                Some(m) => {
                    for &s in &self.sets_of_market[m as usize] {
                        lists[s as usize].push(item.clone());
                    }
                }
            }
        }
        lists
    }
}
