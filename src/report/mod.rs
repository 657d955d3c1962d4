//! Renderers: turn computed values into bytes (text tables, Markdown, JSON,
//! CSV, HTML, Excel workbooks, DOT, Mermaid). They look values up but never
//! compute figures.
//!
//! Every human-readable output is a [`document::Document`] drawn by the one
//! engine in [`document`], with numbers and user text written by [`text`]
//! and words in the reader's language from [`labels`]. A workbook is the
//! result's [`sheet::Sheet`]s, drawn by `xlsx` (with the `xlsx` feature);
//! an HTML page is the document's tables, with figures in front for a run
//! ([`html`]).

pub mod batch;
pub mod check;
pub mod compare;
pub mod document;
pub mod explain;
pub mod graph;
pub mod html;
pub mod labels;
pub mod names;
pub mod plain;
pub mod process;
pub mod report_views;
pub mod risk;
pub mod roster;
pub mod run;
mod run_view;
pub mod sheet;
pub mod sheets;
pub mod text;
pub mod view;
#[cfg(feature = "xlsx")]
pub mod xlsx;
pub mod years;

pub use labels::Lang;

/// The views every result has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Tables for a terminal ([`document::terminal`]).
    Table,
    /// Pretty JSON: the value itself.
    Json,
    /// CSV for spreadsheets.
    Csv,
    /// GitHub Markdown ([`document::markdown`]).
    Markdown,
    /// One self-contained HTML page ([`html`]).
    Html,
    /// An Excel workbook, one sheet per table (binary).
    Xlsx,
}

/// A result that can be shown in every [`Format`]: tables, Markdown and the
/// page's tables come from its one [`document::Document`], JSON and CSV from
/// the value, a workbook from its [`sheet::Sheet`]s.
pub trait Render {
    /// The tables of the result, with words in `lang`.
    fn document(&self, lang: Lang) -> document::Document;
    /// The result as pretty JSON.
    fn json(&self) -> String;
    /// The result as CSV.
    fn csv(&self) -> String;
    /// The result as spreadsheet tables, headers in `lang`: by default its
    /// tables, cell by cell as text.
    fn sheets(&self, lang: Lang) -> Vec<sheet::Sheet> {
        sheet::of_document(&self.document(lang))
    }
    /// The result as one self-contained HTML page: by default its tables.
    fn html(&self, lang: Lang) -> String {
        html::page(&self.document(lang), lang, &[])
    }
}

/// Why a result could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// This build has no workbook writer.
    #[error(
        "this reorg was built without the `xlsx` feature: no Excel workbooks; use `--format csv`"
    )]
    NoXlsx,
    /// The workbook writer failed.
    #[error("cannot write the workbook: {0}")]
    Xlsx(String),
}

/// Renders a result in a format, with the words people read in `lang`
/// (JSON and CSV have none: their keys are a contract).
pub fn render(result: &impl Render, format: Format, lang: Lang) -> Result<Vec<u8>, RenderError> {
    Ok(match format {
        Format::Table => document::terminal(&result.document(lang)).into_bytes(),
        Format::Markdown => document::markdown(&result.document(lang)).into_bytes(),
        Format::Json => result.json().into_bytes(),
        Format::Csv => result.csv().into_bytes(),
        Format::Html => result.html(lang).into_bytes(),
        Format::Xlsx => workbook(&result.sheets(lang))?,
    })
}

#[cfg(feature = "xlsx")]
fn workbook(sheets: &[sheet::Sheet]) -> Result<Vec<u8>, RenderError> {
    xlsx::workbook(sheets).map_err(|err| RenderError::Xlsx(err.to_string()))
}

#[cfg(not(feature = "xlsx"))]
fn workbook(_: &[sheet::Sheet]) -> Result<Vec<u8>, RenderError> {
    Err(RenderError::NoXlsx)
}
