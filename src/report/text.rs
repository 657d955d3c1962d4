//! How every renderer writes numbers and user text, so that a sign, a
//! percentage, a missing value or a long Chinese name looks the same in
//! every command.

use unicode_width::UnicodeWidthChar;

use super::labels::Lang;
use crate::metrics::{DepthCount, KindCount};

/// What a table shows for a value that does not exist.
pub const MISSING: &str = "-";

/// User text (names) made safe for a table cell: control characters, line
/// breaks included, become spaces, so a name cannot break the layout.
pub fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// One-line text with Markdown's table separator escaped.
pub fn escape_markdown(text: &str) -> String {
    one_line(text).replace('|', "\\|")
}

/// Cuts text to at most `width` display columns (East Asian wide characters
/// count two), ending in "…" when cut.
pub fn truncate_to_width(text: &str, width: usize) -> String {
    let char_width = |c: char| c.width().unwrap_or(0);
    let total: usize = text.chars().map(char_width).sum();
    if total <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        if used + char_width(c) > width.saturating_sub(1) {
            break;
        }
        used += char_width(c);
        out.push(c);
    }
    out.push('…');
    out
}

/// A whole-number change: `+3`, `0`, `-3`.
pub fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

/// A real change to two decimals: `+1.25`, `-0.50`, or `0` when it rounds
/// to nothing.
pub fn signed_fixed(value: f64) -> String {
    let text = format!("{value:+.2}");
    if text == "+0.00" || text == "-0.00" {
        "0".into()
    } else {
        text
    }
}

/// A relative change to one decimal: `+12.5%`, or [`MISSING`] from zero.
pub fn signed_percent(before: f64, after: f64) -> String {
    if before == 0.0 {
        MISSING.into()
    } else {
        format!("{:+.1}%", 100.0 * (after - before) / before)
    }
}

/// A share to one decimal: `12.5%`, or [`MISSING`] of nothing.
pub fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        MISSING.into()
    } else {
        format!("{:.1}%", 100.0 * part as f64 / whole as f64)
    }
}

/// A real number to `decimals` places, or [`MISSING`].
pub fn fixed(value: Option<f64>, decimals: usize) -> String {
    value.map_or(MISSING.into(), |v| format!("{v:.decimals$}"))
}

/// Text, or [`MISSING`].
pub fn or_missing(value: Option<&str>) -> String {
    value.unwrap_or(MISSING).to_string()
}

/// Units before → after per kind, those outside the structure apart:
/// `department 48 → 19, park 9 → 6; outside: enterprise 1`, in `lang`.
pub fn kinds_line(kinds: &[KindCount], lang: Lang) -> String {
    let inside: Vec<String> = kinds
        .iter()
        .filter(|k| k.before + k.after > 0)
        .map(|k| format!("{} {} → {}", lang.kind(k.kind), k.before, k.after))
        .collect();
    let outside: Vec<String> = kinds
        .iter()
        .filter(|k| k.external > 0)
        .map(|k| format!("{} {}", lang.kind(k.kind), k.external))
        .collect();
    let (comma, semicolon, colon) = match lang {
        Lang::En => (", ", "; ", ": "),
        Lang::Zh => ("，", "；", "："),
    };
    if outside.is_empty() {
        inside.join(comma)
    } else {
        format!(
            "{}{semicolon}{}{colon}{}",
            inside.join(comma),
            lang.words().outside,
            outside.join(comma)
        )
    }
}

/// Units before → after at each depth, with the change in percent:
/// `bodies 3 → 2 (-33.3%), internal units 20 → 16 (-20.0%)`, deeper ones as
/// `depth 2 ...`; those outside the structure counted in `after` apart.
pub fn depths_line(depths: &[DepthCount], lang: Lang) -> String {
    let w = lang.words();
    let comma = if lang == Lang::Zh { "，" } else { ", " };
    depths
        .iter()
        .map(|d| {
            let name = match d.depth {
                0 => w.bodies.to_string(),
                1 => w.internal_units.to_string(),
                n => format!("{} {n}", w.depth),
            };
            let mut text = format!(
                "{name} {} → {} ({})",
                d.before,
                d.after,
                change_percent(d.before, d.after)
            );
            if d.external > 0 {
                text.push_str(&format!(" + {} {}", d.external, w.outside));
            }
            text
        })
        .collect::<Vec<_>>()
        .join(comma)
}

/// The change from `before` to `after` in percent to two places, as reform
/// reports give it (`-18.48%`); [`MISSING`] when there was nothing before.
fn change_percent(before: usize, after: usize) -> String {
    if before == 0 {
        MISSING.into()
    } else {
        let change = 100.0 * (after as f64 - before as f64) / before as f64;
        if change == 0.0 {
            "0%".into()
        } else {
            format!("{change:+.2}%")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_count_two_columns() {
        // 6 Chinese characters are 12 columns: cut to 9 keeps 4 (8) and the ellipsis.
        assert_eq!(truncate_to_width("滨海区审批局", 9), "滨海区审…");
        assert_eq!(truncate_to_width("滨海区审批局", 12), "滨海区审批局");
        assert_eq!(truncate_to_width("approval", 5), "appr…");
    }

    #[test]
    fn signs_and_zero_are_written_one_way() {
        assert_eq!(signed(3), "+3");
        assert_eq!(signed(0), "0");
        assert_eq!(signed(-3), "-3");
        assert_eq!(signed_fixed(0.004), "0");
        assert_eq!(signed_fixed(-0.004), "0");
        assert_eq!(signed_fixed(-0.5), "-0.50");
        assert_eq!(signed_percent(200.0, 250.0), "+25.0%");
        assert_eq!(signed_percent(0.0, 250.0), "-");
        assert_eq!(percent(1, 8), "12.5%");
        assert_eq!(percent(1, 0), "-");
        assert_eq!(fixed(None, 2), "-");
        assert_eq!(fixed(Some(46.26), 1), "46.3");
    }

    /// 1 body with 3 internal units becomes 1 with 2: -33.33% at depth 1.
    #[test]
    fn depths_line_counts_each_depth_with_its_change() {
        let depths = [
            DepthCount {
                depth: 0,
                before: 1,
                after: 1,
                external: 0,
            },
            DepthCount {
                depth: 1,
                before: 3,
                after: 2,
                external: 0,
            },
            DepthCount {
                depth: 2,
                before: 0,
                after: 1,
                external: 1,
            },
        ];
        assert_eq!(
            depths_line(&depths, Lang::En),
            "bodies 1 → 1 (0%), internal units 3 → 2 (-33.33%), depth 2 0 → 1 (-) + 1 outside"
        );
    }
}
