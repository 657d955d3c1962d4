//! The validated scenario: every reference resolved to a dense index.
//!
//! Indices (`unit`, `level`, `function`, ...) are positions in the
//! [`Scenario`]'s vectors, in the order the file wrote them. Level 0 is the
//! top of the ladder.

use serde::Serialize;

use crate::scenario::policy::{Gender, Policy, Round, Timeline};
use crate::scenario::process::Process;

/// A whole scenario, checked and ready to simulate.
#[derive(Debug, Clone, Serialize)]
pub struct Scenario {
    /// Display name.
    pub name: String,
    /// Free text describing the scenario.
    pub description: String,
    /// Default seed for the simulation (`--seed` overrides).
    pub seed: u64,
    /// The post ladder, top first.
    pub levels: Vec<Level>,
    /// Declared functions (matters).
    pub functions: Vec<Function>,
    /// Units as they are today.
    pub before: Vec<BeforeUnit>,
    /// Units of the target structure.
    pub after: Vec<AfterUnit>,
    /// Explicitly dissolved shares.
    pub dissolutions: Vec<Dissolution>,
    /// Shares whose people move with their work, without competing (划转).
    pub transfers: Vec<Transfer>,
    /// Posts filled by appointment before the rounds (组织任命).
    pub appointments: Vec<Appointment>,
    /// Seats held concurrently (兼任) by someone who keeps their own post.
    pub concurrent: Vec<ConcurrentPost>,
    /// Everyone in the reform.
    pub people: Vec<Person>,
    /// Where each share of each before unit goes: `fates[unit][slot]`, slot 0
    /// being the unit's core (people with no function) and slot `1 + i` the
    /// unit's `i`-th function in `before[unit].functions`. `None` only for a
    /// core that nobody claims and nobody is in.
    pub fates: Vec<Vec<Option<Fate>>>,
    /// The rules of the re-appointment.
    pub policy: Policy,
    /// The appointment rounds, in order.
    pub rounds: Vec<Round>,
    /// The processes the units serve (`[[process]]`), in file order.
    pub processes: Vec<Process>,
    /// The years after the reform day (`[timeline]`), when the file has them;
    /// without, a run ends on the reform day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Timeline>,
    /// Figures of the user's own (`[[figure]]`), in file order.
    pub figures: Vec<crate::scenario::figure::FigureDef>,
}

/// A rung of the post ladder.
#[derive(Debug, Clone, Serialize)]
pub struct Level {
    /// Identifier used in the file.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Monthly pay at this level, when the scenario gives it.
    pub pay: Option<Pay>,
    /// A leadership level (领导职务), for the leadership figures of a run.
    pub leadership: bool,
}

/// Pay for one level: a base and a performance part.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Pay {
    /// Fixed part.
    pub base: f64,
    /// Performance award part.
    pub performance: f64,
}

/// A piece of work a unit owns (职能, a "matter").
#[derive(Debug, Clone, Serialize)]
pub struct Function {
    /// Identifier used in the file.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// What sort of body a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitKind {
    /// A government or company department.
    Department,
    /// A bureau.
    Bureau,
    /// An office.
    Office,
    /// A park management or development body.
    Park,
    /// A public institution (事业单位).
    Institution,
    /// An enterprise, e.g. a state-owned company.
    Enterprise,
    /// A district or other government that receives work (and its people).
    District,
    /// A reserve of cadres without posts (e.g. 非领导职务 positions, a talent pool).
    Reserve,
}

impl UnitKind {
    /// Every kind, in display order.
    pub const ALL: [UnitKind; 8] = [
        UnitKind::Department,
        UnitKind::Bureau,
        UnitKind::Office,
        UnitKind::Park,
        UnitKind::Institution,
        UnitKind::Enterprise,
        UnitKind::District,
        UnitKind::Reserve,
    ];

    /// The name used in files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Department => "department",
            UnitKind::Bureau => "bureau",
            UnitKind::Office => "office",
            UnitKind::Park => "park",
            UnitKind::Institution => "institution",
            UnitKind::Enterprise => "enterprise",
            UnitKind::District => "district",
            UnitKind::Reserve => "reserve",
        }
    }

    /// Parses a kind name.
    pub fn parse(text: &str) -> Option<UnitKind> {
        UnitKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// A unit as it is today.
#[derive(Debug, Clone, Serialize)]
pub struct BeforeUnit {
    /// Identifier used in the file.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What sort of body it is.
    pub kind: UnitKind,
    /// Functions it owns (indices into [`Scenario::functions`]).
    pub functions: Vec<usize>,
    /// Leadership and other posts (职数) it has today, per level, when the
    /// scenario gives them (indexed like [`Scenario::levels`]).
    pub posts: Option<Vec<u32>>,
    /// Its establishment (编制数), when given.
    pub establishment: Option<Establishment>,
    /// The body it is an internal unit (内设机构) of, when it is one.
    pub parent: Option<usize>,
}

/// An establishment cap (编制数): how many people a unit may employ, in all
/// and optionally per establishment type (行政编, 事业编, 合同制...), separate
/// from its posts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Establishment {
    /// The cap over all types (the sum of `by_type` when types are given).
    pub total: u32,
    /// Caps per establishment type, as the roster's `establishment` column
    /// spells the type; empty when only a total is given.
    pub by_type: Vec<(String, u32)>,
}

/// A unit of the target structure.
#[derive(Debug, Clone, Serialize)]
pub struct AfterUnit {
    /// Identifier used in the file.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What sort of body it is.
    pub kind: UnitKind,
    /// What it takes over, as written.
    pub from: Vec<Selector>,
    /// Capacity at each level (indexed like [`Scenario::levels`]).
    pub posts: Vec<u32>,
    /// True for a unit outside the new structure (a receiving district, an
    /// SOE group, an institution, a reserve): it receives people but is not
    /// counted among the new structure's units, posts or headcount.
    pub external: bool,
    /// Its establishment (编制数), when given.
    pub establishment: Option<Establishment>,
    /// Establishment types whose holders may take its posts; empty: anyone.
    pub establishment_required: Vec<String>,
    /// The body it is an internal unit (内设机构) of, when it is one.
    pub parent: Option<usize>,
    /// The market (属地竞争范围: a district or region) whose people compete
    /// for its posts; `None`: open to everyone. See `market` in
    /// docs/scenario-format.md. Left out of serialised output when unset,
    /// so outputs of scenarios without markets do not change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub market: Option<String>,
}

/// A `from` entry: which shares of which before units an after unit takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Selector {
    /// `"unit"`: the whole unit, less any share claimed more specifically.
    Unit {
        /// Before unit index.
        unit: usize,
    },
    /// `"unit.function"`: one unit's share of one function.
    Share {
        /// Before unit index.
        unit: usize,
        /// Function index.
        function: usize,
    },
    /// `"*.function"`: every owning unit's share of a function.
    Function {
        /// Function index.
        function: usize,
    },
}

/// A `[[dissolve]]` entry: shares that end with the reform.
#[derive(Debug, Clone, Serialize)]
pub struct Dissolution {
    /// The shares dissolved.
    pub from: Vec<Selector>,
    /// Why, for the record.
    pub reason: String,
}

/// A `[[transfer]]` entry: shares whose people move to a receiving unit with
/// their work (人随事走, 划转), at their own level and without competing.
#[derive(Debug, Clone, Serialize)]
pub struct Transfer {
    /// The shares transferred.
    pub from: Vec<Selector>,
    /// The receiving after unit.
    pub to: usize,
    /// The levels that move without competing; empty: every level. People of
    /// the shares at other levels compete, with the receiving unit as home.
    pub levels: Vec<usize>,
    /// Why, for the record.
    pub reason: String,
}

/// An `[[appoint]]` entry: a person placed in a post before the rounds by
/// the appointing body (组织任命), taking a seat there.
#[derive(Debug, Clone, Serialize)]
pub struct Appointment {
    /// The person (index into the roster).
    pub person: usize,
    /// The after unit of the post.
    pub unit: usize,
    /// The level of the post.
    pub level: usize,
    /// Why, for the record.
    pub reason: String,
}

/// One seat of a post held concurrently (兼任): by a person who keeps their
/// own post, so the seat is taken before the rounds without adding anyone to
/// a headcount or payroll.
#[derive(Debug, Clone, Serialize)]
pub struct ConcurrentPost {
    /// The after unit of the post.
    pub unit: usize,
    /// The level of the post.
    pub level: usize,
    /// Who holds it.
    pub holder: Holder,
    /// Why, for the record.
    pub reason: String,
}

/// Who holds a concurrent seat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "index", rename_all = "snake_case")]
pub enum Holder {
    /// A person of this level, unnamed (`concurrent` on an `[[after]]` unit):
    /// e.g. a district leader heading a bureau.
    Level(usize),
    /// This person (`[[appoint]]` with `concurrent = true`).
    Person(usize),
}

/// What becomes of one share of a before unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "index", rename_all = "snake_case")]
pub enum Fate {
    /// Taken over by this after unit.
    After(usize),
    /// Ended by this dissolution.
    Dissolved(usize),
    /// Moved by this transfer to its receiving unit.
    Transferred(usize),
}

/// One person in the reform.
#[derive(Debug, Clone, Serialize)]
pub struct Person {
    /// Identifier (staff number).
    pub id: String,
    /// Name.
    pub name: String,
    /// Before unit index.
    pub unit: usize,
    /// Current level index.
    pub level: usize,
    /// Year of birth.
    pub born: i32,
    /// Appraisal score, 0 to 100.
    pub score: f64,
    /// Gender, when given.
    pub gender: Option<Gender>,
    /// The function the person works on, when given (index into functions).
    pub function: Option<usize>,
    /// Establishment type (编制), free text such as `civil_servant`.
    pub establishment: String,
    /// Free tags.
    pub tags: Vec<String>,
    /// True when the person does not compete (the roster's flag).
    pub opt_out: bool,
    /// The year they reached their current level (for `min_years`), when given.
    pub level_since: Option<i32>,
}

impl Scenario {
    /// The slot of a share in [`Scenario::fates`]: 0 for the core, `1 + i`
    /// for the unit's `i`-th function; `None` when the unit does not own it.
    pub fn share_slot(&self, unit: usize, function: Option<usize>) -> Option<usize> {
        share_slot(&self.before[unit], function)
    }

    /// What becomes of a person's share of their unit.
    pub fn person_fate(&self, person: usize) -> Fate {
        let p = &self.people[person];
        let slot = self
            .share_slot(p.unit, p.function)
            .expect("validation checks that a person's function is owned by their unit");
        self.fates[p.unit][slot]
            .expect("validation checks that every share with people in it has a fate")
    }

    /// The function of a share slot (`None` for the core).
    pub fn slot_function(&self, unit: usize, slot: usize) -> Option<usize> {
        slot.checked_sub(1).map(|i| self.before[unit].functions[i])
    }

    /// A readable name for a share: `unit` for the core, `unit.function` otherwise.
    pub fn share_name(&self, unit: usize, slot: usize) -> String {
        match self.slot_function(unit, slot) {
            None => self.before[unit].id.clone(),
            Some(f) => format!("{}.{}", self.before[unit].id, self.functions[f].id),
        }
    }

    /// The after unit a fate hands a share to: its owner, or a transfer's
    /// receiving unit; `None` when the share is dissolved.
    pub fn receiving_unit(&self, fate: Fate) -> Option<usize> {
        match fate {
            Fate::After(unit) => Some(unit),
            Fate::Transferred(t) => Some(self.transfers[t].to),
            Fate::Dissolved(_) => None,
        }
    }

    /// The transfer that moves a person without competing, if any: their
    /// share is transferred and their level is among the transfer's levels.
    pub fn transfer_of(&self, person: usize) -> Option<usize> {
        let Fate::Transferred(t) = self.person_fate(person) else {
            return None;
        };
        let transfer = &self.transfers[t];
        let level = self.people[person].level;
        (transfer.levels.is_empty() || transfer.levels.contains(&level)).then_some(t)
    }

    /// Total posts at each level across the units of the new structure
    /// (external units left out).
    pub fn posts_per_level(&self) -> Vec<u64> {
        let mut totals = vec![0u64; self.levels.len()];
        for unit in self.after.iter().filter(|u| !u.external) {
            for (total, &cap) in totals.iter_mut().zip(&unit.posts) {
                *total += u64::from(cap);
            }
        }
        totals
    }

    /// Depth of each before unit (0: a body, 1: its internal units, ...).
    pub fn before_depths(&self) -> Vec<usize> {
        depths(&self.before.iter().map(|u| u.parent).collect::<Vec<_>>())
    }

    /// Depth of each after unit (0: a body, 1: its internal units, ...).
    pub fn after_depths(&self) -> Vec<usize> {
        depths(&self.after.iter().map(|u| u.parent).collect::<Vec<_>>())
    }

    /// True when some unit, before or after, is an internal unit.
    pub fn is_nested(&self) -> bool {
        self.before.iter().any(|u| u.parent.is_some())
            || self.after.iter().any(|u| u.parent.is_some())
    }

    /// People at each level today.
    pub fn people_per_level(&self) -> Vec<u64> {
        let mut counts = vec![0u64; self.levels.len()];
        for person in &self.people {
            counts[person.level] += 1;
        }
        counts
    }
}

/// The depth of each unit in its nesting: 0 for a body, 1 for its internal
/// units, and so on; `parents[u]` is unit `u`'s parent. Each unit is walked
/// over once (a loop, which validation refuses, is walked round at most
/// once more, so a hand-built list with one still ends).
pub fn depths(parents: &[Option<usize>]) -> Vec<usize> {
    let mut depth: Vec<Option<usize>> = vec![None; parents.len()];
    let mut chain: Vec<usize> = Vec::new();
    for start in 0..parents.len() {
        // Up to the first unit whose depth is known, or a body.
        chain.clear();
        let mut unit = start;
        let mut base = 0;
        loop {
            if let Some(known) = depth[unit] {
                base = known + 1;
                break;
            }
            chain.push(unit);
            match parents[unit] {
                // A chain longer than the units has gone round a loop.
                Some(parent) if chain.len() <= parents.len() => unit = parent,
                _ => break,
            }
        }
        // Then down again, each one deeper than its parent.
        for (i, &u) in chain.iter().rev().enumerate() {
            depth[u] = Some(base + i);
        }
    }
    depth.into_iter().map(|d| d.unwrap_or(0)).collect()
}

/// The slot of a share of `unit`: 0 for the core, `1 + i` for its `i`-th
/// function; `None` when the unit does not own the function. (Also used
/// while resolving, before a [`Scenario`] exists.)
pub fn share_slot(unit: &BeforeUnit, function: Option<usize>) -> Option<usize> {
    match function {
        None => Some(0),
        Some(f) => unit.functions.iter().position(|&g| g == f).map(|i| i + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::depths;

    /// a (body) ← b ← c, d (body), e ← a: depths 0, 1, 2, 0, 1, whatever
    /// the order the units are listed in.
    #[test]
    fn depths_follow_the_parents() {
        let parents = [None, Some(0), Some(1), None, Some(0)];
        assert_eq!(depths(&parents), vec![0, 1, 2, 0, 1]);
        // The same tree listed child first.
        let parents = [Some(1), Some(2), None];
        assert_eq!(depths(&parents), vec![2, 1, 0]);
    }

    /// A loop (refused by validation) still ends.
    #[test]
    fn a_loop_ends() {
        assert_eq!(depths(&[Some(1), Some(0)]).len(), 2);
    }

    /// A chain of 100,000 units (the most a side may hold) is walked once.
    #[test]
    fn a_long_chain_is_quick() {
        let parents: Vec<Option<usize>> = (0..100_000usize).map(|u| u.checked_sub(1)).collect();
        assert_eq!(depths(&parents)[99_999], 99_999);
    }
}
