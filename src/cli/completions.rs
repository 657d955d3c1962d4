//! `reorg completions SHELL`: the shell's completion script, generated from
//! the same command definition the parser uses (clap_complete).

use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;

/// Arguments of `reorg completions`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell: bash, zsh, fish, powershell or elvish.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Prints the completion script on stdout. docs/import.md says where each
/// shell looks for it.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "reorg", &mut script);
    super::write_stdout(&script)?;
    Ok(ExitCode::SUCCESS)
}
