//! Roster files: people read from a CSV file beside the scenario.
//!
//! The CSV text joins the [`SourceMap`] like the scenario itself, and every
//! field keeps its span, so a bad value in row 812 is reported at
//! `roster.csv:812:14` with the same checks and hints as an inline
//! `[[person]]`.

use std::path::Path;

use crate::diagnostic::{Diagnostic, SourceMap, Span};
use crate::scenario::Files;
use crate::scenario::limits;
use crate::scenario::node::{Sink, Sp, backticked};
use crate::scenario::raw::{PERSON_KEYS, RawPerson};
use crate::scenario::suggest;

const REQUIRED_COLUMNS: &[&str] = &["id", "unit", "level", "born", "score"];

/// A roster's text in the source map.
#[derive(Debug)]
pub struct RosterSource {
    /// How diagnostics name it.
    pub display: String,
    /// Where its text starts in the source map.
    pub base: usize,
    /// The text.
    pub text: String,
}

/// Reads a roster named by `[roster] file`. `file_span` is where the scenario
/// names it, for problems with the file as a whole.
pub fn read(
    files: &Files,
    file: &str,
    file_span: Span,
    sources: &mut SourceMap,
) -> Result<RosterSource, Box<Diagnostic>> {
    let (display, bytes) = match files {
        Files::Dir(dir) => {
            let path = dir.join(file);
            let display = path.display().to_string();
            match read_bytes(&path) {
                Ok(bytes) => (display, bytes),
                Err((why, hint)) => {
                    return Err(unreadable(sources, file_span, &display, why, hint));
                }
            }
        }
        Files::Embedded(table) => match table.iter().find(|(name, _)| *name == file) {
            Some((name, text)) => (name.to_string(), text.as_bytes().to_vec()),
            None => {
                return Err(unreadable(
                    sources,
                    file_span,
                    file,
                    "the built-in scenario has no such file".into(),
                    "save the scenario to disk with its roster and run that file",
                ));
            }
        },
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(err) => {
            let line = bytes[..err.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            return Err(unreadable(
                sources,
                file_span,
                &display,
                format!("line {line} is not valid UTF-8"),
                "save the roster as UTF-8 (Excel: \"CSV UTF-8\"); GBK exports must be converted",
            ));
        }
    };
    let base = sources.add(display.as_str(), text.as_str());
    Ok(RosterSource {
        display,
        base,
        text,
    })
}

fn unreadable(
    sources: &SourceMap,
    span: Span,
    display: &str,
    why: String,
    hint: &str,
) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(format!("cannot read roster `{display}`: {why}"))
            .at(sources.locate(span))
            .label("named here")
            .hint(Some(hint.to_string())),
    )
}

/// The bytes of a roster on disk, or why not, with a hint.
fn read_bytes(path: &Path) -> Result<Vec<u8>, (String, &'static str)> {
    let meta = std::fs::metadata(path).map_err(|err| {
        (
            io_reason(&err),
            "the path is relative to the scenario file's folder",
        )
    })?;
    if meta.is_dir() {
        return Err(("it is a directory".into(), "name the CSV file itself"));
    }
    if meta.len() > limits::MAX_ROSTER_BYTES {
        return Err((
            format!(
                "it is {} bytes, over the limit of {}",
                meta.len(),
                limits::MAX_ROSTER_BYTES
            ),
            "split the reform into several scenarios",
        ));
    }
    std::fs::read(path).map_err(|err| (io_reason(&err), "check the file's permissions"))
}

fn io_reason(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => err.to_string(),
    }
}

/// Splits a roster CSV into people, reporting bad headers, rows and values.
pub fn parse(roster: &RosterSource, sink: &mut Sink<'_>) -> Vec<RawPerson> {
    let (text, base, display) = (roster.text.as_str(), roster.base, roster.display.as_str());
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header_span = Span::new(base, base + text.find('\n').unwrap_or(text.len()));
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(err) => {
            sink.error(
                header_span,
                format!("cannot read the header of `{display}`: {err}"),
                "",
                None,
            );
            return Vec::new();
        }
    };
    let header_fields: Vec<Span> = field_spans(text, 0)
        .into_iter()
        .map(|r| Span::new(base + r.start, base + r.end))
        .collect();
    let Some(columns) = map_columns(&headers, &header_fields, header_span, display, sink) else {
        return Vec::new();
    };
    let mut people = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(err) => {
                let offset = err.position().map_or(0, |p| p.byte() as usize);
                sink.error(
                    Span::new(base + offset, base + offset + 1),
                    format!("malformed CSV in `{display}`: {err}"),
                    "",
                    Some(
                        "check quoting: a field with a comma or quote must be in double quotes"
                            .into(),
                    ),
                );
                break;
            }
        }
        if people.len() >= limits::MAX_PEOPLE {
            sink.error(
                header_span,
                format!("`{display}` has more than {} people", limits::MAX_PEOPLE),
                "",
                Some("split the reform into several scenarios".into()),
            );
            break;
        }
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let spans = field_spans(text, start);
        let row_span = Span::new(base + start, base + spans.last().map_or(start, |s| s.end));
        if record.len() != headers.len() {
            sink.error(
                row_span,
                format!(
                    "row has {} fields but the header has {} columns",
                    record.len(),
                    headers.len()
                ),
                "wrong number of fields",
                Some("every row needs one value per column, empty ones included".into()),
            );
            continue;
        }
        if record.iter().all(str::is_empty) {
            continue;
        }
        let field = |column: &str| -> Option<Sp<String>> {
            let index = *columns.get(column)?;
            let value = record.get(index)?.trim();
            let span = spans
                .get(index)
                .map_or(row_span, |s| Span::new(base + s.start, base + s.end));
            (!value.is_empty()).then(|| Sp {
                value: value.to_string(),
                span,
            })
        };
        if let Some(person) = person_from_row(&field, row_span, sink) {
            people.push(person);
        }
    }
    people
}

fn map_columns(
    headers: &csv::StringRecord,
    header_fields: &[Span],
    header_span: Span,
    display: &str,
    sink: &mut Sink<'_>,
) -> Option<std::collections::HashMap<String, usize>> {
    let mut columns = std::collections::HashMap::new();
    let mut ok = true;
    for (index, name) in headers.iter().enumerate() {
        // The header cell as written, quotes included, so a quoted header is located exactly.
        let span = header_fields.get(index).copied().unwrap_or(header_span);
        let name = name.trim();
        if !PERSON_KEYS.contains(&name) {
            ok = false;
            sink.error(
                span,
                format!("unknown column `{name}` in `{display}`"),
                "unknown column",
                Some(match suggest::nearest(name, PERSON_KEYS.iter().copied()) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("roster columns are: {}", backticked(PERSON_KEYS)),
                }),
            );
        } else if columns.insert(name.to_string(), index).is_some() {
            ok = false;
            sink.error(
                span,
                format!("column `{name}` appears twice in `{display}`"),
                "duplicate column",
                None,
            );
        }
    }
    for required in REQUIRED_COLUMNS {
        if !columns.contains_key(*required) {
            ok = false;
            sink.error(
                header_span,
                format!("`{display}` has no `{required}` column"),
                "header",
                Some(format!(
                    "required columns: {}",
                    backticked(REQUIRED_COLUMNS)
                )),
            );
        }
    }
    ok.then_some(columns)
}

fn person_from_row(
    field: &dyn Fn(&str) -> Option<Sp<String>>,
    row_span: Span,
    sink: &mut Sink<'_>,
) -> Option<RawPerson> {
    let mut required = |column: &str| {
        let value = field(column);
        if value.is_none() {
            sink.error(
                row_span,
                format!("empty `{column}` in roster row"),
                "this row",
                None,
            );
        }
        value
    };
    let id = required("id");
    let unit = required("unit");
    let level = required("level");
    let born = required("born");
    let score = required("score");
    let born = born.and_then(|b| match b.value.parse::<i64>() {
        Ok(value) => Some(Sp {
            value,
            span: b.span,
        }),
        Err(_) => {
            sink.error(
                b.span,
                format!("`born` must be a year, found `{}`", b.value),
                "expected a year like 1975",
                None,
            );
            None
        }
    });
    let score = score.and_then(|s| match s.value.parse::<f64>() {
        Ok(value) if value.is_finite() => Some(Sp {
            value,
            span: s.span,
        }),
        _ => {
            sink.error(
                s.span,
                format!("`score` must be a number, found `{}`", s.value),
                "expected a number like 86.5",
                None,
            );
            None
        }
    });
    let opt_out = match field("opt_out") {
        None => false,
        Some(flag) => match parse_flag(&flag.value) {
            Some(value) => value,
            None => {
                sink.error(
                    flag.span,
                    format!("`opt_out` must be true or false, found `{}`", flag.value),
                    "expected true/false",
                    Some("accepted: true, false, yes, no, 1, 0, 是, 否".into()),
                );
                false
            }
        },
    };
    let tags = field("tags").map_or_else(Vec::new, |t| {
        t.value
            .split([';', '|'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    });
    Some(RawPerson {
        id: id?,
        name: field("name"),
        unit: unit?,
        level: level?,
        born: born?,
        score: score?,
        gender: field("gender"),
        function: field("function"),
        establishment: field("establishment"),
        tags,
        opt_out,
    })
}

/// Reads a yes/no cell the ways HR exports write it.
pub fn parse_flag(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "是" => Some(true),
        "false" | "no" | "n" | "0" | "否" | "" => Some(false),
        _ => None,
    }
}

/// Byte ranges of the fields of the CSV record starting at `start`, honouring
/// quotes, so that diagnostics can point at the exact cell.
fn field_spans(text: &str, start: usize) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut i = start;
    let mut field_start = start;
    let mut in_quotes = false;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => in_quotes = !in_quotes,
            b',' if !in_quotes => {
                spans.push(field_start..i);
                field_start = i + 1;
            }
            b'\n' | b'\r' if !in_quotes => break,
            _ => {}
        }
        i += 1;
    }
    spans.push(field_start..i);
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_spans_honour_quotes() {
        let text = "id,name\n1,\"Li, Wei\",x\n";
        let spans = field_spans(text, 8);
        let fields: Vec<&str> = spans.iter().map(|s| &text[s.clone()]).collect();
        assert_eq!(fields, ["1", "\"Li, Wei\"", "x"]);
    }

    #[test]
    fn flags_accept_common_spellings() {
        assert_eq!(parse_flag("YES"), Some(true));
        assert_eq!(parse_flag("否"), Some(false));
        assert_eq!(parse_flag("maybe"), None);
    }
}
