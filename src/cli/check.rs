//! `reorg check SCENARIO...`: validate scenarios and summarise them without running.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::args::OutputArg;
use crate::graph::MergeGraph;
use crate::metrics::ScenarioSummary;
use crate::report;
use crate::scenario;

/// Arguments of `reorg check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario files (TOML).
    #[arg(required = true)]
    pub scenarios: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// The shared [`OutputArg`].
    #[command(flatten)]
    pub output: OutputArg,
}

/// How `check` prints its summaries (no CSV: a summary is not one table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// What each file holds, with a per-level table, for a terminal.
    #[value(alias = "text")]
    Table,
    /// A JSON array, one object per valid file.
    Json,
    /// GitHub Markdown.
    Markdown,
}

/// Runs `reorg check`: every file is checked; exit code 2 when any is invalid.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut summaries = Vec::new();
    let mut any_invalid = false;
    let mut stderr = std::io::stderr().lock();
    for path in &args.scenarios {
        let display = path.display().to_string();
        match scenario::load(path) {
            Ok(loaded) => {
                let graph = MergeGraph::build(&loaded.scenario);
                let mut summary = ScenarioSummary::of(&loaded.scenario, &graph);
                let located: Vec<String> = loaded.warnings.iter().map(|w| w.to_string()).collect();
                summary.warnings.splice(0..0, located);
                summaries.push((display, summary));
            }
            Err(err) => {
                any_invalid = true;
                stderr.write_all(super::render_error(&anyhow::Error::new(err)).as_bytes())?;
            }
        }
    }
    let text = match args.format {
        Format::Table => report::check::text(&summaries),
        Format::Json => report::check::json(&summaries),
        Format::Markdown => report::check::markdown(&summaries),
    };
    super::write_output(args.output.output.as_deref(), text.as_bytes())?;
    let warned = summaries.iter().any(|(_, s)| !s.warnings.is_empty());
    if !any_invalid && warned && super::warnings::policy().deny {
        return Err(super::bad_input(anyhow::anyhow!(
            "the scenarios have warnings, and `--deny-warnings` makes them errors"
        )));
    }
    Ok(if any_invalid {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
