//! The headline figures of one run, declared once: the struct, its field
//! table (what batch rows, statistics and comparisons iterate over) and its
//! typed access all come from the one list in the `run_summary!` macro.

use serde::Serialize;

/// What a summary field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A whole number of people, units or years; summarised by a batch.
    Count,
    /// A mean (an average age); summarised by a batch.
    Average,
    /// Text (an id): kept in batch rows, not summarised.
    Text,
}

/// One field's value, loosely typed: the form in which batch rows write and
/// read a summary. `Null` is an absent value (no leader with a known age, say).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// No value.
    Null,
    /// A [`FieldKind::Count`] value.
    Int(i64),
    /// A [`FieldKind::Average`] value.
    Float(f64),
    /// A [`FieldKind::Text`] value.
    Text(String),
}

/// A figure's value as statistics and comparisons see it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Figure {
    /// A count; `None` where absent.
    Count(Option<i64>),
    /// A mean; `None` where absent.
    Average(Option<f64>),
}

/// A Rust type a summary field may have, and how it becomes a [`Cell`] and back.
pub trait FieldValue: Sized {
    /// The value as a cell.
    fn to_cell(&self) -> Cell;
    /// The value of a cell, or `None` when the cell cannot hold one of this type.
    fn from_cell(cell: Cell) -> Option<Self>;
}

impl FieldValue for usize {
    fn to_cell(&self) -> Cell {
        Cell::Int(i64::try_from(*self).unwrap_or(i64::MAX))
    }
    fn from_cell(cell: Cell) -> Option<Self> {
        match cell {
            Cell::Int(n) => usize::try_from(n).ok(),
            _ => None,
        }
    }
}

impl FieldValue for u64 {
    fn to_cell(&self) -> Cell {
        Cell::Int(i64::try_from(*self).unwrap_or(i64::MAX))
    }
    fn from_cell(cell: Cell) -> Option<Self> {
        match cell {
            Cell::Int(n) => u64::try_from(n).ok(),
            _ => None,
        }
    }
}

impl FieldValue for Option<i32> {
    fn to_cell(&self) -> Cell {
        self.map_or(Cell::Null, |n| Cell::Int(i64::from(n)))
    }
    fn from_cell(cell: Cell) -> Option<Self> {
        match cell {
            Cell::Null => Some(None),
            Cell::Int(n) => i32::try_from(n).ok().map(Some),
            _ => None,
        }
    }
}

impl FieldValue for Option<u64> {
    fn to_cell(&self) -> Cell {
        self.map_or(Cell::Null, |n| {
            Cell::Int(i64::try_from(n).unwrap_or(i64::MAX))
        })
    }
    fn from_cell(cell: Cell) -> Option<Self> {
        match cell {
            Cell::Null => Some(None),
            Cell::Int(n) => u64::try_from(n).ok().map(Some),
            _ => None,
        }
    }
}

impl FieldValue for Option<f64> {
    fn to_cell(&self) -> Cell {
        self.map_or(Cell::Null, Cell::Float)
    }
    fn from_cell(cell: Cell) -> Option<Self> {
        match cell {
            Cell::Null => Some(None),
            Cell::Float(x) => Some(Some(x)),
            // A mean that happens to be whole may be written without a point.
            Cell::Int(n) => Some(Some(n as f64)),
            Cell::Text(_) => None,
        }
    }
}

impl FieldValue for String {
    fn to_cell(&self) -> Cell {
        Cell::Text(self.clone())
    }
    fn from_cell(cell: Cell) -> Option<Self> {
        match cell {
            Cell::Text(text) => Some(text),
            _ => None,
        }
    }
}

impl FieldValue for Option<String> {
    fn to_cell(&self) -> Cell {
        self.as_ref()
            .map_or(Cell::Null, |text| Cell::Text(text.clone()))
    }
    fn from_cell(cell: Cell) -> Option<Self> {
        match cell {
            Cell::Null => Some(None),
            Cell::Text(text) => Some(Some(text)),
            _ => None,
        }
    }
}

/// Declares [`RunSummary`] from one list of `doc, name: type = kind` entries,
/// so that adding a figure is one line and every table of fields follows.
macro_rules! run_summary {
    ($($(#[doc = $doc:literal])+ $name:ident: $ty:ty = $kind:ident,)+) => {
        /// Headline figures of a run: what `reorg run` shows first, what a
        /// batch keeps of each run and summarises, what `compare` compares.
        #[derive(Debug, Clone, PartialEq, Serialize)]
        pub struct RunSummary {
            $($(#[doc = $doc])+ pub $name: $ty,)+
        }

        impl RunSummary {
            /// Every field's name and kind, in declaration (and JSON) order.
            pub const FIELDS: &'static [(&'static str, FieldKind)] =
                &[$((stringify!($name), FieldKind::$kind),)+];

            /// Every field's value, in [`RunSummary::FIELDS`] order.
            pub fn cells(&self) -> Vec<Cell> {
                vec![$(self.$name.to_cell(),)+]
            }

            /// The summary whose fields have these values, in
            /// [`RunSummary::FIELDS`] order; the error names the first field
            /// whose value does not fit.
            pub fn from_cells(cells: Vec<Cell>) -> Result<RunSummary, String> {
                let mut cells = cells.into_iter();
                Ok(RunSummary {
                    $($name: {
                        let name = stringify!($name);
                        let cell = cells.next().ok_or_else(|| format!("no `{name}`"))?;
                        <$ty as FieldValue>::from_cell(cell)
                            .ok_or_else(|| format!("`{name}` is out of range"))?
                    },)+
                })
            }
        }
    };
}

run_summary! {
    /// Before units.
    units_before: usize = Count,
    /// Units of the new structure (external units left out).
    units_after: usize = Count,
    /// After units outside the new structure (a receiving district, an SOE
    /// group, an institution, a reserve).
    units_external: usize = Count,
    /// People in the reform.
    people: usize = Count,
    /// Seats in the new structure's posts (with those created for transfers).
    posts: u64 = Count,
    /// People placed in a post.
    placed: usize = Count,
    /// Placed above their level.
    promoted: usize = Count,
    /// Placed at their level.
    same_level: usize = Count,
    /// Placed below their level.
    demoted: usize = Count,
    /// Appointed to a post before the rounds (组织任命).
    appointed: usize = Count,
    /// Moved with their work, at their level, without competing (划转).
    transferred: usize = Count,
    /// Moved to a fallback unit.
    fallback: usize = Count,
    /// No post, rank and pay kept (a `rank_kept` destination).
    rank_kept: usize = Count,
    /// Not placed, waiting (待岗).
    pooled: usize = Count,
    /// Not placed, leaving.
    exited: usize = Count,
    /// Retired (at retirement age, or early as a destination).
    retired: usize = Count,
    /// Did not compete.
    did_not_compete: usize = Count,
    /// People in the new structure after the reform (in its units' posts,
    /// transferred seats or fallback places).
    headcount_after: usize = Count,
    /// The new structure's establishment (编制), when every unit of it gives one.
    establishment_after: Option<u64> = Count,
    /// People at leadership levels before.
    leaders_before: usize = Count,
    /// Leadership seats filled after, in the new structure.
    leaders_after: usize = Count,
    /// Leaders before who competed and hold no leadership post after
    /// (placed lower, moved to a fallback, pooled, rank kept or exited).
    leaders_without_post: usize = Count,
    /// Of those, the ones who keep their rank and its pay (职务与职级并行).
    leaders_rank_kept: usize = Count,
    /// Leadership posts (职数) before, when every before unit gives its posts.
    leadership_posts_before: Option<u64> = Count,
    /// Leadership seats of the new structure.
    leadership_posts_after: u64 = Count,
    /// Average age of leaders before (needs `reference_date`).
    leader_age_before: Option<f64> = Average,
    /// Average age of leaders after.
    leader_age_after: Option<f64> = Average,
    /// The level counted as unit head (see docs/output-format.md).
    head_level: String = Text,
    /// Age of the youngest person placed at the head level.
    youngest_head_age: Option<i32> = Count,
    /// Id of that person (the first in roster order when tied).
    youngest_head: Option<String> = Text,
    /// Seats of the new structure left empty.
    vacancies: u64 = Count,
    /// People who competed and ended without a post while a seat they could
    /// have taken stayed empty (choice lists too short, or no second pass).
    stranded: usize = Count,
    /// Seats won by outsiders (a round's `outsiders`, 公开招聘).
    outsiders_placed: usize = Count,
    /// People of the roster displaced by outsiders: next in line for a seat
    /// an outsider won, and ending without a post at their own level or
    /// above (docs/model.md).
    displaced: usize = Count,
}

impl RunSummary {
    /// The summarised figures (every field but the text ones), in
    /// [`RunSummary::FIELDS`] order, with their values.
    pub fn figures(&self) -> impl Iterator<Item = (&'static str, Figure)> {
        Self::FIELDS
            .iter()
            .zip(self.cells())
            .filter_map(|(&(name, kind), cell)| {
                let figure = match (kind, cell) {
                    (FieldKind::Count, Cell::Int(n)) => Figure::Count(Some(n)),
                    (FieldKind::Count, _) => Figure::Count(None),
                    (FieldKind::Average, Cell::Float(x)) => Figure::Average(Some(x)),
                    (FieldKind::Average, _) => Figure::Average(None),
                    (FieldKind::Text, _) => return None,
                };
                Some((name, figure))
            })
    }

    /// The names and kinds of the summarised figures, in order.
    pub fn figure_fields() -> impl Iterator<Item = (&'static str, FieldKind)> {
        Self::FIELDS
            .iter()
            .copied()
            .filter(|&(_, kind)| kind != FieldKind::Text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> RunSummary {
        RunSummary {
            units_before: 48,
            units_after: 19,
            units_external: 1,
            people: 1174,
            posts: 1200,
            placed: 1000,
            promoted: 150,
            same_level: 700,
            demoted: 150,
            appointed: 0,
            transferred: 0,
            fallback: 15,
            rank_kept: 0,
            pooled: 80,
            exited: 0,
            retired: 0,
            did_not_compete: 79,
            headcount_after: 1015,
            establishment_after: None,
            leaders_before: 300,
            leaders_after: 250,
            leaders_without_post: 40,
            leaders_rank_kept: 0,
            leadership_posts_before: None,
            leadership_posts_after: 260,
            leader_age_before: Some(46.5),
            leader_age_after: None,
            head_level: "head".into(),
            youngest_head_age: Some(33),
            youngest_head: None,
            vacancies: 200,
            stranded: 0,
            outsiders_placed: 3,
            displaced: 1,
        }
    }

    /// The field table follows the JSON form field for field.
    #[test]
    fn fields_are_the_json_keys_in_order() {
        let value = serde_json::to_value(sample()).unwrap();
        let keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let names: Vec<&str> = RunSummary::FIELDS.iter().map(|f| f.0).collect();
        assert_eq!(keys, names);
    }

    #[test]
    fn cells_round_trip() {
        let summary = sample();
        assert_eq!(RunSummary::from_cells(summary.cells()).unwrap(), summary);
    }

    #[test]
    fn a_cell_of_the_wrong_kind_is_named() {
        let mut cells = sample().cells();
        cells[3] = Cell::Int(-1);
        assert_eq!(
            RunSummary::from_cells(cells).unwrap_err(),
            "`people` is out of range"
        );
    }

    #[test]
    fn figures_skip_text_and_keep_absent_values() {
        let figures: Vec<(&str, Figure)> = sample().figures().collect();
        assert_eq!(figures.len(), RunSummary::FIELDS.len() - 2);
        assert_eq!(figures[3], ("people", Figure::Count(Some(1174))));
        assert_eq!(figures[18], ("establishment_after", Figure::Count(None)));
        assert_eq!(figures[26], ("leader_age_after", Figure::Average(None)));
        assert_eq!(figures[27], ("youngest_head_age", Figure::Count(Some(33))));
    }
}
