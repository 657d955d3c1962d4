//! The `reorg` command line: parse arguments, dispatch, render errors once.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match reorg::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // clap prints help and version to stdout with exit 0; misuse to stderr with exit 2.
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match reorg::cli::run(cli) {
        Ok(code) => code,
        Err(err) => {
            if reorg::cli::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            let mut stderr = std::io::stderr().lock();
            let _ = stderr.write_all(reorg::cli::render_error(&err).as_bytes());
            ExitCode::from(reorg::cli::exit_code(&err))
        }
    }
}
