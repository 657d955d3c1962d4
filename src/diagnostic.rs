//! Located diagnostics: what went wrong in a user's file, where, and how to fix it.
//!
//! Loading a scenario collects every problem it finds as a [`Diagnostic`]
//! instead of stopping at the first, so a planner sees all of them in one go.
//! Positions are resolved to file, line and column (counted in characters, so
//! Chinese text lines up) when the diagnostic is made; a diagnostic owns its
//! source line and needs nothing else to be rendered.
//!
//! Several texts can be in play at once (the scenario, its roster CSV,
//! `--set` overrides), so spans are offsets into one [`SourceMap`] that lays the
//! texts end to end.

use std::fmt;
use std::ops::Range;

/// A byte range in a [`SourceMap`]'s combined offset space.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input cannot be used.
    Error,
    /// The input is usable but probably not what was meant.
    Warning,
}

/// Where a diagnostic points: a file position and the text of its line.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    /// The file as the user named it (or `--set` for a command-line override).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The whole line the span starts on, without its line break.
    pub line_text: String,
    /// The byte range within `line_text` to underline.
    #[serde(skip)]
    pub underline: Range<usize>,
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, lowercase, names in backticks.
    pub message: String,
    /// Where, when the problem has a place in a file.
    pub location: Option<Location>,
    /// A short note under the underlined text.
    pub label: Option<String>,
    /// What to change.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error with a message and no location yet.
    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            location: None,
            label: None,
            hint: None,
        }
    }

    /// A warning with a message and no location yet.
    pub fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// Sets where the problem is.
    pub fn at(mut self, location: Option<Location>) -> Diagnostic {
        self.location = location;
        self
    }

    /// Sets the note under the underlined text.
    pub fn label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    /// Sets the hint, if there is one.
    pub fn hint(mut self, hint: impl Into<Option<String>>) -> Diagnostic {
        self.hint = hint.into();
        self
    }

    /// True for errors (not warnings).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// One line: `file:line:col: error: message`, the form tests and scripts match on.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = &self.location {
            write!(f, "{}:{}:{}: ", loc.file, loc.line, loc.column)?;
        }
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{severity}: {}", self.message)
    }
}

/// One text in a [`SourceMap`].
#[derive(Debug)]
struct Source {
    name: String,
    text: String,
    base: usize,
    line_starts: Vec<usize>,
}

/// The texts a scenario was read from, laid end to end in one offset space.
#[derive(Debug, Default)]
pub struct SourceMap {
    sources: Vec<Source>,
    next_base: usize,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Adds a text under a display name; returns the offset its first byte has.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> usize {
        let text = text.into();
        let base = self.next_base;
        // One spare byte between texts, so an end-of-text span never touches the next one.
        self.next_base = base + text.len() + 1;
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        self.sources.push(Source {
            name: name.into(),
            text,
            base,
            line_starts,
        });
        base
    }

    /// The text that starts at `base` (as returned by [`SourceMap::add`]).
    pub fn text_at(&self, base: usize) -> Option<&str> {
        self.sources
            .iter()
            .find(|s| s.base == base)
            .map(|s| s.text.as_str())
    }

    /// The source text a span covers, when it lies within one text.
    pub fn slice(&self, span: Span) -> Option<&str> {
        let source = self
            .sources
            .iter()
            .rev()
            .find(|s| s.base <= span.start && span.end <= s.base + s.text.len())?;
        source
            .text
            .get(span.start - source.base..span.end - source.base)
    }

    /// Resolves a span to a file position; `None` for a span outside every text.
    pub fn locate(&self, span: Span) -> Option<Location> {
        let source = self
            .sources
            .iter()
            .rev()
            .find(|s| s.base <= span.start && span.start <= s.base + s.text.len())?;
        let start = floor_char_boundary(&source.text, span.start - source.base);
        let end = floor_char_boundary(
            &source.text,
            (span.end - source.base).min(source.text.len()),
        );
        let line_index = source.line_starts.partition_point(|&s| s <= start) - 1;
        let line_start = source.line_starts[line_index];
        let line_end = source.text[line_start..]
            .find('\n')
            .map_or(source.text.len(), |i| line_start + i);
        let line_text = source.text[line_start..line_end].trim_end_matches('\r');
        let column = source.text[line_start..start].chars().count() + 1;
        let under_start = (start - line_start).min(line_text.len());
        let under_end = (end.max(start) - line_start).clamp(under_start, line_text.len());
        Some(Location {
            file: source.name.clone(),
            line: line_index + 1,
            column,
            line_text: line_text.to_string(),
            underline: under_start..under_end,
        })
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// Renders diagnostics the way rustc and cargo do: a title, the located source
/// line with the problem underlined, and a `help:` line with the fix.
/// `hidden` counts further errors that were found but not kept.
pub fn render(diagnostics: &[Diagnostic], hidden: usize, color: bool) -> String {
    use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for diag in diagnostics {
        let level = match diag.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let mut group: Group<'_> = Group::with_title(level.primary_title(diag.message.as_str()));
        if let Some(loc) = &diag.location {
            let mut underline = loc.underline.clone();
            if underline.is_empty() {
                // Point at one character rather than nothing, so the caret shows.
                let width = loc.line_text[underline.start..]
                    .chars()
                    .next()
                    .map_or(0, char::len_utf8);
                underline.end = underline.start + width;
            }
            let mut annotation = AnnotationKind::Primary.span(underline);
            if let Some(label) = &diag.label {
                annotation = annotation.label(label.as_str());
            }
            group = group.element(
                Snippet::source(loc.line_text.as_str())
                    .line_start(loc.line)
                    .path(loc.file.as_str())
                    .annotation(annotation),
            );
        }
        if let Some(hint) = &diag.hint {
            group = group.element(Level::HELP.message(hint.as_str()));
        }
        out.push_str(&renderer.render(&[group]));
        out.push_str("\n\n");
    }
    if hidden > 0 {
        out.push_str(&format!(
            "error: and {hidden} more problems not shown\n  = help: fix the first problems and run again: many often share one cause\n\n"
        ));
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count() + hidden;
    if errors > 0 {
        let plural = if errors == 1 { "" } else { "s" };
        out.push_str(&format!("error: {errors} problem{plural} found\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_lines_and_character_columns_across_sources() {
        let mut map = SourceMap::new();
        let a = map.add("a.toml", "x = 1\nname = \"经济局\" # c\n");
        let b = map.add("--set", "policy.choices=x");
        // `#` on line 2 comes after 3 Chinese characters: column counts characters.
        let hash = "x = 1\nname = \"经济局\" # c\n".find('#').unwrap();
        let loc = map.locate(Span::new(a + hash, a + hash + 1)).unwrap();
        assert_eq!((loc.file.as_str(), loc.line, loc.column), ("a.toml", 2, 14));
        assert_eq!(&loc.line_text[loc.underline.clone()], "#");
        let loc = map.locate(Span::new(b + 15, b + 16)).unwrap();
        assert_eq!((loc.file.as_str(), loc.line, loc.column), ("--set", 1, 16));
    }

    #[test]
    fn renders_location_label_and_hint() {
        let mut map = SourceMap::new();
        let a = map.add("s.toml", "[[after]]\nfrom = [\"ecom\"]\n");
        let diag = Diagnostic::error("unknown unit `ecom`")
            .at(map.locate(Span::new(a + 18, a + 24)))
            .label("not a before unit")
            .hint(Some("did you mean `econ`?".to_string()));
        let text = render(&[diag], 0, false);
        assert!(text.contains("error: unknown unit `ecom`"), "{text}");
        assert!(text.contains("s.toml:2:9"), "{text}");
        assert!(text.contains("^^^^^^ not a before unit"), "{text}");
        assert!(text.contains("help: did you mean `econ`?"), "{text}");
        assert!(text.ends_with("error: 1 problem found\n"), "{text}");
    }
}
