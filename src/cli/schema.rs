//! `reorg schema`: the JSON Schema of the scenario format, for editors
//! (docs/import.md, "Editor support").

use std::process::ExitCode;

use crate::cli::args::OutputArg;
use crate::scenario::schema::scenario_schema;

/// Arguments of `reorg schema`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shared [`OutputArg`].
    #[command(flatten)]
    pub output: OutputArg,
}

/// Prints the schema (pretty JSON).
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut text = serde_json::to_string_pretty(&scenario_schema())?;
    text.push('\n');
    super::write_output(args.output.output.as_deref(), text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
