//! One roster row into a person: required columns present, a birth year and
//! a score that parse (dates, Excel serials and appraisal grades included),
//! flags and tags read the ways HR exports write them. Cells not understood
//! become [`Problem`]s, reported by cause once the whole file is read.

use crate::scenario::node::Sp;
use crate::scenario::raw::RawPerson;
use crate::scenario::roster::columns::Field;
use crate::scenario::roster::dates::{Born, parse_born};
use crate::scenario::roster::grades::default_score;
use crate::scenario::roster::problems::{Cause, Problem, Problems};
use crate::scenario::roster::rows::Row;

/// What was read in a way worth telling: Excel serials taken as dates,
/// grades taken as their default scores.
#[derive(Debug, Default)]
pub(super) struct Readings {
    /// Cells read as Excel date serials, and the first (value, date, row).
    pub(super) serials: usize,
    /// The first serial read: its text, its date, its row.
    pub(super) first_serial: Option<(String, String, usize)>,
    /// Each grade read with its default score: (grade, score, count).
    pub(super) grades: Vec<(String, f64, usize)>,
}

/// A person and what their unit, level and function cells said before
/// `values` translated them.
pub(super) struct Parsed {
    /// The person.
    pub(super) person: RawPerson,
    /// The row's number.
    pub(super) row: usize,
    /// (column, the cell's own text) for `unit`, `level` and `function`, when translated.
    pub(super) originals: Vec<(&'static str, String)>,
}

/// Reads one row. `field` gives a column's cell, trimmed and translated by
/// `values`; `has_values` tells whether `values.<column>` is written.
pub(super) fn person_from_row(
    field: &dyn Fn(&str) -> Option<Field>,
    has_values: &dyn Fn(&str) -> bool,
    index_of: &dyn Fn(&str) -> Option<usize>,
    row: &Row,
    problems: &mut Problems,
    readings: &mut Readings,
) -> Option<Parsed> {
    let mut problem = |column: &'static str, cause: Cause, f: Option<&Field>| {
        problems.add(Problem {
            column,
            cause,
            value: f.map_or_else(String::new, |f| {
                f.original.clone().unwrap_or_else(|| f.value.value.clone())
            }),
            translated: f.and_then(|f| f.original.as_ref().map(|_| f.value.value.clone())),
            span: f.map_or(row.span, |f| f.value.span),
            row: row.number,
            cell: index_of(column),
        });
    };
    let mut required = |column: &'static str| {
        let value = field(column);
        if value.is_none() {
            problem(column, Cause::Empty, None);
        }
        value
    };
    let id = required("id");
    let unit = required("unit");
    let level = required("level");
    let born = required("born");
    let score = required("score");
    let born = born.and_then(|b| match parse_born(&b.value.value) {
        Some(parsed) => {
            if let Born::Serial { date, .. } = &parsed {
                readings.serials += 1;
                if readings.first_serial.is_none() {
                    readings.first_serial = Some((b.value.value.clone(), date.clone(), row.number));
                }
            }
            Some(Sp {
                value: parsed.year(),
                span: b.value.span,
            })
        }
        None => {
            problem("born", Cause::NotYear, Some(&b));
            None
        }
    });
    let score = score.and_then(|s| match read_score(&s, has_values("score"), readings) {
        Some(value) => Some(Sp {
            value,
            span: s.value.span,
        }),
        None => {
            problem("score", Cause::NotNumber, Some(&s));
            None
        }
    });
    let opt_out = match field("opt_out") {
        None => false,
        Some(flag) => parse_flag(&flag.value.value).unwrap_or_else(|| {
            problem("opt_out", Cause::NotFlag, Some(&flag));
            false
        }),
    };
    // The year the person reached their level (任职时间), read as `born` is.
    let level_since = field("level_since").and_then(|since| match parse_born(&since.value.value) {
        Some(parsed) => Some(Sp {
            value: parsed.year(),
            span: since.value.span,
        }),
        None => {
            problem("level_since", Cause::NotYear, Some(&since));
            None
        }
    });
    let gender = field("gender");
    if let Some(g) = &gender
        && !is_gender(&g.value.value)
    {
        problem("gender", Cause::NotGender, Some(g));
    }
    let tags = field("tags").map_or_else(Vec::new, |t| {
        t.value
            .value
            .split([';', '|'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    });
    let function = field("function");
    let mut originals = Vec::new();
    for (column, f) in [("unit", &unit), ("level", &level), ("function", &function)] {
        if let Some(original) = f.as_ref().and_then(|f| f.original.clone()) {
            originals.push((column, original));
        }
    }
    let person = RawPerson {
        id: id?.value,
        name: field("name").map(|f| f.value),
        unit: unit?.value,
        level: level?.value,
        born: born?,
        score: score?,
        gender: gender.map(|f| f.value),
        function: function.map(|f| f.value),
        establishment: field("establishment").map(|f| f.value),
        tags,
        opt_out,
        level_since,
    };
    Some(Parsed {
        person,
        row: row.number,
        originals,
    })
}

/// A score: a number, or (unless `values.score` is written, which replaces
/// the defaults) an appraisal grade read as its default score.
fn read_score(field: &Field, has_values: bool, readings: &mut Readings) -> Option<f64> {
    let text = field.value.value.as_str();
    if let Ok(value) = text.parse::<f64>() {
        return value.is_finite().then_some(value);
    }
    if has_values {
        return None;
    }
    let score = default_score(text)?;
    match readings.grades.iter_mut().find(|(g, _, _)| g == text) {
        Some(seen) => seen.2 += 1,
        None => readings.grades.push((text.to_string(), score, 1)),
    }
    Some(score)
}

/// True for the genders the scenario accepts: `f`, `m`, `female`, `male`, `女`, `男`.
fn is_gender(text: &str) -> bool {
    matches!(
        text.trim().to_lowercase().as_str(),
        "f" | "female" | "女" | "m" | "male" | "男"
    )
}

/// Reads a yes/no cell the ways HR exports write it.
pub fn parse_flag(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "是" => Some(true),
        "false" | "no" | "n" | "0" | "否" | "" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_accept_common_spellings() {
        assert_eq!(parse_flag("YES"), Some(true));
        assert_eq!(parse_flag("否"), Some(false));
        assert_eq!(parse_flag("maybe"), None);
    }
}
