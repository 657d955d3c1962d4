//! Safe CSV cells: user text written so that a spreadsheet cannot mistake it
//! for a formula (CSV injection, OWASP "CSV Injection").
//!
//! Excel, LibreOffice and Google Sheets evaluate a cell that begins with `=`,
//! `+`, `-` or `@` as a formula, and a leading tab or carriage return can hide
//! such a start. A roster is written by HR and read back by reorg into
//! spreadsheets, so a name such as `=HYPERLINK("http://evil", "Li")` must stay
//! text. OWASP's remedy is to prefix such a cell with a single quote `'`,
//! which spreadsheets show as text. It is applied to text cells only: a
//! negative number in a numeric column stays a number.
//!
//! Reading a roster back undoes it ([`unneutralise`]), so `reorg generate`
//! output and `--format csv --people` output round-trip.
//!
//! The roster reader, the batch rows and the reports all use it, so it is a
//! leaf of the crate (it imports nothing of reorg) rather than a part of
//! `report` that the scenario layer would have to reach up into.

use std::borrow::Cow;

/// The characters that make a spreadsheet treat a cell as a formula when the
/// cell begins with one of them.
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell made safe for a spreadsheet: a leading `'` when it begins with
/// one of [`FORMULA_STARTS`] (after any quotes it already begins with, so that
/// [`unneutralise`] restores every text exactly), unchanged otherwise.
///
/// ```
/// use reorg::csv_guard::neutralise;
/// assert_eq!(neutralise("=1+2"), "'=1+2");
/// assert_eq!(neutralise("-3"), "'-3");
/// assert_eq!(neutralise("王伟"), "王伟");
/// ```
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if needs_quote(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Undoes [`neutralise`]: drops a leading `'` when a formula character
/// follows it (after any further quotes). Any other text, `'quoted'` or
/// `O'Brien` included, is unchanged.
///
/// ```
/// use reorg::csv_guard::unneutralise;
/// assert_eq!(unneutralise("'=1+2"), "=1+2");
/// assert_eq!(unneutralise("'quoted'"), "'quoted'");
/// ```
pub fn unneutralise(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if needs_quote(rest) => rest,
        _ => text,
    }
}

/// True when the text, after its leading quotes, begins like a formula.
fn needs_quote(text: &str) -> bool {
    text.trim_start_matches('\'').starts_with(FORMULA_STARTS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_formula_start_is_neutralised_and_restored() {
        for start in FORMULA_STARTS {
            let text = format!("{start}SUM(A1:A9)");
            let safe = neutralise(&text);
            assert_eq!(safe, format!("'{text}"));
            assert_eq!(unneutralise(&safe), text);
        }
    }

    #[test]
    fn plain_text_is_untouched() {
        for text in ["", "Li Wei", "王伟", "'", "'a", "1-2", " =x", "O'Brien"] {
            assert_eq!(neutralise(text), text);
            assert_eq!(unneutralise(text), text);
        }
    }

    #[test]
    fn texts_that_begin_with_quotes_round_trip() {
        // A name that itself begins `'=` gains a second quote and loses only it.
        assert_eq!(neutralise("'=x"), "''=x");
        for text in ["'=x", "''-1", "'", "''", "'a", "=", "'\t"] {
            assert_eq!(unneutralise(&neutralise(text)), text, "{text:?}");
        }
    }
}
