//! CLI tests of `reorg match`: exact output on a hand-worked instance, and an
//! exit code 2 with a message naming the offending id for each kind of bad
//! input.

use assert_cmd::Command;
use proptest::prelude::*;

/// The rejection-chain instance of `hand_worked_rejection_chain` in
/// `tests/it/matching.rs`, with ids, plus two pairs that are not acceptable
/// (c5 lists A, which does not rank it; c2 lists D, which has no seats).
///
/// Candidates propose: c1→A, c2 unmatched, c3→A, c4→B, c5→C.
/// Posts propose: c1→B, c2 unmatched, c3→A, c4→A, c5→C.
const CHAIN: &str = r#"{
  "candidates": {
    "c1": ["A", "B"],
    "c2": ["A", "C", "D"],
    "c3": ["A", "B", "C"],
    "c4": ["B", "A"],
    "c5": ["C", "A"]
  },
  "posts": {
    "A": {"capacity": 2, "ranking": ["c4", "c3", "c1", "c2"]},
    "B": {"capacity": 1, "ranking": ["c1", "c3", "c4"]},
    "C": {"capacity": 1, "ranking": ["c3", "c5", "c2"]},
    "D": {"capacity": 0, "ranking": ["c2"]}
  }
}"#;

const CANDIDATE_OPTIMAL: &str = r#"{
  "assignment": {
    "c1": "A",
    "c2": null,
    "c3": "A",
    "c4": "B",
    "c5": "C"
  }
}
"#;

const POST_OPTIMAL: &str = r#"{
  "assignment": {
    "c1": "B",
    "c2": null,
    "c3": "A",
    "c4": "A",
    "c5": "C"
  }
}
"#;

/// `reorg match -` with `json` on standard input and extra `args`.
fn reorg_match(json: &str, args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("reorg")
        .unwrap()
        .arg("match")
        .arg("-")
        .args(args)
        .write_stdin(json)
        .assert()
}

/// Asserts that `json` is rejected with exit code 2, nothing on stdout and
/// exactly `message` on stderr.
#[track_caller]
fn assert_bad_input(json: &str, message: &str) {
    reorg_match(json, &[])
        .code(2)
        .stdout("")
        .stderr(format!("error: invalid instance `<stdin>`: {message}\n"));
}

#[test]
fn candidate_optimal_by_default() {
    reorg_match(CHAIN, &[])
        .success()
        .stdout(CANDIDATE_OPTIMAL)
        .stderr("");
}

#[test]
fn post_optimal_from_flag_or_file() {
    reorg_match(CHAIN, &["--optimal", "post"])
        .success()
        .stdout(POST_OPTIMAL);

    let in_file = CHAIN.replacen('{', r#"{"optimal": "post","#, 1);
    reorg_match(&in_file, &[]).success().stdout(POST_OPTIMAL);
    // The flag wins over the file.
    reorg_match(&in_file, &["--optimal", "candidate"])
        .success()
        .stdout(CANDIDATE_OPTIMAL);
}

#[test]
fn reads_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("instance.json");
    std::fs::write(&path, CHAIN).unwrap();
    Command::cargo_bin("reorg")
        .unwrap()
        .arg("match")
        .arg(&path)
        .assert()
        .success()
        .stdout(CANDIDATE_OPTIMAL);
}

#[test]
fn verify_reports_no_blocking_pairs() {
    for side in ["candidate", "post"] {
        let output = reorg_match(CHAIN, &["--verify", "--optimal", side])
            .success()
            .get_output()
            .stdout
            .clone();
        let json: serde_json::Value = serde_json::from_slice(&output).unwrap();
        assert_eq!(json["blocking_pairs"], 0, "{side}");
        assert_eq!(json.as_object().unwrap().len(), 2);
    }
    let expected = CANDIDATE_OPTIMAL.replace("\n  }\n}", "\n  },\n  \"blocking_pairs\": 0\n}");
    reorg_match(CHAIN, &["--verify"]).success().stdout(expected);
}

#[test]
fn table_format() {
    reorg_match(
        CHAIN,
        &["--format", "table", "--optimal", "post", "--verify"],
    )
    .success()
    .stdout(
        "\
┌───────────┬──────┬─────────────┐
│ candidate ┆ post ┆ choice rank │
╞═══════════╪══════╪═════════════╡
│ c1        ┆ B    ┆           2 │
│ c2        ┆ -    ┆           - │
│ c3        ┆ A    ┆           1 │
│ c4        ┆ A    ┆           2 │
│ c5        ┆ C    ┆           1 │
└───────────┴──────┴─────────────┘
blocking pairs: 0
",
    );
}

#[test]
fn empty_instance() {
    reorg_match(r#"{"candidates": {}, "posts": {}}"#, &["--verify"])
        .success()
        .stdout("{\n  \"assignment\": {},\n  \"blocking_pairs\": 0\n}\n");
}

#[test]
fn unknown_ids() {
    assert_bad_input(
        r#"{"candidates": {"c1": ["p1"]}, "posts": {"p1": {"capacity": 1, "ranking": ["c3", "c9"]}}}"#,
        "post `p1` ranks unknown candidate `c3`",
    );
    assert_bad_input(
        r#"{"candidates": {"c1": ["p1", "p9"]}, "posts": {"p1": {"capacity": 1, "ranking": []}}}"#,
        "candidate `c1` lists unknown post `p9`",
    );
}

/// The first unknown id in the file is reported, whichever section is first.
#[test]
fn first_unknown_id_in_file_order() {
    assert_bad_input(
        r#"{"posts": {"p1": {"capacity": 1, "ranking": ["c9"]}}, "candidates": {"c1": ["p9"]}}"#,
        "post `p1` ranks unknown candidate `c9`",
    );
    assert_bad_input(
        r#"{"candidates": {"c1": [], "c2": ["p1", "p9"]}, "posts": {"p1": {"capacity": 1, "ranking": ["c8"]}}}"#,
        "candidate `c2` lists unknown post `p9`",
    );
}

/// Escaped ids are the same ids; ids longer than the lookup table keeps
/// inline, with a long common prefix, stay distinct.
#[test]
fn escaped_and_long_ids() {
    let long = "a-candidate-with-a-long-identifier";
    let json = format!(
        r#"{{"candidates": {{"{long}-1": ["p\u0031"], "{long}-2": ["p1"], "\u00e9": ["p1"]}},
            "posts": {{"p1": {{"capacity": 2, "ranking": ["\u00e9", "{long}-2", "{long}-1"]}}}}}}"#
    );
    reorg_match(&json, &[]).success().stdout(format!(
        "{{\n  \"assignment\": {{\n    \"{long}-1\": null,\n    \"{long}-2\": \"p1\",\n    \"é\": \"p1\"\n  }}\n}}\n"
    ));
}

#[test]
fn duplicates_within_a_list() {
    assert_bad_input(
        r#"{"candidates": {"c1": ["p1", "p1"]}, "posts": {"p1": {"capacity": 1, "ranking": []}}}"#,
        "candidate `c1` lists post `p1` twice",
    );
    assert_bad_input(
        r#"{"candidates": {"c1": []}, "posts": {"p1": {"capacity": 1, "ranking": ["c1", "c1"]}}}"#,
        "post `p1` ranks candidate `c1` twice",
    );
}

/// serde_json keeps the last of two equal keys; `reorg match` refuses them.
#[test]
fn duplicate_keys() {
    assert_bad_input(
        r#"{"candidates": {"c1": [], "c1": []}, "posts": {}}"#,
        "duplicate candidate `c1` at line 1 column 30",
    );
    assert_bad_input(
        r#"{"candidates": {}, "posts": {"p1": {"capacity": 1, "ranking": []}, "p1": {"capacity": 2, "ranking": []}}}"#,
        "duplicate post `p1` at line 1 column 71",
    );
    assert_bad_input(
        r#"{"candidates": {}, "posts": {"p1": {"capacity": 1, "capacity": 2, "ranking": []}}}"#,
        "post `p1` has `capacity` twice at line 1 column 61",
    );
    assert_bad_input(
        r#"{"candidates": {}, "candidates": {}, "posts": {}}"#,
        "duplicate key `candidates` at line 1 column 31",
    );
}

#[test]
fn bad_capacities() {
    let with_capacity = |capacity: &str| {
        format!(
            r#"{{"candidates": {{}}, "posts": {{"p1": {{"capacity": {capacity}, "ranking": []}}}}}}"#
        )
    };
    let expected = |shown: &str, column: usize| {
        format!(
            "post `p1` has capacity {shown}; expected a whole number from 0 to 4294967295 \
             at line 1 column {column}"
        )
    };
    assert_bad_input(&with_capacity("-1"), &expected("-1", 50));
    assert_bad_input(&with_capacity("1.5"), &expected("1.5", 51));
    assert_bad_input(&with_capacity("2.0"), &expected("2.0", 51));
    assert_bad_input(&with_capacity("4294967296"), &expected("4294967296", 58));
    assert_bad_input(
        &with_capacity(r#""2""#),
        "invalid type: string \"2\", expected the capacity of post `p1` as a whole number \
         from 0 to 4294967295 at line 1 column 51",
    );
    assert_bad_input(
        r#"{"candidates": {}, "posts": {"p1": {"ranking": []}}}"#,
        "post `p1` has no `capacity` at line 1 column 50",
    );
    // Zero seats is legal.
    reorg_match(&with_capacity("0"), &[]).success();
}

#[test]
fn bad_optimal() {
    assert_bad_input(
        r#"{"candidates": {}, "posts": {}, "optimal": "resident"}"#,
        "unknown `optimal` value `resident`; expected `candidate` or `post` at line 1 column 53",
    );
    reorg_match(r#"{"candidates": {}, "posts": {}}"#, &["--optimal", "best"])
        .code(2)
        .stdout("");
}

#[test]
fn unknown_keys_and_wrong_shapes() {
    assert_bad_input(
        r#"{"candidates": {}, "posts": {}, "seed": 1}"#,
        "unknown key `seed`; expected `candidates`, `posts` or `optimal` at line 1 column 38",
    );
    assert_bad_input(
        r#"{"candidates": {}, "posts": {"p1": {"capcity": 1, "ranking": []}}}"#,
        "post `p1` has unknown key `capcity`; expected `capacity` or `ranking` at line 1 column 45",
    );
    assert_bad_input(
        r#"{"candidates": {"c1": "p1"}, "posts": {}}"#,
        "invalid type: string \"p1\", expected the choices of candidate `c1` as a list of post ids \
         at line 1 column 26",
    );
    assert_bad_input(
        r#"{"candidates": {"c1": [1]}, "posts": {}}"#,
        "invalid type: integer `1`, expected a post id (a string) in the choices of candidate `c1` \
         at line 1 column 24",
    );
    assert_bad_input(
        r#"{"candidates": {}}"#,
        "missing `posts` at line 1 column 18",
    );
}

#[test]
fn malformed_json() {
    assert_bad_input(
        r#"{"candidates": {}, "posts": {}"#,
        "EOF while parsing an object at line 1 column 30",
    );
    assert_bad_input(
        r#"{"candidates": {}, "posts": {}} {}"#,
        "trailing characters at line 1 column 33",
    );
    assert_bad_input("", "EOF while parsing a value at line 1 column 0");
}

#[test]
fn missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nope.json");
    Command::cargo_bin("reorg")
        .unwrap()
        .arg("match")
        .arg(&path)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::starts_with(format!(
            "error: cannot read `{}`: ",
            path.display()
        )));
}

#[test]
fn absurd_sizes_are_refused() {
    // One candidate id plus ten million list entries: one over the bound
    // given (the default is larger since issue #19).
    let mut json = String::with_capacity(45_000_000);
    json.push_str(r#"{"candidates": {"c1": ["#);
    for i in 0..10_000_000 {
        json.push_str(if i == 0 { "\"p\"" } else { ",\"p\"" });
    }
    json.push_str("]}, \"posts\": {}}");
    reorg_match(&json, &["--max-entries", "10000000"])
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains(
            "the instance is too large: more than 10000000 ids and list entries in total",
        ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Damaged instances never crash the command: it answers or refuses with
    /// exit code 2, and never panics.
    #[test]
    fn never_panics(at in 0..CHAIN.len(), cut in 0..8usize, insert in "[\\[\\]{}\",:0-9a-z\\-. ]{0,4}") {
        // CHAIN is ASCII, so any byte offset is a character boundary.
        let end = (at + cut).min(CHAIN.len());
        let damaged = format!("{}{}{}", &CHAIN[..at], insert, &CHAIN[end..]);
        let output = reorg_match(&damaged, &[]).get_output().clone();
        let code = output.status.code();
        prop_assert!(code == Some(0) || code == Some(2), "exit {:?} for {}", code, damaged);
        let stderr = String::from_utf8_lossy(&output.stderr);
        prop_assert!(!stderr.contains("panicked"), "{}", stderr);
    }
}
