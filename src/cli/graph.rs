//! `reorg graph SCENARIO`: print the merge graph as DOT, Mermaid or JSON.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::args::OutputArg;
use crate::graph::MergeGraph;
use crate::report;
use crate::scenario;

/// Arguments of `reorg graph`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Dot)]
    pub format: Format,
    /// The shared [`OutputArg`].
    #[command(flatten)]
    pub output: OutputArg,
}

/// Graph output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Graphviz DOT (`reorg graph s.toml | dot -Tsvg > merge.svg`).
    Dot,
    /// A Mermaid flowchart, for Markdown.
    Mermaid,
    /// JSON nodes and edges.
    Json,
}

/// Runs `reorg graph`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let loaded = scenario::load(&args.scenario)?;
    super::warnings::report_loaded(&loaded)?;
    let graph = MergeGraph::build(&loaded.scenario);
    let view = graph.view(&loaded.scenario);
    let text = match args.format {
        Format::Dot => report::graph::dot(&view),
        Format::Mermaid => report::graph::mermaid(&view),
        Format::Json => report::graph::json(&view),
    };
    super::write_output(args.output.output.as_deref(), text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
