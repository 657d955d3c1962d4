//! From a file's header and cells to roster columns: which header feeds
//! which column (`[roster] columns`), how a cell's value is cleaned and
//! translated (`[roster] values`), and which cells are too long to keep.

use std::collections::HashMap;

use crate::csv_guard::unneutralise;
use crate::diagnostic::Span;
use crate::scenario::limits;
use crate::scenario::node::{Sink, Sp, backticked};
use crate::scenario::raw::{PERSON_KEYS, RawRoster};
use crate::scenario::suggest;

const REQUIRED_COLUMNS: &[&str] = &["id", "unit", "level", "born", "score"];

/// A header cell: its text, where it is, and the column index rows use for it.
pub(super) struct HeaderCell {
    pub(super) text: String,
    pub(super) span: Span,
    pub(super) index: usize,
}

/// Which header feeds which roster column. Without `[roster] columns` every
/// header must be a roster column name. With it, mapped headers feed their
/// columns, unmapped headers that are roster column names still work, and
/// any other header (an HR export's extra columns) is ignored.
pub(super) fn map_columns(
    header: &[HeaderCell],
    header_span: Span,
    display: &str,
    options: &RawRoster,
    sink: &mut Sink<'_>,
) -> Option<HashMap<&'static str, usize>> {
    let mapped = !options.columns.is_empty();
    let mut columns: HashMap<&'static str, usize> = HashMap::new();
    let mut ok = true;
    for cell in header {
        let name = cell.text.trim();
        let by_mapping = options
            .columns
            .iter()
            .find(|(_, h)| h.value == name)
            .and_then(|(key, _)| PERSON_KEYS.iter().copied().find(|k| *k == key.value));
        let by_name = PERSON_KEYS
            .iter()
            .copied()
            .find(|k| *k == name)
            .filter(|k| !options.columns.iter().any(|(key, _)| key.value == *k));
        let Some(key) = by_mapping.or(by_name) else {
            if !mapped {
                ok = false;
                sink.error(
                    cell.span,
                    format!("unknown column `{name}` in `{display}`"),
                    "unknown column",
                    Some(match suggest::nearest(name, PERSON_KEYS.iter().copied()) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => format!(
                            "roster columns are: {}; map other headers with `[roster] columns`",
                            backticked(PERSON_KEYS)
                        ),
                    }),
                );
            }
            continue;
        };
        if columns.insert(key, cell.index).is_some() {
            ok = false;
            sink.error(
                cell.span,
                format!("column `{name}` appears twice in `{display}`"),
                "duplicate column",
                None,
            );
        }
    }
    let names: Vec<&str> = header.iter().map(|c| c.text.trim()).collect();
    for (key, wanted) in &options.columns {
        if columns.contains_key(key.value.as_str()) {
            continue;
        }
        ok = false;
        let hint = match suggest::nearest(&wanted.value, names.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("its header has: {}", shown_list(&names)),
        };
        sink.error(
            wanted.span,
            format!(
                "`{display}` has no column `{}` (mapped to `{}`)",
                wanted.value, key.value
            ),
            "no such header in the file",
            Some(hint),
        );
    }
    for required in REQUIRED_COLUMNS {
        let written = options
            .columns
            .iter()
            .any(|(key, _)| key.value == *required);
        if !columns.contains_key(*required) && !written {
            ok = false;
            sink.error(
                header_span,
                format!("`{display}` has no `{required}` column"),
                "header",
                Some(if mapped {
                    format!(
                        "required columns: {}; map the file's header to `{required}` in `[roster] columns`",
                        backticked(REQUIRED_COLUMNS)
                    )
                } else {
                    format!("required columns: {}", backticked(REQUIRED_COLUMNS))
                }),
            );
        }
    }
    ok.then_some(columns)
}

/// Up to 12 header names in backticks, then how many more.
fn shown_list(names: &[&str]) -> String {
    let shown: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| !n.is_empty())
        .take(12)
        .collect();
    let more = names.iter().filter(|n| !n.is_empty()).count() - shown.len();
    let mut text = backticked(&shown);
    if more > 0 {
        text.push_str(&format!(" and {more} more"));
    }
    text
}

/// `[roster] values`, looked up by column and value.
pub(super) struct ValueMaps<'o> {
    maps: HashMap<&'o str, HashMap<&'o str, &'o str>>,
}

impl<'o> ValueMaps<'o> {
    pub(super) fn new(options: &'o RawRoster) -> ValueMaps<'o> {
        let maps = options
            .values
            .iter()
            .map(|(column, pairs)| {
                let map = pairs
                    .iter()
                    .map(|(from, to)| (from.value.as_str(), to.value.as_str()))
                    .collect();
                (column.as_str(), map)
            })
            .collect();
        ValueMaps { maps }
    }

    fn translate<'v>(&'v self, column: &str, value: &'v str) -> &'v str {
        self.maps
            .get(column)
            .and_then(|map| map.get(value))
            .copied()
            .unwrap_or(value)
    }
}

/// One roster column of a row: trimmed, a leading `'` that reorg added
/// against formula injection dropped, translated by `[roster] values`, and
/// `None` when empty.
pub(super) fn field_of<'t>(
    columns: &HashMap<&'static str, usize>,
    values: &ValueMaps<'_>,
    column: &str,
    cell: &dyn Fn(usize) -> Option<(&'t str, Span)>,
) -> Option<Sp<String>> {
    let index = *columns.get(column)?;
    let (value, span) = cell(index)?;
    let value = unneutralise(value.trim());
    if value.is_empty() {
        return None;
    }
    Some(Sp {
        value: values.translate(column, value).to_string(),
        span,
    })
}

/// Reports every cell of a row that feeds a roster column and is longer than
/// [`limits::MAX_TEXT_CHARS`]; true when there was one (the row is skipped).
pub(super) fn too_long<'t>(
    columns: &HashMap<&'static str, usize>,
    cell: &dyn Fn(usize) -> Option<(&'t str, Span)>,
    sink: &mut Sink<'_>,
) -> bool {
    let mut found = false;
    for key in PERSON_KEYS {
        let Some((value, span)) = columns.get(key).and_then(|&index| cell(index)) else {
            continue;
        };
        if value.len() > limits::MAX_TEXT_CHARS && value.chars().count() > limits::MAX_TEXT_CHARS {
            found = true;
            sink.error(
                span,
                format!(
                    "`{key}` is longer than {} characters",
                    limits::MAX_TEXT_CHARS
                ),
                "too long",
                None,
            );
        }
    }
    found
}
