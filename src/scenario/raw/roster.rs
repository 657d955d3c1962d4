//! `[roster]`: how a roster file is read (`encoding`, `sheet`, `columns`,
//! `values`), decoded with every problem located.

use crate::scenario::encoding::Encoding;
use crate::scenario::node::{Node, Sink, Sp, TableReader, Value, backticked};
use crate::scenario::suggest;

use super::keys::{PERSON_KEYS, VALUE_COLUMNS};

/// How a roster file is read (`[roster]` keys besides `file` and `generate`).
#[derive(Debug, Default)]
pub struct RawRoster {
    /// `encoding`: how a CSV roster's bytes are decoded (`utf-8`, `gbk`, `gb18030`).
    pub encoding: Option<Sp<String>>,
    /// `sheet`: the worksheet of an `.xlsx` roster.
    pub sheet: Option<Sp<String>>,
    /// `columns`: (roster column, the header the file uses for it), in file order.
    pub columns: Vec<(Sp<String>, Sp<String>)>,
    /// `values`: per column of [`VALUE_COLUMNS`], its translations.
    pub values: Vec<(String, ValueMap)>,
}

/// (value in the file, value meant) pairs of one `values.<column>` table.
pub type ValueMap = Vec<(Sp<String>, Sp<String>)>;
/// Decodes how a roster file is read: `encoding`, `sheet`, `columns` and
/// `values` (docs/scenario-format.md, "`[roster]`").
pub(super) fn decode_roster_options(
    roster: &TableReader<'_>,
    file: Option<&Sp<String>>,
    sink: &mut Sink<'_>,
) -> RawRoster {
    let mut options = RawRoster {
        encoding: roster.opt_str("encoding", sink),
        sheet: roster.opt_str("sheet", sink),
        ..RawRoster::default()
    };
    let is_xlsx = file.is_some_and(|f| {
        let lower = f.value.to_lowercase();
        lower.ends_with(".xlsx") || lower.ends_with(".xlsm")
    });
    if let Some(encoding) = &options.encoding {
        if Encoding::parse(&encoding.value).is_none() {
            sink.error(
                encoding.span,
                format!("unknown roster encoding `{}`", encoding.value),
                "expected `utf-8`, `gbk` or `gb18030`",
                Some(
                    "leave `encoding` out to detect it (UTF-8, UTF-8 with BOM, or GBK/GB18030)"
                        .into(),
                ),
            );
        } else if is_xlsx {
            sink.error(
                encoding.span,
                "`encoding` applies to CSV rosters, not `.xlsx` files",
                "not used for .xlsx",
                Some("remove `encoding`: the text in an .xlsx file is always Unicode".into()),
            );
        }
    }
    if let Some(sheet) = &options.sheet
        && file.is_some()
        && !is_xlsx
    {
        sink.error(
            sheet.span,
            "`sheet` applies to `.xlsx` rosters, not CSV files",
            "not used for CSV",
            Some("remove `sheet`, or name the .xlsx file in `file`".into()),
        );
    }
    if let Some(node) = roster.node("columns") {
        options.columns = decode_column_map(node, sink);
    }
    if let Some(node) = roster.node("values") {
        options.values = decode_value_maps(node, sink);
    }
    if file.is_none() && roster.node("file").is_none() {
        for key in ["encoding", "sheet", "columns", "values"] {
            if let Some(node) = roster.node(key) {
                sink.error(
                    node.span,
                    format!("`{key}` in `[roster]` needs a `file` to read"),
                    "no roster file",
                    Some("name the roster with `file = \"roster.csv\"`, or remove this key".into()),
                );
            }
        }
    }
    options
}

/// `columns = { id = "工号", name = "姓名" }`: the header a file uses for each roster column.
fn decode_column_map(node: &Node, sink: &mut Sink<'_>) -> Vec<(Sp<String>, Sp<String>)> {
    let Value::Table(table) = &node.value else {
        sink.error(
            node.span,
            format!(
                "`columns` must be a table of roster column = header, found {}",
                node.value.type_name()
            ),
            "expected a table",
            Some("write `columns = { id = \"工号\", name = \"姓名\" }`".into()),
        );
        return Vec::new();
    };
    let mut out: Vec<(Sp<String>, Sp<String>)> = Vec::new();
    for (key, value) in &table.entries {
        if !PERSON_KEYS.contains(&key.name.as_str()) {
            sink.error(
                key.span,
                format!("unknown roster column `{}` in `columns`", key.name),
                "not a roster column",
                Some(
                    match suggest::nearest(&key.name, PERSON_KEYS.iter().copied()) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => format!("roster columns are: {}", backticked(PERSON_KEYS)),
                    },
                ),
            );
            continue;
        }
        let Value::Str(header) = &value.value else {
            sink.error(
                value.span,
                format!(
                    "the header of column `{}` must be a string, found {}",
                    key.name,
                    value.value.type_name()
                ),
                "expected a string",
                None,
            );
            continue;
        };
        let header = header.trim();
        if header.is_empty() {
            sink.error(
                value.span,
                format!("the header of column `{}` is empty", key.name),
                "empty",
                None,
            );
            continue;
        }
        if let Some((other, _)) = out.iter().find(|(_, h)| h.value == header) {
            sink.error(
                value.span,
                format!(
                    "header `{header}` is mapped to both `{}` and `{}`",
                    other.value, key.name
                ),
                "mapped twice",
                Some("each header of the file feeds one roster column".into()),
            );
            continue;
        }
        out.push((
            Sp {
                value: key.name.clone(),
                span: key.span,
            },
            Sp {
                value: header.to_string(),
                span: value.span,
            },
        ));
    }
    out
}

/// `values.level = { "科员" = "staff" }`: values of the file and the ids they stand for.
fn decode_value_maps(node: &Node, sink: &mut Sink<'_>) -> Vec<(String, ValueMap)> {
    let Value::Table(table) = &node.value else {
        sink.error(
            node.span,
            format!(
                "`values` must be a table of column = {{ value = id }}, found {}",
                node.value.type_name()
            ),
            "expected a table",
            Some("write `values.level = { \"科员\" = \"staff\" }`".into()),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (column, map) in &table.entries {
        if !VALUE_COLUMNS.contains(&column.name.as_str()) {
            sink.error(
                column.span,
                format!("`values` cannot translate column `{}`", column.name),
                "not translatable",
                Some(format!(
                    "`values` translates: {}",
                    backticked(VALUE_COLUMNS)
                )),
            );
            continue;
        }
        let Value::Table(entries) = &map.value else {
            sink.error(
                map.span,
                format!(
                    "`values.{}` must be a table of value = id, found {}",
                    column.name,
                    map.value.type_name()
                ),
                "expected a table",
                Some(format!(
                    "write `values.{} = {{ \"科员\" = \"staff\" }}`",
                    column.name
                )),
            );
            continue;
        };
        let mut pairs = Vec::new();
        for (from, to) in &entries.entries {
            match &to.value {
                Value::Str(id) => pairs.push((
                    Sp {
                        value: from.name.trim().to_string(),
                        span: from.span,
                    },
                    Sp {
                        value: id.clone(),
                        span: to.span,
                    },
                )),
                other => sink.error(
                    to.span,
                    format!(
                        "`values.{}` must map to strings, found {}",
                        column.name,
                        other.type_name()
                    ),
                    "expected a string",
                    None,
                ),
            }
        }
        out.push((column.name.clone(), pairs));
    }
    out
}
