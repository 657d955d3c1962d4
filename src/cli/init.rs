//! `reorg init ROSTER`: a starter scenario from a roster file, checked as
//! written (docs/import.md, "From an export to a first run").

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::args::OutputArg;
use crate::cli::bad_input;
use crate::scenario;
use crate::scenario::starter::starter;

/// Arguments of `reorg init`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The roster: a CSV, tab-separated or Unicode text export, or an `.xlsx` workbook.
    pub roster: PathBuf,
    /// The scenario's name (default: the roster file's name).
    #[arg(long)]
    pub name: Option<String>,
    /// Replace the `-o` file if it exists (it holds edits, so by default it is kept).
    #[arg(long)]
    pub force: bool,
    /// The shared [`OutputArg`].
    #[command(flatten)]
    pub output: OutputArg,
}

/// Runs `reorg init`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let target = args.output.output.as_deref();
    if let Some(path) = target
        && path.exists()
        && !args.force
    {
        return Err(bad_input(anyhow::anyhow!(
            "`{}` exists: `reorg init` does not replace a scenario (give `--force` to)",
            path.display()
        )));
    }
    let survey = scenario::survey_roster(&args.roster)?;
    let file = roster_as_named(&args.roster, target);
    let name = args.name.clone().unwrap_or_else(|| {
        args.roster.file_stem().map_or_else(
            || "scenario".to_string(),
            |s| s.to_string_lossy().into_owned(),
        )
    });
    let text = starter(&survey, &file, &name).map_err(|err| {
        bad_input(anyhow::anyhow!(
            "cannot write a starter scenario from `{}`: {err}\n  = help: {}",
            args.roster.display(),
            err.hint()
        ))
    })?;
    super::write_output(target, text.as_bytes())?;
    if let Some(path) = target {
        eprintln!(
            "wrote {} ({} people); next: reorg check {}",
            path.display(),
            survey.people,
            path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The roster's path as the scenario names it: relative to the scenario's
/// folder when it is inside it, else absolute; as given when printing.
fn roster_as_named(roster: &Path, scenario: Option<&Path>) -> String {
    let Some(scenario) = scenario else {
        return roster.display().to_string();
    };
    let folder = scenario
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    match (roster.canonicalize(), folder.canonicalize()) {
        (Ok(roster), Ok(folder)) => roster.strip_prefix(&folder).map_or_else(
            |_| roster.display().to_string(),
            |relative| relative.display().to_string(),
        ),
        _ => roster.display().to_string(),
    }
}
