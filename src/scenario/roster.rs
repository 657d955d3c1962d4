//! Roster files: people read from a CSV or `.xlsx` file beside the scenario.
//!
//! Real HR exports are read unedited: a CSV in UTF-8 (with or without a
//! byte-order mark) or GBK/GB18030 is detected, an `.xlsx` sheet is read with
//! calamine (cargo feature `xlsx`), `[roster] columns` maps the export's own
//! headers (`工号`, `姓名`, ...) to roster columns, and `[roster] values`
//! translates its values (`科员` → `staff`).
//!
//! The decoded text joins the [`SourceMap`] like the scenario itself, and
//! every field keeps its span, so a bad value in row 812 is reported at
//! `roster.csv:812:14` with the same checks and hints as an inline
//! `[[person]]`. An `.xlsx` sheet has no text, so its non-empty cells are
//! laid out one row per line (`王伟 | housing | manger`) under the name
//! `roster.xlsx:名单`, and [`relocate`] gives each diagnostic the sheet's row
//! number as its line and names the cell in its message (`(cell D3)`).

use std::collections::HashMap;
use std::path::Path;

use crate::bounded_read::{self, BoundedReadError};
use crate::csv_guard::unneutralise;
use crate::diagnostic::{Diagnostic, SourceMap, Span};
use crate::scenario::encoding::{self, Encoding};
use crate::scenario::input::Files;
use crate::scenario::limits;
use crate::scenario::node::{self, Sink, Sp, backticked};
use crate::scenario::raw::{PERSON_KEYS, RawPerson, RawRoster};
use crate::scenario::suggest;

const REQUIRED_COLUMNS: &[&str] = &["id", "unit", "level", "born", "score"];

/// What `[roster]` asks to be read, taken from the document tree before
/// decoding starts (the file must join the source map first).
#[derive(Debug, Clone)]
pub struct Request {
    /// `file`, as written.
    pub file: String,
    /// Where `file` is written, for problems with the file as a whole.
    pub span: Span,
    /// `encoding`, when it names a known encoding.
    pub encoding: Encoding,
    /// `sheet` and where it is written.
    #[cfg_attr(
        not(feature = "xlsx"),
        allow(dead_code, reason = "read by the xlsx reader")
    )]
    pub sheet: Option<(String, Span)>,
}

/// The roster `[roster] file` names, when it is a plain string. `None` also
/// when `encoding` or `sheet` is malformed: that is reported when the table
/// is decoded, and reading the file the wrong way would only add noise.
pub fn request(doc: &node::Table) -> Option<Request> {
    let node::Value::Table(roster) = &doc.get("roster")?.value else {
        return None;
    };
    let file = roster.get("file")?;
    let node::Value::Str(name) = &file.value else {
        return None;
    };
    let encoding = match roster.get("encoding").map(|n| &n.value) {
        None => Encoding::Auto,
        Some(node::Value::Str(text)) => Encoding::parse(text)?,
        Some(_) => return None,
    };
    let sheet = match roster.get("sheet") {
        None => None,
        Some(node) => match &node.value {
            node::Value::Str(text) => Some((text.clone(), node.span)),
            _ => return None,
        },
    };
    Some(Request {
        file: name.clone(),
        span: file.span,
        encoding,
        sheet,
    })
}

/// A roster's text in the source map.
#[derive(Debug)]
pub struct RosterSource {
    /// How diagnostics name the file.
    pub display: String,
    /// Where its text starts in the source map.
    pub base: usize,
    /// The text: the decoded CSV, or an `.xlsx` sheet laid out one row per line.
    pub text: String,
    /// CSV text, or the cells of a sheet.
    content: Content,
    /// Problems found while decoding, reported when the roster is parsed.
    problems: Vec<Problem>,
    /// Decoding problems found beyond [`limits::MAX_DIAGNOSTICS`].
    hidden: usize,
}

#[derive(Debug)]
enum Content {
    Csv,
    #[cfg_attr(
        not(feature = "xlsx"),
        allow(dead_code, reason = "made by the xlsx reader")
    )]
    Sheet(SheetSource),
}

/// An `.xlsx` sheet laid out as text: one line per non-empty row.
#[derive(Debug)]
struct SheetSource {
    /// The sheet's name.
    name: String,
    /// How the source map names the laid-out text (`file:sheet`).
    source_name: String,
    /// One per line of the text, in order.
    rows: Vec<SheetLine>,
}

#[derive(Debug)]
struct SheetLine {
    /// The sheet's row number (1-based).
    number: u32,
    /// Non-empty cells, by column.
    cells: Vec<SheetCell>,
}

#[derive(Debug)]
struct SheetCell {
    /// 0-based column (A = 0).
    column: u32,
    /// The cell's value as text.
    value: String,
    /// Where its display stands in the source map.
    span: Span,
}

/// A problem found while reading, reported when the roster is parsed.
#[derive(Debug)]
struct Problem {
    span: Span,
    message: String,
    label: &'static str,
    hint: String,
}

/// Reads the roster a [`Request`] names: the bytes, decoded (CSV) or unpacked
/// (`.xlsx`), join the source map. Problems with the file as a whole (missing,
/// too big, not a workbook, no such sheet) come back as one diagnostic.
pub fn read(
    files: &Files,
    request: &Request,
    sources: &mut SourceMap,
) -> Result<RosterSource, Box<Diagnostic>> {
    let file = request.file.as_str();
    let (display, bytes) = match files {
        Files::Dir(dir) => {
            let path = dir.join(file);
            let display = path.display().to_string();
            match read_bytes(&path) {
                Ok(bytes) => (display, bytes),
                Err((why, hint)) => {
                    return Err(unreadable(sources, request.span, &display, why, hint));
                }
            }
        }
        Files::Embedded(table) => match table.iter().find(|(name, _)| *name == file) {
            Some((name, text)) => (name.to_string(), text.as_bytes().to_vec()),
            None => return Err(no_such_file(sources, request.span, file)),
        },
        Files::Memory(table) => match table.iter().find(|(name, _)| name == file) {
            Some((name, bytes)) => (name.clone(), bytes.clone()),
            None => return Err(no_such_file(sources, request.span, file)),
        },
    };
    match Format::of(file) {
        Format::Csv => Ok(read_csv(display, &bytes, request.encoding, sources)),
        Format::Xls => Err(unreadable(
            sources,
            request.span,
            &display,
            "`.xls` (Excel 97-2003) workbooks are not read".into(),
            "save the sheet as .xlsx (Excel Workbook) or as CSV UTF-8",
        )),
        Format::Xlsx => read_xlsx(display, &bytes, request, sources),
    }
}

/// The kinds of roster file, told apart by the file extension.
enum Format {
    Csv,
    Xlsx,
    Xls,
}

impl Format {
    fn of(file: &str) -> Format {
        let lower = file.to_lowercase();
        if lower.ends_with(".xlsx") || lower.ends_with(".xlsm") {
            Format::Xlsx
        } else if lower.ends_with(".xls") {
            Format::Xls
        } else {
            Format::Csv
        }
    }
}

fn no_such_file(sources: &SourceMap, span: Span, file: &str) -> Box<Diagnostic> {
    unreadable(
        sources,
        span,
        file,
        "the built-in scenario has no such file".into(),
        "save the scenario to disk with its roster and run that file",
    )
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
    bounded_read::read(path, limits::MAX_ROSTER_BYTES).map_err(|err| match err {
        BoundedReadError::Inspect(err) => (
            io_reason(&err),
            "the path is relative to the scenario file's folder",
        ),
        BoundedReadError::Directory => (err.to_string(), "name the roster file itself"),
        BoundedReadError::NotRegular => (err.to_string(), "name a CSV or .xlsx file"),
        BoundedReadError::TooBig { .. } => {
            (err.to_string(), "split the reform into several scenarios")
        }
        BoundedReadError::Read(err) => (io_reason(&err), "check the file's permissions"),
    })
}

fn io_reason(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => err.to_string(),
    }
}

// ---------------------------------------------------------------------------
// CSV: decoding.

/// Decodes a CSV roster and adds its text to the source map. Bytes the
/// encoding cannot decode become U+FFFD and are reported, the first of each
/// line, at their place in the text.
fn read_csv(
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

// ---------------------------------------------------------------------------
// XLSX: unpacking.

#[cfg(feature = "xlsx")]
fn read_xlsx(
    display: String,
    bytes: &[u8],
    request: &Request,
    sources: &mut SourceMap,
) -> Result<RosterSource, Box<Diagnostic>> {
    use crate::scenario::xlsx;
    let wanted = request.sheet.as_ref().map(|(name, _)| name.as_str());
    let sheet = match xlsx::read(bytes, wanted) {
        Ok(sheet) => sheet,
        Err(problem) => {
            let span = match (&problem.place, &request.sheet) {
                (xlsx::Place::Sheet, Some((_, span))) => *span,
                _ => request.span,
            };
            return Err(unreadable(
                sources,
                span,
                &display,
                problem.why,
                &problem.hint,
            ));
        }
    };
    // One line per non-empty row: the cells' text (control characters as
    // spaces, long values cut) between ` | `, so a diagnostic shows the row.
    let mut text = String::new();
    let mut rows: Vec<SheetLine> = Vec::with_capacity(sheet.rows.len());
    for row in sheet.rows {
        let mut cells = Vec::with_capacity(row.cells.len());
        for (i, (column, value)) in row.cells.into_iter().enumerate() {
            if i > 0 {
                text.push_str(" | ");
            }
            let start = text.len();
            text.extend(
                value
                    .chars()
                    .take(100)
                    .map(|c| if c.is_control() { ' ' } else { c }),
            );
            // Offsets in the text for now; moved to the source map below.
            cells.push(SheetCell {
                column,
                value,
                span: Span::new(start, text.len()),
            });
        }
        text.push('\n');
        rows.push(SheetLine {
            number: row.number,
            cells,
        });
    }
    let source_name = format!("{display}:{}", sheet.name);
    let base = sources.add(source_name.as_str(), text.as_str());
    for cell in rows.iter_mut().flat_map(|r| r.cells.iter_mut()) {
        cell.span = Span::new(base + cell.span.start, base + cell.span.end);
    }
    Ok(RosterSource {
        display,
        base,
        text,
        content: Content::Sheet(SheetSource {
            name: sheet.name,
            source_name,
            rows,
        }),
        problems: Vec::new(),
        hidden: 0,
    })
}

#[cfg(not(feature = "xlsx"))]
fn read_xlsx(
    display: String,
    _bytes: &[u8],
    request: &Request,
    sources: &mut SourceMap,
) -> Result<RosterSource, Box<Diagnostic>> {
    Err(unreadable(
        sources,
        request.span,
        &display,
        "this reorg was built without `.xlsx` support (cargo feature `xlsx`)".into(),
        "save the sheet as CSV UTF-8, or build reorg with its default features",
    ))
}

/// Puts the diagnostics located in an `.xlsx` sheet's laid-out text at the
/// sheet's positions: the line becomes the row number, and the message names
/// the cell (`(cell D3)`), or the row when the whole row is meant. The column
/// stays the one in the laid-out row shown under the message, so that the
/// one-line form and the rendered snippet agree.
pub fn relocate(roster: &RosterSource, diagnostics: &mut [Diagnostic]) {
    let Content::Sheet(sheet) = &roster.content else {
        return;
    };
    for diagnostic in diagnostics {
        let Some(location) = &mut diagnostic.location else {
            continue;
        };
        if location.file != sheet.source_name {
            continue;
        }
        let Some(row) = sheet.rows.get(location.line.wrapping_sub(1)) else {
            continue;
        };
        // Each line begins with its row's first cell.
        let Some(first) = row.cells.first() else {
            continue;
        };
        let start = first.span.start + location.underline.start;
        let end = first.span.start + location.underline.end;
        let place = match row.cells.iter().find(|c| c.span.start == start) {
            Some(cell) if end <= cell.span.end.max(start + 1) => {
                format!("cell {}{}", column_name(cell.column), row.number)
            }
            _ => format!("row {}", row.number),
        };
        location.line = row.number as usize;
        diagnostic.message = format!("{} ({place})", diagnostic.message);
    }
}

/// A column's letters: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_name(column: u32) -> String {
    let mut n = u64::from(column) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

// ---------------------------------------------------------------------------
// Rows into people.

/// A header cell: its text, where it is, and the column index rows use for it.
struct HeaderCell {
    text: String,
    span: Span,
    index: usize,
}

/// Splits a roster into people, reporting bad headers, rows and values.
pub fn parse(roster: &RosterSource, options: &RawRoster, sink: &mut Sink<'_>) -> Vec<RawPerson> {
    for problem in &roster.problems {
        sink.error(
            problem.span,
            problem.message.clone(),
            problem.label,
            Some(problem.hint.clone()),
        );
    }
    sink.hidden += roster.hidden;
    let values = ValueMaps::new(options);
    match &roster.content {
        Content::Csv => parse_csv(roster, options, &values, sink),
        Content::Sheet(sheet) => parse_sheet(roster, sheet, options, &values, sink),
    }
}

fn parse_csv(
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

fn parse_sheet(
    roster: &RosterSource,
    sheet: &SheetSource,
    options: &RawRoster,
    values: &ValueMaps<'_>,
    sink: &mut Sink<'_>,
) -> Vec<RawPerson> {
    let display = roster.display.as_str();
    let Some((first, rows)) = sheet.rows.split_first() else {
        sink.error(
            Span::new(roster.base, roster.base),
            format!("sheet `{}` of `{display}` is empty", sheet.name),
            "",
            Some("the first non-empty row is the header; people follow it".into()),
        );
        return Vec::new();
    };
    let line_span = |line: &SheetLine| {
        Span::new(
            line.cells.first().map_or(roster.base, |c| c.span.start),
            line.cells.last().map_or(roster.base, |c| c.span.end),
        )
    };
    let header: Vec<HeaderCell> = first
        .cells
        .iter()
        .map(|c| HeaderCell {
            text: c.value.clone(),
            span: c.span,
            index: c.column as usize,
        })
        .collect();
    let Some(columns) = map_columns(&header, line_span(first), display, options, sink) else {
        return Vec::new();
    };
    let mut people = Vec::new();
    for line in rows {
        let row_span = line_span(line);
        let cell = |index: usize| -> Option<(&str, Span)> {
            let at = line
                .cells
                .binary_search_by_key(&index, |c| c.column as usize)
                .ok()?;
            let cell = &line.cells[at];
            Some((cell.value.as_str(), cell.span))
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

/// Reports every cell of a row that feeds a roster column and is longer than
/// [`limits::MAX_TEXT_CHARS`]; true when there was one (the row is skipped).
fn too_long<'t>(
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

/// One roster column of a row: trimmed, a leading `'` that reorg added
/// against formula injection dropped, translated by `[roster] values`, and
/// `None` when empty.
fn field_of<'t>(
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

/// `[roster] values`, looked up by column and value.
struct ValueMaps<'o> {
    maps: HashMap<&'o str, HashMap<&'o str, &'o str>>,
}

impl<'o> ValueMaps<'o> {
    fn new(options: &'o RawRoster) -> ValueMaps<'o> {
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

/// Which header feeds which roster column. Without `[roster] columns` every
/// header must be a roster column name. With it, mapped headers feed their
/// columns, unmapped headers that are roster column names still work, and
/// any other header (an HR export's extra columns) is ignored.
fn map_columns(
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
    let born = born.and_then(|b| match parse_year(&b.value) {
        Some(value) => Some(Sp {
            value,
            span: b.span,
        }),
        None => {
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

/// A birth year as HR exports write it: `1975`, or a date that starts with
/// the year (`1975-03-08`, `1975/3/8`, `1975.03`, `1975年3月`), the form
/// Excel dates take when read from an `.xlsx` sheet. Other text is `None`.
pub fn parse_year(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(year) = text.parse::<i64>() {
        return Some(year);
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits != 4 {
        return None;
    }
    let (year, rest) = text.split_at(4);
    let is_date = rest.starts_with(['-', '/', '.', '年'])
        && rest
            .chars()
            .all(|c| c.is_ascii_digit() || "-/.年月日T: ".contains(c));
    if is_date { year.parse().ok() } else { None }
}

/// Reads a yes/no cell the ways HR exports write it.
pub fn parse_flag(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "是" => Some(true),
        "false" | "no" | "n" | "0" | "否" | "" => Some(false),
        _ => None,
    }
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

    #[test]
    fn flags_accept_common_spellings() {
        assert_eq!(parse_flag("YES"), Some(true));
        assert_eq!(parse_flag("否"), Some(false));
        assert_eq!(parse_flag("maybe"), None);
    }

    #[test]
    fn years_are_read_from_dates() {
        for (text, year) in [
            ("1975", Some(1975)),
            (" 1975 ", Some(1975)),
            ("-5", Some(-5)),
            ("1975-03-08", Some(1975)),
            ("1975/3/8", Some(1975)),
            ("1975.03", Some(1975)),
            ("1975年3月", Some(1975)),
            ("1975年3月8日", Some(1975)),
            ("1975-03-08T00:00:00", Some(1975)),
            ("19750", Some(19750)),
            ("1975x", None),
            ("197-03", None),
            ("1975-ab", None),
            ("75", Some(75)),
            ("", None),
            ("1975.5.", Some(1975)),
        ] {
            assert_eq!(parse_year(text), year, "{text:?}");
        }
    }

    #[test]
    fn column_names_are_spreadsheet_letters() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(2), "C");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
        assert_eq!(column_name(16_383), "XFD");
    }
}
