//! A TOML document as a tree of spanned values, and readers that decode it
//! while collecting every problem instead of stopping at the first.
//!
//! serde stops at the first unknown key or wrong type; a planner fixing a
//! 1,000-line scenario wants them all at once. So the file is parsed into
//! this tree (spans are offsets in a [`SourceMap`], so `--set` overrides can
//! live in the same tree) and decoded by hand with [`TableReader`].

use crate::diagnostic::{Diagnostic, SourceMap, Span};
use crate::scenario::suggest;

/// A TOML value and where it was written.
#[derive(Debug, Clone)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where it stands in the [`SourceMap`].
    pub span: Span,
}

/// A TOML value.
#[derive(Debug, Clone)]
pub enum Value {
    /// A string.
    Str(String),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// A date, time or date-time.
    Datetime(
        #[allow(dead_code, reason = "dates are only type-checked so far")] toml::value::Datetime,
    ),
    /// An array.
    Array(Vec<Node>),
    /// A table.
    Table(Table),
}

impl Value {
    /// The TOML type name, for "expected X, found Y" messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Str(_) => "a string",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a float",
            Value::Bool(_) => "a boolean",
            Value::Datetime(_) => "a date",
            Value::Array(_) => "an array",
            Value::Table(_) => "a table",
        }
    }
}

/// A table key and where it was written.
#[derive(Debug, Clone)]
pub struct Key {
    /// The key text.
    pub name: String,
    /// Where it stands.
    pub span: Span,
}

/// A TOML table, in file order.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Keys and values in the order they were written.
    pub entries: Vec<(Key, Node)>,
}

impl Table {
    /// The value under `key`.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(_, n)| n)
    }

    /// The value under `key`, for changing it.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        self.entries
            .iter_mut()
            .find(|(k, _)| k.name == key)
            .map(|(_, n)| n)
    }
}

/// Parses one TOML value (the right side of `--set path=value`) starting at
/// `base`; `None` when the text is not a TOML value.
pub fn parse_value(text: &str, base: usize, sources: &SourceMap) -> Option<Node> {
    let value = toml::de::DeValue::parse(text).ok()?;
    let mut problems = Vec::new();
    let node = convert(&value, base, sources, &mut problems);
    problems.is_empty().then_some(node)
}

/// Parses TOML text that starts at `base` in the source map. Syntax errors
/// come back all at once; the tree is only returned when there are none.
pub fn parse(
    text: &str,
    base: usize,
    sources: &SourceMap,
) -> Result<Table, (Vec<Diagnostic>, usize)> {
    let (doc, mut errors) = toml::de::DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        // Errors found while decoding values come after the parser's own: put them in file order.
        errors.sort_by_key(|err| err.span().map_or(0, |s| s.start));
        let hidden = errors.len().saturating_sub(super::limits::MAX_DIAGNOSTICS);
        let diagnostics = errors
            .iter()
            .take(super::limits::MAX_DIAGNOSTICS)
            .map(|err| {
                let range = err.span().unwrap_or(0..0);
                let span = Span::new(base + range.start, base + range.end);
                let message = err.message().trim().trim_end_matches('.').to_string();
                let hint = unquoted_key_hint(&message, text.get(range.clone()).unwrap_or(""))
                    .unwrap_or_else(|| "see docs/scenario-format.md for the syntax".to_string());
                Diagnostic::error(format!("invalid TOML: {}", lowercase_first(&message)))
                    .at(sources.locate(span))
                    .hint(Some(hint))
            })
            .collect();
        return Err((diagnostics, hidden));
    }
    let mut problems = Vec::new();
    let table = convert_table(doc.get_ref(), base, sources, &mut problems);
    if problems.is_empty() {
        Ok(table)
    } else {
        let hidden = problems
            .len()
            .saturating_sub(super::limits::MAX_DIAGNOSTICS);
        problems.truncate(super::limits::MAX_DIAGNOSTICS);
        Err((problems, hidden))
    }
}

/// The hint for a bare key TOML refuses because it is not ASCII (`科员 =`,
/// an id or a roster value in Chinese): say to quote it, and how.
fn unquoted_key_hint(message: &str, key: &str) -> Option<String> {
    let key = key.trim();
    (message.contains("unquoted key") && !key.is_empty() && !key.is_ascii()).then(|| {
        format!(
            "TOML keys other than ASCII letters, digits, `-` and `_` must be quoted: write `\"{key}\"`, as in `posts = {{ \"科长\" = 2 }}`"
        )
    })
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn to_span(range: std::ops::Range<usize>, base: usize) -> Span {
    Span::new(base + range.start, base + range.end)
}

fn convert_table(
    table: &toml::de::DeTable<'_>,
    base: usize,
    sources: &SourceMap,
    problems: &mut Vec<Diagnostic>,
) -> Table {
    let entries = table
        .iter()
        .map(|(key, value)| {
            let key = Key {
                name: key.get_ref().to_string(),
                span: to_span(key.span(), base),
            };
            (key, convert(value, base, sources, problems))
        })
        .collect();
    Table { entries }
}

fn convert(
    value: &toml::Spanned<toml::de::DeValue<'_>>,
    base: usize,
    sources: &SourceMap,
    problems: &mut Vec<Diagnostic>,
) -> Node {
    use toml::de::DeValue;
    let span = to_span(value.span(), base);
    let value = match value.get_ref() {
        DeValue::String(s) => Value::Str(s.to_string()),
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(v) => Value::Int(v),
            Err(_) => {
                problems.push(
                    Diagnostic::error("integer out of range")
                        .at(sources.locate(span))
                        .hint(Some(
                            "integers must fit in 64 bits (about ±9.2e18)".to_string(),
                        )),
                );
                Value::Int(0)
            }
        },
        DeValue::Float(f) => {
            let text = f.as_str().replace('_', "");
            Value::Float(text.parse().unwrap_or(f64::NAN))
        }
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::Datetime(*d),
        DeValue::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| convert(item, base, sources, problems))
                .collect(),
        ),
        DeValue::Table(t) => Value::Table(convert_table(t, base, sources, problems)),
    };
    Node { value, span }
}

/// A value with the span it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Sp<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

/// Collects diagnostics while a document is decoded.
#[derive(Debug)]
pub struct Sink<'s> {
    /// Where spans resolve.
    pub sources: &'s SourceMap,
    /// Everything found so far, up to [`super::limits::MAX_DIAGNOSTICS`].
    pub diagnostics: Vec<Diagnostic>,
    /// Problems found beyond the cap: counted, not built, so that a file of a
    /// million mistakes costs no more memory than one of two hundred.
    pub hidden: usize,
}

impl<'s> Sink<'s> {
    /// A sink resolving spans in `sources`.
    pub fn new(sources: &'s SourceMap) -> Sink<'s> {
        Sink {
            sources,
            diagnostics: Vec::new(),
            hidden: 0,
        }
    }

    /// Records an error at a span.
    pub fn error(
        &mut self,
        span: Span,
        message: impl Into<String>,
        label: &str,
        hint: Option<String>,
    ) {
        if self.is_full() {
            self.hidden += 1;
            return;
        }
        let mut diag = Diagnostic::error(message)
            .at(self.sources.locate(span))
            .hint(hint);
        if !label.is_empty() {
            diag = diag.label(label);
        }
        self.diagnostics.push(diag);
    }

    /// Records a warning at a span.
    pub fn warning(&mut self, span: Span, message: impl Into<String>, hint: Option<String>) {
        if self.is_full() {
            return;
        }
        self.diagnostics.push(
            Diagnostic::warning(message)
                .at(self.sources.locate(span))
                .hint(hint),
        );
    }

    /// True once any error (not warning) has been recorded.
    pub fn has_errors(&self) -> bool {
        self.hidden > 0 || self.diagnostics.iter().any(Diagnostic::is_error)
    }

    fn is_full(&self) -> bool {
        self.diagnostics.len() >= super::limits::MAX_DIAGNOSTICS
    }
}

/// Reads the keys of one table, checking types, and at the end reports every
/// key it was not asked for as unknown, with the nearest known key as a hint.
pub struct TableReader<'n> {
    table: &'n Table,
    span: Span,
    what: &'static str,
    known: &'static [&'static str],
}

impl<'n> TableReader<'n> {
    /// Starts reading `node`, which should be a table described as `what`
    /// (e.g. "`[[before]]`") with the given known keys. Reports and returns
    /// `None` when the node is not a table.
    pub fn new(
        node: &'n Node,
        what: &'static str,
        known: &'static [&'static str],
        sink: &mut Sink<'_>,
    ) -> Option<TableReader<'n>> {
        match &node.value {
            Value::Table(table) => Some(TableReader::from_table(table, node.span, what, known)),
            other => {
                sink.error(
                    node.span,
                    format!("{what} must be a table, found {}", other.type_name()),
                    "expected a table",
                    None,
                );
                None
            }
        }
    }

    /// Starts reading a table already known to be one.
    pub fn from_table(
        table: &'n Table,
        span: Span,
        what: &'static str,
        known: &'static [&'static str],
    ) -> TableReader<'n> {
        TableReader {
            table,
            span,
            what,
            known,
        }
    }

    /// Where the table stands (its header, or the whole inline table).
    pub fn span(&self) -> Span {
        self.span
    }

    /// The raw node under `key`.
    pub fn node(&self, key: &str) -> Option<&'n Node> {
        debug_assert!(self.known.contains(&key), "`{key}` not in known keys");
        self.table.get(key)
    }

    /// Where `key` itself is written, when it is.
    pub fn key_span(&self, key: &str) -> Option<Span> {
        debug_assert!(self.known.contains(&key), "`{key}` not in known keys");
        self.table
            .entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(k, _)| k.span)
    }

    /// Reports every key that is not known, suggesting the nearest known one.
    pub fn finish(self, sink: &mut Sink<'_>) {
        for (key, _) in &self.table.entries {
            if self.known.contains(&key.name.as_str()) {
                continue;
            }
            let hint = match suggest::nearest(&key.name, self.known.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("{} accepts: {}", self.what, backticked(self.known)),
            };
            sink.error(
                key.span,
                format!("unknown key `{}` in {}", key.name, self.what),
                "unknown key",
                Some(hint),
            );
        }
    }

    fn missing(&self, key: &str, expected: &str, sink: &mut Sink<'_>) {
        sink.error(
            self.span,
            format!("{} is missing `{key}`", self.what),
            &format!("needs `{key} = <{expected}>`"),
            None,
        );
    }

    fn wrong_type(&self, key: &str, node: &Node, expected: &str, sink: &mut Sink<'_>) {
        sink.error(
            node.span,
            format!(
                "`{key}` in {} must be {expected}, found {}",
                self.what,
                node.value.type_name()
            ),
            &format!("expected {expected}"),
            None,
        );
    }

    /// A required string.
    pub fn req_str(&self, key: &str, sink: &mut Sink<'_>) -> Option<Sp<String>> {
        match self.node(key) {
            None => {
                self.missing(key, "string", sink);
                None
            }
            Some(_) => self.opt_str(key, sink),
        }
    }

    /// An optional string.
    pub fn opt_str(&self, key: &str, sink: &mut Sink<'_>) -> Option<Sp<String>> {
        let node = self.node(key)?;
        match &node.value {
            Value::Str(s) => {
                if s.chars().count() > super::limits::MAX_TEXT_CHARS {
                    sink.error(
                        node.span,
                        format!(
                            "`{key}` is longer than {} characters",
                            super::limits::MAX_TEXT_CHARS
                        ),
                        "too long",
                        None,
                    );
                    return None;
                }
                Some(Sp {
                    value: s.clone(),
                    span: node.span,
                })
            }
            _ => {
                self.wrong_type(key, node, "a string", sink);
                None
            }
        }
    }

    /// A required integer.
    pub fn req_int(&self, key: &str, sink: &mut Sink<'_>) -> Option<Sp<i64>> {
        match self.node(key) {
            None => {
                self.missing(key, "integer", sink);
                None
            }
            Some(_) => self.opt_int(key, sink),
        }
    }

    /// An optional integer.
    pub fn opt_int(&self, key: &str, sink: &mut Sink<'_>) -> Option<Sp<i64>> {
        let node = self.node(key)?;
        match node.value {
            Value::Int(v) => Some(Sp {
                value: v,
                span: node.span,
            }),
            _ => {
                self.wrong_type(key, node, "an integer", sink);
                None
            }
        }
    }

    /// An optional number (integer or finite float).
    pub fn opt_number(&self, key: &str, sink: &mut Sink<'_>) -> Option<Sp<f64>> {
        let node = self.node(key)?;
        number(node, sink).or_else(|| {
            if !matches!(node.value, Value::Float(_)) {
                self.wrong_type(key, node, "a number", sink);
            }
            None
        })
    }

    /// A required number.
    pub fn req_number(&self, key: &str, sink: &mut Sink<'_>) -> Option<Sp<f64>> {
        match self.node(key) {
            None => {
                self.missing(key, "number", sink);
                None
            }
            Some(_) => self.opt_number(key, sink),
        }
    }

    /// An optional boolean.
    pub fn opt_bool(&self, key: &str, sink: &mut Sink<'_>) -> Option<Sp<bool>> {
        let node = self.node(key)?;
        match node.value {
            Value::Bool(v) => Some(Sp {
                value: v,
                span: node.span,
            }),
            _ => {
                self.wrong_type(key, node, "true or false", sink);
                None
            }
        }
    }

    /// An optional array of strings (each element checked).
    pub fn opt_str_list(&self, key: &str, sink: &mut Sink<'_>) -> Option<Vec<Sp<String>>> {
        let node = self.node(key)?;
        let Value::Array(items) = &node.value else {
            self.wrong_type(key, node, "an array of strings", sink);
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match &item.value {
                Value::Str(s) => out.push(Sp {
                    value: s.clone(),
                    span: item.span,
                }),
                other => sink.error(
                    item.span,
                    format!(
                        "`{key}` in {} must list strings, found {}",
                        self.what,
                        other.type_name()
                    ),
                    "expected a string",
                    None,
                ),
            }
        }
        Some(out)
    }

    /// An optional table, read with its own known keys.
    pub fn opt_table(
        &self,
        key: &str,
        what: &'static str,
        known: &'static [&'static str],
        sink: &mut Sink<'_>,
    ) -> Option<TableReader<'n>> {
        let node = self.node(key)?;
        TableReader::new(node, what, known, sink)
    }

    /// An optional array of tables (`[[key]]`), each element checked.
    pub fn opt_tables(&self, key: &str, what: &'static str, sink: &mut Sink<'_>) -> Vec<&'n Node> {
        let Some(node) = self.node(key) else {
            return Vec::new();
        };
        match &node.value {
            Value::Array(items) => items
                .iter()
                .filter(|item| {
                    let is_table = matches!(item.value, Value::Table(_));
                    if !is_table {
                        sink.error(
                            item.span,
                            format!("{what} must be a table, found {}", item.value.type_name()),
                            "expected a table",
                            Some(format!("write it as `[[{key}]]` followed by its keys")),
                        );
                    }
                    is_table
                })
                .collect(),
            other => {
                sink.error(
                    node.span,
                    format!(
                        "`{key}` must be an array of tables, found {}",
                        other.type_name()
                    ),
                    "expected `[[...]]` tables",
                    Some(format!("write each entry as a `[[{key}]]` table")),
                );
                Vec::new()
            }
        }
    }
}

/// A node read as a finite number; reports NaN and infinities, returns
/// `None` silently for non-numbers so the caller can name what it expected.
pub fn number(node: &Node, sink: &mut Sink<'_>) -> Option<Sp<f64>> {
    let value = match node.value {
        Value::Int(v) => v as f64,
        Value::Float(v) if v.is_finite() => v,
        Value::Float(_) => {
            sink.error(
                node.span,
                "numbers must be finite",
                "not a finite number",
                None,
            );
            return None;
        }
        _ => return None,
    };
    Some(Sp {
        value,
        span: node.span,
    })
}

/// `a`, `b`, `c` for a hint.
pub fn backticked<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|s| format!("`{}`", s.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}
