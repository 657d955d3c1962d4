//! `reorg match INSTANCE` (being written).

use std::process::ExitCode;

/// Arguments of `reorg match`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The instance file (JSON).
    pub instance: std::path::PathBuf,
}

/// Runs `reorg match`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`reorg match` is not implemented yet")
}
