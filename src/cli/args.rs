//! Flags that several commands share, defined once so that each means the
//! same thing everywhere: `--format` (with `--bom`/`--no-bom`), `-o/--output`,
//! `-j/--jobs`.

use std::path::{Path, PathBuf};

use crate::cli::bad_input;
use crate::report;

/// `--format` of the commands whose result has every view (`run`,
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
    /// One self-contained HTML page (docs/report.md).
    Html,
    /// An Excel workbook, one sheet per table (to a file or a pipe).
    Xlsx,
}

impl From<Format> for report::Format {
    fn from(format: Format) -> report::Format {
        match format {
            Format::Table => report::Format::Table,
            Format::Json => report::Format::Json,
            Format::Csv => report::Format::Csv,
            Format::Markdown => report::Format::Markdown,
            Format::Html => report::Format::Html,
            Format::Xlsx => report::Format::Xlsx,
        }
    }
}

/// `--lang`: the language of the words people read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese (简体中文).
    Zh,
}

impl From<Lang> for report::Lang {
    fn from(lang: Lang) -> report::Lang {
        match lang {
            Lang::En => report::Lang::En,
            Lang::Zh => report::Lang::Zh,
        }
    }
}

impl Format {
    /// The format a file name asks for by its extension (any case), if any:
    /// `.csv`, `.json`, `.md`/`.markdown`, `.html`/`.htm`, `.xlsx`.
    pub fn of_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }

    /// The extension of its files, for messages.
    fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            other => other.name(),
        }
    }

    /// The name `--format` takes.
    fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Xlsx => "xlsx",
        }
    }
}

/// `--format`, `--lang`, and whether CSV starts with a byte-order mark.
#[derive(Debug, Clone, clap::Args)]
pub struct FormatArg {
    /// Output format [default: for `run` and `compare`, the `-o` file's
    /// extension (.csv, .json, .md, .html, .xlsx); else table].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Language of headings, labels and figure names in tables, Markdown,
    /// HTML and workbooks (JSON keys and CSV columns stay English).
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
    /// Start CSV with a UTF-8 byte-order mark, so that Excel reads it as
    /// UTF-8 (the default for CSV written to a file, not on stdout).
    #[arg(long, overrides_with = "no_bom")]
    pub bom: bool,
    /// No byte-order mark, even in a file.
    #[arg(long, overrides_with = "bom")]
    pub no_bom: bool,
}

impl FormatArg {
    /// The format of a result written to `output` (stdout when `None`):
    /// `--format` when given, else the one the file's extension names, else
    /// tables. A `--format` that contradicts the extension (a table into
    /// `people.csv`) is refused rather than writing a file that its name
    /// misdescribes.
    pub fn resolve(&self, output: Option<&Path>) -> anyhow::Result<Format> {
        let implied = output.and_then(Format::of_path);
        match (self.format, implied) {
            (Some(given), Some(implied)) if given != implied => Err(bad_input(anyhow::anyhow!(
                "`--format {}` writes {}, but `{}` names a .{} file; drop `--format` (the extension decides) or give a file name that matches",
                given.name(),
                describe(given),
                output.map(Path::display).expect("implied from a path"),
                implied.extension(),
            ))),
            (Some(given), _) => Ok(given),
            (None, Some(implied)) => Ok(implied),
            (None, None) => Ok(Format::Table),
        }
    }

    /// The format of a result that always goes to stdout (`batch`'s summary,
    /// whose `-o` names the rows file): `--format`, else tables.
    pub fn on_stdout(&self) -> Format {
        self.format.unwrap_or(Format::Table)
    }

    /// Whether CSV gets a byte-order mark: as `--bom`/`--no-bom` say, else
    /// only in a file (Excel opens files; a pipe feeds scripts, which a mark
    /// would trip).
    pub fn bom(&self, to_file: bool) -> bool {
        if self.bom {
            true
        } else if self.no_bom {
            false
        } else {
            to_file
        }
    }
}

/// What a format writes, for messages.
fn describe(format: Format) -> &'static str {
    match format {
        Format::Table => "box-drawn tables for a terminal",
        Format::Json => "JSON",
        Format::Csv => "CSV",
        Format::Markdown => "Markdown",
        Format::Html => "an HTML page",
        Format::Xlsx => "an Excel workbook",
    }
}

/// The UTF-8 byte-order mark: Excel reads a CSV file that starts with it as
/// UTF-8, and one without it in the system's code page (GBK on Chinese
/// Windows), which garbles every Chinese name.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

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

/// A result rendered as `format` with `--lang`, as the bytes to write: CSV
/// with the byte-order mark when `--bom`/`--no-bom` and `to_file` say so.
/// A workbook is refused when it would go to a terminal, where it is noise.
pub fn render(
    result: &impl report::Render,
    format: Format,
    flags: &FormatArg,
    to_file: bool,
) -> anyhow::Result<Vec<u8>> {
    use std::io::IsTerminal;
    if format == Format::Xlsx && !to_file && std::io::stdout().is_terminal() {
        return Err(bad_input(anyhow::anyhow!(
            "an Excel workbook is not for a terminal: give `-o FILE.xlsx`, or redirect stdout to a file"
        )));
    }
    let bytes =
        report::render(result, format.into(), flags.lang.into()).map_err(|err| match err {
            report::RenderError::NoXlsx => bad_input(err),
            other => anyhow::Error::new(other),
        })?;
    Ok(if format == Format::Csv && flags.bom(to_file) {
        [BOM, bytes.as_slice()].concat()
    } else {
        bytes
    })
}

/// `--anonymize[=names|ids]` and `--anonymize-key`, shared by `run` and
/// `explain`: people's names (and ids) replaced with keyed pseudonyms.
#[derive(Debug, Clone, clap::Args)]
pub struct AnonymizeArg {
    /// Replace people's names with stable pseudonyms (`P-3f9a2c81d0e4`) in
    /// every format; `--anonymize=ids` replaces their ids too.
    #[arg(
        long,
        value_enum,
        value_name = "WHAT",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "names"
    )]
    pub anonymize: Option<Anonymize>,
    /// Secret key of the pseudonyms (else `REORG_ANONYMIZE_KEY`). Without one,
    /// anyone with the roster can recompute them.
    #[arg(long, value_name = "KEY", requires = "anonymize")]
    pub anonymize_key: Option<String>,
}

/// What `--anonymize` replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Anonymize {
    /// Names only: ids stay, so rows still join with the roster.
    Names,
    /// Names and ids.
    Ids,
}

impl AnonymizeArg {
    /// The mode and key asked for, if any: the key from `--anonymize-key`,
    /// else `REORG_ANONYMIZE_KEY`; an empty key is no key.
    pub fn resolve(&self) -> Option<(crate::metrics::AnonymizeMode, Option<String>)> {
        let what = self.anonymize?;
        let key = self
            .anonymize_key
            .clone()
            .or_else(|| std::env::var("REORG_ANONYMIZE_KEY").ok())
            .filter(|key| !key.is_empty());
        let mode = match what {
            Anonymize::Names => crate::metrics::AnonymizeMode::Names,
            Anonymize::Ids => crate::metrics::AnonymizeMode::Ids,
        };
        Some((mode, key))
    }
}
