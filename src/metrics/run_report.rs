//! The report of one run: every table `reorg run` shows, as data.

use serde::Serialize;

use super::establishment::{BeforeUnitRow, TypeCount, after_type_counts, before_unit_rows, over};
use super::flow_table::{FlowTable, LeaderAges, flow_table, leader_ages};
use super::{DepthCount, KindCount, RunSummary, unit_depths, unit_kinds};
use crate::graph::MergeGraph;
use crate::process::{ProcessComparison, ProcessReport};
use crate::scenario::policy::Becomes;
use crate::scenario::{Holder, Scenario};
use crate::simulate::{Outcome, PersonOutcome, Placement, Reason, Retirement, Status};

/// The reorg version written into every report.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Everything `reorg run` shows about one simulation: each table of the
/// report as data. The table, JSON, CSV and Markdown renderers are views of
/// this one value; docs/output-format.md documents its JSON form, which
/// [`RunReport::serialize_parts`] writes (the one list of its fields).
#[derive(Debug, Clone, PartialEq)]
pub struct RunReport {
    /// The reorg version that produced it.
    pub reorg_version: String,
    /// Scenario name.
    pub scenario: String,
    /// The seed of the run.
    pub seed: u64,
    /// The run index (generator stream) within that seed: 0 for `reorg
    /// run`, K for `--run K`, which replays run K of a batch. Left out of
    /// JSON when 0, so that outputs from before it existed stay the same.
    pub run: u64,
    /// Headline figures.
    pub summary: RunSummary,
    /// Figures of the user's own (`[[figure]]`), in file order; left out of
    /// JSON when the scenario defines none.
    pub figures: Vec<super::FigureValue>,
    /// Units before → after per kind (those outside the structure apart).
    pub kinds: Vec<KindCount>,
    /// One row per before unit: posts, people and establishment today.
    pub before_units: Vec<BeforeUnitRow>,
    /// Bodies and internal units before → after per depth; empty (and left
    /// out of JSON) when no unit is nested.
    pub depths: Vec<DepthCount>,
    /// One row per after unit.
    pub units: Vec<UnitRow>,
    /// One row per level.
    pub levels: Vec<LevelRow>,
    /// Old level × new level or status.
    pub transitions: Transitions,
    /// The largest movements of people from old to new units, largest first.
    pub flows: Vec<Flow>,
    /// Every movement of people, counted: before unit → after unit or
    /// status, level → level or status (what the Sankeys draw).
    pub flow_table: FlowTable,
    /// The leaders' ages before and after in five-year bands, when ages are known.
    pub leader_ages: Option<LeaderAges>,
    /// Monthly payroll before and after, when every level has pay.
    pub payroll: Option<Payroll>,
    /// One row per round.
    pub rounds: Vec<RoundRow>,
    /// Each process before → after (`[[process]]`), with typical durations
    /// as `reorg process` computes them; left out of the JSON when the
    /// scenario describes none.
    pub processes: Vec<ProcessComparison>,
    /// One row per person, in roster order.
    pub people: Vec<PersonRow>,
}

impl RunReport {
    /// Writes the report as one JSON object, with or without its people;
    /// the fields in the order of the struct, those that are zero or empty
    /// left out as docs/output-format.md says. Written field by field, so a
    /// report without people never builds their rows' JSON.
    pub fn serialize_parts<S: serde::Serializer>(
        &self,
        serializer: S,
        with_people: bool,
    ) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut object = serializer.serialize_struct("RunReport", 18)?;
        object.serialize_field("reorg_version", &self.reorg_version)?;
        object.serialize_field("scenario", &self.scenario)?;
        object.serialize_field("seed", &self.seed)?;
        if self.run != 0 {
            object.serialize_field("run", &self.run)?;
        }
        object.serialize_field("summary", &self.summary)?;
        if !self.figures.is_empty() {
            object.serialize_field("figures", &self.figures)?;
        }
        object.serialize_field("kinds", &self.kinds)?;
        object.serialize_field("before_units", &self.before_units)?;
        if !self.depths.is_empty() {
            object.serialize_field("depths", &self.depths)?;
        }
        object.serialize_field("units", &self.units)?;
        object.serialize_field("levels", &self.levels)?;
        object.serialize_field("transitions", &self.transitions)?;
        object.serialize_field("flows", &self.flows)?;
        object.serialize_field("flow_table", &self.flow_table)?;
        object.serialize_field("leader_ages", &self.leader_ages)?;
        object.serialize_field("payroll", &self.payroll)?;
        object.serialize_field("rounds", &self.rounds)?;
        if !self.processes.is_empty() {
            object.serialize_field("processes", &self.processes)?;
        }
        if with_people {
            object.serialize_field("people", &self.people)?;
        }
        object.end()
    }
}

impl Serialize for RunReport {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.serialize_parts(serializer, true)
    }
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
    /// The body it is an internal unit of (id), when it is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Before units it takes shares from (ids).
    pub predecessors: Vec<String>,
    /// People it inherits through the merge graph.
    pub inherited: usize,
    /// Seats per level (ladder order).
    pub posts: Vec<u32>,
    /// Seats filled per level (by outsiders too).
    pub filled: Vec<u32>,
    /// Seats won by outsiders per level (公开招聘).
    pub outsiders: Vec<u32>,
    /// Seats left empty.
    pub vacancies: u32,
    /// Lowest score admitted to any of its posts.
    pub cutoff: Option<f64>,
    /// Outside the new structure (not counted among its units).
    pub external: bool,
    /// People who moved in with their work, in seats at their own level.
    pub transferred: usize,
    /// Seats held concurrently (兼任) by someone who keeps their own post:
    /// among `filled`, but not in `headcount` (left out of JSON when 0).
    #[serde(skip_serializing_if = "is_zero")]
    pub concurrent: u32,
    /// People moved in without a post: fallback places and rank-kept reserves.
    pub received: usize,
    /// People in the unit after: seats filled (less those held
    /// concurrently) and people received.
    pub headcount: usize,
    /// Its establishment (编制数), when given.
    pub establishment: Option<u32>,
    /// Its seats at leadership levels (领导职数).
    pub leadership_posts: u32,
    /// Of those, the seats filled.
    pub leaders: u32,
    /// Headcount minus establishment: positive over the cap, negative
    /// under it; `None` without an establishment.
    pub over_establishment: Option<i64>,
    /// People after per establishment type against the type's cap, when
    /// its establishment is given per type (else empty).
    pub by_type: Vec<TypeCount>,
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
    /// Seats at this level after, in the new structure.
    pub posts: u64,
    /// People holding a seat at this level in the new structure (placed or
    /// transferred).
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
    /// Outsiders it admitted (公开招聘).
    pub outsiders: usize,
    /// Seats outsiders won in it.
    pub outsiders_placed: usize,
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
    /// Keeps a rank above the post they hold, or without one (职务与职级并行).
    pub rank_kept: bool,
    /// Establishment type.
    pub establishment: String,
    /// Posts they hold concurrently (兼任) on top of their own, as
    /// `unit/level`, named by `[[appoint]] concurrent = true` (left out of
    /// JSON when none; not a CSV column).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub concurrent: Vec<String>,
}

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
            run: outcome.stream,
            summary: run_summary(scenario, outcome, &ages),
            figures: super::figure_values(scenario, outcome),
            kinds: unit_kinds(scenario),
            before_units: before_unit_rows(scenario),
            depths: unit_depths(scenario),
            units: unit_rows(scenario, graph, outcome),
            levels: level_rows(scenario, outcome),
            transitions: transitions(scenario, outcome),
            flows: flows(scenario, outcome),
            flow_table: flow_table(scenario, outcome),
            leader_ages: leader_ages(scenario, outcome),
            payroll: payroll(scenario, outcome),
            rounds: round_rows(scenario, outcome),
            processes: ProcessReport::of(scenario, graph).processes,
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
    let counts = outcome.status_counts();
    let count = |status: Status| counts[status.index()];
    let is_leader = |level: usize| scenario.levels[level].leadership;
    let in_structure = |unit: usize| !scenario.after[unit].external;
    let leaders_before: Vec<usize> = (0..scenario.people.len())
        .filter(|&p| is_leader(scenario.people[p].level))
        .collect();
    let leaders_after: Vec<usize> = (0..scenario.people.len())
        .filter(|&p| {
            outcome.people[p]
                .seat()
                .is_some_and(|(unit, level)| in_structure(unit) && is_leader(level))
        })
        .collect();
    let without_post: Vec<usize> = leaders_before
        .iter()
        .copied()
        .filter(|&p| lost_leadership_post(scenario, &outcome.people[p]))
        .collect();
    let head_level = head_level(scenario);
    let youngest = (0..scenario.people.len())
        .filter(|&p| {
            head_level.is_some_and(|head| match outcome.people[p] {
                PersonOutcome::Placed(Placement { level, .. })
                | PersonOutcome::Appointed { level, .. } => level == head,
                _ => false,
            })
        })
        .filter_map(|p| ages[p].map(|age| (age, p)))
        .min();
    let structure_posts = || outcome.posts.iter().filter(|p| in_structure(p.unit));
    RunSummary {
        units_before: scenario.before.len(),
        units_after: scenario.after.iter().filter(|u| !u.external).count(),
        units_external: scenario.after.iter().filter(|u| u.external).count(),
        people: scenario.people.len(),
        posts: structure_posts().map(|p| u64::from(p.capacity)).sum(),
        placed: count(Status::Promoted) + count(Status::SameLevel) + count(Status::Demoted),
        promoted: count(Status::Promoted),
        same_level: count(Status::SameLevel),
        demoted: count(Status::Demoted),
        appointed: count(Status::Appointed),
        transferred: count(Status::Transferred),
        fallback: count(Status::Fallback),
        rank_kept: count(Status::RankKept),
        pooled: count(Status::Pooled),
        exited: count(Status::Exited),
        retired: count(Status::Retired),
        did_not_compete: count(Status::DidNotCompete),
        headcount_after: outcome
            .people
            .iter()
            .filter(|p| p.position().is_some_and(|(unit, _)| in_structure(unit)))
            .count()
            + structure_posts()
                .map(|p| p.outsiders as usize)
                .sum::<usize>(),
        establishment_after: scenario
            .after
            .iter()
            .filter(|u| !u.external)
            .map(|u| u.establishment.as_ref().map(|e| u64::from(e.total)))
            .sum(),
        leaders_before: leaders_before.len(),
        leaders_after: leaders_after.len()
            + structure_posts()
                .filter(|p| is_leader(p.level))
                .map(|p| p.outsiders as usize)
                .sum::<usize>(),
        leaders_without_post: without_post.len(),
        leaders_rank_kept: without_post
            .iter()
            .filter(|&&p| outcome.people[p].keeps_rank())
            .count(),
        leadership_posts_before: leadership_posts_before(scenario),
        leadership_posts_after: structure_posts()
            .filter(|p| is_leader(p.level))
            .map(|p| u64::from(p.capacity))
            .sum(),
        leader_age_before: mean_age(&leaders_before, ages),
        leader_age_after: mean_age(&leaders_after, ages),
        head_level: head_level.map_or_else(String::new, |l| scenario.levels[l].id.clone()),
        youngest_head_age: youngest.map(|(age, _)| age),
        youngest_head: youngest.map(|(_, p)| scenario.people[p].id.clone()),
        vacancies: structure_posts().map(|p| u64::from(p.vacancies())).sum(),
        stranded: outcome.stranded,
        outsiders_placed: outcome.posts.iter().map(|p| p.outsiders as usize).sum(),
        displaced: outcome.displaced,
    }
}

/// A leader who competed and holds no leadership post after: placed lower,
/// moved to a fallback, pooled, rank kept, retired early by a destination,
/// or exited. Those who retired at retirement age, did not compete or moved
/// with their work at their level are left out.
fn lost_leadership_post(scenario: &Scenario, outcome: &PersonOutcome) -> bool {
    match outcome {
        PersonOutcome::Placed(Placement { level, .. }) | PersonOutcome::Appointed { level, .. } => {
            !scenario.levels[*level].leadership
        }
        PersonOutcome::Transferred { .. }
        | PersonOutcome::Retired(Retirement::Age { .. })
        | PersonOutcome::DidNotCompete(_) => false,
        PersonOutcome::Retired(Retirement::Destination { .. }) => true,
        PersonOutcome::Fallback { .. }
        | PersonOutcome::RankKept { .. }
        | PersonOutcome::Pooled { .. }
        | PersonOutcome::Exited(_) => true,
    }
}

/// Leadership posts before, summed over before units, when every one of
/// them gives its posts.
fn leadership_posts_before(scenario: &Scenario) -> Option<u64> {
    scenario
        .before
        .iter()
        .map(|unit| {
            unit.posts.as_ref().map(|posts| {
                posts
                    .iter()
                    .enumerate()
                    .filter(|&(level, _)| scenario.levels[level].leadership)
                    .map(|(_, &n)| u64::from(n))
                    .sum::<u64>()
            })
        })
        .sum()
}

/// The unit-head level: the top level at which at least half of the after
/// units have posts (so a level held by a few zone leaders does not count);
/// the top level when none qualifies, and `None` only for a ladder without
/// levels, which validation refuses.
pub fn head_level(scenario: &Scenario) -> Option<usize> {
    let structure = || scenario.after.iter().filter(|a| !a.external);
    (0..scenario.levels.len())
        .find(|&level| {
            let units_with_posts = structure().filter(|a| a.posts[level] > 0).count();
            units_with_posts * 2 >= structure().count()
        })
        .or((!scenario.levels.is_empty()).then_some(0))
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
            let mut outsiders = vec![0u32; levels];
            let mut cutoff: Option<f64> = None;
            for post in outcome.posts.iter().filter(|p| p.unit == a) {
                filled[post.level] = post.filled;
                outsiders[post.level] = post.outsiders;
                if let Some(c) = post.cutoff {
                    cutoff = Some(cutoff.map_or(c, |m| m.min(c)));
                }
            }
            let capacity: Vec<u32> = (0..levels)
                .map(|level| {
                    outcome
                        .posts
                        .iter()
                        .find(|p| p.unit == a && p.level == level)
                        .map_or(0, |p| p.capacity)
                })
                .collect();
            let seats: u32 = capacity.iter().sum();
            // Seats held concurrently (兼任) are filled, but their holders
            // are counted in their own units only.
            let concurrent: Vec<u32> = (0..levels)
                .map(|level| {
                    outcome
                        .posts
                        .iter()
                        .filter(|p| p.unit == a && p.level == level)
                        .map(|p| p.concurrent)
                        .sum()
                })
                .collect();
            let held: Vec<u32> = filled.iter().zip(&concurrent).map(|(f, c)| f - c).collect();
            let concurrent: u32 = concurrent.iter().sum();
            let leadership = |counts: &[u32]| -> u32 {
                counts
                    .iter()
                    .enumerate()
                    .filter(|&(level, _)| scenario.levels[level].leadership)
                    .map(|(_, &n)| n)
                    .sum()
            };
            let (leadership_posts, leaders) = (leadership(&capacity), leadership(&held));
            let here = |outcome: &&PersonOutcome| outcome.position().is_some_and(|(u, _)| u == a);
            let transferred = outcome
                .people
                .iter()
                .filter(here)
                .filter(|p| p.status() == Status::Transferred)
                .count();
            let received = outcome
                .people
                .iter()
                .filter(here)
                .filter(|p| p.seat().is_none())
                .count();
            let headcount = held.iter().sum::<u32>() as usize + received;
            let establishment = unit.establishment.as_ref().map(|e| e.total);
            UnitRow {
                id: unit.id.clone(),
                name: unit.name.clone(),
                kind: unit.kind,
                parent: unit.parent.map(|p| scenario.after[p].id.clone()),
                predecessors: graph
                    .predecessors(a)
                    .into_iter()
                    .map(|b| scenario.before[b].id.clone())
                    .collect(),
                inherited: graph.inherited_headcount(a),
                posts: capacity,
                vacancies: seats - filled.iter().sum::<u32>(),
                headcount,
                filled,
                outsiders,
                cutoff,
                external: unit.external,
                transferred,
                concurrent,
                received,
                establishment,
                leadership_posts,
                leaders,
                over_establishment: establishment.map(|cap| over(headcount, cap)),
                by_type: after_type_counts(scenario, outcome, a),
            }
        })
        .collect()
}

fn level_rows(scenario: &Scenario, outcome: &Outcome) -> Vec<LevelRow> {
    let before = scenario.people_per_level();
    // Seats as the run held them: declared, and created for transfers.
    let mut posts = vec![0u64; scenario.levels.len()];
    for post in outcome
        .posts
        .iter()
        .filter(|p| !scenario.after[p.unit].external)
    {
        posts[post.level] += u64::from(post.capacity);
    }
    let mut after = vec![0usize; scenario.levels.len()];
    for (unit, level) in outcome.people.iter().filter_map(|p| p.seat()) {
        if !scenario.after[unit].external {
            after[level] += 1;
        }
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

/// The statuses that are transition columns (the placed ones are levels):
/// every status after the three placed ones, in [`Status::ALL`] order.
const UNPLACED: &[Status] = Status::ALL.split_at(3).1;

/// The transition column of a status that is not a placement.
fn unplaced_column(status: Status) -> usize {
    // Status::ALL lists the placed statuses first, then UNPLACED in order.
    status.index() - (Status::ALL.len() - UNPLACED.len())
}

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
        let column = match result.placement() {
            Some(post) => post.level,
            None => levels + unplaced_column(result.status()),
        };
        rows[person.level].counts[column] += 1;
    }
    Transitions { columns, rows }
}

fn flows(scenario: &Scenario, outcome: &Outcome) -> Vec<Flow> {
    let after = scenario.after.len();
    let mut counts = vec![0usize; scenario.before.len() * after];
    for (person, result) in scenario.people.iter().zip(&outcome.people) {
        if let Some((unit, _)) = result.position() {
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
        if let Some(level) = paid_level(person.level, result) {
            payroll.base_after += pay[level].base;
            payroll.performance_after += pay[level].performance;
            payroll.paid_after += 1;
        }
    }
    Some(payroll)
}

/// The level a person is paid at after the reform: their own when they keep
/// their rank (it is above any post they hold), else the level they hold;
/// `None` for those not paid (pooled without a kept rank, exited, retired,
/// not competing).
fn paid_level(own: usize, outcome: &PersonOutcome) -> Option<usize> {
    if outcome.keeps_rank() {
        return Some(own);
    }
    outcome.position().map(|(_, level)| level)
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
            outsiders: result.outsiders,
            outsiders_placed: result.outsiders_placed,
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
            after_unit: result.position().map(|(u, _)| scenario.after[u].id.clone()),
            after_level: result
                .position()
                .map(|(_, l)| scenario.levels[l].id.clone()),
            status: result.status(),
            round: result
                .placement()
                .map(|post| scenario.rounds[post.round].id.clone()),
            choice_rank: result.placement().map(|post| post.choice_rank),
            reason: result.reason().map(|r| reason_text(scenario, r)),
            age,
            score: result.placement().map(|post| post.score),
            appraisal: person.score,
            second_pass: result.placement().is_some_and(|post| post.second_pass),
            rank_kept: result.keeps_rank(),
            establishment: person.establishment.clone(),
            concurrent: Vec::new(),
        })
        .enumerate()
        .map(|(p, mut row)| {
            row.concurrent = scenario
                .concurrent
                .iter()
                .filter(|c| c.holder == Holder::Person(p))
                .map(|c| {
                    format!(
                        "{}/{}",
                        scenario.after[c.unit].id, scenario.levels[c.level].id
                    )
                })
                .collect();
            row
        })
        .collect()
}

/// A reason in words, naming the transfer or destination the file describes.
fn reason_text(scenario: &Scenario, reason: Reason) -> String {
    match reason {
        Reason::Appointment { appointment } => {
            let a = &scenario.appointments[appointment];
            let post = format!(
                "{}/{}",
                scenario.after[a.unit].id, scenario.levels[a.level].id
            );
            if a.reason.is_empty() {
                format!("appointed to {post} before the rounds")
            } else {
                format!("appointed to {post} before the rounds: {}", a.reason)
            }
        }
        Reason::Transfer { transfer } => {
            let t = &scenario.transfers[transfer];
            let to = &scenario.after[t.to].id;
            if t.reason.is_empty() {
                format!("moved with their work to {to}")
            } else {
                format!("moved with their work to {to}: {}", t.reason)
            }
        }
        Reason::Destination { destination } => {
            let d = &scenario.policy.fallback.destinations[destination];
            let becomes = match d.becomes {
                Becomes::Fallback => "moved",
                Becomes::RankKept => "rank kept",
                Becomes::Pooled => "pooled",
                Becomes::Exited => "exited",
                Becomes::Retired => "retired early",
            };
            match d.unit {
                Some(unit) => format!(
                    "not placed in any round; {becomes} to {} (fallback #{})",
                    scenario.after[unit].id,
                    destination + 1
                ),
                None => format!(
                    "not placed in any round; {becomes} (fallback #{})",
                    destination + 1
                ),
            }
        }
        other => other.describe(),
    }
}

fn is_zero<T: Default + PartialEq>(n: &T) -> bool {
    *n == T::default()
}
