//! Figures of the user's own (`[[figure]]`), computed from one run's
//! outcome: a count, share or mean over the people a filter selects. What
//! `reorg run` shows under the summary and what batch rows append as
//! `figure.ID` columns.

use serde::Serialize;

use super::Cell;
use crate::scenario::Scenario;
use crate::scenario::figure::{FigureDef, Measure, PersonField, PersonFilter, STATUS_NAMES};
use crate::simulate::Outcome;

/// A figure's value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum FigureNumber {
    /// A count of people.
    Count(u64),
    /// A share (0–1) or a mean.
    Value(f64),
}

/// One figure of one run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureValue {
    /// The figure's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// `count`, `share` or `mean`.
    pub measure: &'static str,
    /// Its value; `None` (JSON `null`) for a share of nobody or a mean of no value.
    pub value: Option<FigureNumber>,
}

impl FigureValue {
    /// The value as a batch row cell.
    pub fn cell(&self) -> Cell {
        match self.value {
            None => Cell::Null,
            Some(FigureNumber::Count(n)) => Cell::Int(i64::try_from(n).unwrap_or(i64::MAX)),
            Some(FigureNumber::Value(x)) => Cell::Float(x),
        }
    }
}

/// One person as a filter sees them.
struct Facts<'a> {
    before_unit: usize,
    level_before: usize,
    function: Option<usize>,
    after: Option<(usize, usize)>,
    status: &'static str,
    tags: &'a [String],
    age: Option<i32>,
    score: Option<f64>,
    appraisal: f64,
}

fn matches(filter: &PersonFilter, scenario: &Scenario, p: &Facts<'_>) -> bool {
    let after_unit = p.after.map(|(u, _)| u);
    filter.before_unit.is_none_or(|u| u == p.before_unit)
        && filter.after_unit.is_none_or(|u| after_unit == Some(u))
        && filter
            .after_kind
            .is_none_or(|k| after_unit.is_some_and(|u| scenario.after[u].kind == k))
        && filter.level_before.is_none_or(|l| l == p.level_before)
        && filter
            .level_after
            .is_none_or(|l| p.after.is_some_and(|(_, level)| level == l))
        && filter.function.is_none_or(|f| p.function == Some(f))
        && (filter.status.is_empty() || filter.status.iter().any(|&s| STATUS_NAMES[s] == p.status))
        && filter
            .tag
            .as_ref()
            .is_none_or(|t| p.tags.iter().any(|tag| tag == t))
        && filter
            .min_age
            .is_none_or(|min| p.age.is_some_and(|age| age >= min))
        && filter
            .max_age
            .is_none_or(|max| p.age.is_some_and(|age| age <= max))
}

/// Every `[[figure]]` of the scenario, computed over one outcome, in file order.
pub fn figure_values(scenario: &Scenario, outcome: &Outcome) -> Vec<FigureValue> {
    if scenario.figures.is_empty() {
        return Vec::new();
    }
    let facts: Vec<Facts<'_>> = scenario
        .people
        .iter()
        .zip(&outcome.people)
        .map(|(person, result)| Facts {
            before_unit: person.unit,
            level_before: person.level,
            function: person.function,
            after: result.position(),
            status: result.status().as_str(),
            tags: &person.tags,
            age: scenario.policy.reference_year.map(|y| y - person.born),
            score: result.placement().map(|post| post.score),
            appraisal: person.score,
        })
        .collect();
    scenario
        .figures
        .iter()
        .map(|figure| value_of(figure, scenario, &facts))
        .collect()
}

fn value_of(figure: &FigureDef, scenario: &Scenario, facts: &[Facts<'_>]) -> FigureValue {
    let selected = facts
        .iter()
        .filter(|p| matches(&figure.filter, scenario, p));
    let (measure, value) = match &figure.measure {
        Measure::Count => ("count", Some(FigureNumber::Count(selected.count() as u64))),
        Measure::Share { among } => {
            let of: Vec<&Facts<'_>> = facts
                .iter()
                .filter(|p| matches(among, scenario, p))
                .collect();
            let hits = of
                .iter()
                .filter(|p| matches(&figure.filter, scenario, p))
                .count();
            let share =
                (!of.is_empty()).then(|| FigureNumber::Value(hits as f64 / of.len() as f64));
            ("share", share)
        }
        Measure::Mean { field } => {
            let values: Vec<f64> = selected
                .filter_map(|p| match field {
                    PersonField::Age => p.age.map(f64::from),
                    PersonField::Score => p.score,
                    PersonField::Appraisal => Some(p.appraisal),
                })
                .collect();
            let mean = (!values.is_empty())
                .then(|| FigureNumber::Value(values.iter().sum::<f64>() / values.len() as f64));
            ("mean", mean)
        }
    };
    FigureValue {
        id: figure.id.clone(),
        name: figure.name.clone(),
        measure,
        value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::Status;

    /// The names a filter accepts are the simulation's status names.
    #[test]
    fn status_names_are_the_simulations() {
        let names: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(names, STATUS_NAMES);
    }
}
