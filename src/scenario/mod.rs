//! Scenario files: the format (TOML), loading with located diagnostics, and
//! validation into a [`Scenario`] whose references are all resolved.
//!
//! docs/scenario-format.md documents the format key by key. Loading reports
//! every problem in a file at once, each with file, line, column, the source
//! line and a hint; see [`crate::diagnostic`].

use std::path::{Path, PathBuf};

use crate::bounded_read::{self, BoundedReadError};
use crate::diagnostic::{Diagnostic, SourceMap, Span};

pub mod builtin;
mod cost;
mod encoding;
pub mod figure;
mod generate;
mod input;
pub mod limits;
mod model;
pub(crate) mod node;
mod overrides;
pub mod policy;
mod process;
mod raw;
mod resolve;
mod roster;
pub mod schema;
pub mod starter;
pub mod suggest;

pub use cost::{WorkEstimate, estimate_work};
pub use input::{Files, Input};
pub use model::{
    AfterUnit, BeforeUnit, ConcurrentPost, Dissolution, Fate, Function, Holder, Level, Pay, Person,
    Scenario, Selector, UnitKind,
};
pub use policy::Gender;
pub use policy::{Appraisal, Hiring, Timeline};
pub use process::{
    Days, Duration, Owner, Parallel, Process, ProcessError, ProcessRules, Step, Triangular,
};
/// The roster CSV columns, in the order `reorg generate` writes them: the keys
/// of a `[[person]]` table.
pub use raw::PERSON_KEYS as ROSTER_COLUMNS;
pub use roster::Survey;

/// A scenario could not be loaded: every problem found, errors and warnings.
#[derive(Debug, thiserror::Error)]
#[error("{}", summary(.diagnostics))]
pub struct ScenarioError {
    diagnostics: Vec<Diagnostic>,
    hidden: usize,
}

fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
    match errors.first() {
        Some(first) if errors.len() == 1 => first.to_string(),
        Some(first) => format!("{first} (and {} more problems)", errors.len() - 1),
        None => "invalid scenario".to_string(),
    }
}

impl ScenarioError {
    /// The problems found, in the order found (up to [`limits::MAX_DIAGNOSTICS`]).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// How many more errors were found than are kept.
    pub fn hidden(&self) -> usize {
        self.hidden
    }

    fn single(diagnostic: Diagnostic) -> ScenarioError {
        ScenarioError {
            diagnostics: vec![diagnostic],
            hidden: 0,
        }
    }
}

/// A loaded scenario and the warnings found while loading it.
#[derive(Debug)]
pub struct Loaded {
    /// The validated scenario.
    pub scenario: Scenario,
    /// Problems that do not stop it from being used.
    pub warnings: Vec<Diagnostic>,
    /// The file it came from, when it came from a file.
    pub path: Option<PathBuf>,
}

/// Loads and validates a scenario file.
pub fn load(path: &Path) -> Result<Loaded, ScenarioError> {
    load_with(path, &[])
}

/// Loads a scenario file with `--set PATH=VALUE` overrides applied before validation.
pub fn load_with(path: &Path, overrides: &[String]) -> Result<Loaded, ScenarioError> {
    let name = path.display().to_string();
    let text = read_scenario_file(path, &name)?;
    let files = Files::Dir(path.parent().map(Path::to_path_buf).unwrap_or_default());
    let mut loaded = load_input(&Input { name, text, files }, overrides)?;
    loaded.path = Some(path.to_path_buf());
    Ok(loaded)
}

/// Validates scenario text. `name` is how diagnostics name it; a roster file
/// is looked up relative to `base_dir`.
pub fn load_str(text: &str, name: &str, base_dir: &Path) -> Result<Loaded, ScenarioError> {
    let input = Input {
        name: name.to_string(),
        text: text.to_string(),
        files: Files::Dir(base_dir.to_path_buf()),
    };
    load_input(&input, &[])
}

/// Validates a scenario from any [`Input`], with overrides.
pub fn load_input(input: &Input, overrides: &[String]) -> Result<Loaded, ScenarioError> {
    load_inner(input, overrides, false)
}

/// Loads a scenario with its people generated from `[roster.generate]`, even
/// when `[roster] file` names a file (which need not exist yet): what
/// `reorg generate` writes.
pub fn load_generated(input: &Input, overrides: &[String]) -> Result<Loaded, ScenarioError> {
    load_inner(input, overrides, true)
}

fn load_inner(
    input: &Input,
    overrides: &[String],
    generate_roster: bool,
) -> Result<Loaded, ScenarioError> {
    let mut sources = SourceMap::new();
    let base = sources.add(input.name.as_str(), input.text.as_str());
    let mut doc = node::parse(&input.text, base, &sources).map_err(|(diagnostics, hidden)| {
        ScenarioError {
            diagnostics,
            hidden,
        }
    })?;
    let mut problems: Vec<Diagnostic> = Vec::new();
    for arg in overrides {
        if let Err(diagnostic) = overrides::apply(&mut doc, arg, &mut sources) {
            problems.push(*diagnostic);
        }
    }
    let doc_span = Span::new(base, base);
    // The roster's text must join the source map before any span into it is
    // resolved, so it is read before decoding starts.
    let requested = if generate_roster {
        None
    } else {
        roster::request(&doc)
    };
    let roster_source = match requested {
        Some(request) => match roster::read(&input.files, &request, &mut sources) {
            Ok(source) => Some(source),
            Err(diagnostic) => {
                problems.push(*diagnostic);
                None
            }
        },
        None => None,
    };

    let mut sink = node::Sink::new(&sources);
    sink.diagnostics = problems;
    let mut raw = raw::decode(&doc, doc_span, &mut sink);
    if let Some(roster) = &roster_source {
        let mut from_file = roster::parse(roster, &raw, &mut sink);
        raw.people.append(&mut from_file);
    } else if (generate_roster || !raw.roster_file)
        && let Some(spec) = raw.roster_generate.take()
    {
        generate::generate(&spec, &mut raw, &mut sink);
    } else if generate_roster {
        sink.error(
            doc_span,
            "the scenario has no `[roster.generate]`",
            "",
            Some("describe the roster to generate: see `[roster.generate]` in docs/scenario-format.md".into()),
        );
    }
    policy::check_choice_entries(raw.policy.as_ref(), raw.people.len(), &mut sink);
    let scenario = resolve::resolve(&raw, &mut sink);
    if let Some(scenario) = &scenario
        && !sink.has_errors()
    {
        cost::refuse_over_limit(scenario, raw.rounds.as_ref(), doc_span, &mut sink);
    }
    if let Some(roster) = &roster_source {
        roster::relocate(roster, &mut sink.diagnostics);
        roster::encoding_hints(roster, &mut sink.diagnostics);
    }
    match scenario {
        Some(scenario) if !sink.has_errors() => Ok(Loaded {
            scenario,
            warnings: sink.diagnostics,
            path: None,
        }),
        _ => Err(ScenarioError {
            diagnostics: sink.diagnostics,
            hidden: sink.hidden,
        }),
    }
}

/// Surveys a roster file for `reorg init`: its header recognised, and the
/// units, levels and values its people hold.
pub fn survey_roster(path: &Path) -> Result<Survey, ScenarioError> {
    roster::survey(path).map_err(|diagnostics| ScenarioError {
        diagnostics,
        hidden: 0,
    })
}

/// Reads a scenario file's text: checks it is a file within the size limit and UTF-8.
pub fn read_scenario_file(path: &Path, display: &str) -> Result<String, ScenarioError> {
    let fail = |why: String, hint: &str| {
        ScenarioError::single(
            Diagnostic::error(format!("cannot read scenario `{display}`: {why}"))
                .hint(Some(hint.to_string())),
        )
    };
    let bytes = bounded_read::read(path, limits::MAX_SCENARIO_BYTES).map_err(|err| match err {
        BoundedReadError::Inspect(err) if err.kind() == std::io::ErrorKind::NotFound => fail(
            "no such file".into(),
            "check the path; scenarios end in .toml",
        ),
        BoundedReadError::Directory => fail(err.to_string(), "name a .toml file inside it"),
        BoundedReadError::Kernel => fail(err.to_string(), "name a scenario's .toml file"),
        BoundedReadError::NotRegular => fail(
            "it is not a regular file".into(),
            "name a .toml file; to read from a pipe, save it to a file first",
        ),
        BoundedReadError::TooBig { .. } => fail(
            err.to_string(),
            "put large rosters in a CSV file named by `[roster] file`",
        ),
        BoundedReadError::Inspect(_) | BoundedReadError::Read(_) => {
            fail(err.to_string(), "check the file's permissions")
        }
    })?;
    // Both are reported where they stand, the line shown and the byte
    // underlined, as every other problem in a scenario.
    let located = |why: String, at: usize, len: usize, label: &str, hint: &str, bytes: &[u8]| {
        ScenarioError::single(
            Diagnostic::error(format!("cannot read scenario `{display}`: {why}"))
                .at(Some(encoding::locate_bytes(display, bytes, at, len)))
                .label(label)
                .hint(Some(hint.to_string())),
        )
    };
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        // No TOML text holds a NUL byte; refusing here spares the parser a binary file.
        return Err(located(
            "it holds a NUL byte: it looks like a binary file".into(),
            nul,
            1,
            "a NUL byte",
            "a scenario is a UTF-8 TOML text file",
            &bytes,
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(err) => {
            let at = err.valid_up_to();
            // `None`: the file ends inside a character.
            let len = err.error_len().unwrap_or(bytes.len() - at);
            Err(located(
                format!(
                    "it holds bytes that are not valid UTF-8: {}",
                    encoding::hex(&bytes[at..at + len])
                ),
                at,
                len,
                "not UTF-8",
                "save the scenario as UTF-8 text (a scenario saved as GBK: re-save it as UTF-8); is this a binary file?",
                bytes,
            ))
        }
    }
}
