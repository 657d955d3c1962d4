//! What `reorg check` shows of a scenario and its merge graph: units before
//! and after, people and posts per level, shared functions.

use serde::Serialize;

use crate::graph::MergeGraph;
use crate::scenario::{Scenario, UnitKind};

/// How many units of one kind exist before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KindCount {
    /// The kind.
    pub kind: UnitKind,
    /// Before units of this kind.
    pub before: usize,
    /// After units of this kind.
    pub after: usize,
}

/// People and posts at one level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LevelSupply {
    /// Level id.
    pub level: String,
    /// Level display name.
    pub name: String,
    /// People at this level today.
    pub people: u64,
    /// Posts at this level in the target structure.
    pub posts: u64,
}

/// A function and its owners, by id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FunctionOwners {
    /// Function id.
    pub function: String,
    /// Owning unit ids.
    pub owners: Vec<String>,
}

/// What `reorg check` reports about a scenario.
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioSummary {
    /// Scenario name.
    pub name: String,
    /// Before units.
    pub units_before: usize,
    /// After units.
    pub units_after: usize,
    /// Units per kind, for kinds present on either side.
    pub kinds: Vec<KindCount>,
    /// People in the roster.
    pub people: usize,
    /// People flagged as not competing.
    pub opted_out: usize,
    /// People whose share of their unit is dissolved (no home unit after).
    pub without_home: usize,
    /// People and posts per level, top first.
    pub levels: Vec<LevelSupply>,
    /// Functions with several owners before.
    pub shared_before: Vec<FunctionOwners>,
    /// Functions with several owners after; empty when "one matter, one department" holds.
    pub shared_after: Vec<FunctionOwners>,
    /// Problems worth a look that do not stop a run.
    pub warnings: Vec<String>,
}

impl ScenarioSummary {
    /// Summarises a scenario.
    pub fn of(scenario: &Scenario, graph: &MergeGraph) -> ScenarioSummary {
        let kinds = UnitKind::ALL
            .into_iter()
            .map(|kind| KindCount {
                kind,
                before: scenario.before.iter().filter(|u| u.kind == kind).count(),
                after: scenario.after.iter().filter(|u| u.kind == kind).count(),
            })
            .filter(|k| k.before + k.after > 0)
            .collect();
        let people = scenario.people_per_level();
        let posts = scenario.posts_per_level();
        let levels: Vec<LevelSupply> = scenario
            .levels
            .iter()
            .enumerate()
            .map(|(i, level)| LevelSupply {
                level: level.id.clone(),
                name: level.name.clone(),
                people: people[i],
                posts: posts[i],
            })
            .collect();
        let owners =
            |shared: Vec<crate::graph::SharedFunction>, before: bool| -> Vec<FunctionOwners> {
                shared
                    .into_iter()
                    .map(|s| FunctionOwners {
                        function: scenario.functions[s.function].id.clone(),
                        owners: s
                            .owners
                            .iter()
                            .map(|&u| {
                                if before {
                                    scenario.before[u].id.clone()
                                } else {
                                    scenario.after[u].id.clone()
                                }
                            })
                            .collect(),
                    })
                    .collect()
            };
        let mut summary = ScenarioSummary {
            name: scenario.name.clone(),
            units_before: scenario.before.len(),
            units_after: scenario.after.len(),
            kinds,
            people: scenario.people.len(),
            opted_out: scenario.people.iter().filter(|p| p.opt_out).count(),
            without_home: graph.dissolved_headcount(),
            levels,
            shared_before: owners(graph.shared_functions_before(scenario), true),
            shared_after: owners(graph.shared_functions_after(scenario), false),
            warnings: Vec::new(),
        };
        summary.warnings = supply_warnings(&summary);
        summary
    }

    /// True when every function has exactly one owner after the merge.
    pub fn one_matter_one_department(&self) -> bool {
        self.shared_after.is_empty()
    }

    /// Total posts.
    pub fn total_posts(&self) -> u64 {
        self.levels.iter().map(|l| l.posts).sum()
    }
}

/// Posts that cannot hold everyone, or far more posts than people: both are
/// usually a typo in `posts`, or a reform meant to shed or hire staff.
fn supply_warnings(summary: &ScenarioSummary) -> Vec<String> {
    let mut warnings = Vec::new();
    let competing = (summary.people - summary.opted_out) as u64;
    let posts = summary.total_posts();
    if posts < competing {
        warnings.push(format!(
            "{posts} posts for {competing} people not flagged `opt_out`: unless the policy's rules take {} out, some will not be placed",
            competing - posts
        ));
    } else if posts * 4 > competing * 5 && competing > 0 {
        warnings.push(format!(
            "{posts} posts for {competing} competing people: {} posts ({:.0}%) will stay empty",
            posts - competing,
            100.0 * (posts - competing) as f64 / posts as f64
        ));
    }
    for level in &summary.levels {
        if level.posts == 0 && level.people > 0 {
            warnings.push(format!(
                "no `{}` posts after the merge, but {} people hold that level today",
                level.level, level.people
            ));
        }
    }
    warnings
}
