//! From a file's header to roster columns: which header feeds which column
//! (`[roster] columns`), which are knowingly left out (`[roster] ignore`),
//! and a report of every other header, so that no column is dropped without
//! a word.

use std::collections::HashMap;

use crate::diagnostic::Span;
use crate::scenario::node::{Sink, Sp, backticked};
use crate::scenario::raw::{PERSON_KEYS, RawRoster};
use crate::scenario::roster::headers::recognise;
use crate::scenario::roster::problems::quoted;
use crate::scenario::roster::rows::Row;
use crate::scenario::suggest;

/// The columns every roster needs.
pub(super) const REQUIRED_COLUMNS: &[&str] = &["id", "unit", "level", "born", "score"];

/// Which column of the file feeds each roster column.
#[derive(Debug)]
pub(super) struct ColumnMap {
    /// Roster column → the file's column index.
    pub(super) index: HashMap<&'static str, usize>,
    /// Roster column → the file's header for it.
    pub(super) header: HashMap<&'static str, String>,
    /// Columns of the file that have a header (read, ignored or reported):
    /// values under any other column are reported as unread.
    pub(super) headed: Vec<usize>,
    /// The header's field count (a CSV's rows must match it).
    pub(super) width: usize,
    /// When `opt_out` is read from a column that says who competes, with no
    /// `values.opt_out` to invert it: where to report it and its header.
    pub(super) inverted_opt_out: Option<(Span, String)>,
}

/// A ready-to-paste mapping of the recognised headers, and the others to ignore.
fn proposed_mapping(header: &Row) -> String {
    let mut mapped: Vec<(&str, String)> = Vec::new();
    let mut others: Vec<String> = Vec::new();
    for text in header.texts() {
        match recognise(text) {
            Some(r) if !mapped.iter().any(|(c, _)| *c == r.column) => {
                mapped.push((r.column, text.to_string()));
            }
            _ => others.push(quoted(text)),
        }
    }
    let entries: Vec<String> = mapped
        .iter()
        .map(|(column, text)| format!("{column} = {}", quoted(text)))
        .collect();
    let mut out = format!("columns = {{ {} }}", entries.join(", "));
    if !others.is_empty() {
        out.push_str(&format!(" and ignore = [{}]", others.join(", ")));
    }
    out
}

/// Maps a header row to roster columns. Without `[roster] columns` every
/// header must be a roster column name (or be ignored). With it, mapped
/// headers feed their columns, unmapped headers that are roster column names
/// still work, `ignore`d headers are skipped, and any other header is
/// reported in a warning (by what it probably holds, when it is recognised).
pub(super) fn map_columns(
    header: &Row,
    display: &str,
    options: &RawRoster,
    elsewhere: &dyn Fn(&str) -> Option<String>,
    sink: &mut Sink<'_>,
) -> Option<ColumnMap> {
    let mapped = !options.columns.is_empty();
    let mut index: HashMap<&'static str, usize> = HashMap::new();
    let mut header_of: HashMap<&'static str, String> = HashMap::new();
    let mut headed = Vec::new();
    let mut unread: Vec<(&str, Span)> = Vec::new();
    let mut ok = true;
    for cell in &header.cells {
        let name = cell.value.trim();
        if name.is_empty() {
            continue;
        }
        headed.push(cell.index);
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
            if !options.ignore.iter().any(|h| h.value == name) {
                unread.push((name, cell.span));
            }
            continue;
        };
        if index.insert(key, cell.index).is_some() {
            ok = false;
            sink.error(
                cell.span,
                format!("column `{name}` appears twice in `{display}`"),
                "duplicate column",
                None,
            );
        }
        header_of.insert(key, name.to_string());
    }
    let names: Vec<&str> = header.texts().collect();
    let foreign = !mapped && unread.len() >= 2 && index.is_empty();
    if foreign {
        // An export's own header, none of it roster names: one error with
        // the mapping to write, rather than one per column.
        ok = false;
        sink.error(
            header.span,
            format!(
                "the header of `{display}` names no roster column: map its columns with `[roster] columns`"
            ),
            "header",
            Some(format!(
                "add to `[roster]`: {}; roster columns are: {}",
                proposed_mapping(header),
                backticked(PERSON_KEYS)
            )),
        );
    } else if !mapped {
        for (name, span) in &unread {
            ok = false;
            sink.error(
                *span,
                format!("unknown column `{name}` in `{display}`"),
                "unknown column",
                Some(unknown_column_hint(name)),
            );
        }
    } else {
        report_unread(&unread, options, display, sink);
    }
    for ignored in &options.ignore {
        if !names.contains(&ignored.value.as_str()) {
            sink.warning(
                ignored.span,
                format!(
                    "`ignore` names `{}`, which `{display}` does not have",
                    ignored.value
                ),
                Some(
                    match suggest::nearest(&ignored.value, names.iter().copied()) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => format!("its header has: {}", shown_list(&names)),
                    },
                ),
            );
        }
    }
    for (key, wanted) in &options.columns {
        if index.contains_key(key.value.as_str()) {
            continue;
        }
        ok = false;
        let hint = match (
            elsewhere(&wanted.value),
            suggest::nearest(&wanted.value, names.iter().copied()),
        ) {
            (Some(there), _) => there,
            (None, Some(near)) => format!("did you mean `{near}`?"),
            (None, None) => format!("its header has: {}", shown_list(&names)),
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
    if !foreign {
        for required in REQUIRED_COLUMNS {
            let written = options
                .columns
                .iter()
                .any(|(key, _)| key.value == *required);
            if !index.contains_key(*required) && !written {
                ok = false;
                sink.error(
                    header.span,
                    format!("`{display}` has no `{required}` column"),
                    "header",
                    Some(if let Some(there) = elsewhere(required) {
                        there
                    } else if mapped {
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
    }
    let has_opt_out_values = options.values.iter().any(|(c, _)| c == "opt_out");
    let inverted_opt_out = header_of
        .get("opt_out")
        .filter(|h| !has_opt_out_values && recognise(h).is_some_and(|r| r.inverted))
        .map(|h| {
            let span = options
                .columns
                .iter()
                .find(|(key, _)| key.value == "opt_out")
                .map_or(header.span, |(_, h)| h.span);
            (span, h.clone())
        });
    ok.then(|| ColumnMap {
        index,
        header: header_of,
        headed,
        width: header.fields.map_or(0, |(n, _)| n),
        inverted_opt_out,
    })
}

/// The hint for a header that is not a roster column (without `columns`).
fn unknown_column_hint(name: &str) -> String {
    if let Some(r) = recognise(name) {
        return format!(
            "it looks like `{}`: map it with `[roster] columns = {{ {} = {} }}`, or list it in `[roster] ignore`",
            r.column,
            r.column,
            quoted(name)
        );
    }
    match suggest::nearest(name, PERSON_KEYS.iter().copied()) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!(
            "roster columns are: {}; map other headers with `[roster] columns`, or list them in `[roster] ignore`",
            backticked(PERSON_KEYS)
        ),
    }
}

/// Warns about every header that is neither read nor ignored: one warning
/// for each that looks like a roster column not read yet, one for the rest.
fn report_unread(unread: &[(&str, Span)], options: &RawRoster, display: &str, sink: &mut Sink<'_>) {
    let mut plain: Vec<(&str, Span)> = Vec::new();
    for &(name, span) in unread {
        // A header that looks like a column already mapped (to another
        // header) is a plain extra column.
        let mapped = |column: &str| options.columns.iter().any(|(key, _)| key.value == column);
        match recognise(name).filter(|r| !mapped(r.column)) {
            Some(r) => {
                let values = if r.inverted {
                    format!(
                        ", with `values.opt_out = {{ \"是\" = false, \"否\" = true }}` (`{name}` says who competes; `opt_out` is who does not)"
                    )
                } else {
                    String::new()
                };
                sink.warning(
                    span,
                    format!(
                        "column `{name}` of `{display}` is not read, but looks like `{}`",
                        r.column
                    ),
                    Some(format!(
                        "to read it, add `{} = {}` to `[roster] columns`{values}; to leave it out, list it in `[roster] ignore`",
                        r.column,
                        quoted(name)
                    )),
                );
            }
            None => plain.push((name, span)),
        }
    }
    if let Some(&(_, span)) = plain.first() {
        let names: Vec<&str> = plain.iter().map(|(n, _)| *n).collect();
        let count = names.len();
        let (what, them) = if count == 1 {
            ("1 column".to_string(), "it")
        } else {
            (format!("{count} columns"), "them")
        };
        let list: Vec<String> = names.iter().map(|n| quoted(n)).collect();
        sink.warning(
            span,
            format!(
                "{what} of `{display}` not read: {}",
                shown_list(&names)
            ),
            Some(format!(
                "map {them} in `[roster] columns` to read {them}, or add `ignore = [{}]` to `[roster]` to say {} not needed",
                list.join(", "),
                if count == 1 { "it is" } else { "they are" }
            )),
        );
    }
}

/// Up to 12 header names in backticks, then how many more.
pub(super) fn shown_list(names: &[&str]) -> String {
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
    /// The tables of `[roster] values`.
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

    /// True when `values.<column>` is written.
    pub(super) fn has(&self, column: &str) -> bool {
        self.maps.contains_key(column)
    }

    /// What `value` of `column` stands for, when `values` translates it.
    pub(super) fn translate(&self, column: &str, value: &str) -> Option<&'o str> {
        self.maps
            .get(column)
            .and_then(|map| map.get(value))
            .copied()
    }
}

/// A translated cell kept with what the file said.
pub(super) struct Field {
    /// The value to read (translated when `values` says so).
    pub(super) value: Sp<String>,
    /// The cell's own text, trimmed, when `values` translated it.
    pub(super) original: Option<String>,
}
