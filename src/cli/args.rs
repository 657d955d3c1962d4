//! Flags that several commands share, defined once so that each means the
//! same thing everywhere: `--format`, `-o/--output`, `-j/--jobs`.

use std::path::PathBuf;

use crate::report;

/// `--format` of the commands whose result has all four views (`run`,
/// `batch`, `batch merge`, `compare`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Tables for a terminal.
    Table,
    /// JSON (docs/output-format.md, docs/batch.md).
    Json,
    /// CSV for spreadsheets.
    Csv,
    /// GitHub Markdown tables.
    Markdown,
}

impl From<Format> for report::Format {
    fn from(format: Format) -> report::Format {
        match format {
            Format::Table => report::Format::Table,
            Format::Json => report::Format::Json,
            Format::Csv => report::Format::Csv,
            Format::Markdown => report::Format::Markdown,
        }
    }
}

/// `--format` with its default.
#[derive(Debug, Clone, clap::Args)]
pub struct FormatArg {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// `-o/--output FILE` (also `--out`, its name in earlier versions).
#[derive(Debug, Clone, clap::Args)]
pub struct OutputArg {
    /// Write to FILE instead of stdout (written whole, then renamed into place).
    #[arg(
        short = 'o',
        long = "output",
        visible_alias = "out",
        value_name = "FILE"
    )]
    pub output: Option<PathBuf>,
}

/// `-j/--jobs J`.
#[derive(Debug, Clone, clap::Args)]
pub struct JobsArg {
    /// Threads (default: the number of cores). Results do not depend on it.
    #[arg(short = 'j', long, value_name = "J")]
    pub jobs: Option<usize>,
}
