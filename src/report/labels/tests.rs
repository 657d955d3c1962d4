//! Every English phrase has a Chinese counterpart: not empty, with the same
//! `{marks}`, and in Chinese (a CJK character) unless it is a symbol that
//! both languages write alike.

use super::{EN, Lang, ZH, fill};

/// Every phrase of a language, by its field path (`process.steps`).
fn phrases(words: &super::Words) -> Vec<(String, String)> {
    fn walk(prefix: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    let path = if prefix.is_empty() {
                        key.clone()
                    } else {
                        format!("{prefix}.{key}")
                    };
                    walk(&path, value, out);
                }
            }
            serde_json::Value::String(text) => out.push((prefix.to_string(), text.clone())),
            other => panic!("{prefix}: not a phrase: {other}"),
        }
    }
    let mut out = Vec::new();
    walk("", &serde_json::to_value(words).unwrap(), &mut out);
    out
}

/// The `{name}` marks of a phrase, in order.
fn marks(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push(&rest[open + 1..open + close]);
        rest = &rest[open + close + 1..];
    }
    out.sort_unstable();
    out
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3000}'..='\u{303f}').contains(&c)
}

#[test]
fn every_english_phrase_has_a_chinese_one_with_the_same_marks() {
    let en = phrases(&EN);
    let zh = phrases(&ZH);
    assert_eq!(
        en.iter().map(|(k, _)| k).collect::<Vec<_>>(),
        zh.iter().map(|(k, _)| k).collect::<Vec<_>>()
    );
    // The process and explain phrases are among them (a nested struct that
    // did not serialise would hide its phrases from this test).
    assert!(en.iter().any(|(k, _)| k == "process.steps_title"));
    assert!(en.iter().any(|(k, _)| k == "explain.nearest_miss"));
    for ((key, english), (_, chinese)) in en.iter().zip(&zh) {
        assert!(!english.trim().is_empty(), "{key}: empty in English");
        assert!(!chinese.trim().is_empty(), "{key}: empty in Chinese");
        assert_eq!(marks(english), marks(chinese), "{key}: marks differ");
        assert!(
            chinese.chars().any(is_cjk),
            "{key}: {chinese:?} is not Chinese"
        );
    }
}

#[test]
fn fill_replaces_marks_once_and_leaves_unknown_ones() {
    assert_eq!(
        fill("{a} and {b}", &[("a", "{b}"), ("b", "2")]),
        "{b} and 2"
    );
    assert_eq!(fill("{x} {", &[("a", "1")]), "{x} {");
    assert_eq!(Lang::Zh.words().process.steps, "环节数");
}
