//! From the scenario as written to the validated [`Scenario`]: ids checked and
//! indexed, references resolved, and every share of every before unit given
//! exactly one fate.

use std::collections::HashMap;

use crate::diagnostic::Span;
use crate::scenario::limits;
use crate::scenario::model::{
    AfterUnit, BeforeUnit, Dissolution, Fate, Function, Level, Pay, Person, Scenario, Selector,
    UnitKind,
};
use crate::scenario::node::{Sink, Sp, backticked};
use crate::scenario::policy::{self, Gender, Round};
use crate::scenario::raw::{RawAfter, RawPerson, RawScenario};
use crate::scenario::suggest::did_you_mean;

/// Ids of one namespace, with where each was defined.
struct Ids<'r> {
    what: &'static str,
    index: HashMap<&'r str, usize>,
    order: Vec<&'r str>,
}

impl<'r> Ids<'r> {
    /// Indexes ids, reporting duplicates and malformed ids.
    fn build(
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

    fn len(&self) -> usize {
        self.order.len()
    }

    /// Resolves a reference, reporting an unknown one with the nearest ids.
    fn resolve(&self, reference: &Sp<String>, sink: &mut Sink<'_>) -> Option<usize> {
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

    let before: Vec<BeforeUnit> = raw
        .before
        .iter()
        .map(|unit| {
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
        .map(|unit| resolve_after(unit, &selector_ctx, &levels, sink))
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

    let people: Vec<Person> =
        resolve_people(&raw.people, &levels, &before_ids, &functions, &before, sink);
    let claim_spans = ClaimSpans {
        after: after_spans,
        dissolve: dissolve_spans,
    };
    // A mistyped `from` entry would also leave shares with no owner: report the typo only.
    let selectors_failed = selector_ctx.failed.get();
    let fates = if selectors_failed {
        Vec::new()
    } else {
        assign_fates(
            &before,
            &after,
            &dissolutions,
            &people,
            &claim_spans,
            raw,
            sink,
        )
    };

    let lookup = PolicyLookup {
        levels: &levels,
        after: &after_ids,
    };
    let policy = policy::decode_policy(raw.policy.as_ref(), &lookup, sink);
    let rounds = policy::decode_rounds(raw.rounds.as_ref(), &lookup, raw.span, sink);
    warn_levels_never_offered(&rounds, &after, &levels, raw, sink);
    warn_after_without_predecessor(raw, &policy, sink);

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
        people,
        fates,
        policy,
        rounds,
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

fn display_name(name: &Option<Sp<String>>, id: &Sp<String>) -> String {
    name.as_ref()
        .map_or_else(|| id.value.clone(), |n| n.value.clone())
}

fn resolve_kind(kind: &Option<Sp<String>>, sink: &mut Sink<'_>) -> UnitKind {
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
struct SelectorCtx<'a, 'r> {
    units: &'a Ids<'r>,
    functions: &'a Ids<'r>,
    before: &'a [BeforeUnit],
    /// Set when any entry could not be resolved.
    failed: std::cell::Cell<bool>,
}

impl SelectorCtx<'_, '_> {
    /// Resolves a `from` list; each selector keeps the span it was written at.
    fn resolve_list(&self, list: &[Sp<String>], sink: &mut Sink<'_>) -> Vec<(Selector, Span)> {
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

fn resolve_after(
    unit: &RawAfter,
    selectors: &SelectorCtx<'_, '_>,
    levels: &Ids<'_>,
    sink: &mut Sink<'_>,
) -> (AfterUnit, Vec<Span>) {
    let mut posts = vec![0u32; levels.len()];
    for (level, capacity) in &unit.posts {
        let Some(index) = levels.resolve(level, sink) else {
            continue;
        };
        if capacity.value < 0 {
            sink.error(
                capacity.span,
                format!(
                    "negative capacity {} for `{}` posts",
                    capacity.value, level.value
                ),
                "must be 0 or more",
                None,
            );
        } else if capacity.value > limits::MAX_POST_CAPACITY {
            sink.error(
                capacity.span,
                format!(
                    "capacity {} for `{}` posts is over the limit of {}",
                    capacity.value,
                    level.value,
                    limits::MAX_POST_CAPACITY
                ),
                "too large",
                None,
            );
        } else {
            posts[index] = capacity.value as u32;
        }
    }
    let (from, spans) = selectors.resolve_list(&unit.from, sink).into_iter().unzip();
    let after = AfterUnit {
        id: unit.id.value.clone(),
        name: display_name(&unit.name, &unit.id),
        kind: resolve_kind(&unit.kind, sink),
        from,
        posts,
    };
    (after, spans)
}

fn resolve_people(
    raw: &[RawPerson],
    levels: &Ids<'_>,
    units: &Ids<'_>,
    functions: &Ids<'_>,
    before: &[BeforeUnit],
    sink: &mut Sink<'_>,
) -> Vec<Person> {
    let ids = Ids::build("person", raw.iter().map(|p| &p.id), sink);
    drop(ids);
    raw.iter()
        .filter_map(|p| {
            let unit = units.resolve(&p.unit, sink);
            let level = levels.resolve(&p.level, sink);
            let function = p.function.as_ref().and_then(|f| {
                let index = functions.resolve(f, sink)?;
                if let Some(unit) = unit
                    && !before[unit].functions.contains(&index)
                {
                    sink.error(
                        f.span,
                        format!(
                            "person `{}` works on function `{}`, which unit `{}` does not own",
                            p.id.value, f.value, p.unit.value
                        ),
                        "not a function of their unit",
                        Some(format!(
                            "add `{}` to the `functions` of `{}`, or correct the person's function",
                            f.value, p.unit.value
                        )),
                    );
                }
                Some(index)
            });
            if !(1900..=2100).contains(&p.born.value) {
                sink.error(
                    p.born.span,
                    format!("birth year {} is out of range", p.born.value),
                    "expected a year from 1900 to 2100",
                    None,
                );
            }
            if !(0.0..=100.0).contains(&p.score.value) {
                sink.error(
                    p.score.span,
                    format!("appraisal score {} is out of range", p.score.value),
                    "expected 0 to 100",
                    Some("rescale scores to 0–100 (e.g. a 5-point scale × 20)".to_string()),
                );
            }
            if p.tags.len() > limits::MAX_TAGS {
                sink.error(
                    p.id.span,
                    format!(
                        "person `{}` has more than {} tags",
                        p.id.value,
                        limits::MAX_TAGS
                    ),
                    "",
                    None,
                );
            }
            let gender = p.gender.as_ref().and_then(|g| parse_gender(g, sink));
            Some(Person {
                id: p.id.value.clone(),
                name: p.name.as_ref().map(|n| n.value.clone()).unwrap_or_default(),
                unit: unit?,
                level: level?,
                born: p.born.value.clamp(0, 9999) as i32,
                score: p.score.value,
                gender,
                function,
                establishment: p
                    .establishment
                    .as_ref()
                    .map(|e| e.value.clone())
                    .unwrap_or_default(),
                tags: p.tags.clone(),
                opt_out: p.opt_out,
            })
        })
        .collect()
}

fn parse_gender(g: &Sp<String>, sink: &mut Sink<'_>) -> Option<Gender> {
    match g.value.trim().to_lowercase().as_str() {
        "f" | "female" | "女" => Some(Gender::F),
        "m" | "male" | "男" => Some(Gender::M),
        _ => {
            sink.error(
                g.span,
                format!("unknown gender `{}`", g.value),
                "expected f or m",
                Some("write `f` or `m` (also accepted: female, male, 女, 男)".into()),
            );
            None
        }
    }
}

/// Who claims a share, and how specifically.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Claimant {
    After(usize),
    Dissolve(usize),
}

/// Where each resolved selector was written, to point conflicts at the right entry.
struct ClaimSpans {
    after: Vec<Vec<Span>>,
    dissolve: Vec<Vec<Span>>,
}

fn claimant_name(claimant: Claimant, after: &[AfterUnit]) -> String {
    match claimant {
        Claimant::After(a) => format!("after unit `{}`", after[a].id),
        Claimant::Dissolve(d) => format!("`[[dissolve]]` #{}", d + 1),
    }
}

/// Gives every share of every before unit one fate: the most specific claim
/// wins (`unit.function` over `*.function` over `unit`); two claims at the same
/// specificity conflict; a share nobody claims is an error unless it is an
/// empty core.
fn assign_fates(
    before: &[BeforeUnit],
    after: &[AfterUnit],
    dissolutions: &[Dissolution],
    people: &[Person],
    spans: &ClaimSpans,
    raw: &RawScenario,
    sink: &mut Sink<'_>,
) -> Vec<Vec<Option<Fate>>> {
    // claims[unit][slot] = (specificity, claimant, span) for every claim.
    let mut claims: Vec<Vec<Vec<(u8, Claimant, Span)>>> = before
        .iter()
        .map(|u| vec![Vec::new(); u.functions.len() + 1])
        .collect();
    let mut add = |selectors: &[Selector], claimant: Claimant, selector_spans: &[Span]| {
        // Resolved selectors skip bad entries, so spans are matched by position only when none was skipped.
        for (i, selector) in selectors.iter().enumerate() {
            let span = selector_spans.get(i).copied().unwrap_or_default();
            match *selector {
                Selector::Unit { unit } => {
                    for slot in 0..claims[unit].len() {
                        claims[unit][slot].push((0, claimant, span));
                    }
                }
                Selector::Function { function } => {
                    for (unit, b) in before.iter().enumerate() {
                        if let Some(i) = b.functions.iter().position(|&f| f == function) {
                            claims[unit][i + 1].push((1, claimant, span));
                        }
                    }
                }
                Selector::Share { unit, function } => {
                    if let Some(i) = before[unit].functions.iter().position(|&f| f == function) {
                        claims[unit][i + 1].push((2, claimant, span));
                    }
                }
            }
        }
    };
    for (a, unit) in after.iter().enumerate() {
        add(&unit.from, Claimant::After(a), &spans.after[a]);
    }
    for (d, dissolution) in dissolutions.iter().enumerate() {
        add(&dissolution.from, Claimant::Dissolve(d), &spans.dissolve[d]);
    }

    let mut core_people = vec![0usize; before.len()];
    for person in people.iter().filter(|p| p.function.is_none()) {
        core_people[person.unit] += 1;
    }

    let mut conflicts: Vec<(Claimant, Claimant, usize, Vec<String>, Span)> = Vec::new();
    let mut fates = Vec::with_capacity(before.len());
    for (unit, slots) in claims.iter().enumerate() {
        let mut unit_fates = Vec::with_capacity(slots.len());
        for (slot, slot_claims) in slots.iter().enumerate() {
            let share = share_name(before, raw, unit, slot);
            let best = slot_claims.iter().map(|c| c.0).max();
            let Some(best) = best else {
                if slot > 0 || core_people[unit] > 0 {
                    let unit_span = raw.before[unit].id.span;
                    let what = if slot == 0 {
                        match core_people[unit] {
                            1 => format!(
                                "the 1 person of `{}` with no function goes nowhere",
                                before[unit].id
                            ),
                            n => format!(
                                "the {n} people of `{}` with no function go nowhere",
                                before[unit].id
                            ),
                        }
                    } else {
                        format!("share `{share}` goes nowhere")
                    };
                    sink.error(
                        unit_span,
                        what,
                        "no after unit takes it",
                        Some(if slot == 0 {
                            format!("add `{}` to an `[[after]]` unit's `from`, or dissolve it with `[[dissolve]]`", before[unit].id)
                        } else {
                            let function = share.split_once('.').map_or("", |(_, f)| f);
                            format!("add `{share}` (or `{}`, or `*.{function}`) to an `[[after]]` unit's `from`, or list it in a `[[dissolve]]`", before[unit].id)
                        }),
                    );
                }
                unit_fates.push(None);
                continue;
            };
            let top: Vec<&(u8, Claimant, Span)> =
                slot_claims.iter().filter(|c| c.0 == best).collect();
            if top.len() > 1 {
                let (a, b) = (top[0].1, top[1].1);
                match conflicts
                    .iter_mut()
                    .find(|c| c.0 == a && c.1 == b && c.2 == unit)
                {
                    Some(existing) => existing.3.push(share),
                    None => conflicts.push((a, b, unit, vec![share], top[1].2)),
                }
            }
            unit_fates.push(Some(match top[0].1 {
                Claimant::After(a) => Fate::After(a),
                Claimant::Dissolve(d) => Fate::Dissolved(d),
            }));
        }
        fates.push(unit_fates);
    }
    for (a, b, _, shares, span) in conflicts {
        let shares: Vec<String> = shares.iter().map(|s| format!("`{s}`")).collect();
        sink.error(
            span,
            format!(
                "{} taken by both {} and {}",
                if shares.len() == 1 { format!("share {}", shares[0]) } else { format!("shares {}", shares.join(", ")) },
                claimant_name(a, after),
                claimant_name(b, after)
            ),
            "second claim",
            Some("one matter, one owner: keep the share in one `from` list, or claim it more specifically (`unit.function` wins over `*.function`, which wins over `unit`)".to_string()),
        );
    }
    fates
}

fn share_name(before: &[BeforeUnit], raw: &RawScenario, unit: usize, slot: usize) -> String {
    match slot {
        0 => before[unit].id.clone(),
        _ => {
            let f = before[unit].functions[slot - 1];
            let function_id = raw.functions[f].id.value.as_str();
            format!("{}.{}", before[unit].id, function_id)
        }
    }
}

/// An after unit that takes nothing over is probably a forgotten `from`,
/// unless the policy sends people there (an over-age or fallback unit).
fn warn_after_without_predecessor(raw: &RawScenario, policy: &policy::Policy, sink: &mut Sink<'_>) {
    let destinations = [
        policy.over_age.as_ref().map(|o| o.unit),
        policy.fallback.unit,
    ];
    for (index, unit) in raw.after.iter().enumerate() {
        if unit.from.is_empty() && !destinations.contains(&Some(index)) {
            sink.warning(
                unit.from_span.unwrap_or(unit.id.span),
                format!("after unit `{}` has no predecessor", unit.id.value),
                Some(
                    "a new unit is fine; to inherit staff, list units or shares in `from`"
                        .to_string(),
                ),
            );
        }
    }
}

/// Resolves ids for the policy decoder.
struct PolicyLookup<'a, 'r> {
    levels: &'a Ids<'r>,
    after: &'a Ids<'r>,
}

impl policy::Lookup for PolicyLookup<'_, '_> {
    fn level(&self, id: &Sp<String>, sink: &mut Sink<'_>) -> Option<usize> {
        self.levels.resolve(id, sink)
    }

    fn after_unit(&self, id: &Sp<String>, sink: &mut Sink<'_>) -> Option<usize> {
        self.after.resolve(id, sink)
    }

    fn level_ids(&self) -> Vec<String> {
        self.levels.order.iter().map(|s| s.to_string()).collect()
    }
}

/// Posts at a level no round fills can never be taken.
fn warn_levels_never_offered(
    rounds: &[Round],
    after: &[AfterUnit],
    levels: &Ids<'_>,
    raw: &RawScenario,
    sink: &mut Sink<'_>,
) {
    if rounds.is_empty() {
        return;
    }
    for (level, id) in levels.order.iter().enumerate() {
        let posts: u64 = after
            .iter()
            .map(|a| u64::from(a.posts.get(level).copied().unwrap_or(0)))
            .sum();
        if posts > 0 && !rounds.iter().any(|r| r.levels.contains(&level)) {
            let span = raw.rounds.as_ref().map_or(raw.span, |n| n.span);
            sink.warning(
                span,
                format!("no round fills the {posts} `{id}` posts"),
                Some(format!("add `{id}` to the `levels` of a `[[round]]`")),
            );
        }
    }
}

/// A level is leadership when flagged; when no level is flagged, every level
/// but the bottom one is.
fn leadership_of(raw: &RawScenario, level: &crate::scenario::raw::RawLevel) -> bool {
    if raw.levels.iter().any(|l| l.leadership.is_some()) {
        level.leadership.unwrap_or(false)
    } else {
        !std::ptr::eq(level, raw.levels.last().expect("a level exists"))
    }
}
