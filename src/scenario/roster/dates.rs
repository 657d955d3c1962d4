//! Birth years as HR exports write them: a year, a date that begins with one
//! (`1975-03-08`, `1975/3/8`, `1975.03`, `1975年3月`), the compact forms
//! `197503` and `19750308`, and Excel date serials (`27456`, days since
//! 1899-12-30) that a sheet saved without its date format leaves behind.

/// The forms `born` accepts, for hints.
pub(super) const ACCEPTED: &str = "a year (1975), a date that begins with one (1975-03-08, 1975/3/8, 1975.03, 1975年3月), 197503, 19750308, or an Excel date number (27456)";

/// Excel serials read as birth dates: 1920-01-01 to 2020-12-31. Outside them
/// a five-digit number is more likely a mistake than a birth date.
const SERIALS: std::ops::RangeInclusive<i64> = 7_306..=44_196;

/// A birth year, and whether it came from an Excel serial (with its date,
/// for the note that says so).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Born {
    /// Written as a year or a date.
    Year(i64),
    /// An Excel date serial: the year and the date it stands for.
    Serial {
        /// The year.
        year: i64,
        /// The date, `YYYY-MM-DD`.
        date: String,
    },
}

impl Born {
    /// The year.
    pub(super) fn year(&self) -> i64 {
        match self {
            Born::Year(year) | Born::Serial { year, .. } => *year,
        }
    }
}

/// Reads a birth year from a cell, in any of the [`ACCEPTED`] forms.
pub(super) fn parse_born(text: &str) -> Option<Born> {
    let text = text.trim();
    if let Some(serial) = serial_of(text) {
        let (year, month, day) = civil_from_serial(serial);
        return Some(Born::Serial {
            year,
            date: format!("{year:04}-{month:02}-{day:02}"),
        });
    }
    if (text.len() == 6 || text.len() == 8)
        && let Some(year) = compact(text)
    {
        return Some(Born::Year(year));
    }
    parse_year(text).map(Born::Year)
}

/// A year, or a date that starts with a four-digit year.
fn parse_year(text: &str) -> Option<i64> {
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

/// `197503` (year and month) or `19750308` (and day): the year, when the
/// month (and day) are real.
fn compact(text: &str) -> Option<i64> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i64 = text[..4].parse().ok()?;
    let month: u32 = text[4..6].parse().ok()?;
    let day: u32 = if text.len() == 8 {
        text[6..8].parse().ok()?
    } else {
        1
    };
    ((1900..=2100).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day))
        .then_some(year)
}

/// An Excel serial: five digits, maybe with a fraction of a day, in [`SERIALS`].
fn serial_of(text: &str) -> Option<i64> {
    let whole = text.split_once('.').map_or(text, |(whole, fraction)| {
        if fraction.bytes().all(|b| b.is_ascii_digit()) {
            whole
        } else {
            ""
        }
    });
    if whole.len() != 5 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let serial: i64 = whole.parse().ok()?;
    SERIALS.contains(&serial).then_some(serial)
}

/// The date of an Excel serial (1900 date system, serials after 1900-02-28).
fn civil_from_serial(serial: i64) -> (i64, u32, u32) {
    // Days from 1970-01-01: serial 25569 is 1970-01-01.
    let days = serial - 25_569;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year(text: &str) -> Option<i64> {
        parse_born(text).map(|b| b.year())
    }

    #[test]
    fn years_are_read_from_dates() {
        for (text, expected) in [
            ("1975", Some(1975)),
            (" 1975 ", Some(1975)),
            ("-5", Some(-5)),
            ("1975-03-08", Some(1975)),
            ("1975-03-01", Some(1975)),
            ("1975/3/8", Some(1975)),
            ("1975.03", Some(1975)),
            ("1975年3月", Some(1975)),
            ("1975年3月8日", Some(1975)),
            ("1975-03-08T00:00:00", Some(1975)),
            ("1975x", None),
            ("197-03", None),
            ("1975-ab", None),
            ("75", Some(75)),
            ("", None),
            ("1975.5.", Some(1975)),
        ] {
            assert_eq!(year(text), expected, "{text:?}");
        }
    }

    #[test]
    fn compact_forms_need_a_real_month() {
        assert_eq!(year("197503"), Some(1975));
        assert_eq!(year("19750308"), Some(1975));
        assert_eq!(parse_born("197503"), Some(Born::Year(1975)));
        // Month 13 is no date: read as the number it is (then out of range).
        assert_eq!(year("197513"), Some(197_513));
        assert_eq!(year("19751332"), Some(19_751_332));
    }

    #[test]
    fn excel_serials_are_dates() {
        // Worked out by hand: 1900-01-01 is serial 1 and Excel counts
        // 1900-02-29, so serial 27456 is 27454 days after 1900-01-01.
        // 1900..1975 holds 75 years with 18 leap days (1904..1972): 27393
        // days to 1975-01-01, then 61 more: 1975-03-03.
        assert_eq!(
            parse_born("27456"),
            Some(Born::Serial {
                year: 1975,
                date: "1975-03-03".into()
            })
        );
        assert_eq!(year("25569"), Some(1970));
        assert_eq!(
            parse_born("25569.5"),
            Some(Born::Serial {
                year: 1970,
                date: "1970-01-01".into()
            })
        );
        // 1919-12-31 and 2021-01-01: outside the birth-date range.
        assert_eq!(year("7305"), Some(7305));
        assert_eq!(year("44197"), Some(44_197));
    }
}
