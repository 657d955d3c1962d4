//! Figures of one's own (`[[figure]]`): a named count, share or mean over
//! the people who match a filter, as a reform office publishes them ("people
//! of social affairs who moved to the district"). Resolved here; computed
//! from a run's outcome in `metrics::figures`.

use serde::Serialize;

use crate::scenario::UnitKind;

/// Most figures a scenario may define (each is a batch column).
pub const MAX_FIGURES: usize = 64;

/// The statuses a filter may name, as `reorg run` writes them; the same
/// names as the simulation's statuses (a test in `metrics::figures` checks).
pub const STATUS_NAMES: [&str; 11] = [
    "promoted",
    "same_level",
    "demoted",
    "appointed",
    "transferred",
    "fallback",
    "rank_kept",
    "pooled",
    "exited",
    "retired",
    "did_not_compete",
];

/// A numeric field of a person that a `mean` figure averages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonField {
    /// Age at the reference date (people without one are left out).
    Age,
    /// The score the admitting unit gave (people not placed by a round are left out).
    Score,
    /// The appraisal score from the roster.
    Appraisal,
}

impl PersonField {
    /// Every field, in documentation order.
    pub const ALL: [PersonField; 3] =
        [PersonField::Age, PersonField::Score, PersonField::Appraisal];

    /// The name written in a scenario.
    pub fn as_str(self) -> &'static str {
        match self {
            PersonField::Age => "age",
            PersonField::Score => "score",
            PersonField::Appraisal => "appraisal",
        }
    }
}

/// Who a figure counts: every condition given must hold (all absent: everyone).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PersonFilter {
    /// Before unit (index into `Scenario::before`).
    pub before_unit: Option<usize>,
    /// After unit (index into `Scenario::after`): where they hold a post or a fallback place.
    pub after_unit: Option<usize>,
    /// Kind of the after unit they end in.
    pub after_kind: Option<UnitKind>,
    /// Level today (index into `Scenario::levels`).
    pub level_before: Option<usize>,
    /// Level after (index into `Scenario::levels`).
    pub level_after: Option<usize>,
    /// Function (index into `Scenario::functions`).
    pub function: Option<usize>,
    /// Any of these statuses (indices into [`STATUS_NAMES`]); empty: any.
    pub status: Vec<usize>,
    /// A tag the person carries.
    pub tag: Option<String>,
    /// Youngest age counted (inclusive; people of unknown age never match).
    pub min_age: Option<i32>,
    /// Oldest age counted (inclusive).
    pub max_age: Option<i32>,
}

/// What a figure computes over the people its filter selects.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// How many match.
    Count,
    /// The fraction (0–1) of those matching `among` who also match the
    /// figure's filter; `None` when none match `among`.
    Share {
        /// The denominator's filter (everyone by default).
        among: PersonFilter,
    },
    /// The mean of a field over those matching; `None` when none has a value.
    Mean {
        /// The field averaged.
        field: PersonField,
    },
}

/// A `[[figure]]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureDef {
    /// Its id: the column `figure.ID` of batch rows.
    pub id: String,
    /// Shown in outputs (the id when not given).
    pub name: String,
    /// Count, share or mean.
    pub measure: Measure,
    /// Who it is computed over.
    pub filter: PersonFilter,
}
