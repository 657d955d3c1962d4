//! Reading instances in the `reorg match` JSON format from Rust
//! (`reorg::matching::json`): a hand-worked instance solved both ways, and
//! each kind of refusal as a typed error naming the id, key or value at
//! fault. The CLI tests (`cli.rs`) check the same refusals as messages.

use reorg::matching::json::{self, Position, ReadError};
use reorg::matching::{Side, deferred_acceptance, verify};

/// Three candidates, three posts; ana lists east, which does not rank her
/// back, so that pair is not acceptable.
///
/// Candidates propose: ana and cy get north (two seats), bo gets south.
/// Posts propose: north offers its seats to bo and cy, south to ana; nobody
/// trades up (north prefers bo and cy to ana, south ana to bo), so ana and
/// bo end on their second choice.
const SMALL: &str = r#"{
  "candidates": {"ana": ["north", "south", "east"], "bo": ["south", "north"], "cy": ["north"]},
  "posts": {
    "north": {"capacity": 2, "ranking": ["bo", "cy", "ana"]},
    "south": {"capacity": 1, "ranking": ["ana", "bo"]},
    "east": {"capacity": 1, "ranking": []}
  },
  "optimal": "post"
}"#;

fn at(line: usize, column: usize) -> Position {
    Position { line, column }
}

#[test]
fn reads_ids_in_input_order_and_solves_both_ways() {
    let named = json::from_str(SMALL).unwrap();
    assert_eq!(named.optimal(), Side::Post);
    assert_eq!(
        named.candidate_ids().collect::<Vec<_>>(),
        ["ana", "bo", "cy"]
    );
    assert_eq!(
        named.post_ids().collect::<Vec<_>>(),
        ["north", "south", "east"]
    );
    assert_eq!((named.candidate_id(1), named.post_id(2)), ("bo", "east"));

    // The list as written keeps east; the engine's drops it.
    assert_eq!(named.listed_posts(0), [0, 1, 2]);
    let instance = named.instance();
    assert_eq!(instance.choice_posts(0), [0, 1]);
    assert_eq!(instance.capacity(), [2, 1, 1]);

    let by_candidates = deferred_acceptance(instance, Side::Candidate);
    assert_eq!(
        named.assignment(&by_candidates).collect::<Vec<_>>(),
        [
            ("ana", Some("north")),
            ("bo", Some("south")),
            ("cy", Some("north"))
        ]
    );
    let by_posts = deferred_acceptance(instance, named.optimal());
    assert_eq!(
        named.assignment(&by_posts).collect::<Vec<_>>(),
        [
            ("ana", Some("south")),
            ("bo", Some("north")),
            ("cy", Some("north"))
        ]
    );
    assert!(verify(instance, &by_candidates).unwrap().is_empty());
    assert!(verify(instance, &by_posts).unwrap().is_empty());

    let mut out = Vec::new();
    json::write_answer(&mut out, &named, &by_posts, Some(0)).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        r#"{
  "assignment": {
    "ana": "south",
    "bo": "north",
    "cy": "north"
  },
  "blocking_pairs": 0
}"#
    );
}

/// Ids are borrowed from the text; `into_owned` lets the instance outlive
/// it. An escaped id is the same id, and a byte order mark is skipped.
#[test]
fn ids_outlive_the_text_once_owned() {
    let text = format!(
        "\u{feff}{}",
        SMALL.replace(r#""bo", "cy", "ana""#, r#""b\u006f", "cy", "ana""#)
    );
    let named = json::from_slice(text.as_bytes()).unwrap().into_owned();
    drop(text);
    let matching = deferred_acceptance(named.instance(), Side::Candidate);
    assert_eq!(
        named.assignment(&matching).nth(1),
        Some(("bo", Some("south")))
    );
}

/// Problems seen only once the whole text is read name both ids and have no
/// position.
#[test]
fn unknown_and_repeated_ids_name_both_sides() {
    let cases = [
        (
            r#"{"candidates": {"c1": ["p1", "p9"]}, "posts": {"p1": {"capacity": 1, "ranking": []}}}"#,
            ReadError::UnknownPost {
                candidate: "c1".into(),
                post: "p9".into(),
            },
        ),
        (
            // The ranking comes first in the file, so its unknown id is the
            // one reported.
            r#"{"posts": {"p1": {"capacity": 1, "ranking": ["c9"]}}, "candidates": {"c1": ["p9"]}}"#,
            ReadError::UnknownCandidate {
                post: "p1".into(),
                candidate: "c9".into(),
            },
        ),
        (
            r#"{"candidates": {"c1": ["p1", "p1"]}, "posts": {"p1": {"capacity": 1, "ranking": []}}}"#,
            ReadError::ListedTwice {
                candidate: "c1".into(),
                post: "p1".into(),
            },
        ),
        (
            r#"{"candidates": {"c1": [], "c2": []}, "posts": {"p1": {"capacity": 1, "ranking": ["c2", "c1", "c2"]}}}"#,
            ReadError::RankedTwice {
                post: "p1".into(),
                candidate: "c2".into(),
            },
        ),
    ];
    for (text, expected) in &cases {
        let err = json::from_str(text).unwrap_err();
        assert_eq!(&err, expected, "{text}");
        assert_eq!(err.position(), None);
    }
    let err = json::from_str(cases[2].0).unwrap_err();
    assert_eq!(err.to_string(), "candidate `c1` lists post `p1` twice");
}

/// Problems seen while reading carry where reading stopped: serde_json's
/// line and column of the last byte read (the closing quote of a key, the
/// last digit of a number, the brace that ends an object).
#[test]
fn refusals_while_reading_name_the_id_and_the_place() {
    let post = |object: &str| format!(r#"{{"candidates": {{}}, "posts": {{"p1": {object}}}}}"#);
    let cases = [
        (
            r#"{"candidates": {"c1": [], "c1": []}, "posts": {}}"#.to_owned(),
            ReadError::DuplicateCandidate {
                candidate: "c1".into(),
                at: at(1, 30),
            },
        ),
        (
            r#"{"candidates": {}, "posts": {"p1": {"capacity": 1, "ranking": []}, "p1": {"capacity": 2, "ranking": []}}}"#.to_owned(),
            ReadError::DuplicatePost {
                post: "p1".into(),
                at: at(1, 71),
            },
        ),
        (
            r#"{"candidates": {}, "candidates": {}, "posts": {}}"#.to_owned(),
            ReadError::DuplicateKey {
                key: "candidates".into(),
                at: at(1, 31),
            },
        ),
        (
            r#"{"candidates": {}, "posts": {}, "seed": 1}"#.to_owned(),
            ReadError::UnknownKey {
                key: "seed".into(),
                at: at(1, 38),
            },
        ),
        (
            r#"{"candidates": {}}"#.to_owned(),
            ReadError::MissingKey {
                key: "posts",
                at: at(1, 18),
            },
        ),
        (
            r#"{"candidates": {}, "posts": {}, "optimal": "resident"}"#.to_owned(),
            ReadError::UnknownOptimal {
                value: "resident".into(),
                at: at(1, 53),
            },
        ),
        (
            post(r#"{"capacity": 1, "capacity": 2, "ranking": []}"#),
            ReadError::PostKeyTwice {
                post: "p1".into(),
                key: "capacity",
                at: at(1, 61),
            },
        ),
        (
            post(r#"{"capcity": 1, "ranking": []}"#),
            ReadError::UnknownPostKey {
                post: "p1".into(),
                key: "capcity".into(),
                at: at(1, 45),
            },
        ),
        (
            post(r#"{"ranking": []}"#),
            ReadError::MissingPostKey {
                post: "p1".into(),
                key: "capacity",
                at: at(1, 50),
            },
        ),
        (
            post(r#"{"capacity": 3}"#),
            ReadError::MissingPostKey {
                post: "p1".into(),
                key: "ranking",
                at: at(1, 50),
            },
        ),
        (
            post(r#"{"capacity": -1, "ranking": []}"#),
            ReadError::BadCapacity {
                post: "p1".into(),
                value: "-1".into(),
                at: at(1, 50),
            },
        ),
        (
            post(r#"{"capacity": 2.0, "ranking": []}"#),
            ReadError::BadCapacity {
                post: "p1".into(),
                value: "2.0".into(),
                at: at(1, 51),
            },
        ),
        (
            r#"{"candidates": {"c1": [1]}, "posts": {}}"#.to_owned(),
            ReadError::Malformed {
                message: "invalid type: integer `1`, expected a post id (a string) in the \
                          choices of candidate `c1`"
                    .into(),
                at: at(1, 24),
            },
        ),
    ];
    for (text, expected) in cases {
        let err = json::from_str(&text).unwrap_err();
        assert_eq!(err, expected, "{text}");
        assert_eq!(err.position(), expected.position());
    }
}

/// Lines count from 1 and columns restart on each line.
#[test]
fn positions_on_later_lines() {
    // Line 4: four spaces, `"north"` (5-11), `: {` (12-14), `"capacity"`
    // (15-24), `: 1, ` (25-29), `"ranking"` (30-38), `: [], ` (39-44), and
    // the second `"ranking"` ends at column 53.
    let text = r#"{
  "candidates": {"ana": []},
  "posts": {
    "north": {"capacity": 1, "ranking": [], "ranking": []}
  }
}"#;
    let err = json::from_str(text).unwrap_err();
    assert_eq!(
        err,
        ReadError::PostKeyTwice {
            post: "north".into(),
            key: "ranking",
            at: at(4, 53),
        }
    );
    assert_eq!(
        err.to_string(),
        "post `north` has `ranking` twice at line 4 column 53"
    );
}
