//! People: their unit, level and function resolved, their birth year, score,
//! tags and gender checked.

use crate::scenario::limits;
use crate::scenario::model::{BeforeUnit, Person};
use crate::scenario::node::{Sink, Sp};
use crate::scenario::policy::Gender;
use crate::scenario::raw::RawPerson;
use crate::scenario::resolve::ids::Ids;

pub(super) fn resolve_people(
    raw: &[RawPerson],
    levels: &Ids<'_>,
    units: &Ids<'_>,
    functions: &Ids<'_>,
    before: &[BeforeUnit],
    sink: &mut Sink<'_>,
) -> Vec<Person> {
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
                level_since: p.level_since.as_ref().and_then(|since| {
                    if (1900..=2100).contains(&since.value) {
                        Some(since.value as i32)
                    } else {
                        sink.error(
                            since.span,
                            format!("`level_since` {} is out of range", since.value),
                            "expected a year from 1900 to 2100",
                            None,
                        );
                        None
                    }
                }),
            })
        })
        .collect()
}

/// Refuses a birth year after the year of `[policy] reference_date`: that
/// person's age would be negative, which no roster can mean. Either the
/// year or the date is mistyped (`reference_date = 1917-12-07`), and every
/// age rule (retirement, minimum age, the age reports) would otherwise
/// treat the person as someone they are not. Refused rather than warned:
/// a warning would let the run go on with ages that cannot be true.
/// Birth years out of range are reported by [`resolve_people`] already.
pub(super) fn check_ages(raw: &[RawPerson], reference: Option<(i32, &str)>, sink: &mut Sink<'_>) {
    let Some((year, date)) = reference else {
        return;
    };
    for p in raw {
        if (1900..=2100).contains(&p.born.value) && p.born.value > i64::from(year) {
            sink.error(
                p.born.span,
                format!(
                    "person `{}` is born in {}, after `reference_date` {date}: a negative age",
                    p.id.value, p.born.value
                ),
                "after the reference date",
                Some(format!(
                    "correct the birth year, or `[policy] reference_date` (the day of the reform, {date} now)"
                )),
            );
        }
    }
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
