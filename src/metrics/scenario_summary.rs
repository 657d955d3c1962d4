//! What `reorg check` shows of a scenario and its merge graph: units before
//! and after, people and posts per level, shared functions.

use serde::Serialize;

use super::establishment::type_counts;
use crate::graph::MergeGraph;
use crate::scenario::{Scenario, UnitKind};
use crate::simulate::{self, BeforeRounds};

/// How many units of one kind exist before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KindCount {
    /// The kind.
    pub kind: UnitKind,
    /// Before units of this kind.
    pub before: usize,
    /// Units of this kind in the new structure.
    pub after: usize,
    /// After units of this kind outside the new structure.
    pub external: usize,
}

/// Units before → after per kind, for kinds present on either side, with
/// the units outside the new structure counted apart.
pub fn unit_kinds(scenario: &Scenario) -> Vec<KindCount> {
    UnitKind::ALL
        .into_iter()
        .map(|kind| KindCount {
            kind,
            before: scenario.before.iter().filter(|u| u.kind == kind).count(),
            after: scenario
                .after
                .iter()
                .filter(|u| u.kind == kind && !u.external)
                .count(),
            external: scenario
                .after
                .iter()
                .filter(|u| u.kind == kind && u.external)
                .count(),
        })
        .filter(|k| k.before + k.after + k.external > 0)
        .collect()
}

/// How many units sit at one depth of the nesting, before and after: depth
/// 0 counts bodies, depth 1 their internal units (内设机构), and so on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DepthCount {
    /// 0 for bodies, 1 for their internal units, ...
    pub depth: usize,
    /// Before units at this depth.
    pub before: usize,
    /// Units of the new structure at this depth.
    pub after: usize,
    /// After units outside the new structure at this depth.
    pub external: usize,
}

/// Units before → after at each depth of the nesting, down to the deepest
/// on either side; empty when no unit on either side has a `parent` (every
/// unit is then a body, as [`unit_kinds`] already counts).
pub fn unit_depths(scenario: &Scenario) -> Vec<DepthCount> {
    if !scenario.is_nested() {
        return Vec::new();
    }
    let before = scenario.before_depths();
    let after = scenario.after_depths();
    let deepest = before.iter().chain(&after).copied().max().unwrap_or(0);
    (0..=deepest)
        .map(|depth| DepthCount {
            depth,
            before: before.iter().filter(|&&d| d == depth).count(),
            after: after
                .iter()
                .zip(&scenario.after)
                .filter(|&(&d, u)| d == depth && !u.external)
                .count(),
            external: after
                .iter()
                .zip(&scenario.after)
                .filter(|&(&d, u)| d == depth && u.external)
                .count(),
        })
        .collect()
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
    /// Units of the new structure.
    pub units_after: usize,
    /// After units outside the new structure.
    pub units_external: usize,
    /// Units per kind, for kinds present on either side.
    pub kinds: Vec<KindCount>,
    /// Bodies and internal units per depth; empty (and left out of JSON)
    /// when no unit is nested.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub depths: Vec<DepthCount>,
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
        let kinds = unit_kinds(scenario);
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
            units_after: scenario.after.iter().filter(|u| !u.external).count(),
            units_external: scenario.after.iter().filter(|u| u.external).count(),
            kinds,
            depths: unit_depths(scenario),
            people: scenario.people.len(),
            opted_out: scenario.people.iter().filter(|p| p.opt_out).count(),
            without_home: graph.dissolved_headcount(),
            levels,
            shared_before: owners(graph.shared_functions_before(scenario), true),
            shared_after: owners(graph.shared_functions_after(scenario), false),
            warnings: Vec::new(),
        };
        let before_rounds = simulate::before_rounds(scenario);
        summary.warnings = supply_warnings(&summary, scenario, &before_rounds);
        summary.warnings.extend(establishment_warnings(scenario));
        summary
            .warnings
            .extend(created_seat_notes(scenario, &before_rounds));
        summary.warnings.extend(seniority_warning(scenario));
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
/// usually a typo in `posts`, or a reform meant to shed or hire staff. Those
/// who retire or move with their work do not compete, and the seats held for
/// the latter (and those held concurrently) are not competed for.
fn supply_warnings(
    summary: &ScenarioSummary,
    scenario: &Scenario,
    before_rounds: &BeforeRounds,
) -> Vec<String> {
    let mut warnings = Vec::new();
    let settled = before_rounds.settled.iter().flatten().count();
    let opted_out = scenario
        .people
        .iter()
        .zip(&before_rounds.settled)
        .filter(|(p, settled)| p.opt_out && settled.is_none())
        .count();
    let competing = (summary.people - settled - opted_out) as u64;
    let levels = scenario.levels.len();
    let held: u64 = scenario
        .after
        .iter()
        .enumerate()
        .filter(|(_, u)| !u.external)
        .flat_map(|(a, u)| {
            u.posts.iter().enumerate().map(move |(level, &declared)| {
                let g = a * levels + level;
                u64::from(declared.min(before_rounds.reserved[g] + before_rounds.concurrent[g]))
            })
        })
        .sum();
    let posts = summary.total_posts() - held;
    if posts < competing {
        warnings.push(format!(
            "{posts} posts for {competing} people who compete: unless the policy's rules take {} out, some will not be placed",
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

/// Units whose posts exceed their establishment (编制): seats that cannot
/// all be filled within the cap. After units: all their posts against the
/// cap, and, when their posts require establishment types, those posts
/// against the caps of the types that may hold them. Before units: their
/// posts (职数) against the cap, and the people today against it, in all
/// and per type (a unit already over its cap before the reform).
fn establishment_warnings(scenario: &Scenario) -> Vec<String> {
    let mut warnings = Vec::new();
    for unit in &scenario.after {
        let Some(establishment) = &unit.establishment else {
            continue;
        };
        let cap = establishment.total;
        let posts: u32 = unit.posts.iter().sum();
        if posts > cap {
            warnings.push(format!(
                "`{}` has {posts} posts but an establishment of {cap}: {} posts over the cap",
                unit.id,
                posts - cap
            ));
        }
        if !unit.establishment_required.is_empty() && !establishment.by_type.is_empty() {
            let type_cap: u32 = establishment
                .by_type
                .iter()
                .filter(|(kind, _)| unit.establishment_required.contains(kind))
                .map(|&(_, n)| n)
                .sum();
            if posts > type_cap {
                warnings.push(format!(
                    "`{}` has {posts} posts for `{}` staff but an establishment of {type_cap} of those types: {} posts over the cap",
                    unit.id,
                    unit.establishment_required.join("`, `"),
                    posts - type_cap
                ));
            }
        }
    }
    for (b, unit) in scenario.before.iter().enumerate() {
        let Some(establishment) = &unit.establishment else {
            continue;
        };
        let cap = establishment.total;
        if let Some(posts) = &unit.posts {
            let posts: u32 = posts.iter().sum();
            if posts > cap {
                warnings.push(format!(
                    "before unit `{}` has {posts} posts but an establishment of {cap}: {} posts over the cap",
                    unit.id,
                    posts - cap
                ));
            }
        }
        let members = || (0..scenario.people.len()).filter(move |&p| scenario.people[p].unit == b);
        let people = members().count();
        if people > cap as usize {
            warnings.push(format!(
                "before unit `{}` employs {people} people on an establishment of {cap}: {} over the cap today",
                unit.id,
                people - cap as usize
            ));
        }
        for t in type_counts(scenario, &establishment.by_type, members()) {
            if t.over > 0 {
                let against = t.cap.map_or_else(
                    || "no establishment of that type".to_string(),
                    |cap| format!("an establishment of {cap} of that type"),
                );
                warnings.push(format!(
                    "before unit `{}` has {} `{}` staff and {against}: {} over the cap today",
                    unit.id, t.people, t.kind, t.over
                ));
            }
        }
    }
    warnings
}

/// Transfers that bring more people to a level of a unit than it declares
/// seats: the extra seats are created (retirements counted first, as a run
/// does).
fn created_seat_notes(scenario: &Scenario, before_rounds: &BeforeRounds) -> Vec<String> {
    let levels = scenario.levels.len();
    let mut notes = Vec::new();
    for (unit_index, unit) in scenario.after.iter().enumerate() {
        for (level, &declared) in unit.posts.iter().enumerate() {
            let g = unit_index * levels + level;
            let created = before_rounds.created[g];
            if created > 0 {
                let people = before_rounds.reserved[g];
                notes.push(format!(
                    "{} move{} with their work to `{}` at `{}`, which declares {} there: {} created for them",
                    plural(people, "person", "people"),
                    if people == 1 { "s" } else { "" },
                    unit.id,
                    scenario.levels[level].id,
                    plural(declared, "seat", "seats"),
                    if created == 1 { "1 seat is".to_string() } else { format!("{created} seats are") },
                ));
            }
        }
    }
    notes
}

/// `min_years` holds back nobody whose start at their level is unknown: say
/// how many people it cannot be applied to.
fn seniority_warning(scenario: &Scenario) -> Option<String> {
    if scenario.policy.min_years.iter().all(Option::is_none) {
        return None;
    }
    let unknown = scenario
        .people
        .iter()
        .filter(|p| p.level_since.is_none())
        .count() as u32;
    (unknown > 0).then(|| {
        format!(
            "`min_years` cannot be applied to {} without `level_since` (the year they reached their level): they are not held back",
            plural(unknown, "person", "people")
        )
    })
}

/// `1 person`, `3 people`.
fn plural(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}
