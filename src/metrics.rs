//! Figures computed from a scenario and its merge graph: units before and
//! after, people and posts per level, shared functions. Plain data for the
//! renderers in [`crate::report`].

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

/// The reorg version written into every report.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Everything `reorg run` shows about one simulation: each table of the
/// report as data. The table, JSON, CSV and Markdown renderers are views of
/// this one value; docs/output-format.md documents its JSON form.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunReport {
    /// The reorg version that produced it.
    pub reorg_version: String,
    /// Scenario name.
    pub scenario: String,
    /// The seed of the run.
    pub seed: u64,
    /// Headline figures.
    pub summary: RunSummary,
    /// One row per after unit.
    pub units: Vec<UnitRow>,
    /// One row per level.
    pub levels: Vec<LevelRow>,
    /// Old level × new level or status.
    pub transitions: Transitions,
    /// The largest movements of people from old to new units, largest first.
    pub flows: Vec<Flow>,
    /// Monthly payroll before and after, when every level has pay.
    pub payroll: Option<Payroll>,
    /// One row per round.
    pub rounds: Vec<RoundRow>,
    /// One row per person, in roster order.
    pub people: Vec<PersonRow>,
}

/// Headline figures of a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunSummary {
    /// Before units.
    pub units_before: usize,
    /// After units.
    pub units_after: usize,
    /// People in the reform.
    pub people: usize,
    /// Seats in all posts.
    pub posts: u64,
    /// People placed in a post.
    pub placed: usize,
    /// Placed above their level.
    pub promoted: usize,
    /// Placed at their level.
    pub same_level: usize,
    /// Placed below their level.
    pub demoted: usize,
    /// Not placed, waiting (待岗).
    pub pooled: usize,
    /// Moved to a fallback unit.
    pub fallback: usize,
    /// Not placed, leaving.
    pub exited: usize,
    /// Did not compete.
    pub did_not_compete: usize,
    /// People at leadership levels before.
    pub leaders_before: usize,
    /// Leadership seats filled after.
    pub leaders_after: usize,
    /// Average age of leaders before (needs `reference_date`).
    pub leader_age_before: Option<f64>,
    /// Average age of leaders after.
    pub leader_age_after: Option<f64>,
    /// The level counted as unit head (see docs/output-format.md).
    pub head_level: String,
    /// Age of the youngest person placed at the head level.
    pub youngest_head_age: Option<i32>,
    /// Id of that person (the first in roster order when tied).
    pub youngest_head: Option<String>,
    /// Seats left empty.
    pub vacancies: u64,
}

/// One after unit's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitRow {
    /// Unit id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Kind.
    pub kind: crate::scenario::UnitKind,
    /// Before units it takes shares from (ids).
    pub predecessors: Vec<String>,
    /// People it inherits through the merge graph.
    pub inherited: usize,
    /// Seats per level (ladder order).
    pub posts: Vec<u32>,
    /// Seats filled per level.
    pub filled: Vec<u32>,
    /// Seats left empty.
    pub vacancies: u32,
    /// Lowest score admitted to any of its posts.
    pub cutoff: Option<f64>,
}

/// One level's row: headcount before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelRow {
    /// Level id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Leadership level or not.
    pub leadership: bool,
    /// People at this level today.
    pub before: usize,
    /// Seats at this level after.
    pub posts: u64,
    /// People placed at this level.
    pub after: usize,
}

/// Old level (rows) × new level or status (columns), counts of people.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Transitions {
    /// Column labels: every level id, then `pooled`, `fallback`, `exited`, `did_not_compete`.
    pub columns: Vec<String>,
    /// One row per old level, in ladder order.
    pub rows: Vec<TransitionRow>,
}

/// One row of [`Transitions`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TransitionRow {
    /// Old level id.
    pub level: String,
    /// Counts per column.
    pub counts: Vec<usize>,
}

/// People moving from one old unit to one new unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flow {
    /// Old unit id.
    pub from: String,
    /// New unit id.
    pub to: String,
    /// People placed (or moved to a fallback unit) there.
    pub people: usize,
}

/// Monthly payroll before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Payroll {
    /// Base pay of everyone at their level today.
    pub base_before: f64,
    /// Performance pay of everyone today.
    pub performance_before: f64,
    /// Base pay of the placed (at their post's level) and the fallback (at their own).
    pub base_after: f64,
    /// Performance pay after, likewise.
    pub performance_after: f64,
    /// People paid after.
    pub paid_after: usize,
}

/// One round's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoundRow {
    /// Round id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Date, when given.
    pub date: Option<String>,
    /// Level ids it fills.
    pub levels: Vec<String>,
    /// People who filed choices.
    pub applicants: usize,
    /// People placed in the first pass.
    pub placed: usize,
    /// People placed in the second pass.
    pub second_pass_placed: usize,
    /// Seats of its levels still empty after it.
    pub vacancies: u64,
}

/// One person's row (the per-person CSV columns, in order).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonRow {
    /// Person id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Unit today.
    pub before_unit: String,
    /// Level today.
    pub before_level: String,
    /// Function, when given.
    pub function: Option<String>,
    /// Birth year.
    pub born: i32,
    /// Unit after (post or fallback unit).
    pub after_unit: Option<String>,
    /// Level after.
    pub after_level: Option<String>,
    /// One of the seven statuses.
    pub status: Status,
    /// Round id that placed them.
    pub round: Option<String>,
    /// Rank of the choice obtained (1 = first).
    pub choice_rank: Option<u32>,
    /// Why, for those not placed by a round.
    pub reason: Option<String>,
    /// Age at the reference date.
    pub age: Option<i32>,
    /// Score given by the admitting unit.
    pub score: Option<f64>,
    /// Appraisal score.
    pub appraisal: f64,
    /// Placed in a second pass.
    pub second_pass: bool,
    /// Establishment type.
    pub establishment: String,
}

use crate::simulate::{Outcome, Status};

/// How many flows the report lists.
const TOP_FLOWS: usize = 15;

impl RunReport {
    /// Computes the report of one outcome.
    pub fn of(scenario: &Scenario, graph: &MergeGraph, outcome: &Outcome) -> RunReport {
        let ages: Vec<Option<i32>> = scenario
            .people
            .iter()
            .map(|p| scenario.policy.reference_year.map(|y| y - p.born))
            .collect();
        RunReport {
            reorg_version: VERSION.to_string(),
            scenario: scenario.name.clone(),
            seed: outcome.seed,
            summary: run_summary(scenario, outcome, &ages),
            units: unit_rows(scenario, graph, outcome),
            levels: level_rows(scenario, outcome),
            transitions: transitions(scenario, outcome),
            flows: flows(scenario, outcome),
            payroll: payroll(scenario, outcome),
            rounds: round_rows(scenario, outcome),
            people: person_rows(scenario, outcome, &ages),
        }
    }
}

impl RunSummary {
    /// The headline figures of one outcome alone, without the rest of the
    /// report: what a batch keeps of each run.
    pub fn of(scenario: &Scenario, outcome: &Outcome) -> RunSummary {
        let ages: Vec<Option<i32>> = scenario
            .people
            .iter()
            .map(|p| scenario.policy.reference_year.map(|y| y - p.born))
            .collect();
        run_summary(scenario, outcome, &ages)
    }
}

fn run_summary(scenario: &Scenario, outcome: &Outcome, ages: &[Option<i32>]) -> RunSummary {
    let [
        promoted,
        same_level,
        demoted,
        pooled,
        fallback,
        exited,
        did_not_compete,
    ] = outcome.status_counts();
    let is_leader = |level: usize| scenario.levels[level].leadership;
    let leaders_before: Vec<usize> = (0..scenario.people.len())
        .filter(|&p| is_leader(scenario.people[p].level))
        .collect();
    let leaders_after: Vec<usize> = (0..scenario.people.len())
        .filter(|&p| {
            outcome.people[p].status.is_placed()
                && is_leader(outcome.people[p].after_level.expect("placed"))
        })
        .collect();
    let head_level = head_level(scenario);
    let youngest = (0..scenario.people.len())
        .filter(|&p| {
            outcome.people[p].status.is_placed()
                && outcome.people[p].after_level == Some(head_level)
        })
        .filter_map(|p| ages[p].map(|age| (age, p)))
        .min();
    RunSummary {
        units_before: scenario.before.len(),
        units_after: scenario.after.len(),
        people: scenario.people.len(),
        posts: outcome.posts.iter().map(|p| u64::from(p.capacity)).sum(),
        placed: promoted + same_level + demoted,
        promoted,
        same_level,
        demoted,
        pooled,
        fallback,
        exited,
        did_not_compete,
        leaders_before: leaders_before.len(),
        leaders_after: leaders_after.len(),
        leader_age_before: mean_age(&leaders_before, ages),
        leader_age_after: mean_age(&leaders_after, ages),
        head_level: scenario.levels[head_level].id.clone(),
        youngest_head_age: youngest.map(|(age, _)| age),
        youngest_head: youngest.map(|(_, p)| scenario.people[p].id.clone()),
        vacancies: outcome.posts.iter().map(|p| u64::from(p.vacancies())).sum(),
    }
}

/// The unit-head level: the top level at which at least half of the after
/// units have posts (so a level held by a few zone leaders does not count).
pub fn head_level(scenario: &Scenario) -> usize {
    (0..scenario.levels.len())
        .find(|&level| {
            let units_with_posts = scenario.after.iter().filter(|a| a.posts[level] > 0).count();
            units_with_posts * 2 >= scenario.after.len()
        })
        .unwrap_or(0)
}

fn mean_age(people: &[usize], ages: &[Option<i32>]) -> Option<f64> {
    let known: Vec<i32> = people.iter().filter_map(|&p| ages[p]).collect();
    (!known.is_empty())
        .then(|| known.iter().map(|&a| f64::from(a)).sum::<f64>() / known.len() as f64)
}

fn unit_rows(scenario: &Scenario, graph: &MergeGraph, outcome: &Outcome) -> Vec<UnitRow> {
    let levels = scenario.levels.len();
    scenario
        .after
        .iter()
        .enumerate()
        .map(|(a, unit)| {
            let mut filled = vec![0u32; levels];
            let mut cutoff: Option<f64> = None;
            for post in outcome.posts.iter().filter(|p| p.unit == a) {
                filled[post.level] = post.filled;
                if let Some(c) = post.cutoff {
                    cutoff = Some(cutoff.map_or(c, |m| m.min(c)));
                }
            }
            let seats: u32 = unit.posts.iter().sum();
            UnitRow {
                id: unit.id.clone(),
                name: unit.name.clone(),
                kind: unit.kind,
                predecessors: graph
                    .predecessors(a)
                    .into_iter()
                    .map(|b| scenario.before[b].id.clone())
                    .collect(),
                inherited: graph.inherited_headcount(a),
                posts: unit.posts.clone(),
                vacancies: seats - filled.iter().sum::<u32>(),
                filled,
                cutoff,
            }
        })
        .collect()
}

fn level_rows(scenario: &Scenario, outcome: &Outcome) -> Vec<LevelRow> {
    let before = scenario.people_per_level();
    let posts = scenario.posts_per_level();
    let mut after = vec![0usize; scenario.levels.len()];
    for person in outcome.people.iter().filter(|p| p.status.is_placed()) {
        after[person.after_level.expect("placed")] += 1;
    }
    scenario
        .levels
        .iter()
        .enumerate()
        .map(|(l, level)| LevelRow {
            id: level.id.clone(),
            name: level.name.clone(),
            leadership: level.leadership,
            before: before[l] as usize,
            posts: posts[l],
            after: after[l],
        })
        .collect()
}

/// The statuses that are transition columns (the placed ones are levels).
const UNPLACED: [Status; 4] = [
    Status::Pooled,
    Status::Fallback,
    Status::Exited,
    Status::DidNotCompete,
];

fn transitions(scenario: &Scenario, outcome: &Outcome) -> Transitions {
    let levels = scenario.levels.len();
    let mut columns: Vec<String> = scenario.levels.iter().map(|l| l.id.clone()).collect();
    columns.extend(UNPLACED.iter().map(|s| s.as_str().to_string()));
    let mut rows: Vec<TransitionRow> = scenario
        .levels
        .iter()
        .map(|l| TransitionRow {
            level: l.id.clone(),
            counts: vec![0; columns.len()],
        })
        .collect();
    for (person, result) in scenario.people.iter().zip(&outcome.people) {
        let column = if result.status.is_placed() {
            result.after_level.expect("placed")
        } else {
            levels
                + UNPLACED
                    .iter()
                    .position(|&s| s == result.status)
                    .expect("not placed")
        };
        rows[person.level].counts[column] += 1;
    }
    Transitions { columns, rows }
}

fn flows(scenario: &Scenario, outcome: &Outcome) -> Vec<Flow> {
    let after = scenario.after.len();
    let mut counts = vec![0usize; scenario.before.len() * after];
    for (person, result) in scenario.people.iter().zip(&outcome.people) {
        if let Some(unit) = result.after_unit {
            counts[person.unit * after + unit] += 1;
        }
    }
    let mut flows: Vec<(usize, usize)> = counts
        .iter()
        .enumerate()
        .filter(|&(_, &n)| n > 0)
        .map(|(i, &n)| (i, n))
        .collect();
    flows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    flows
        .into_iter()
        .take(TOP_FLOWS)
        .map(|(i, people)| Flow {
            from: scenario.before[i / after].id.clone(),
            to: scenario.after[i % after].id.clone(),
            people,
        })
        .collect()
}

fn payroll(scenario: &Scenario, outcome: &Outcome) -> Option<Payroll> {
    let pay: Vec<crate::scenario::Pay> = scenario
        .levels
        .iter()
        .map(|l| l.pay)
        .collect::<Option<_>>()?;
    let mut payroll = Payroll {
        base_before: 0.0,
        performance_before: 0.0,
        base_after: 0.0,
        performance_after: 0.0,
        paid_after: 0,
    };
    // Summed in roster order so the total is the same bits on every run.
    for (person, result) in scenario.people.iter().zip(&outcome.people) {
        payroll.base_before += pay[person.level].base;
        payroll.performance_before += pay[person.level].performance;
        if result.status.is_placed() || result.status == Status::Fallback {
            let level = result
                .after_level
                .expect("placed and fallback people have a level");
            payroll.base_after += pay[level].base;
            payroll.performance_after += pay[level].performance;
            payroll.paid_after += 1;
        }
    }
    Some(payroll)
}

fn round_rows(scenario: &Scenario, outcome: &Outcome) -> Vec<RoundRow> {
    scenario
        .rounds
        .iter()
        .zip(&outcome.rounds)
        .map(|(round, result)| RoundRow {
            id: round.id.clone(),
            name: round.name.clone(),
            date: round.date.clone(),
            levels: round
                .levels
                .iter()
                .map(|&l| scenario.levels[l].id.clone())
                .collect(),
            applicants: result.applicants,
            placed: result.placed,
            second_pass_placed: result.second_pass_placed,
            vacancies: result.vacancies,
        })
        .collect()
}

fn person_rows(scenario: &Scenario, outcome: &Outcome, ages: &[Option<i32>]) -> Vec<PersonRow> {
    scenario
        .people
        .iter()
        .zip(&outcome.people)
        .zip(ages)
        .map(|((person, result), &age)| PersonRow {
            id: person.id.clone(),
            name: person.name.clone(),
            before_unit: scenario.before[person.unit].id.clone(),
            before_level: scenario.levels[person.level].id.clone(),
            function: person.function.map(|f| scenario.functions[f].id.clone()),
            born: person.born,
            after_unit: result.after_unit.map(|u| scenario.after[u].id.clone()),
            after_level: result.after_level.map(|l| scenario.levels[l].id.clone()),
            status: result.status,
            round: result.round.map(|r| scenario.rounds[r].id.clone()),
            choice_rank: result.choice_rank,
            reason: result.reason.map(|r| r.describe()),
            age,
            score: result.score,
            appraisal: person.score,
            second_pass: result.second_pass,
            establishment: person.establishment.clone(),
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Pseudonyms: `reorg run --anonymize`.

use std::collections::HashMap;

/// What [`RunReport::anonymize`] replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnonymizeMode {
    /// Names become pseudonyms; ids stay, so rows still join with the roster.
    Names,
    /// Names and ids (also the summary's youngest head) become the same pseudonym.
    Ids,
}

impl RunReport {
    /// Replaces every person's name, and with [`AnonymizeMode::Ids`] their id,
    /// by a stable pseudonym: the same id and key give the same pseudonym in
    /// every run and every format, so anonymised results can still be joined.
    ///
    /// The pseudonym is `P-` and the first 12 hex digits of HMAC-SHA-256 of
    /// the id under `key` (an empty key without one). Without a secret key
    /// anyone who holds the roster can compute every pseudonym and so undo
    /// them; with one, only holders of the key can. Two ids of one report
    /// whose 12 digits agree (about 1 in 10^7 for a roster of 2,000 people)
    /// both get all 64, so a pseudonym never stands for two people.
    ///
    /// This is pseudonymisation, not anonymisation: birth years, units and
    /// levels stay, and may single a person out.
    pub fn anonymize(&mut self, mode: AnonymizeMode, key: Option<&str>) {
        let full: Vec<String> = self
            .people
            .iter()
            .map(|p| hex(&hmac_sha256(key.unwrap_or("").as_bytes(), p.id.as_bytes())))
            .collect();
        let mut short_count: HashMap<&str, usize> = HashMap::new();
        for digest in &full {
            *short_count.entry(&digest[..12]).or_default() += 1;
        }
        let pseudonyms: Vec<String> = full
            .iter()
            .map(|digest| {
                let short = &digest[..12];
                if short_count[short] > 1 {
                    format!("P-{digest}")
                } else {
                    format!("P-{short}")
                }
            })
            .collect();
        let by_id: HashMap<String, String> = self
            .people
            .iter()
            .zip(&pseudonyms)
            .map(|(p, pseudonym)| (p.id.clone(), pseudonym.clone()))
            .collect();
        for (person, pseudonym) in self.people.iter_mut().zip(pseudonyms) {
            if mode == AnonymizeMode::Ids {
                person.id = pseudonym.clone();
            }
            person.name = pseudonym;
        }
        if mode == AnonymizeMode::Ids
            && let Some(id) = &mut self.summary.youngest_head
        {
            *id = by_id
                .get(id.as_str())
                .cloned()
                .unwrap_or_else(|| pseudonym(id, key));
        }
    }
}

/// The pseudonym [`RunReport::anonymize`] gives a person id (before any
/// lengthening for a clash): `P-` and 12 hex digits of HMAC-SHA-256(key, id).
pub fn pseudonym(id: &str, key: Option<&str>) -> String {
    let digest = hex(&hmac_sha256(key.unwrap_or("").as_bytes(), id.as_bytes()));
    format!("P-{}", &digest[..12])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// HMAC (RFC 2104) with SHA-256.
fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&sha256(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let mut inner: Vec<u8> = block.iter().map(|b| b ^ 0x36).collect();
    inner.extend_from_slice(message);
    let mut outer: Vec<u8> = block.iter().map(|b| b ^ 0x5c).collect();
    outer.extend_from_slice(&sha256(&inner));
    sha256(&outer)
}

/// SHA-256 (FIPS 180-4). Written out here rather than taken from a crate:
/// pseudonyms must not change when a dependency does, and its test vectors pin it.
fn sha256(message: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut data = message.to_vec();
    data.push(0x80);
    while data.len() % 64 != 56 {
        data.push(0);
    }
    data.extend_from_slice(&((message.len() as u64).wrapping_mul(8)).to_be_bytes());
    for chunk in data.chunks_exact(64) {
        let mut w = [0u32; 64];
        for (i, word) in chunk.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (state, value) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *state = state.wrapping_add(value);
        }
    }
    let mut out = [0u8; 32];
    for (bytes, word) in out.chunks_exact_mut(4).zip(h) {
        bytes.copy_from_slice(&word.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod pseudonym_tests {
    use super::{hex, hmac_sha256, pseudonym, sha256};

    #[test]
    fn sha256_matches_the_fips_180_examples() {
        assert_eq!(
            hex(&sha256(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(&sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(&sha256(
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            )),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        // A million `a`: many blocks.
        assert_eq!(
            hex(&sha256(&vec![b'a'; 1_000_000])),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
    }

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test case 2.
        assert_eq!(
            hex(&hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // Test case 6: a key longer than a block.
        assert_eq!(
            hex(&hmac_sha256(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn pseudonyms_are_pinned() {
        // Values from Python: hmac.new(key, id, hashlib.sha256).hexdigest()[:12].
        assert_eq!(pseudonym("BH0001", None), "P-b28870bd6a9b");
        assert_eq!(pseudonym("BH0001", Some("")), "P-b28870bd6a9b");
        assert_eq!(pseudonym("BH0001", Some("secret")), "P-50210bdcddaf");
        assert_eq!(pseudonym("王伟", None), "P-38f7be76ed15");
    }
}
