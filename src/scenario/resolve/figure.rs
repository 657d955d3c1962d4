//! Resolves `[[figure]]`: unit, level and function ids, kinds, statuses and
//! fields checked, each error located with the nearest known names.

use crate::diagnostic::Span;
use crate::scenario::UnitKind;
use crate::scenario::figure::{
    FigureDef, MAX_FIGURES, Measure, PersonField, PersonFilter, STATUS_NAMES,
};
use crate::scenario::node::{Sink, Sp};
use crate::scenario::raw::{RawFigure, RawFilter, RawMeasure};
use crate::scenario::resolve::ids::Ids;
use crate::scenario::suggest::did_you_mean;

/// The id namespaces a filter refers to.
pub(super) struct FigureCtx<'a, 'r> {
    pub(super) before: &'a Ids<'r>,
    pub(super) after: &'a Ids<'r>,
    pub(super) levels: &'a Ids<'r>,
    pub(super) functions: &'a Ids<'r>,
}

/// Resolves every `[[figure]]`; figures with errors are left out (the
/// errors stop the scenario anyway).
pub(super) fn resolve_figures(
    raw: &[RawFigure],
    ctx: &FigureCtx<'_, '_>,
    file_span: Span,
    sink: &mut Sink<'_>,
) -> Vec<FigureDef> {
    if raw.len() > MAX_FIGURES {
        sink.error(
            file_span,
            format!("{} `[[figure]]`s, more than {MAX_FIGURES}", raw.len()),
            "too many figures",
            Some("each figure is a batch column: keep the ones you publish".into()),
        );
        return Vec::new();
    }
    // Duplicate and malformed ids are reported by building the namespace.
    let ids = Ids::build("figure", raw.iter().map(|f| &f.id), sink);
    let _ = ids.len();
    raw.iter()
        .filter_map(|figure| resolve_figure(figure, ctx, sink))
        .collect()
}

fn resolve_figure(
    raw: &RawFigure,
    ctx: &FigureCtx<'_, '_>,
    sink: &mut Sink<'_>,
) -> Option<FigureDef> {
    let filter = resolve_filter(&raw.filter, ctx, sink);
    let measure = match &raw.measure {
        RawMeasure::Count => Some(Measure::Count),
        RawMeasure::Share(among) => {
            resolve_filter(among, ctx, sink).map(|among| Measure::Share { among })
        }
        RawMeasure::Mean(field) => {
            let found = PersonField::ALL
                .into_iter()
                .find(|f| f.as_str() == field.value);
            if found.is_none() {
                sink.error(
                    field.span,
                    format!("unknown field `{}`", field.value),
                    "not a field a figure can average",
                    Some(did_you_mean(
                        &field.value,
                        "fields",
                        PersonField::ALL.map(PersonField::as_str),
                    )),
                );
            }
            found.map(|field| Measure::Mean { field })
        }
    };
    Some(FigureDef {
        id: raw.id.value.clone(),
        name: raw
            .name
            .as_ref()
            .map_or_else(|| raw.id.value.clone(), |n| n.value.clone()),
        measure: measure?,
        filter: filter?,
    })
}

/// A filter with every id resolved; `None` when any was unknown (reported).
fn resolve_filter(
    raw: &RawFilter,
    ctx: &FigureCtx<'_, '_>,
    sink: &mut Sink<'_>,
) -> Option<PersonFilter> {
    let mut ok = true;
    let mut id = |ids: &Ids<'_>, written: &Option<Sp<String>>, sink: &mut Sink<'_>| {
        written.as_ref().and_then(|w| {
            let found = ids.resolve(w, sink);
            ok &= found.is_some();
            found
        })
    };
    let before_unit = id(ctx.before, &raw.before_unit, sink);
    let after_unit = id(ctx.after, &raw.after_unit, sink);
    let level_before = id(ctx.levels, &raw.level_before, sink);
    let level_after = id(ctx.levels, &raw.level_after, sink);
    let function = id(ctx.functions, &raw.function, sink);
    let after_kind = raw.after_kind.as_ref().and_then(|kind| {
        let found = UnitKind::parse(&kind.value);
        if found.is_none() {
            ok = false;
            sink.error(
                kind.span,
                format!("unknown unit kind `{}`", kind.value),
                "not a kind",
                Some(did_you_mean(
                    &kind.value,
                    "kinds",
                    UnitKind::ALL.map(UnitKind::as_str),
                )),
            );
        }
        found
    });
    let mut status = Vec::new();
    for written in &raw.status {
        match STATUS_NAMES.iter().position(|&s| s == written.value) {
            Some(index) => status.push(index),
            None => {
                ok = false;
                sink.error(
                    written.span,
                    format!("unknown status `{}`", written.value),
                    "not a status",
                    Some(did_you_mean(&written.value, "statuses", STATUS_NAMES)),
                );
            }
        }
    }
    let age = |written: &Option<Sp<i64>>, sink: &mut Sink<'_>| {
        written.as_ref().and_then(|w| {
            let fits = (0..=150).contains(&w.value);
            if !fits {
                sink.error(
                    w.span,
                    format!("age {} is out of range", w.value),
                    "expected 0 to 150",
                    None,
                );
            }
            fits.then_some(w.value as i32)
        })
    };
    let min_age = age(&raw.min_age, sink);
    let max_age = age(&raw.max_age, sink);
    ok &= raw.min_age.is_none() == min_age.is_none() && raw.max_age.is_none() == max_age.is_none();
    ok.then(|| PersonFilter {
        before_unit,
        after_unit,
        after_kind,
        level_before,
        level_after,
        function,
        status,
        tag: raw.tag.as_ref().map(|t| t.value.clone()),
        min_age,
        max_age,
    })
}
