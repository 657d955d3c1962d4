//! Rows of an HR export that are not people: a totals row (`合计 | 594`)
//! and the notes a form carries at its foot (`制表人：李娜`, `注：...`).
//! They are skipped, and reported in one warning that lists them.

use crate::scenario::roster::rows::Row;

/// A cell that marks a totals row, once spaces are removed (any case).
const TOTALS: &[&str] = &[
    "合计",
    "总计",
    "小计",
    "共计",
    "累计",
    "总数",
    "total",
    "totals",
    "subtotal",
    "grandtotal",
    "sum",
];

/// How a note under a table begins.
const NOTES: &[&str] = &[
    "注：",
    "注:",
    "备注：",
    "备注:",
    "说明：",
    "说明:",
    "制表",
    "填表",
    "审核",
    "负责人",
    "单位负责人",
    "note:",
    "notes:",
    "prepared by",
];

/// Why a row is not a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NotAPerson {
    /// A totals row.
    Totals,
    /// A note at the foot of the table.
    Note,
}

/// Whether a row is a totals or notes row rather than a person. `id` is the
/// id cell's trimmed text, if any: a row whose id is filled in is a person
/// unless the id cell itself says `合计`.
pub(super) fn not_a_person(row: &Row, id: Option<&str>) -> Option<NotAPerson> {
    let is_totals_word = |text: &str| {
        let key: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        let key = key.trim_end_matches([':', '：']);
        TOTALS.contains(&key)
    };
    if let Some(id) = id {
        return is_totals_word(id).then_some(NotAPerson::Totals);
    }
    if row.texts().any(is_totals_word) {
        return Some(NotAPerson::Totals);
    }
    let first = row.texts().next()?.to_lowercase();
    NOTES
        .iter()
        .any(|note| first.starts_with(note))
        .then_some(NotAPerson::Note)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Span;
    use crate::scenario::roster::rows::Cell;

    fn row(cells: &[&str]) -> Row {
        Row {
            number: 1,
            span: Span::default(),
            cells: cells
                .iter()
                .enumerate()
                .map(|(index, value)| Cell {
                    index,
                    value: value.to_string(),
                    span: Span::default(),
                })
                .collect(),
            fields: None,
        }
    }

    #[test]
    fn totals_and_notes_are_told_from_people() {
        let totals = row(&["合 计", "", "", "594"]);
        assert_eq!(not_a_person(&totals, None), Some(NotAPerson::Totals));
        assert_eq!(
            not_a_person(&row(&["合计", "594"]), Some("合计")),
            Some(NotAPerson::Totals)
        );
        assert_eq!(
            not_a_person(&row(&["Total:", "3"]), None),
            Some(NotAPerson::Totals)
        );
        let note = row(&["制表人：李娜", "", "审核人：王伟"]);
        assert_eq!(not_a_person(&note, None), Some(NotAPerson::Note));
        // A person, even one whose notes column says 合计 in passing.
        let person = row(&["1001", "王伟", "合计"]);
        assert_eq!(not_a_person(&person, Some("1001")), None);
        // A row with its id missing is a person with a missing id.
        assert_eq!(not_a_person(&row(&["", "王伟", "住建局"]), None), None);
    }
}
