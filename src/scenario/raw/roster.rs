//! `[roster]`: how a roster file is read (`encoding`, `sheet`, `delimiter`,
//! `header_row`, `columns`, `ignore`, `values`), decoded with every problem
//! located.

use crate::scenario::encoding::Encoding;
use crate::scenario::node::{Node, Sink, Sp, TableReader, Value, backticked};
use crate::scenario::suggest;

use super::keys::PERSON_KEYS;

/// The most rows a sheet has (Excel's limit), for `header_row`.
const MAX_HEADER_ROW: i64 = 1_048_576;

/// How a roster file is read (`[roster]` keys besides `file` and `generate`).
#[derive(Debug, Default)]
pub struct RawRoster {
    /// `encoding`: how a CSV roster's bytes are decoded (`utf-8`, `gbk`, `gb18030`, `utf-16le`).
    pub encoding: Option<Sp<String>>,
    /// `sheet`: the worksheet of an `.xlsx` roster.
    pub sheet: Option<Sp<String>>,
    /// `delimiter`: the byte between a CSV roster's fields, when given
    /// (otherwise detected: comma, tab or semicolon).
    pub delimiter: Option<Sp<u8>>,
    /// `header_row`: the 1-based row (CSV record or sheet row) that holds the
    /// header, when given (otherwise found among the first rows).
    pub header_row: Option<Sp<usize>>,
    /// `columns`: (roster column, the header the file uses for it), in file order.
    pub columns: Vec<(Sp<String>, Sp<String>)>,
    /// `ignore`: headers of the file that are knowingly not read.
    pub ignore: Vec<Sp<String>>,
    /// `values`: per roster column, its translations.
    pub values: Vec<(String, ValueMap)>,
}

/// (value in the file, value meant) pairs of one `values.<column>` table. A
/// number or boolean written as the value meant is kept as its text (`95`,
/// `true`), which the column then reads like any cell.
pub type ValueMap = Vec<(Sp<String>, Sp<String>)>;

/// Decodes how a roster file is read: `encoding`, `sheet`, `delimiter`,
/// `header_row`, `columns`, `ignore` and `values` (docs/scenario-format.md,
/// "`[roster]`").
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
                "expected `utf-8`, `gbk`, `gb18030` or `utf-16le`",
                Some(
                    "leave `encoding` out to detect it (UTF-8, UTF-8 with BOM, UTF-16 with BOM, or GBK/GB18030)"
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
    if let Some(text) = roster.opt_str("delimiter", sink) {
        options.delimiter = decode_delimiter(&text, sink);
        if options.delimiter.is_some() && is_xlsx {
            sink.error(
                text.span,
                "`delimiter` applies to CSV rosters, not `.xlsx` files",
                "not used for .xlsx",
                Some("remove `delimiter`: an .xlsx sheet has cells, not separators".into()),
            );
        }
    }
    if let Some(row) = roster.opt_int("header_row", sink) {
        if (1..=MAX_HEADER_ROW).contains(&row.value) {
            options.header_row = Some(Sp {
                value: row.value as usize,
                span: row.span,
            });
        } else {
            sink.error(
                row.span,
                format!(
                    "`header_row` must be from 1 to {MAX_HEADER_ROW}, found {}",
                    row.value
                ),
                "expected a row number",
                Some("the first row of the file is 1".into()),
            );
        }
    }
    if let Some(node) = roster.node("columns") {
        options.columns = decode_column_map(node, sink);
    }
    if let Some(list) = roster.opt_str_list("ignore", sink) {
        options.ignore = decode_ignore(list, &options.columns, sink);
    }
    if let Some(node) = roster.node("values") {
        options.values = decode_value_maps(node, sink);
    }
    if file.is_none() && roster.node("file").is_none() {
        for key in [
            "encoding",
            "sheet",
            "delimiter",
            "header_row",
            "columns",
            "ignore",
            "values",
        ] {
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

/// `delimiter = "\t"`: one of the separators CSV exports use.
fn decode_delimiter(text: &Sp<String>, sink: &mut Sink<'_>) -> Option<Sp<u8>> {
    let byte = match text.value.to_lowercase().as_str() {
        "," | "comma" => b',',
        "\t" | "tab" => b'\t',
        ";" | "semicolon" => b';',
        "|" | "pipe" => b'|',
        _ => {
            sink.error(
                text.span,
                format!("unknown roster delimiter `{}`", text.value.escape_default()),
                "expected `,`, `\\t`, `;` or `|`",
                Some("leave `delimiter` out to detect a comma, tab or semicolon".into()),
            );
            return None;
        }
    };
    Some(Sp {
        value: byte,
        span: text.span,
    })
}

/// `ignore = ["籍贯", "备注"]`: headers knowingly not read; none empty,
/// repeated, or also mapped in `columns`.
fn decode_ignore(
    list: Vec<Sp<String>>,
    columns: &[(Sp<String>, Sp<String>)],
    sink: &mut Sink<'_>,
) -> Vec<Sp<String>> {
    let mut out: Vec<Sp<String>> = Vec::with_capacity(list.len());
    for item in list {
        let header = item.value.trim().to_string();
        if header.is_empty() {
            sink.error(item.span, "an `ignore`d header is empty", "empty", None);
            continue;
        }
        if out.iter().any(|h| h.value == header) {
            sink.error(
                item.span,
                format!("header `{header}` is listed twice in `ignore`"),
                "listed twice",
                None,
            );
            continue;
        }
        if let Some((column, _)) = columns.iter().find(|(_, h)| h.value == header) {
            sink.error(
                item.span,
                format!(
                    "header `{header}` is both ignored and mapped to `{}` in `columns`",
                    column.value
                ),
                "also mapped",
                Some(
                    "remove it from `ignore` to read it, or from `columns` to leave it out".into(),
                ),
            );
            continue;
        }
        out.push(Sp {
            value: header,
            span: item.span,
        });
    }
    out
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

/// What a `values.<column>` table may map to, besides a string: a number
/// for `score` and `born`, a boolean for `opt_out`.
fn value_types(column: &str) -> &'static str {
    match column {
        "score" => "strings or numbers",
        "born" => "strings or integers",
        "opt_out" => "strings or true/false",
        _ => "strings",
    }
}

/// A value `values.<column>` maps to, as the text a cell would hold.
fn value_text(column: &str, value: &Value) -> Option<String> {
    match (column, value) {
        (_, Value::Str(text)) => Some(text.clone()),
        ("score", Value::Int(n)) | ("born", Value::Int(n)) => Some(n.to_string()),
        ("score", Value::Float(x)) if x.is_finite() => Some(x.to_string()),
        ("opt_out", Value::Bool(b)) => Some(b.to_string()),
        _ => None,
    }
}

/// `values.level = { "科员" = "staff" }`: values of the file and what they
/// stand for, for any roster column.
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
        if !PERSON_KEYS.contains(&column.name.as_str()) {
            sink.error(
                column.span,
                format!("`values` cannot translate column `{}`", column.name),
                "not a roster column",
                Some(
                    match suggest::nearest(&column.name, PERSON_KEYS.iter().copied()) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => format!("roster columns are: {}", backticked(PERSON_KEYS)),
                    },
                ),
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
            match value_text(&column.name, &to.value) {
                Some(text) => pairs.push((
                    Sp {
                        value: from.name.trim().to_string(),
                        span: from.span,
                    },
                    Sp {
                        value: text,
                        span: to.span,
                    },
                )),
                None => sink.error(
                    to.span,
                    format!(
                        "`values.{}` must map to {}, found {}",
                        column.name,
                        value_types(&column.name),
                        to.value.type_name()
                    ),
                    "not a value of this column",
                    None,
                ),
            }
        }
        out.push((column.name.clone(), pairs));
    }
    out
}
