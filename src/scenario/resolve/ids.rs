//! One namespace of ids (levels, functions, units, people): indexed in file
//! order, with malformed and duplicate ids reported, and references to them
//! resolved with "did you mean" hints.

use std::collections::HashMap;

use crate::diagnostic::Span;
use crate::scenario::node::{Sink, Sp};
use crate::scenario::suggest::did_you_mean;

/// Ids of one namespace, with where each was defined.
pub(super) struct Ids<'r> {
    what: &'static str,
    index: HashMap<&'r str, usize>,
    /// The ids in file order (a duplicate keeps its slot).
    pub(super) order: Vec<&'r str>,
}

impl<'r> Ids<'r> {
    /// Indexes ids, reporting duplicates and malformed ids.
    pub(super) fn build(
        what: &'static str,
        ids: impl Iterator<Item = &'r Sp<String>>,
        sink: &mut Sink<'_>,
    ) -> Ids<'r> {
        let mut index = HashMap::new();
        let mut order = Vec::new();
        let mut first_span: HashMap<&str, Span> = HashMap::new();
        for id in ids {
            check_id_syntax(id, what, sink);
            if let Some(first) = first_span.get(id.value.as_str()) {
                let line = sink.sources.locate(*first).map_or(0, |l| l.line);
                sink.error(
                    id.span,
                    format!("duplicate {what} id `{}`", id.value),
                    &format!("first defined on line {line}"),
                    Some("ids must be unique: rename or remove one of them".to_string()),
                );
            } else {
                first_span.insert(&id.value, id.span);
                index.insert(id.value.as_str(), order.len());
            }
            // Duplicates still take a slot so that positions match the raw list.
            order.push(id.value.as_str());
        }
        Ids { what, index, order }
    }

    pub(super) fn len(&self) -> usize {
        self.order.len()
    }

    /// The index of an id, when it is one of this namespace (no report).
    pub(super) fn get(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// Resolves a reference, reporting an unknown one with the nearest ids.
    pub(super) fn resolve(&self, reference: &Sp<String>, sink: &mut Sink<'_>) -> Option<usize> {
        let found = self.index.get(reference.value.as_str()).copied();
        if found.is_none() {
            sink.error(
                reference.span,
                format!("unknown {} `{}`", self.what, reference.value),
                &format!("not a {} id", self.what),
                Some(did_you_mean(
                    &reference.value,
                    &format!("{}s", self.what),
                    self.order.iter().copied(),
                )),
            );
        }
        found
    }
}

fn check_id_syntax(id: &Sp<String>, what: &str, sink: &mut Sink<'_>) {
    let ok = !id.value.is_empty()
        && id.value.chars().count() <= 100
        && id
            .value
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    if !ok {
        sink.error(
            id.span,
            format!("invalid {what} id `{}`", id.value),
            "not a valid id",
            Some("ids use letters, digits, `_` and `-` (up to 100 characters); no spaces, dots or `*`".to_string()),
        );
    }
}
