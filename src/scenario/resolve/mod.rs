//! From the scenario as written to the validated [`Scenario`]: ids checked and
//! indexed, references resolved, and every share of every before unit given
//! exactly one fate.
//!
//! [`resolve`] runs the steps in order; each file below does one of them:
//! `ids` (namespaces of ids), `units` (units and `from` lists), `people`,
//! `fates` (one owner per share) and `warnings`.

mod appoint;
mod fates;
mod figure;
mod ids;
mod nesting;
mod people;
mod process;
mod units;
mod warnings;

use crate::diagnostic::Span;
use crate::scenario::limits;
use crate::scenario::model::{
    AfterUnit, BeforeUnit, Dissolution, Function, Level, Pay, Person, Scenario, Transfer,
};
use crate::scenario::node::{Sink, Sp};
use crate::scenario::policy;
use crate::scenario::raw::{RawLevel, RawScenario};

use appoint::{AppointIds, Appointed, resolve_appointments, seats_taken_by_transfers};
use fates::{ClaimSpans, Claimers, assign_fates};
use ids::Ids;
use nesting::{Sides, resolve_parents};
use people::{check_ages, resolve_people};
use units::{
    SelectorCtx, display_name, resolve_after, resolve_establishment, resolve_kind, resolve_posts,
    resolve_transfer,
};
use warnings::{
    check_required_establishment, warn_after_without_predecessor, warn_levels_never_offered,
};

/// Checks that a list is not longer than its documented cap.
fn check_count(count: usize, max: usize, what: &str, span: Span, sink: &mut Sink<'_>) -> bool {
    if count > max {
        sink.error(
            span,
            format!("too many {what}: {count}, the limit is {max}"),
            "",
            Some("see the limits in docs/scenario-format.md".to_string()),
        );
        return false;
    }
    true
}

/// Resolves the raw scenario. Returns `None` when any error was found (all of
/// them are in the sink).
pub fn resolve(raw: &RawScenario, sink: &mut Sink<'_>) -> Option<Scenario> {
    if is_empty(raw) {
        sink.error(
            raw.span,
            "the scenario is empty",
            "",
            Some(
                "a scenario needs `[scenario]` with a name, `[[level]]`s, `[[before]]` and `[[after]]` units, and people; see docs/scenario-format.md"
                    .to_string(),
            ),
        );
        return None;
    }
    let counts_ok = [
        check_count(
            raw.levels.len(),
            limits::MAX_LEVELS,
            "levels",
            raw.span,
            sink,
        ),
        check_count(
            raw.functions.len(),
            limits::MAX_FUNCTIONS,
            "functions",
            raw.span,
            sink,
        ),
        check_count(
            raw.before.len(),
            limits::MAX_UNITS,
            "before units",
            raw.span,
            sink,
        ),
        check_count(
            raw.after.len(),
            limits::MAX_UNITS,
            "after units",
            raw.span,
            sink,
        ),
        check_count(
            raw.people.len(),
            limits::MAX_PEOPLE,
            "people",
            raw.span,
            sink,
        ),
    ];
    if counts_ok.contains(&false) {
        return None;
    }
    require_some(raw, sink);

    let levels = Ids::build("level", raw.levels.iter().map(|l| &l.id), sink);
    let functions = Ids::build("function", raw.functions.iter().map(|f| &f.id), sink);
    let before_ids = Ids::build("unit", raw.before.iter().map(|u| &u.id), sink);
    let after_ids = Ids::build("after unit", raw.after.iter().map(|u| &u.id), sink);

    let before_parents = resolve_parents(
        &raw.before
            .iter()
            .map(|u| u.parent.as_ref())
            .collect::<Vec<_>>(),
        &Sides {
            own: &before_ids,
            other: &after_ids,
            table: "[[before]]",
            other_table: "[[after]]",
        },
        sink,
    );
    let after_parents = resolve_parents(
        &raw.after
            .iter()
            .map(|u| u.parent.as_ref())
            .collect::<Vec<_>>(),
        &Sides {
            own: &after_ids,
            other: &before_ids,
            table: "[[after]]",
            other_table: "[[before]]",
        },
        sink,
    );
    let before: Vec<BeforeUnit> = raw
        .before
        .iter()
        .zip(&before_parents)
        .map(|(unit, &parent)| {
            let mut owned: Vec<usize> = Vec::new();
            for f in &unit.functions {
                if let Some(index) = functions.resolve(f, sink) {
                    if owned.contains(&index) {
                        sink.error(
                            f.span,
                            format!("function `{}` is listed twice", f.value),
                            "again here",
                            None,
                        );
                    } else {
                        owned.push(index);
                    }
                }
            }
            BeforeUnit {
                id: unit.id.value.clone(),
                name: display_name(&unit.name, &unit.id),
                kind: resolve_kind(&unit.kind, sink),
                functions: owned,
                posts: unit
                    .posts
                    .as_ref()
                    .map(|posts| resolve_posts(posts, &levels, sink)),
                establishment: unit
                    .establishment
                    .as_ref()
                    .and_then(|e| resolve_establishment(e, sink)),
                parent,
            }
        })
        .collect();

    let selector_ctx = SelectorCtx {
        units: &before_ids,
        functions: &functions,
        before: &before,
        failed: std::cell::Cell::new(false),
    };
    let (after, after_spans): (Vec<AfterUnit>, Vec<Vec<Span>>) = raw
        .after
        .iter()
        .zip(&after_parents)
        .map(|(unit, &parent)| resolve_after(unit, parent, &selector_ctx, &levels, sink))
        .unzip();
    let (dissolutions, dissolve_spans): (Vec<Dissolution>, Vec<Vec<Span>>) = raw
        .dissolve
        .iter()
        .map(|d| {
            if d.from.is_empty() {
                sink.error(
                    d.span,
                    "`[[dissolve]]` lists nothing in `from`",
                    "",
                    Some("write `from = [\"unit.function\"]`".into()),
                );
            }
            let (from, spans) = selector_ctx.resolve_list(&d.from, sink).into_iter().unzip();
            let dissolution = Dissolution {
                from,
                reason: d
                    .reason
                    .as_ref()
                    .map(|r| r.value.clone())
                    .unwrap_or_default(),
            };
            (dissolution, spans)
        })
        .unzip();

    let (transfers, transfer_spans): (Vec<Transfer>, Vec<Vec<Span>>) = raw
        .transfer
        .iter()
        .map(|t| resolve_transfer(t, &selector_ctx, &after_ids, &levels, sink))
        .unzip();

    let person_ids = Ids::build("person", raw.people.iter().map(|p| &p.id), sink);
    let people: Vec<Person> =
        resolve_people(&raw.people, &levels, &before_ids, &functions, &before, sink);
    let claim_spans = ClaimSpans {
        after: after_spans,
        dissolve: dissolve_spans,
        transfer: transfer_spans,
    };
    // A mistyped `from` entry would also leave shares with no owner: report the typo only.
    let selectors_failed = selector_ctx.failed.get();
    let fates = if selectors_failed {
        Vec::new()
    } else {
        let claimers = Claimers {
            after: &after,
            dissolutions: &dissolutions,
            transfers: &transfers,
        };
        assign_fates(&before, &claimers, &people, &claim_spans, raw, sink)
    };

    let owners = process::OwnerCtx {
        units: &before_ids,
        functions: &functions,
        before: &before,
        fates: &fates,
    };
    let processes = process::resolve_processes(&raw.processes, &owners, raw.span, sink);
    let figure_ctx = figure::FigureCtx {
        before: &before_ids,
        after: &after_ids,
        levels: &levels,
        functions: &functions,
    };
    let figures = figure::resolve_figures(&raw.figures, &figure_ctx, raw.span, sink);

    let leadership: Vec<usize> = raw
        .levels
        .iter()
        .enumerate()
        .filter(|(_, level)| leadership_of(raw, level))
        .map(|(index, _)| index)
        .collect();
    let transfer_seats = seats_taken_by_transfers(
        &before,
        &fates,
        &transfers,
        &people,
        levels.len(),
        after.len(),
    );
    let Appointed {
        appointments,
        concurrent,
    } = resolve_appointments(
        &raw.appoint,
        &raw.after,
        &transfer_seats,
        &AppointIds {
            people: &person_ids,
            after: &after_ids,
            levels: &levels,
        },
        &people,
        &after,
        sink,
    );
    let lookup = PolicyLookup {
        levels: &levels,
        after: &after_ids,
        functions: &functions,
        leadership,
    };
    let policy = policy::decode_policy(raw.policy.as_ref(), &lookup, sink);
    check_ages(
        &raw.people,
        policy.reference_year.zip(policy.reference_date.as_deref()),
        sink,
    );
    // What the roster leaves of a round's choice entries, for outsiders.
    let entries_left = limits::MAX_CHOICE_ENTRIES
        .saturating_sub(u64::from(policy.choices) * raw.people.len() as u64);
    let rounds = policy::decode_rounds(
        raw.rounds.as_ref(),
        &lookup,
        policy.reference_year.is_some(),
        (policy.choices, entries_left),
        raw.span,
        sink,
    );
    let timeline = policy::decode_timeline(
        raw.timeline.as_ref(),
        &lookup,
        policy.reference_year.is_some(),
        sink,
    );
    warn_levels_never_offered(&rounds, &after, &levels, raw, sink);
    warn_after_without_predecessor(raw, &policy, &transfers, sink);
    check_required_establishment(raw, &people, sink);

    let seed = match &raw.seed {
        Some(seed) if seed.value < 0 => {
            sink.error(seed.span, "`seed` cannot be negative", "negative", None);
            0
        }
        Some(seed) => seed.value as u64,
        None => 0,
    };

    if sink.has_errors() {
        return None;
    }
    Some(Scenario {
        name: raw
            .name
            .as_ref()
            .map(|n| n.value.clone())
            .unwrap_or_default(),
        description: raw
            .description
            .as_ref()
            .map(|d| d.value.clone())
            .unwrap_or_default(),
        seed,
        levels: raw
            .levels
            .iter()
            .map(|l| Level {
                id: l.id.value.clone(),
                name: display_name(&l.name, &l.id),
                pay: l.pay.as_ref().map(|(base, performance)| Pay {
                    base: base.value,
                    performance: performance.value,
                }),
                leadership: leadership_of(raw, l),
            })
            .collect(),
        functions: raw
            .functions
            .iter()
            .map(|f| Function {
                id: f.id.value.clone(),
                name: display_name(&f.name, &f.id),
            })
            .collect(),
        before,
        after,
        dissolutions,
        transfers,
        appointments,
        concurrent,
        people,
        fates,
        policy,
        rounds,
        processes,
        timeline,
        figures,
    })
}

fn is_empty(raw: &RawScenario) -> bool {
    raw.name.is_none()
        && raw.levels.is_empty()
        && raw.before.is_empty()
        && raw.after.is_empty()
        && raw.people.is_empty()
        && !raw.has_roster
}

fn require_some(raw: &RawScenario, sink: &mut Sink<'_>) {
    let written = |key: &str| raw.written.contains(&key);
    let missing: [(&str, bool, &str); 5] = [
        (
            "`[scenario]` with a `name`",
            !written("scenario"),
            "`[scenario]` with `name = \"...\"`",
        ),
        (
            "`[[level]]`",
            !written("level"),
            "a `[[level]]` table with an `id`",
        ),
        (
            "`[[before]]` unit",
            !written("before"),
            "a `[[before]]` table with an `id`",
        ),
        (
            "`[[after]]` unit",
            !written("after"),
            "an `[[after]]` table with an `id`",
        ),
        (
            "people",
            !written("person") && !raw.has_roster && !written("roster"),
            "`[[person]]` tables or `[roster] file = \"roster.csv\"`",
        ),
    ];
    for (what, is_missing, example) in missing {
        if is_missing {
            sink.error(
                raw.span,
                format!("the scenario has no {what}"),
                "",
                Some(format!("add {example}")),
            );
        }
    }
}

/// Resolves ids for the policy decoder.
struct PolicyLookup<'a, 'r> {
    levels: &'a Ids<'r>,
    after: &'a Ids<'r>,
    functions: &'a Ids<'r>,
    leadership: Vec<usize>,
}

impl policy::Lookup for PolicyLookup<'_, '_> {
    fn level(&self, id: &Sp<String>, sink: &mut Sink<'_>) -> Option<usize> {
        self.levels.resolve(id, sink)
    }

    fn after_unit(&self, id: &Sp<String>, sink: &mut Sink<'_>) -> Option<usize> {
        self.after.resolve(id, sink)
    }

    fn function(&self, id: &Sp<String>, sink: &mut Sink<'_>) -> Option<usize> {
        self.functions.resolve(id, sink)
    }

    fn level_ids(&self) -> Vec<String> {
        self.levels.order.iter().map(|s| s.to_string()).collect()
    }

    fn leadership_levels(&self) -> Vec<usize> {
        self.leadership.clone()
    }
}

/// A level is leadership when flagged; when no level is flagged, every level
/// but the bottom one is.
fn leadership_of(raw: &RawScenario, level: &RawLevel) -> bool {
    if raw.levels.iter().any(|l| l.leadership.is_some()) {
        level.leadership.unwrap_or(false)
    } else {
        !std::ptr::eq(level, raw.levels.last().expect("a level exists"))
    }
}
