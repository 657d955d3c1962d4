//! Renderers: turn computed values into bytes (text tables, Markdown, JSON,
//! CSV, DOT, Mermaid). They look values up but never compute figures.
//!
//! Every human-readable output is a [`document::Document`] drawn by the one
//! engine in [`document`], with numbers and user text written by [`text`].

pub mod batch;
pub mod check;
pub mod compare;
pub mod document;
pub mod graph;
pub mod plain;
pub mod process;
pub mod roster;
pub mod run;
pub mod text;

/// The four views every result has.
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
}

/// A result that can be shown in every [`Format`]: tables and Markdown come
/// from its one [`document::Document`], JSON and CSV from the value.
pub trait Render {
    /// The tables of the result.
    fn document(&self) -> document::Document;
    /// The result as pretty JSON.
    fn json(&self) -> String;
    /// The result as CSV.
    fn csv(&self) -> String;
}

/// Renders a result in a format.
pub fn render(result: &impl Render, format: Format) -> String {
    match format {
        Format::Table => document::terminal(&result.document()),
        Format::Markdown => document::markdown(&result.document()),
        Format::Json => result.json(),
        Format::Csv => result.csv(),
    }
}
