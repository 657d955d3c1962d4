//! CSV rosters: the decoded text joins the source map, then records are read
//! with the `csv` crate while every field keeps its byte range, so that a
//! diagnostic points at the exact cell (quoted or not, after LF or CRLF).
//! The separator is detected (comma, tab or semicolon) unless
//! `[roster] delimiter` names it.

use crate::diagnostic::{Diagnostic, SourceMap, Span};
use crate::scenario::encoding::{self, Encoding};
use crate::scenario::node::Sink;
use crate::scenario::raw::{RawPerson, RawRoster};
use crate::scenario::roster::rows::{Cell, Row};
use crate::scenario::roster::source::{Content, Problem, RosterSource};
use crate::scenario::roster::table::{self, Known, Layout};

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
    let utf8_detected = decoded.utf8_detected() && !decoded.text.is_ascii();
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
        utf8_detected,
    }
}

/// Adds a hint about `[roster] encoding` to each error at a value of a CSV
/// read as UTF-8 by detection, when the value's bytes read as GBK are
/// Chinese text: the file was most likely saved as GBK and its bytes happen
/// to be valid UTF-8, which detection cannot tell.
pub fn encoding_hints(roster: &RosterSource, diagnostics: &mut [Diagnostic]) {
    if !roster.utf8_detected {
        return;
    }
    for diagnostic in diagnostics.iter_mut().filter(|d| d.is_error()) {
        let Some(location) = &diagnostic.location else {
            continue;
        };
        if location.file != roster.display {
            continue;
        }
        let Some(gbk) = location
            .line_text
            .get(location.underline.clone())
            .and_then(encoding::as_gbk)
        else {
            continue;
        };
        let hint = format!(
            "`{}` was read as UTF-8; read as GBK this value is `{gbk}`: if the file was saved as GBK, add `encoding = \"gbk\"` to `[roster]`",
            roster.display
        );
        diagnostic.hint = Some(match diagnostic.hint.take() {
            Some(first) => format!("{first}; or: {hint}"),
            None => hint,
        });
    }
}

/// The separator of a CSV text: the one of comma, tab and semicolon that
/// its first lines hold most of (comma on a tie). Excel's "Unicode text" and
/// many HR systems write tabs; European Excel writes semicolons.
fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [(b',', 0usize), (b'\t', 0), (b';', 0)];
    for line in text.lines().take(30) {
        for (delimiter, count) in &mut counts {
            *count += line.bytes().filter(|b| b == delimiter).count();
        }
    }
    let best = counts.iter().map(|&(_, c)| c).max().unwrap_or(0);
    counts
        .iter()
        .find(|&&(_, c)| c == best)
        .map_or(b',', |&(d, _)| d)
}

/// The records of a CSV text as rows, each field located; a malformed
/// record stops the reading and is kept in `failure` to be reported.
pub(super) struct Records<'t> {
    text: &'t str,
    base: usize,
    delimiter: u8,
    reader: csv::Reader<&'t [u8]>,
    record: csv::StringRecord,
    failure: Option<(Span, String)>,
    /// Line breaks before `counted`.
    lines: usize,
    counted: usize,
}

impl Iterator for Records<'_> {
    type Item = Row;

    fn next(&mut self) -> Option<Row> {
        if self.failure.is_some() {
            return None;
        }
        match self.reader.read_record(&mut self.record) {
            Ok(false) => return None,
            Ok(true) => {}
            Err(err) => {
                let offset = err.position().map_or(0, |p| p.byte() as usize);
                self.failure = Some((
                    Span::new(self.base + offset, self.base + offset + 1),
                    err.to_string(),
                ));
                return None;
            }
        }
        let text = self.text;
        // After a CRLF line break the reader places the next record at its
        // `\n`: the record itself starts after the line break.
        let mut start = self.record.position().map_or(0, |p| p.byte() as usize);
        while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        // Lines are counted as the reading goes, so that a long file costs linear time.
        self.lines += text.as_bytes()[self.counted.min(start)..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.counted = start;
        let number = self.lines + 1;
        let spans = field_spans(text, start, self.delimiter);
        let end = spans.last().map_or(start, |s| s.end);
        let span = Span::new(self.base + start, self.base + end);
        let hint = if ends_in_quotes(text, start) {
            "a quoted field is not closed: is the file cut short, or a `\"` missing?"
        } else if end == text.len() && !text.ends_with('\n') {
            "the last row is short and has no line break: is the file cut short?"
        } else {
            "every row needs one value per column, empty ones included"
        };
        let cells = self
            .record
            .iter()
            .enumerate()
            .map(|(index, value)| Cell {
                index,
                value: value.to_string(),
                span: spans
                    .get(index)
                    .map_or(span, |r| Span::new(self.base + r.start, self.base + r.end)),
            })
            .collect();
        Some(Row {
            number,
            span,
            cells,
            fields: Some((self.record.len(), hint)),
        })
    }
}

/// The records of a CSV roster, with the separator `[roster] delimiter`
/// names, or the one detected.
pub(super) fn records<'t>(roster: &'t RosterSource, delimiter: Option<u8>) -> Records<'t> {
    let text = roster.text.as_str();
    let delimiter = delimiter.unwrap_or_else(|| sniff_delimiter(text));
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    Records {
        text,
        base: roster.base,
        delimiter,
        reader,
        record: csv::StringRecord::new(),
        failure: None,
        lines: 0,
        counted: 0,
    }
}

pub(super) fn parse(
    roster: &RosterSource,
    options: &RawRoster,
    known: &Known<'_>,
    sink: &mut Sink<'_>,
) -> Vec<RawPerson> {
    let (text, base, display) = (roster.text.as_str(), roster.base, roster.display.as_str());
    let mut records = records(roster, options.delimiter.as_ref().map(|d| d.value));
    let column_name = |index: usize| (index + 1).to_string();
    let layout = Layout {
        display,
        what: format!("`{display}`"),
        span: Span::new(base, base + text.find('\n').unwrap_or(text.len())),
        column_name: &column_name,
        elsewhere: &|_| None,
        empty_cell: None,
    };
    let people = table::people(&mut records, &layout, options, known, sink);
    if let Some((span, err)) = records.failure {
        sink.error(
            span,
            format!("malformed CSV in `{display}`: {err}"),
            "",
            Some("check quoting: a field with a comma or quote must be in double quotes".into()),
        );
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
fn field_spans(text: &str, start: usize, delimiter: u8) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut i = start;
    let mut field_start = start;
    let mut in_quotes = false;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => in_quotes = !in_quotes,
            b if b == delimiter && !in_quotes => {
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
    fn the_separator_is_the_one_the_first_lines_hold_most() {
        assert_eq!(sniff_delimiter("id,name\n1,Li\n"), b',');
        assert_eq!(
            sniff_delimiter("名单\n工号\t姓名\t备注\n1\t李\t北京,朝阳\n"),
            b'\t'
        );
        assert_eq!(sniff_delimiter("id;name;x\n1;\"Li, W\";2\n"), b';');
        assert_eq!(sniff_delimiter(""), b',');
    }

    #[test]
    fn field_spans_honour_quotes() {
        let text = "id,name\n1,\"Li, Wei\",x\n";
        let spans = field_spans(text, 8, b',');
        let fields: Vec<&str> = spans.iter().map(|s| &text[s.clone()]).collect();
        assert_eq!(fields, ["1", "\"Li, Wei\"", "x"]);
    }
}
