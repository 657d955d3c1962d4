//! Units: display names and kinds, `from` lists (`unit`, `unit.function`,
//! `*.function`) resolved to selectors pointing at the part that is wrong,
//! and after units with their posts.

use crate::diagnostic::Span;
use crate::scenario::limits;
use crate::scenario::model::{AfterUnit, BeforeUnit, Establishment, Selector, Transfer, UnitKind};
use crate::scenario::node::{Sink, Sp, backticked};
use crate::scenario::raw::{RawAfter, RawEstablishment, RawTransfer};
use crate::scenario::resolve::ids::Ids;
use crate::scenario::suggest::did_you_mean;

pub(super) fn display_name(name: &Option<Sp<String>>, id: &Sp<String>) -> String {
    name.as_ref()
        .map_or_else(|| id.value.clone(), |n| n.value.clone())
}

pub(super) fn resolve_kind(kind: &Option<Sp<String>>, sink: &mut Sink<'_>) -> UnitKind {
    let Some(kind) = kind else {
        return UnitKind::Department;
    };
    UnitKind::parse(&kind.value).unwrap_or_else(|| {
        let names: Vec<&str> = UnitKind::ALL.iter().map(|k| k.as_str()).collect();
        sink.error(
            kind.span,
            format!("unknown unit kind `{}`", kind.value),
            "not a kind",
            Some(did_you_mean(&kind.value, "kinds", names.iter().copied())),
        );
        UnitKind::Department
    })
}

/// What a selector needs to resolve against.
pub(super) struct SelectorCtx<'a, 'r> {
    pub(super) units: &'a Ids<'r>,
    pub(super) functions: &'a Ids<'r>,
    pub(super) before: &'a [BeforeUnit],
    /// Set when any entry could not be resolved.
    pub(super) failed: std::cell::Cell<bool>,
}

impl SelectorCtx<'_, '_> {
    /// Resolves a `from` list; each selector keeps the span it was written at.
    pub(super) fn resolve_list(
        &self,
        list: &[Sp<String>],
        sink: &mut Sink<'_>,
    ) -> Vec<(Selector, Span)> {
        let mut out = Vec::with_capacity(list.len());
        for (i, entry) in list.iter().enumerate() {
            if list[..i].iter().any(|e| e.value == entry.value) {
                sink.error(
                    entry.span,
                    format!("`{}` is listed twice", entry.value),
                    "again here",
                    None,
                );
                continue;
            }
            match self.resolve(entry, sink) {
                Some(selector) => out.push((selector, entry.span)),
                None => self.failed.set(true),
            }
        }
        out
    }

    /// `unit`, `unit.function` or `*.function`.
    fn resolve(&self, entry: &Sp<String>, sink: &mut Sink<'_>) -> Option<Selector> {
        let text = entry.value.as_str();
        let Some((unit, function)) = text.split_once('.') else {
            if text == "*" {
                sink.error(
                    entry.span,
                    "`*` alone selects nothing",
                    "",
                    Some("write `*.function` to take every unit's share of a function".into()),
                );
                return None;
            }
            return self
                .units
                .resolve(entry, sink)
                .map(|unit| Selector::Unit { unit });
        };
        // Point at the part that is wrong: the unit before the dot or the
        // function after it. The value's text is found inside the literal as
        // written (quotes of any kind); with escapes it is not, and both parts
        // point at the whole entry.
        let literal = sink.sources.slice(entry.span).unwrap_or("");
        let (unit_span, function_span) = match literal.find(text) {
            Some(offset) => {
                let start = entry.span.start + offset;
                let dot = start + unit.len();
                (
                    Span::new(start, dot),
                    Span::new(dot + 1, dot + 1 + function.len()),
                )
            }
            None => (entry.span, entry.span),
        };
        let unit_ref = Sp {
            value: unit.to_string(),
            span: unit_span,
        };
        let function_ref = Sp {
            value: function.to_string(),
            span: function_span,
        };
        let function_index = self.functions.resolve(&function_ref, sink)?;
        if unit == "*" {
            if !self
                .before
                .iter()
                .any(|u| u.functions.contains(&function_index))
            {
                sink.error(
                    entry.span,
                    format!("no unit owns function `{function}`"),
                    "selects nothing",
                    Some(format!("add `{function}` to the `functions` of the `[[before]]` units that do this work")),
                );
                return None;
            }
            return Some(Selector::Function {
                function: function_index,
            });
        }
        let unit_index = self.units.resolve(&unit_ref, sink)?;
        if !self.before[unit_index].functions.contains(&function_index) {
            let owned: Vec<&str> = self.before[unit_index]
                .functions
                .iter()
                .map(|&f| self.functions.order[f])
                .collect();
            sink.error(
                entry.span,
                format!("unit `{unit}` does not own function `{function}`"),
                "no such share",
                Some(if owned.is_empty() {
                    format!("`{unit}` owns no functions; add `functions = [\"{function}\"]` to it")
                } else {
                    format!(
                        "`{unit}` owns {}; or add `{function}` to its `functions`",
                        backticked(&owned)
                    )
                }),
            );
            return None;
        }
        Some(Selector::Share {
            unit: unit_index,
            function: function_index,
        })
    }
}

pub(super) fn resolve_after(
    unit: &RawAfter,
    parent: Option<usize>,
    selectors: &SelectorCtx<'_, '_>,
    levels: &Ids<'_>,
    sink: &mut Sink<'_>,
) -> (AfterUnit, Vec<Span>) {
    let posts = resolve_posts(&unit.posts, levels, sink);
    let (from, spans) = selectors.resolve_list(&unit.from, sink).into_iter().unzip();
    let after = AfterUnit {
        id: unit.id.value.clone(),
        name: display_name(&unit.name, &unit.id),
        kind: resolve_kind(&unit.kind, sink),
        from,
        posts,
        external: unit.external,
        establishment: unit
            .establishment
            .as_ref()
            .and_then(|e| resolve_establishment(e, sink)),
        establishment_required: unit
            .establishment_required
            .iter()
            .map(|t| t.value.clone())
            .collect(),
        parent,
        market: unit.market.as_ref().map(|m| m.value.clone()),
    };
    (after, spans)
}

/// Posts per level from `posts = { level = capacity }`, each checked.
pub(super) fn resolve_posts(
    written: &[(Sp<String>, Sp<i64>)],
    levels: &Ids<'_>,
    sink: &mut Sink<'_>,
) -> Vec<u32> {
    let mut posts = vec![0u32; levels.len()];
    for (level, capacity) in written {
        let Some(index) = levels.resolve(level, sink) else {
            continue;
        };
        if let Some(capacity) =
            checked_capacity(capacity, &format!("`{}` posts", level.value), sink)
        {
            posts[index] = capacity;
        }
    }
    posts
}

/// A capacity from 0 to the documented limit, or a located error.
fn checked_capacity(capacity: &Sp<i64>, what: &str, sink: &mut Sink<'_>) -> Option<u32> {
    if capacity.value < 0 {
        sink.error(
            capacity.span,
            format!("negative capacity {} for {what}", capacity.value),
            "must be 0 or more",
            None,
        );
        None
    } else if capacity.value > limits::MAX_POST_CAPACITY {
        sink.error(
            capacity.span,
            format!(
                "capacity {} for {what} is over the limit of {}",
                capacity.value,
                limits::MAX_POST_CAPACITY
            ),
            "too large",
            None,
        );
        None
    } else {
        Some(capacity.value as u32)
    }
}

/// An establishment cap, its numbers checked like capacities.
pub(super) fn resolve_establishment(
    written: &RawEstablishment,
    sink: &mut Sink<'_>,
) -> Option<Establishment> {
    match written {
        RawEstablishment::Total(total) => Some(Establishment {
            total: checked_capacity(total, "the establishment", sink)?,
            by_type: Vec::new(),
        }),
        RawEstablishment::ByType(caps) => {
            let by_type: Vec<(String, u32)> = caps
                .iter()
                .filter_map(|(kind, cap)| {
                    let what = format!("the `{}` establishment", kind.value);
                    Some((kind.value.clone(), checked_capacity(cap, &what, sink)?))
                })
                .collect();
            Some(Establishment {
                total: by_type.iter().map(|(_, cap)| cap).sum(),
                by_type,
            })
        }
    }
}

/// A `[[transfer]]`: its shares, receiving unit and levels, each checked.
pub(super) fn resolve_transfer(
    transfer: &RawTransfer,
    selectors: &SelectorCtx<'_, '_>,
    after: &Ids<'_>,
    levels: &Ids<'_>,
    sink: &mut Sink<'_>,
) -> (Transfer, Vec<Span>) {
    if transfer.from.is_empty() {
        sink.error(
            transfer.span,
            "`[[transfer]]` lists nothing in `from`",
            "",
            Some(
                "write `from = [\"unit.function\"]`: the shares whose people move with their work"
                    .into(),
            ),
        );
    }
    let to = transfer.to.as_ref().and_then(|to| after.resolve(to, sink));
    let levels: Vec<usize> = transfer
        .levels
        .iter()
        .filter_map(|level| levels.resolve(level, sink))
        .collect();
    let (from, spans) = selectors
        .resolve_list(&transfer.from, sink)
        .into_iter()
        .unzip();
    let resolved = Transfer {
        from,
        // A missing or unknown `to` is already reported; 0 keeps the rest checkable.
        to: to.unwrap_or(0),
        levels,
        reason: transfer
            .reason
            .as_ref()
            .map(|r| r.value.clone())
            .unwrap_or_default(),
    };
    (resolved, spans)
}
