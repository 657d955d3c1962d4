//! `[[process]]`s resolved: step ids indexed per process, owners resolved
//! to shares of before units, durations and rules checked, materials named
//! once, and dependencies checked for cycles, each problem located at the
//! entry that causes it.

use std::collections::HashMap;

use crate::diagnostic::Span;
use crate::scenario::model::{BeforeUnit, Fate, share_slot};
use crate::scenario::node::{Sink, Sp, backticked};
use crate::scenario::process::{
    Days, Duration, MAX_PROCESSES, MAX_STEP_MATERIALS, MAX_STEPS, Owner, Parallel, Process,
    ProcessError, ProcessRules, Step, Triangular,
};
use crate::scenario::raw::{RawDuration, RawProcess, RawStep};
use crate::scenario::resolve::ids::Ids;
use crate::scenario::suggest::did_you_mean;

/// What owners resolve against: the before units and functions, and where
/// each share goes (empty when the `from` lists had errors, so that the
/// typo is reported alone).
pub(super) struct OwnerCtx<'a, 'r> {
    pub(super) units: &'a Ids<'r>,
    pub(super) functions: &'a Ids<'r>,
    pub(super) before: &'a [BeforeUnit],
    pub(super) fates: &'a [Vec<Option<Fate>>],
}

/// Resolves every `[[process]]`; processes with errors are left out (the
/// errors are in the sink).
pub(super) fn resolve_processes(
    raw: &[RawProcess],
    ctx: &OwnerCtx<'_, '_>,
    file: Span,
    sink: &mut Sink<'_>,
) -> Vec<Process> {
    if raw.len() > MAX_PROCESSES {
        sink.error(
            file,
            format!(
                "too many processes: {}, the limit is {MAX_PROCESSES}",
                raw.len()
            ),
            "",
            Some("see the limits in docs/scenario-format.md".into()),
        );
        return Vec::new();
    }
    if raw.is_empty() {
        return Vec::new();
    }
    Ids::build("process", raw.iter().map(|p| &p.id), sink);
    let lookup = Lookup::new(ctx);
    raw.iter()
        .filter_map(|process| resolve_process(process, &lookup, sink))
        .collect()
}

/// Before unit and function ids by name, for owners written bare (`"land"`
/// may be a unit or a function), without reporting a miss.
struct Lookup<'a, 'r> {
    ctx: &'a OwnerCtx<'a, 'r>,
    units: HashMap<&'r str, usize>,
    functions: HashMap<&'r str, usize>,
}

impl<'a, 'r> Lookup<'a, 'r> {
    fn new(ctx: &'a OwnerCtx<'a, 'r>) -> Lookup<'a, 'r> {
        let index = |ids: &Ids<'r>| {
            let mut map = HashMap::new();
            for (i, &id) in ids.order.iter().enumerate() {
                // A duplicate id (already reported) keeps its first place.
                map.entry(id).or_insert(i);
            }
            map
        };
        Lookup {
            ctx,
            units: index(ctx.units),
            functions: index(ctx.functions),
        }
    }
}

fn resolve_process(
    raw: &RawProcess,
    lookup: &Lookup<'_, '_>,
    sink: &mut Sink<'_>,
) -> Option<Process> {
    let errors_before = error_count(sink);
    if raw.steps.is_empty() && !raw.steps_written {
        sink.error(
            raw.span,
            format!("process `{}` has no steps", raw.id.value),
            "needs `[[process.step]]` tables",
            Some("add a `[[process.step]]` with `id`, `owner` and `days` after this table".into()),
        );
        return None;
    }
    if raw.steps.len() > MAX_STEPS {
        sink.error(
            raw.span,
            format!(
                "process `{}` has {} steps, the limit is {MAX_STEPS}",
                raw.id.value,
                raw.steps.len()
            ),
            "",
            Some("see the limits in docs/scenario-format.md".into()),
        );
        return None;
    }
    let handoff = match &raw.handoff {
        Some(written) => resolve_duration(written, "handoff_days", sink),
        None => Some(Duration::Fixed { days: Days::ZERO }),
    };
    let parallel = match &raw.parallel {
        None => Some(Parallel::None),
        Some(text) => {
            let found = Parallel::parse(&text.value);
            if found.is_none() {
                let names = Parallel::ALL.map(Parallel::as_str);
                sink.error(
                    text.span,
                    format!("unknown parallel rule `{}`", text.value),
                    "not a rule",
                    Some(did_you_mean(&text.value, "rules", names)),
                );
            }
            found
        }
    };
    let step_ids = Ids::build("step", raw.steps.iter().map(|s| &s.id), sink);
    let mut materials: Vec<String> = Vec::new();
    let mut material_index: HashMap<&str, usize> = HashMap::new();
    let mut steps = Vec::with_capacity(raw.steps.len());
    // Per step, each dependency and where it is written, to locate a cycle.
    let mut dependency_spans: Vec<Vec<Span>> = Vec::with_capacity(raw.steps.len());
    for (index, step) in raw.steps.iter().enumerate() {
        let owner = step
            .owner
            .as_ref()
            .and_then(|o| resolve_owner(o, lookup, sink));
        if let Some(owner) = owner {
            check_fate(step, owner, lookup.ctx, sink);
        }
        let duration = step
            .days
            .as_ref()
            .and_then(|days| resolve_duration(days, "days", sink));
        let named = named_materials(step, sink);
        let used = named
            .into_iter()
            .map(|name| {
                *material_index.entry(name).or_insert_with(|| {
                    materials.push(name.to_string());
                    materials.len() - 1
                })
            })
            .collect();
        let (after, requires, spans) = resolve_dependencies(step, index, &step_ids, sink);
        dependency_spans.push(spans);
        if let (Some(owner), Some(duration)) = (owner, duration) {
            steps.push(Step {
                id: step.id.value.clone(),
                name: step
                    .name
                    .as_ref()
                    .map_or_else(|| step.id.value.clone(), |n| n.value.clone()),
                owner,
                duration,
                materials: used,
                after,
                requires,
            });
        }
    }
    // Any problem above (an unresolved step among them) makes indices unreliable.
    if error_count(sink) > errors_before {
        return None;
    }
    let rules = ProcessRules {
        handoff: handoff?,
        one_form: raw.one_form.as_ref().is_some_and(|b| b.value),
        parallel: parallel?,
    };
    let name = raw
        .name
        .as_ref()
        .map_or_else(|| raw.id.value.clone(), |n| n.value.clone());
    match Process::new(raw.id.value.clone(), name, rules, materials, steps) {
        Ok(process) => Some(process),
        Err(ProcessError::Cycle { cycle }) => {
            report_cycle(raw, &cycle, &dependency_spans, sink);
            None
        }
        Err(err) => {
            // Every other refusal was reported above, located; this is a backstop.
            sink.error(
                raw.span,
                format!("process `{}` is invalid: {err}", raw.id.value),
                "",
                None,
            );
            None
        }
    }
}

/// Errors recorded so far, kept or only counted.
fn error_count(sink: &Sink<'_>) -> usize {
    sink.diagnostics.iter().filter(|d| d.is_error()).count() + sink.hidden
}

/// A cycle, located at the dependency that closes it: the last step's wait
/// for the first.
fn report_cycle(raw: &RawProcess, cycle: &[usize], spans: &[Vec<Span>], sink: &mut Sink<'_>) {
    let (&first, &last) = (
        cycle.first().expect("a cycle has steps"),
        cycle.last().expect("a cycle has steps"),
    );
    let closing = &raw.steps[last];
    let position = closing
        .after
        .iter()
        .chain(&closing.requires)
        .position(|d| d.value == raw.steps[first].id.value);
    let span = position
        .and_then(|p| spans[last].get(p).copied())
        .unwrap_or(closing.id.span);
    let name = |s: usize| format!("`{}`", raw.steps[s].id.value);
    // A long cycle is shown by its ends, so that the message stays readable.
    let mut shown: Vec<String> = if cycle.len() > 8 {
        let mut ends: Vec<String> = cycle[..4].iter().map(|&s| name(s)).collect();
        ends.push(format!("… {} more …", cycle.len() - 7));
        ends.extend(cycle[cycle.len() - 3..].iter().map(|&s| name(s)));
        ends
    } else {
        cycle.iter().map(|&s| name(s)).collect()
    };
    shown.push(name(first));
    sink.error(
        span,
        format!(
            "dependency cycle in process `{}`: {} (each step waits for the next)",
            raw.id.value,
            shown.join(" → ")
        ),
        "closes the cycle",
        Some(format!(
            "a step cannot wait for itself, directly or through others; remove `{}` from the `after` or `requires` of step `{}`, or another dependency of the cycle",
            raw.steps[first].id.value, closing.id.value
        )),
    );
}

/// A duration's numbers checked: each from 0 to [`Days::MAX`], and a
/// three-point estimate in order.
fn resolve_duration(written: &RawDuration, key: &str, sink: &mut Sink<'_>) -> Option<Duration> {
    let days = |value: &Sp<f64>, sink: &mut Sink<'_>| {
        let found = Days::new(value.value);
        if found.is_none() {
            let why = if value.value < 0.0 {
                "cannot be negative"
            } else {
                "is too large"
            };
            sink.error(
                value.span,
                format!("`{key}` {why}: {}", value.value),
                "out of range",
                Some(format!("working days from 0 to {}", Days::MAX)),
            );
        }
        found
    };
    match written {
        RawDuration::Fixed(value) => days(value, sink).map(|days| Duration::Fixed { days }),
        RawDuration::Triangular {
            min,
            likely,
            max,
            span,
        } => {
            let (min, likely, max) = (days(min, sink), days(likely, sink), days(max, sink));
            let (min, likely, max) = (min?, likely?, max?);
            let found = Triangular::new(min, likely, max);
            if found.is_none() {
                sink.error(
                    *span,
                    format!(
                        "`{key}` must have `min` ≤ `likely` ≤ `max`, found {} / {} / {}",
                        min.get(),
                        likely.get(),
                        max.get()
                    ),
                    "out of order",
                    Some(
                        "the least, the most likely and the most working days, in that order"
                            .into(),
                    ),
                );
            }
            found.map(Duration::Triangular)
        }
    }
}

/// `"unit"`, `"unit.function"`, or a function only one unit owns (a bare id
/// is a unit when there is one: the same rule as `from` lists).
fn resolve_owner(
    written: &Sp<String>,
    lookup: &Lookup<'_, '_>,
    sink: &mut Sink<'_>,
) -> Option<Owner> {
    let ctx = lookup.ctx;
    let text = written.value.as_str();
    let Some((unit, function)) = text.split_once('.') else {
        let as_unit = lookup.units.get(text).copied();
        let as_function = lookup.functions.get(text).copied();
        // A bare id is a unit, as in `from` lists; a function otherwise.
        return match (as_unit, as_function) {
            (Some(unit), _) => Some(Owner::Unit { unit }),
            (None, Some(function)) => function_owner(written, function, ctx, sink),
            (None, None) => {
                let known = ctx.units.order.iter().chain(&ctx.functions.order).copied();
                sink.error(
                    written.span,
                    format!("unknown owner `{text}`"),
                    "not a unit or function id",
                    Some(did_you_mean(text, "units and functions", known)),
                );
                None
            }
        };
    };
    if unit == "*" {
        sink.error(
            written.span,
            format!("owner `{text}` names every unit's share"),
            "one owner per step",
            Some(format!("name one unit's share: `UNIT.{function}`")),
        );
        return None;
    }
    // Point at the part that is wrong, as in `from` lists.
    let literal = sink.sources.slice(written.span).unwrap_or("");
    let (unit_span, function_span) = match literal.find(text) {
        Some(offset) => {
            let start = written.span.start + offset;
            let dot = start + unit.len();
            (
                Span::new(start, dot),
                Span::new(dot + 1, dot + 1 + function.len()),
            )
        }
        None => (written.span, written.span),
    };
    let unit_ref = Sp {
        value: unit.to_string(),
        span: unit_span,
    };
    let function_ref = Sp {
        value: function.to_string(),
        span: function_span,
    };
    let unit_index = ctx.units.resolve(&unit_ref, sink);
    let function_index = ctx.functions.resolve(&function_ref, sink);
    let (unit_index, function_index) = (unit_index?, function_index?);
    if !ctx.before[unit_index].functions.contains(&function_index) {
        sink.error(
            written.span,
            format!("unit `{unit}` does not own function `{function}`"),
            "no such share",
            Some(format!(
                "add `{function}` to the `functions` of `[[before]]` unit `{unit}`, or name the unit that does this work"
            )),
        );
        return None;
    }
    Some(Owner::Share {
        unit: unit_index,
        function: function_index,
    })
}

/// A bare function id: the share of the one unit that owns it.
fn function_owner(
    written: &Sp<String>,
    function: usize,
    ctx: &OwnerCtx<'_, '_>,
    sink: &mut Sink<'_>,
) -> Option<Owner> {
    let owners: Vec<usize> = (0..ctx.before.len())
        .filter(|&u| ctx.before[u].functions.contains(&function))
        .collect();
    let name = &written.value;
    match owners.as_slice() {
        &[unit] => Some(Owner::Share { unit, function }),
        [] => {
            sink.error(
                written.span,
                format!("no unit owns function `{name}`"),
                "nobody does this work",
                Some(format!(
                    "add `{name}` to the `functions` of the `[[before]]` unit that does it"
                )),
            );
            None
        }
        many => {
            let shares: Vec<String> = many
                .iter()
                .take(3)
                .map(|&u| format!("{}.{name}", ctx.before[u].id))
                .collect();
            sink.error(
                written.span,
                format!("function `{name}` is owned by {} units", many.len()),
                "which unit's?",
                Some(format!(
                    "name the unit that does this step's work: {}{}",
                    backticked(&shares),
                    if many.len() > 3 { ", …" } else { "" }
                )),
            );
            None
        }
    }
}

/// An owner whose share goes nowhere after the reform: an unclaimed core
/// is refused (the step would have no owner), a dissolved share warned of
/// (the step ends with the reform).
fn check_fate(step: &RawStep, owner: Owner, ctx: &OwnerCtx<'_, '_>, sink: &mut Sink<'_>) {
    let unit = &ctx.before[owner.unit()];
    let Some(slot) = share_slot(unit, owner.function()) else {
        return;
    };
    let Some(fates) = ctx.fates.get(owner.unit()) else {
        return;
    };
    let span = step.owner.as_ref().map_or(step.id.span, |o| o.span);
    match fates.get(slot) {
        Some(None) => sink.error(
            span,
            format!(
                "step `{}` is owned by the core of `{}`, which no after unit takes",
                step.id.value, unit.id
            ),
            "no owner after the reform",
            Some(format!(
                "name the share that does the work (`{}.FUNCTION`), or list `{}` in the `from` of an `[[after]]` unit",
                unit.id, unit.id
            )),
        ),
        Some(Some(Fate::Dissolved(_))) => sink.warning(
            span,
            format!(
                "step `{}` ends with the reform: its owner `{}` is dissolved",
                step.id.value,
                step.owner.as_ref().map_or("", |o| o.value.as_str())
            ),
            Some("after the reform the process runs without it; its dependents wait for what it waited for".into()),
        ),
        _ => {}
    }
}

/// The step's materials, each named once.
fn named_materials<'r>(step: &'r RawStep, sink: &mut Sink<'_>) -> Vec<&'r str> {
    if step.materials.len() > MAX_STEP_MATERIALS {
        sink.error(
            step.materials[MAX_STEP_MATERIALS].span,
            format!(
                "step `{}` names {} materials, the limit is {MAX_STEP_MATERIALS}",
                step.id.value,
                step.materials.len()
            ),
            "",
            None,
        );
        return Vec::new();
    }
    let mut out = Vec::with_capacity(step.materials.len());
    let mut seen = std::collections::HashSet::new();
    for material in &step.materials {
        if material.value.trim().is_empty() {
            sink.error(material.span, "a material needs a name", "empty", None);
        } else if !seen.insert(material.value.as_str()) {
            sink.error(
                material.span,
                format!("material `{}` is listed twice", material.value),
                "again here",
                None,
            );
        } else {
            out.push(material.value.as_str());
        }
    }
    out
}

/// `after` and `requires` as step indices, with where each entry is written
/// (in the order of [`Step::dependencies`]).
fn resolve_dependencies(
    step: &RawStep,
    index: usize,
    step_ids: &Ids<'_>,
    sink: &mut Sink<'_>,
) -> (Vec<usize>, Vec<usize>, Vec<Span>) {
    let mut seen = std::collections::HashSet::new();
    let mut spans = Vec::new();
    let mut lists = [Vec::new(), Vec::new()];
    for (list, written) in lists.iter_mut().zip([&step.after, &step.requires]) {
        for entry in written {
            let Some(dep) = step_ids.resolve(entry, sink) else {
                continue;
            };
            if dep == index {
                sink.error(
                    entry.span,
                    format!("step `{}` waits for itself", entry.value),
                    "itself",
                    Some("list the steps that must finish before this one".into()),
                );
            } else if !seen.insert(dep) {
                sink.error(
                    entry.span,
                    format!("step `{}` is listed twice", entry.value),
                    "again here",
                    Some("a step is in `after` or in `requires`, once".into()),
                );
            } else {
                list.push(dep);
                spans.push(entry.span);
            }
        }
    }
    let [after, requires] = lists;
    (after, requires, spans)
}
