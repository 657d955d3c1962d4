//! What the figures share: escaping, coordinates written one way, text
//! cut to a width, and the colour of each outcome.

use unicode_width::UnicodeWidthStr;

use crate::simulate::Status;

/// Text made safe inside an HTML or SVG element or a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters (a line break in a name) become spaces.
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A coordinate to one decimal, without a trailing `.0`: short, and the
/// same text on every machine for the same value.
pub fn n(x: f64) -> String {
    let text = format!("{x:.1}");
    let text = text.strip_suffix(".0").unwrap_or(&text);
    if text == "-0" {
        "0".into()
    } else {
        text.to_string()
    }
}

/// Text cut to at most `columns` display columns (a Chinese character
/// counts two), ending in "…" when cut.
pub fn fit(text: &str, columns: usize) -> String {
    super::super::text::truncate_to_width(&super::super::text::one_line(text), columns)
}

/// Display columns of a text (a Chinese character counts two).
pub fn columns(text: &str) -> usize {
    text.width()
}

/// The colour of an outcome, the same in every figure and legend.
pub fn status_color(status: Status) -> &'static str {
    match status {
        Status::Promoted => "#59a14f",
        Status::SameLevel => "#4e79a7",
        Status::Demoted => "#d4a017",
        Status::Appointed => "#76b7b2",
        Status::Transferred => "#86bcb6",
        Status::Fallback => "#f28e2b",
        Status::RankKept => "#499894",
        Status::Pooled => "#e15759",
        Status::Exited => "#9c2f2f",
        Status::Retired => "#b07aa1",
        Status::DidNotCompete => "#a0a0a0",
    }
}

/// An HTML legend: one swatch per (colour, label).
pub fn legend(items: &[(&str, String)]) -> String {
    let mut out = String::from("<p class=\"legend\">");
    for (color, label) in items {
        out.push_str(&format!(
            "<span style=\"--swatch:{color}\">{}</span>",
            escape(label)
        ));
    }
    out.push_str("</p>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_text_are_written_one_way() {
        assert_eq!(n(12.0), "12");
        assert_eq!(n(12.26), "12.3");
        assert_eq!(n(-0.01), "0");
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(fit("滨海区审批局", 9), "滨海区审…");
    }
}
