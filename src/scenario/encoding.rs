//! Text encodings of CSV rosters: naming them (`[roster] encoding`),
//! detecting them, and decoding bytes into text with every undecodable
//! sequence found.
//!
//! HR exports come in UTF-8, UTF-8 with a byte-order mark, GBK (Chinese
//! Windows and Excel), or UTF-16LE with a byte-order mark (Excel's "Unicode
//! text"). A byte-order mark wins; otherwise valid UTF-8 is read as UTF-8 and
//! anything else as GB18030, the superset of GBK. The `[roster]`
//! decoder checks encoding names and the roster reader decodes with them, so
//! this module sits below both and imports neither.

use crate::diagnostic::Location;
use crate::scenario::limits;

/// How a CSV roster's bytes are decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Detected: a byte-order mark names it; else UTF-8 when the bytes are
    /// valid UTF-8; else GB18030 (a superset of GBK).
    Auto,
    /// UTF-8 (a byte-order mark is skipped).
    Utf8,
    /// GBK, as Chinese Windows and Excel write it (decoded as GB18030, its superset).
    Gbk,
    /// GB18030.
    Gb18030,
    /// UTF-16, little-endian (Excel's "Unicode text" without its byte-order mark).
    Utf16Le,
}

impl Encoding {
    /// The encoding named by `[roster] encoding` (any case), if known.
    pub fn parse(name: &str) -> Option<Encoding> {
        match name.to_lowercase().as_str() {
            "auto" => Some(Encoding::Auto),
            "utf-8" | "utf8" => Some(Encoding::Utf8),
            "gbk" => Some(Encoding::Gbk),
            "gb18030" => Some(Encoding::Gb18030),
            "utf-16" | "utf16" | "utf-16le" | "utf16le" => Some(Encoding::Utf16Le),
            _ => None,
        }
    }
}

/// Why the bytes were decoded the way they were, for the hint of a decoding error.
#[derive(Debug, Clone, Copy)]
enum Why {
    Bom,
    Detected,
    Asked,
}

/// A decoded roster and where it could not be decoded.
#[derive(Debug)]
pub struct Decoded {
    /// The text, with U+FFFD for each malformed sequence.
    pub text: String,
    /// (offset in the text, the malformed bytes) of the first malformed
    /// sequence of each line, for the first [`limits::MAX_DIAGNOSTICS`] such lines.
    pub bad: Vec<(usize, Vec<u8>)>,
    /// How many more lines hold malformed sequences.
    pub more: usize,
    /// The encoding used.
    encoding: &'static encoding_rs::Encoding,
    /// Why it was used.
    why: Why,
}

impl Decoded {
    /// The encoding's name as people write it: `UTF-8`, `GBK`, `GB18030`.
    pub fn encoding_name(&self) -> String {
        self.encoding.name().to_uppercase()
    }

    /// Whether the bytes were read as UTF-8 because they are valid UTF-8,
    /// no byte-order mark nor `[roster] encoding` saying so.
    pub fn utf8_detected(&self) -> bool {
        matches!(self.why, Why::Detected) && self.encoding == encoding_rs::UTF_8
    }

    /// What to do about bytes that could not be decoded, given why the
    /// encoding was chosen.
    pub fn hint(&self) -> String {
        let name = self.encoding_name();
        match self.why {
            Why::Bom => format!(
                "the file begins with a {name} byte-order mark but holds other bytes: is it damaged or cut short?"
            ),
            Why::Detected => format!(
                "the file is not UTF-8, so it was read as {name} (GBK), and these bytes are not {name} either: is it cut short, or in another encoding? save it as CSV UTF-8"
            ),
            Why::Asked => format!(
                "`[roster] encoding` says {name}: correct it (`utf-8`, `gbk`, `gb18030` or `utf-16le`), or remove it to detect the encoding"
            ),
        }
    }
}

/// Decodes a CSV roster's bytes: with the encoding a byte-order mark names,
/// else the one asked for, else the one detected.
pub fn decode(bytes: &[u8], asked: Encoding) -> Decoded {
    let (encoding, why, body) = match encoding_rs::Encoding::for_bom(bytes) {
        Some((encoding, bom)) => (encoding, Why::Bom, &bytes[bom..]),
        None => match asked {
            Encoding::Utf8 => (encoding_rs::UTF_8, Why::Asked, bytes),
            Encoding::Gbk => (encoding_rs::GBK, Why::Asked, bytes),
            Encoding::Gb18030 => (encoding_rs::GB18030, Why::Asked, bytes),
            Encoding::Utf16Le => (encoding_rs::UTF_16LE, Why::Asked, bytes),
            Encoding::Auto if std::str::from_utf8(bytes).is_ok() => {
                (encoding_rs::UTF_8, Why::Detected, bytes)
            }
            Encoding::Auto => (encoding_rs::GB18030, Why::Detected, bytes),
        },
    };
    let (text, bad, more) = decode_with(encoding, body);
    Decoded {
        text,
        bad,
        more,
        encoding,
        why,
    }
}

/// `bytes` decoded with `encoding`: the text, the first malformed sequence
/// of each line (up to [`limits::MAX_DIAGNOSTICS`]) and how many more lines
/// hold one. Lines are counted as the text grows, so a file that is all
/// garbage costs linear time and bounded memory.
fn decode_with(
    encoding: &'static encoding_rs::Encoding,
    bytes: &[u8],
) -> (String, Vec<(usize, Vec<u8>)>, usize) {
    use encoding_rs::DecoderResult;
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(bytes.len());
    let mut bad = Vec::new();
    let mut more = 0;
    // Lines seen up to `counted` in the text, and the line of the last report.
    let (mut line, mut counted, mut last_line) = (0usize, 0usize, None);
    let mut rest = bytes;
    let mut consumed = 0;
    loop {
        let needed = decoder
            .max_utf8_buffer_length_without_replacement(rest.len())
            .unwrap_or(usize::MAX);
        // Room for the worst case, within reason: the decoder asks for more when full.
        text.reserve(needed.min(rest.len().saturating_mul(3)).max(16));
        let (result, read) = decoder.decode_to_string_without_replacement(rest, &mut text, true);
        consumed += read;
        rest = &rest[read..];
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => {}
            DecoderResult::Malformed(length, after) => {
                line += text.as_bytes()[counted..]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                counted = text.len();
                // One report per line: a GBK file read as UTF-8 has a bad byte in every word.
                if last_line != Some(line) {
                    last_line = Some(line);
                    if bad.len() < limits::MAX_DIAGNOSTICS {
                        let end = consumed - usize::from(after);
                        let start = end.saturating_sub(usize::from(length));
                        bad.push((text.len(), bytes[start..end].to_vec()));
                    } else {
                        more += 1;
                    }
                }
                text.push('\u{FFFD}');
            }
        }
    }
    (text, bad, more)
}

/// Where a byte that cannot be read as text stands in a text file (a NUL,
/// or the first of `len` bytes that are not UTF-8): its line, its column in
/// characters as every diagnostic counts them, and its line as shown, with
/// `U+FFFD` for each undecodable sequence and control character (so that a
/// binary line cannot drive the terminal), the byte itself underlined.
pub fn locate_bytes(file: &str, bytes: &[u8], at: usize, len: usize) -> Location {
    let at = at.min(bytes.len());
    let line_start = bytes[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line_end = bytes[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| at + i);
    let line = bytes[..line_start].iter().filter(|&&b| b == b'\n').count() + 1;
    let rest = &bytes[(at + len.max(1)).min(line_end)..line_end];
    let mut line_text = shown(&bytes[line_start..at]);
    let column = line_text.chars().count() + 1;
    let start = line_text.len();
    line_text.push('\u{FFFD}');
    let end = line_text.len();
    line_text.push_str(&shown(rest.strip_suffix(b"\r").unwrap_or(rest)));
    Location {
        file: file.to_string(),
        line,
        column,
        line_text,
        underline: start..end,
    }
}

/// Bytes as text that is safe to show: each undecodable sequence and each
/// control character but tab becomes one `U+FFFD`.
fn shown(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .chars()
        .map(|c| {
            if c.is_control() && c != '\t' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// `text` (read as UTF-8) as it reads when its bytes are taken as GBK, when
/// `text` holds no Chinese but that reading does and decodes cleanly: the
/// sign of a GBK file that happened to be valid UTF-8 (`水司` saved as GBK
/// is the bytes of `ˮ˾`). Chinese read as UTF-8 is taken as meant, and so
/// is text with Latin letters (`café` is the bytes of GBK `caf茅`): the
/// values this is for, Chinese names, units and levels, hold neither.
pub fn as_gbk(text: &str) -> Option<String> {
    let chinese = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c);
    if text.is_ascii() || text.chars().any(|c| chinese(c) || c.is_ascii_alphabetic()) {
        return None;
    }
    let gbk =
        encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(text.as_bytes())?;
    gbk.chars()
        .all(|c| chinese(c) || (c.is_ascii() && !c.is_ascii_alphabetic()))
        .then(|| gbk.into_owned())
}

/// Bytes as spaced hexadecimal pairs (`CD F5`), for messages.
pub fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_bytes_are_located_by_line_and_character_column() {
        // Line 2, after `x = "王` and a control character (7 characters): the byte CD.
        let bytes = "a = 1\nx = \"王\u{1}"
            .bytes()
            .chain([0xCD, b'"', b'\r', b'\n', b'z'])
            .collect::<Vec<u8>>();
        let at = bytes.iter().position(|&b| b == 0xCD).unwrap();
        let loc = locate_bytes("s.toml", &bytes, at, 1);
        assert_eq!((loc.line, loc.column), (2, 8));
        assert_eq!(loc.line_text, "x = \"王\u{FFFD}\u{FFFD}\"");
        assert_eq!(&loc.line_text[loc.underline.clone()], "\u{FFFD}");
        assert_eq!(loc.underline.start, "x = \"王\u{FFFD}".len());
        // A NUL first on its line, at the very end of the file.
        let loc = locate_bytes("s.toml", b"a\n\0", 2, 1);
        assert_eq!(
            (loc.line, loc.column, loc.line_text.as_str()),
            (2, 1, "\u{FFFD}")
        );
    }

    #[test]
    fn gbk_read_as_utf8_by_chance_is_recognised() {
        // 水司 in GBK is CB AE CB BE: valid UTF-8, `ˮ˾`.
        let bytes = encoding_rs::GBK.encode("水司").0;
        let text = std::str::from_utf8(&bytes).unwrap();
        assert_eq!(text, "\u{2EE}\u{2FE}");
        assert_eq!(as_gbk(text).as_deref(), Some("水司"));
        assert_eq!(as_gbk("staff"), None);
        // Chinese read as UTF-8 is meant, though its bytes are valid GBK
        // (`浣忓缓灞€`).
        assert!(
            encoding_rs::GBK
                .decode_without_bom_handling_and_without_replacement("住建局".as_bytes())
                .is_some()
        );
        assert_eq!(as_gbk("住建局"), None);
        // Accented Latin whose bytes are no GBK Chinese: no hint.
        assert_eq!(as_gbk("café"), None);
    }

    #[test]
    fn decoding_reports_the_first_malformed_sequence_of_each_line() {
        // "王" in GBK is CD F5; FF is never valid in GB18030.
        let (text, bad, _) = decode_with(encoding_rs::GB18030, b"a\xCD\xF5b\xFFc");
        assert_eq!(text, "a王b\u{FFFD}c");
        assert_eq!(bad, vec![(5, vec![0xFF])]);
        // GBK read as UTF-8: CD and F5 are both bad, on one line: one report.
        let (text, bad, more) = decode_with(encoding_rs::UTF_8, b"x\xCD\xF5\n\xF5");
        assert_eq!(text, "x\u{FFFD}\u{FFFD}\n\u{FFFD}");
        assert_eq!(bad, vec![(1, vec![0xCD]), (8, vec![0xF5])]);
        assert_eq!(more, 0);
    }

    #[test]
    fn decoding_garbage_keeps_a_bounded_number_of_reports() {
        let garbage: Vec<u8> = (0..10_000).flat_map(|_| [0xFF, b'\n']).collect();
        let (_, bad, more) = decode_with(encoding_rs::GB18030, &garbage);
        assert_eq!(bad.len(), limits::MAX_DIAGNOSTICS);
        assert_eq!(more, 10_000 - limits::MAX_DIAGNOSTICS);
    }

    #[test]
    fn a_byte_order_mark_wins_over_the_encoding_asked_for() {
        let decoded = decode(b"\xEF\xBB\xBFid", Encoding::Gbk);
        assert_eq!(decoded.text, "id");
        assert_eq!(decoded.encoding_name(), "UTF-8");
        let decoded = decode(b"\xCD\xF5", Encoding::Auto);
        assert_eq!(decoded.text, "王");
        assert_eq!(decoded.encoding_name(), "GB18030");
    }
}
