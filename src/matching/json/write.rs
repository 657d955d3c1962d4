//! Writing a matching back in terms of the ids: the output of `reorg match`.

use std::io::{self, BufWriter, Write};

use super::super::Matching;
use super::NamedInstance;

/// Writes `matching` of `instance` as the JSON object described in the
/// [module documentation](super#output), pretty-printed: every candidate in
/// input order mapped to its post's id or `null`, and `blocking_pairs` when
/// given. Like `serde_json::to_writer_pretty`, it adds no final newline.
///
/// `matching` must be a matching of [`instance.instance()`](NamedInstance::instance)
/// (as [`deferred_acceptance`](super::super::deferred_acceptance) returns);
/// the candidates are taken from the instance and their posts from the
/// matching, one by one.
///
/// # Errors
///
/// When writing to `out` fails; serde_json's error then holds the
/// [`std::io::Error`].
///
/// # Panics
///
/// If `matching` places a candidate at a post the instance does not have.
pub fn write_answer(
    out: impl Write,
    instance: &NamedInstance<'_>,
    matching: &Matching,
    blocking_pairs: Option<usize>,
) -> serde_json::Result<()> {
    // Written by hand, byte for byte what `serde_json::to_writer_pretty`
    // wrote for the same object (the tests compare the two): a million
    // entries through serde's map serialiser cost more than the rest of
    // the output together.
    let mut out = BufWriter::with_capacity(1 << 16, out);
    write_pretty(&mut out, instance, matching, blocking_pairs)
        .and_then(|()| out.flush())
        .map_err(serde_json::Error::io)
}

fn write_pretty(
    out: &mut impl Write,
    instance: &NamedInstance<'_>,
    matching: &Matching,
    blocking_pairs: Option<usize>,
) -> io::Result<()> {
    out.write_all(b"{\n  \"assignment\": {")?;
    let mut first = true;
    for (id, assignment) in instance.candidate_ids.iter().zip(matching.iter()) {
        out.write_all(if first { b"\n    " } else { b",\n    " })?;
        first = false;
        write_string(out, id)?;
        out.write_all(b": ")?;
        match assignment {
            Some(a) => write_string(out, &instance.post_ids[a.post as usize])?,
            None => out.write_all(b"null")?,
        }
    }
    if !first {
        out.write_all(b"\n  ")?;
    }
    out.write_all(b"}")?;
    if let Some(n) = blocking_pairs {
        write!(out, ",\n  \"blocking_pairs\": {n}")?;
    }
    out.write_all(b"\n}")
}

/// A JSON string as serde_json writes it: as is when nothing needs an
/// escape (serde_json escapes only quotes, backslashes and control
/// characters), else through serde_json itself.
fn write_string(out: &mut impl Write, s: &str) -> io::Result<()> {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.write_all(b"\"")?;
        out.write_all(s.as_bytes())?;
        out.write_all(b"\"")
    } else {
        serde_json::to_writer(out, s).map_err(io::Error::from)
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::deferred_acceptance;
    use super::super::from_str;

    /// What `write_answer` wrote before it was written by hand: serde_json's
    /// pretty printer on the same object (keys keep their order).
    fn with_serde(text: &str, blocking_pairs: Option<usize>) -> String {
        let named = from_str(text).unwrap();
        let matching = deferred_acceptance(named.instance(), named.optimal());
        let mut assignment = serde_json::Map::new();
        for (candidate, post) in named.assignment(&matching) {
            assignment.insert(candidate.to_owned(), post.into());
        }
        let mut output = serde_json::Map::new();
        output.insert("assignment".into(), assignment.into());
        if let Some(n) = blocking_pairs {
            output.insert("blocking_pairs".into(), n.into());
        }
        serde_json::to_string_pretty(&output).unwrap()
    }

    fn by_hand(text: &str, blocking_pairs: Option<usize>) -> String {
        let named = from_str(text).unwrap();
        let matching = deferred_acceptance(named.instance(), named.optimal());
        let mut out = Vec::new();
        super::write_answer(&mut out, &named, &matching, blocking_pairs).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn writes_what_serde_json_pretty_wrote() {
        let texts = [
            r#"{"candidates": {}, "posts": {}}"#,
            r#"{"candidates": {"a": []}, "posts": {}}"#,
            r#"{"candidates": {"ana": ["north", "south"], "bo": ["north"], "cy": []},
                "posts": {"north": {"capacity": 1, "ranking": ["bo", "ana"]},
                          "south": {"capacity": 1, "ranking": ["ana"]}}}"#,
            // Ids that need escapes, and ids that do not but look odd.
            r#"{"candidates": {"q\"uote": ["back\\slash"], "tab\tnew\nline\u0001": ["é/中 \u007f"]},
                "posts": {"back\\slash": {"capacity": 1, "ranking": ["q\"uote"]},
                          "é/中 \u007f": {"capacity": 1, "ranking": ["tab\tnew\nline\u0001"]}}}"#,
        ];
        for text in texts {
            for blocking_pairs in [None, Some(0), Some(12)] {
                assert_eq!(
                    by_hand(text, blocking_pairs),
                    with_serde(text, blocking_pairs)
                );
            }
        }
    }
}
