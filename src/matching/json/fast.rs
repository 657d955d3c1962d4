//! A fast path for reading plain instances: a scanner for the usual shape
//! of the format (ids without escapes, capacities as plain whole numbers),
//! which gives up at the first thing it does not expect.
//!
//! The serde reader ([`super::read`]) handles every input and says where
//! and why one is wrong, but goes through serde's visitor calls for each of
//! the tens of millions of list entries of a large instance. This scanner
//! walks the bytes directly and fills the same [`State`] through the same
//! methods, so a text it accepts gives exactly what the serde reader would
//! have given. On anything else (an escape, a float, a wrong type, a
//! duplicate, an unknown key, the size bound, malformed JSON) it returns
//! `None` and the caller reads the text again with the serde reader, so
//! errors and their positions stay serde_json's.

use super::super::Side;
use super::read::{Owner, State};

/// Reads `text` (without a byte order mark) into a [`State`], or `None`
/// when the serde reader must read it instead.
pub(super) fn read(bytes: &[u8], max_entries: usize) -> Option<State<'_>> {
    // Checked once for the whole text, so that ids can be borrowed as
    // `&str` without a check each (ids end at an ASCII quote, so every id
    // is a whole number of characters).
    let text = std::str::from_utf8(bytes).ok()?;
    let mut scanner = Scanner {
        text,
        bytes,
        at: 0,
        state: State::new(max_entries),
    };
    scanner.document()?;
    Some(scanner.state)
}

struct Scanner<'de> {
    text: &'de str,
    bytes: &'de [u8],
    at: usize,
    state: State<'de>,
}

impl<'de> Scanner<'de> {
    fn document(&mut self) -> Option<()> {
        self.expect(b'{')?;
        let (mut candidates, mut posts, mut optimal) = (false, false, false);
        if !self.first_in(b'}')? {
            loop {
                let key = self.string()?;
                self.expect(b':')?;
                let seen = match key {
                    "candidates" => &mut candidates,
                    "posts" => &mut posts,
                    "optimal" => &mut optimal,
                    _ => return None,
                };
                if std::mem::replace(seen, true) {
                    return None;
                }
                match key {
                    "candidates" => {
                        self.state.sections.push(Owner::Candidate);
                        self.candidates()?;
                    }
                    "posts" => {
                        self.state.sections.push(Owner::Post);
                        self.posts()?;
                    }
                    _ => {
                        self.state.optimal = Some(match self.string()? {
                            "candidate" => Side::Candidate,
                            "post" => Side::Post,
                            _ => return None,
                        });
                    }
                }
                if !self.next_in(b'}')? {
                    break;
                }
            }
        }
        self.skip_whitespace();
        (candidates && posts && self.at == self.bytes.len()).then_some(())
    }

    fn candidates(&mut self) -> Option<()> {
        self.expect(b'{')?;
        let state = &mut self.state;
        state.choice_offsets.push(state.choices.len());
        if self.first_in(b'}')? {
            return Some(());
        }
        loop {
            let id = self.string()?;
            if !self.state.spend() || !self.state.candidates.define(id.into()) {
                return None;
            }
            self.expect(b':')?;
            self.list(Owner::Candidate)?;
            let state = &mut self.state;
            state.choice_offsets.push(state.choices.len());
            if !self.next_in(b'}')? {
                return Some(());
            }
        }
    }

    fn posts(&mut self) -> Option<()> {
        self.expect(b'{')?;
        let state = &mut self.state;
        state.ranking_offsets.push(state.rankings.len());
        if self.first_in(b'}')? {
            return Some(());
        }
        loop {
            let id = self.string()?;
            if !self.state.spend() || !self.state.posts.define(id.into()) {
                return None;
            }
            self.expect(b':')?;
            let capacity = self.post()?;
            let state = &mut self.state;
            state.capacity.push(capacity);
            state.ranking_offsets.push(state.rankings.len());
            if !self.next_in(b'}')? {
                return Some(());
            }
        }
    }

    /// One post's object; returns its capacity.
    fn post(&mut self) -> Option<u32> {
        self.expect(b'{')?;
        let (mut capacity, mut ranking) = (None, false);
        if !self.first_in(b'}')? {
            loop {
                let key = self.string()?;
                self.expect(b':')?;
                match key {
                    "capacity" if capacity.is_none() => capacity = Some(self.whole_number()?),
                    "ranking" if !ranking => {
                        ranking = true;
                        self.list(Owner::Post)?;
                    }
                    _ => return None,
                }
                if !self.next_in(b'}')? {
                    break;
                }
            }
        }
        capacity.filter(|_| ranking)
    }

    /// A list of ids of the other side, interned as the serde reader does.
    fn list(&mut self, owner: Owner) -> Option<()> {
        self.expect(b'[')?;
        self.state.start_list();
        if !self.first_in(b']')? {
            loop {
                let id = self.string()?;
                if !self.state.spend() {
                    return None;
                }
                self.state.push_entry(owner, id.into());
                if !self.next_in(b']')? {
                    break;
                }
            }
        }
        self.state.end_list(owner);
        Some(())
    }

    /// A string without escapes or control characters, borrowed.
    fn string(&mut self) -> Option<&'de str> {
        self.expect(b'"')?;
        let start = self.at;
        let rest = self.bytes.get(start..)?;
        let len = rest
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
        if rest[len] != b'"' {
            return None;
        }
        self.at = start + len + 1;
        self.text.get(start..start + len)
    }

    /// A capacity: digits without a leading zero, sign, fraction or
    /// exponent, that fit in a `u32`.
    fn whole_number(&mut self) -> Option<u32> {
        self.skip_whitespace();
        let rest = self.bytes.get(self.at..)?;
        let len = rest.iter().position(|b| !b.is_ascii_digit())?;
        if len == 0 || len > 10 || (len > 1 && rest[0] == b'0') {
            return None;
        }
        if matches!(rest[len], b'.' | b'e' | b'E') {
            return None;
        }
        let value = rest[..len]
            .iter()
            .fold(0u64, |v, &d| v * 10 + u64::from(d - b'0'));
        self.at += len;
        u32::try_from(value).ok()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    /// The next byte, after whitespace, which must be `byte`.
    fn expect(&mut self, byte: u8) -> Option<()> {
        self.skip_whitespace();
        if *self.bytes.get(self.at)? != byte {
            return None;
        }
        self.at += 1;
        Some(())
    }

    /// After an opening bracket: true (and consumed) if `close` follows at
    /// once, false if an element does.
    fn first_in(&mut self, close: u8) -> Option<bool> {
        self.skip_whitespace();
        let empty = *self.bytes.get(self.at)? == close;
        self.at += usize::from(empty);
        Some(empty)
    }

    /// After an element: true if a comma (consumed) brings another, false
    /// if `close` (consumed) ends the list; `None` for anything else.
    fn next_in(&mut self, close: u8) -> Option<bool> {
        self.skip_whitespace();
        let byte = *self.bytes.get(self.at)?;
        self.at += 1;
        match byte {
            b',' => Some(true),
            b if b == close => Some(false),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{check, read};

    /// The serde reader is the reference: wherever the scanner accepts a
    /// text, both must give the same instance, or the same error.
    fn same_as_serde(text: &str) {
        let fast = super::read(text.as_bytes(), usize::MAX).expect("the scanner accepts it");
        let slow = read::read(text.as_bytes(), usize::MAX).expect("serde accepts it");
        assert_eq!(check::check(fast), check::check(slow), "{text}");
    }

    fn gives_up(text: &str) {
        assert!(super::read(text.as_bytes(), usize::MAX).is_none(), "{text}");
    }

    #[test]
    fn accepts_plain_texts_as_serde_reads_them() {
        same_as_serde(
            r#"{"candidates": {"ana": ["north", "south"], "bo": ["north"]},
                "posts": {"north": {"capacity": 1, "ranking": ["bo", "ana"]},
                          "south": {"ranking": ["ana"], "capacity": 0}}}"#,
        );
        same_as_serde(
            "\t{\r\n\"optimal\" :\"post\",\"posts\":{\"p\":{\"capacity\":4294967295,\
             \"ranking\":[]}} , \"candidates\":{\"a\":[],\"b\":[\"p\"]}}\n ",
        );
        same_as_serde(r#"{"candidates": {}, "posts": {}}"#);
        same_as_serde(
            r#"{"candidates": {"a name longer than fifteen bytes": ["é", "中文岗位"]},
                "posts": {"中文岗位": {"capacity": 10, "ranking": ["a name longer than fifteen bytes"]},
                          "é": {"capacity": 0, "ranking": []}}}"#,
        );
        // Errors found once everything is read come out the same.
        same_as_serde(r#"{"candidates": {"a": ["x"]}, "posts": {}}"#);
        same_as_serde(r#"{"posts": {"p": {"capacity": 1, "ranking": ["z"]}}, "candidates": {}}"#);
        same_as_serde(
            r#"{"candidates": {"a": ["p", "p"]}, "posts": {"p": {"capacity": 1, "ranking": ["a"]}}}"#,
        );
    }

    #[test]
    fn accepts_generated_instances_as_serde_reads_them() {
        // A small linear congruential generator: many ids, lists longer
        // than a lookup batch, varied spacing.
        let mut x = 12345u64;
        let mut next = |n: u64| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) % n
        };
        let space = ["", " ", "\n  ", "\t"];
        let (candidates, posts) = (300, 40);
        let mut text = String::from("{\"candidates\":{");
        let mut rankings = vec![Vec::new(); posts];
        for c in 0..candidates {
            let sep = space[next(4) as usize];
            text += &format!("{}\"cand-{c}\":{sep}[", if c > 0 { "," } else { "" });
            let mut listed = Vec::new();
            for _ in 0..next(25) {
                let p = next(posts as u64) as usize;
                if !listed.contains(&p) {
                    listed.push(p);
                    rankings[p].push(c);
                }
            }
            let ids: Vec<_> = listed.iter().map(|p| format!("\"p{p}\"")).collect();
            text += &ids.join(&format!(",{sep}"));
            text += "]";
        }
        text += "},\"posts\":{";
        for (p, ranking) in rankings.iter().enumerate() {
            let ids: Vec<_> = ranking
                .iter()
                .rev()
                .map(|c| format!("\"cand-{c}\""))
                .collect();
            text += &format!(
                "{}\"p{p}\": {{\"capacity\": {}, \"ranking\": [{}]}}",
                if p > 0 { ",\n" } else { "" },
                next(5),
                ids.join(", ")
            );
        }
        text += "}}";
        same_as_serde(&text);
    }

    #[test]
    fn gives_up_on_what_only_serde_can_place() {
        let post = |capacity: &str| {
            format!(
                r#"{{"candidates": {{}}, "posts": {{"p": {{"capacity": {capacity}, "ranking": []}}}}}}"#
            )
        };
        for capacity in ["2.0", "-1", "01", "5e0", "4294967296", "\"1\"", "null"] {
            gives_up(&post(capacity));
        }
        gives_up(r#"{"candidates": {"a\u0062": []}, "posts": {}}"#);
        gives_up(r#"{"candidates": {"a": [], "a": []}, "posts": {}}"#);
        gives_up(r#"{"candidates": {"a": ["p",]}, "posts": {}}"#);
        gives_up(r#"{"candidates": {}, "posts": {}, "other": 1}"#);
        gives_up(r#"{"candidates": {}, "posts": {}, "posts": {}}"#);
        gives_up(r#"{"candidates": {}}"#);
        gives_up(r#"{"candidates": {}, "posts": {"p": {"capacity": 1}}}"#);
        gives_up(r#"{"candidates": {}, "posts": {}, "optimal": "both"}"#);
        gives_up(r#"{"candidates": {}, "posts": {}} x"#);
        gives_up("{\"candidates\": {\"a\tb\": []}, \"posts\": {}}");
        assert!(super::read(b"{\"candidates\": {\"\xff\": []}, \"posts\": {}}", 9).is_none());
        // The size bound: three ids and entries allowed, four read.
        let text =
            br#"{"candidates": {"a": ["p"]}, "posts": {"p": {"capacity": 1, "ranking": ["a"]}}}"#;
        assert!(super::read(text, 4).is_some());
        assert!(super::read(text, 3).is_none());
    }
}
