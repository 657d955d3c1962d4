//! A first look at a roster file, for `reorg init`: its header found and
//! recognised (`工号` is `id`, `是否参加竞聘` an inverted `opt_out`), and the
//! units, levels and values its people hold, with counts.

use std::collections::HashMap;
use std::path::Path;

use crate::diagnostic::{Diagnostic, SourceMap, Span};
use crate::scenario::encoding::Encoding;
use crate::scenario::input::Files;
use crate::scenario::node::Sink;
use crate::scenario::raw::RawRoster;
use crate::scenario::roster::headers::recognise;
use crate::scenario::roster::read::read;
use crate::scenario::roster::request::Request;
use crate::scenario::roster::rows::Row;
use crate::scenario::roster::source::Content;
use crate::scenario::roster::totals::not_a_person;
use crate::scenario::roster::{csv, header_row, sheet};

/// What a roster holds, as `reorg init` needs it.
#[derive(Debug, Clone, Default)]
pub struct Survey {
    /// The sheet read, for an `.xlsx` file.
    pub sheet: Option<String>,
    /// The header's row, and whether rows above it were skipped.
    pub header_row: usize,
    /// True when the header is not the first non-empty row.
    pub header_below_title: bool,
    /// (roster column, the file's header) for each header recognised, in file order.
    pub columns: Vec<(&'static str, String)>,
    /// True when the `opt_out` header says who competes (its values inverted).
    pub opt_out_inverted: bool,
    /// Headers not recognised, in file order.
    pub other_headers: Vec<String>,
    /// People (rows that are not blank, totals or notes).
    pub people: usize,
    /// Distinct values of each recognised column, in order of first
    /// appearance, with counts (trimmed; empty cells not counted).
    pub values: HashMap<&'static str, Vec<(String, usize)>>,
    /// People per (unit, level) value.
    pub unit_levels: HashMap<(String, String), usize>,
}

impl Survey {
    /// The file's header for a roster column, if one was recognised.
    pub fn header(&self, column: &str) -> Option<&str> {
        self.columns
            .iter()
            .find(|(c, _)| *c == column)
            .map(|(_, h)| h.as_str())
    }

    /// The distinct values of a column, with counts.
    pub fn values_of(&self, column: &str) -> &[(String, usize)] {
        self.values.get(column).map_or(&[], Vec::as_slice)
    }
}

/// Surveys the roster at `path`: the problems that stop it (no such file, no
/// header) come back as diagnostics.
pub fn survey(path: &Path) -> Result<Survey, Vec<Diagnostic>> {
    let mut sources = SourceMap::new();
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let file = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let request = Request {
        file,
        span: Span::default(),
        encoding: Encoding::Auto,
        sheet: None,
    };
    let roster = read(&Files::Dir(dir), &request, &mut sources).map_err(|d| vec![*d])?;
    let mut sink = Sink::new(&sources);
    for problem in &roster.problems {
        sink.error(
            problem.span,
            problem.message.clone(),
            problem.label,
            Some(problem.hint.clone()),
        );
    }
    let options = RawRoster::default();
    let display = roster.display.clone();
    let mut survey = Survey::default();
    let what;
    let mut rows: Box<dyn Iterator<Item = Row> + '_> = match &roster.content {
        Content::Csv => {
            what = format!("`{display}`");
            Box::new(csv::records(&roster, None))
        }
        Content::Sheet(sheet_source) => {
            what = format!("sheet `{}` of `{display}`", sheet_source.name);
            survey.sheet = Some(sheet_source.name.clone());
            Box::new(sheet::rows(&roster, sheet_source))
        }
    };
    let span = Span::new(roster.base, roster.base);
    let Some(header) = header_row::find(&mut rows, &options, &what, span, &mut sink) else {
        return Err(sink.diagnostics);
    };
    if sink.has_errors() {
        return Err(sink.diagnostics);
    }
    survey.header_row = header.row.number;
    survey.header_below_title = !header.above.is_empty();
    let mut index: Vec<(&'static str, usize)> = Vec::new();
    for cell in &header.row.cells {
        let text = cell.value.trim();
        if text.is_empty() {
            continue;
        }
        match recognise(text).filter(|r| !index.iter().any(|(c, _)| *c == r.column)) {
            Some(r) => {
                index.push((r.column, cell.index));
                survey.columns.push((r.column, text.to_string()));
                if r.column == "opt_out" {
                    survey.opt_out_inverted = r.inverted;
                }
            }
            None => survey.other_headers.push(text.to_string()),
        }
    }
    let cell_of = |row: &Row, column: &str| {
        index
            .iter()
            .find(|(c, _)| *c == column)
            .and_then(|&(_, i)| row.cell(i))
            .map(|c| c.value.trim().to_string())
            .filter(|t| !t.is_empty())
    };
    for row in header.rest.into_iter().chain(rows) {
        if row.is_blank() || not_a_person(&row, cell_of(&row, "id").as_deref()).is_some() {
            continue;
        }
        survey.people += 1;
        for &(column, _) in &index {
            let Some(value) = cell_of(&row, column) else {
                continue;
            };
            let seen = survey.values.entry(column).or_default();
            match seen.iter_mut().find(|(v, _)| *v == value) {
                Some(entry) => entry.1 += 1,
                None => seen.push((value, 1)),
            }
        }
        if let (Some(unit), Some(level)) = (cell_of(&row, "unit"), cell_of(&row, "level")) {
            *survey.unit_levels.entry((unit, level)).or_default() += 1;
        }
    }
    Ok(survey)
}
