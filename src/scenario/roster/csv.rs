//! CSV rosters: the decoded text joins the source map, then records are read
//! with the `csv` crate while every field keeps its byte range, so that a
//! diagnostic points at the exact cell (quoted or not, after LF or CRLF).

use crate::diagnostic::{SourceMap, Span};
use crate::scenario::encoding::{self, Encoding};
use crate::scenario::limits;
use crate::scenario::node::Sink;
use crate::scenario::raw::{RawPerson, RawRoster};
use crate::scenario::roster::columns::{HeaderCell, ValueMaps, field_of, map_columns, too_long};
use crate::scenario::roster::people::person_from_row;
use crate::scenario::roster::source::{Content, Problem, RosterSource};

/// Decodes a CSV roster and adds its text to the source map. Bytes the
/// encoding cannot decode become U+FFFD and are reported, the first of each
/// line, at their place in the text.
pub(super) fn read(
    display: String,
    bytes: &[u8],
    asked: Encoding,
    sources: &mut SourceMap,
) -> RosterSource {
    let decoded = encoding::decode(bytes, asked);
    let base = sources.add(display.as_str(), decoded.text.as_str());
    let problems = decoded
        .bad
        .iter()
        .map(|(at, bytes)| Problem {
            span: Span::new(base + at, base + at + '\u{FFFD}'.len_utf8()),
            message: format!(
                "`{display}` holds bytes that are not valid {}: {}",
                decoded.encoding_name(),
                encoding::hex(bytes)
            ),
            label: "cannot be decoded",
            hint: decoded.hint(),
        })
        .collect();
    RosterSource {
        display,
        base,
        text: decoded.text,
        content: Content::Csv,
        problems,
        hidden: decoded.more,
    }
}

pub(super) fn parse(
    roster: &RosterSource,
    options: &RawRoster,
    values: &ValueMaps<'_>,
    sink: &mut Sink<'_>,
) -> Vec<RawPerson> {
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
    // The header cells as written, quotes included, so a quoted header is located exactly.
    let header_fields = field_spans(text, 0);
    let header: Vec<HeaderCell> = headers
        .iter()
        .enumerate()
        .map(|(index, name)| HeaderCell {
            text: name.to_string(),
            span: header_fields
                .get(index)
                .map_or(header_span, |r| Span::new(base + r.start, base + r.end)),
            index,
        })
        .collect();
    let Some(columns) = map_columns(&header, header_span, display, options, sink) else {
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
        // After a CRLF line break the reader places the next record at its
        // `\n`: the record itself starts after the line break.
        let mut start = record.position().map_or(0, |p| p.byte() as usize);
        while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let spans = field_spans(text, start);
        let row_span = Span::new(base + start, base + spans.last().map_or(start, |s| s.end));
        if record.len() != headers.len() {
            let end = spans.last().map_or(start, |s| s.end);
            let hint = if ends_in_quotes(text, start) {
                "a quoted field is not closed: is the file cut short, or a `\"` missing?"
            } else if end == text.len() && !text.ends_with('\n') {
                "the last row is short and has no line break: is the file cut short?"
            } else {
                "every row needs one value per column, empty ones included"
            };
            sink.error(
                row_span,
                format!(
                    "row has {} fields but the header has {} columns",
                    record.len(),
                    headers.len()
                ),
                "wrong number of fields",
                Some(hint.into()),
            );
            continue;
        }
        if record.iter().all(str::is_empty) {
            continue;
        }
        let cell = |index: usize| -> Option<(&str, Span)> {
            let value = record.get(index)?;
            let span = spans
                .get(index)
                .map_or(row_span, |s| Span::new(base + s.start, base + s.end));
            Some((value, span))
        };
        if too_long(&columns, &cell, sink) {
            continue;
        }
        let field = |column: &str| field_of(&columns, values, column, &cell);
        if let Some(person) = person_from_row(&field, row_span, sink) {
            people.push(person);
        }
    }
    people
}

/// True when the CSV record starting at `start` opens a quoted field that
/// the text never closes.
fn ends_in_quotes(text: &str, start: usize) -> bool {
    let mut in_quotes = false;
    for &b in &text.as_bytes()[start..] {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' | b'\r' if !in_quotes => return false,
            _ => {}
        }
    }
    in_quotes
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
}
