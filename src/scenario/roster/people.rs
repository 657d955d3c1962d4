//! One roster row into a person: required columns present, a birth year and
//! a score that parse, flags and tags read the ways HR exports write them.

use crate::diagnostic::Span;
use crate::scenario::node::{Sink, Sp};
use crate::scenario::raw::RawPerson;

pub(super) fn person_from_row(
    field: &dyn Fn(&str) -> Option<Sp<String>>,
    row_span: Span,
    sink: &mut Sink<'_>,
) -> Option<RawPerson> {
    let mut required = |column: &str| {
        let value = field(column);
        if value.is_none() {
            sink.error(
                row_span,
                format!("empty `{column}` in roster row"),
                "this row",
                None,
            );
        }
        value
    };
    let id = required("id");
    let unit = required("unit");
    let level = required("level");
    let born = required("born");
    let score = required("score");
    let born = born.and_then(|b| match parse_year(&b.value) {
        Some(value) => Some(Sp {
            value,
            span: b.span,
        }),
        None => {
            sink.error(
                b.span,
                format!("`born` must be a year, found `{}`", b.value),
                "expected a year like 1975",
                None,
            );
            None
        }
    });
    let score = score.and_then(|s| match s.value.parse::<f64>() {
        Ok(value) if value.is_finite() => Some(Sp {
            value,
            span: s.span,
        }),
        _ => {
            sink.error(
                s.span,
                format!("`score` must be a number, found `{}`", s.value),
                "expected a number like 86.5",
                None,
            );
            None
        }
    });
    let opt_out = match field("opt_out") {
        None => false,
        Some(flag) => match parse_flag(&flag.value) {
            Some(value) => value,
            None => {
                sink.error(
                    flag.span,
                    format!("`opt_out` must be true or false, found `{}`", flag.value),
                    "expected true/false",
                    Some("accepted: true, false, yes, no, 1, 0, 是, 否".into()),
                );
                false
            }
        },
    };
    let level_since = field("level_since").and_then(|since| match parse_year(&since.value) {
        Some(value) => Some(Sp {
            value,
            span: since.span,
        }),
        None => {
            sink.error(
                since.span,
                format!("`level_since` must be a year, found `{}`", since.value),
                "expected a year like 2014",
                Some("the year the person reached their current level (任职时间)".into()),
            );
            None
        }
    });
    let tags = field("tags").map_or_else(Vec::new, |t| {
        t.value
            .split([';', '|'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    });
    Some(RawPerson {
        id: id?,
        name: field("name"),
        unit: unit?,
        level: level?,
        born: born?,
        score: score?,
        gender: field("gender"),
        function: field("function"),
        establishment: field("establishment"),
        tags,
        opt_out,
        level_since,
    })
}

/// A birth year as HR exports write it: `1975`, or a date that starts with
/// the year (`1975-03-08`, `1975/3/8`, `1975.03`, `1975年3月`), the form
/// Excel dates take when read from an `.xlsx` sheet. Other text is `None`.
pub fn parse_year(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(year) = text.parse::<i64>() {
        return Some(year);
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits != 4 {
        return None;
    }
    let (year, rest) = text.split_at(4);
    let is_date = rest.starts_with(['-', '/', '.', '年'])
        && rest
            .chars()
            .all(|c| c.is_ascii_digit() || "-/.年月日T: ".contains(c));
    if is_date { year.parse().ok() } else { None }
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

    #[test]
    fn years_are_read_from_dates() {
        for (text, year) in [
            ("1975", Some(1975)),
            (" 1975 ", Some(1975)),
            ("-5", Some(-5)),
            ("1975-03-08", Some(1975)),
            ("1975/3/8", Some(1975)),
            ("1975.03", Some(1975)),
            ("1975年3月", Some(1975)),
            ("1975年3月8日", Some(1975)),
            ("1975-03-08T00:00:00", Some(1975)),
            ("19750", Some(19750)),
            ("1975x", None),
            ("197-03", None),
            ("1975-ab", None),
            ("75", Some(75)),
            ("", None),
            ("1975.5.", Some(1975)),
        ] {
            assert_eq!(parse_year(text), year, "{text:?}");
        }
    }
}
