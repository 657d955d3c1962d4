//! Finding a roster file (on disk, compiled in, or in memory), reading it
//! within its size limit, and handing its bytes to the CSV or workbook layout
//! its extension names.

use std::path::Path;

use crate::bounded_read::{self, BoundedReadError};
use crate::diagnostic::{Diagnostic, SourceMap, Span};
use crate::scenario::input::Files;
use crate::scenario::limits;
use crate::scenario::roster::request::Request;
use crate::scenario::roster::source::{RosterSource, unreadable};
use crate::scenario::roster::{csv, sheet};

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
        Format::Csv => Ok(csv::read(display, &bytes, request.encoding, sources)),
        Format::Xls => Err(unreadable(
            sources,
            request.span,
            &display,
            "`.xls` (Excel 97-2003) workbooks are not read".into(),
            "save the sheet as .xlsx (Excel Workbook) or as CSV UTF-8",
        )),
        Format::Xlsx => sheet::read(display, &bytes, request, sources),
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

/// The bytes of a roster on disk, or why not, with a hint.
fn read_bytes(path: &Path) -> Result<Vec<u8>, (String, &'static str)> {
    bounded_read::read(path, limits::MAX_ROSTER_BYTES).map_err(|err| match err {
        BoundedReadError::Inspect(err) => (
            io_reason(&err),
            "the path is relative to the scenario file's folder",
        ),
        BoundedReadError::Directory => (err.to_string(), "name the roster file itself"),
        BoundedReadError::NotRegular | BoundedReadError::Kernel => {
            (err.to_string(), "name a CSV or .xlsx file")
        }
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
