//! `reorg generate SCENARIO`: write the synthetic roster of `[roster.generate]` as CSV.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::args::OutputArg;
use crate::report;
use crate::scenario::{self, Files, Input};

/// Arguments of `reorg generate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file with a `[roster.generate]` section.
    pub scenario: PathBuf,
    /// Override a scenario value by its TOML path (e.g. `--set roster.generate.seed=7`).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// The shared [`OutputArg`].
    #[command(flatten)]
    pub output: OutputArg,
}

/// Runs `reorg generate`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let name = args.scenario.display().to_string();
    let text = scenario::read_scenario_file(&args.scenario, &name)?;
    let files = Files::Dir(
        args.scenario
            .parent()
            .map(PathBuf::from)
            .unwrap_or_default(),
    );
    let loaded = scenario::load_generated(&Input { name, text, files }, &args.set)?;
    let csv = report::roster::csv(&loaded.scenario);
    super::write_output(args.output.output.as_deref(), csv.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
