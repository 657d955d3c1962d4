//! Finding the people `reorg explain` is asked about, by id or by name.

use crate::scenario::Scenario;
use crate::scenario::suggest::did_you_mean;

/// Why a person asked about could not be found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    /// No person has this id or name.
    #[error("no person `{query}` in the scenario (by id or name); {hint}")]
    Unknown {
        /// What was asked for.
        query: String,
        /// The nearest ids and names, or a few known ones.
        hint: String,
    },
    /// Several people have this name and none this id.
    #[error("`{query}` is the name of {} people ({}); give one of their ids", ids.len(), ids.join(", "))]
    Ambiguous {
        /// What was asked for.
        query: String,
        /// The ids of the people of that name, in roster order.
        ids: Vec<String>,
    },
}

/// The roster index of the person whose id is `query`, else of the one
/// person whose name is `query`. Ids are unique, so an id always wins; a
/// name two people share is refused with their ids.
pub fn find_person(scenario: &Scenario, query: &str) -> Result<usize, LookupError> {
    let people = &scenario.people;
    if let Some(p) = people.iter().position(|person| person.id == query) {
        return Ok(p);
    }
    let named: Vec<usize> = (0..people.len())
        .filter(|&p| people[p].name == query)
        .collect();
    match named.as_slice() {
        [p] => Ok(*p),
        [] => {
            let known = people
                .iter()
                .flat_map(|person| [person.id.as_str(), person.name.as_str()])
                .filter(|s| !s.is_empty());
            Err(LookupError::Unknown {
                query: query.to_string(),
                hint: did_you_mean(query, "people", known),
            })
        }
        _ => Err(LookupError::Ambiguous {
            query: query.to_string(),
            ids: named.iter().map(|&p| people[p].id.clone()).collect(),
        }),
    }
}
