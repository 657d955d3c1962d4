//! One CLI surface: the same flag means the same thing in every command.

use crate::support::reorg;

const APPROVAL: &str = "examples/approval-bureau.toml";

fn stdout_of(args: &[&str]) -> Vec<u8> {
    let out = reorg().args(args).assert().success();
    out.get_output().stdout.clone()
}

/// Every command that prints a result writes the same bytes to `-o FILE`,
/// `--output FILE` and `--out FILE` (the earlier name) as to stdout, except
/// that CSV in a file starts with the UTF-8 byte-order mark (for Excel).
#[test]
fn every_output_flag_writes_what_stdout_shows() {
    let commands: [&[&str]; 8] = [
        &[
            "match",
            "tests/fixtures/matching/small.json",
            "--format",
            "table",
        ],
        &["run", APPROVAL, "--seed", "3"],
        &["run", APPROVAL, "--format", "csv", "--people"],
        &["check", APPROVAL],
        &["check", APPROVAL, "--format", "json"],
        &["graph", APPROVAL, "--format", "mermaid"],
        &["generate", "scenarios/binhai.toml"],
        &["compare", APPROVAL, "--set-b", "policy.choices=5"],
    ];
    let dir = tempfile::tempdir().unwrap();
    for command in commands {
        let expected = stdout_of(command);
        for flag in ["-o", "--output", "--out"] {
            let path = dir.path().join("out.txt");
            let mut args: Vec<&str> = command.to_vec();
            let path_text = path.to_str().unwrap();
            args.extend([flag, path_text]);
            let printed = stdout_of(&args);
            assert!(printed.is_empty(), "{command:?} {flag} also printed");
            let mut expected = expected.clone();
            if command.ends_with(&["csv", "--people"]) {
                expected.splice(0..0, *b"\xEF\xBB\xBF");
            }
            assert_eq!(
                std::fs::read(&path).unwrap(),
                expected,
                "{command:?} with {flag}"
            );
        }
    }
}

/// `run`, `batch`, `compare` and `check` draw tables and Markdown with the
/// one engine: the same title, intro and section layout.
#[test]
fn markdown_has_one_shape_in_every_command() {
    let cases: [(&[&str], &str); 4] = [
        (
            &["run", APPROVAL, "--format", "markdown"],
            "# County approval consolidation (大审批)\n\nSeed 2017, reorg ",
        ),
        (
            &["batch", APPROVAL, "--runs", "3", "--format", "markdown"],
            "# County approval consolidation (大审批)\n\n3 runs, reorg ",
        ),
        (
            &[
                "compare",
                APPROVAL,
                "--set-b",
                "policy.choices=5",
                "--format",
                "markdown",
            ],
            "# Comparison\n\nA: County approval consolidation (大审批) (",
        ),
        (
            &["check", APPROVAL, "--format", "markdown"],
            "# examples/approval-bureau.toml: ok, 1 warning\n\nscenario: County",
        ),
    ];
    for (args, start) in cases {
        let text = String::from_utf8(stdout_of(args)).unwrap();
        assert!(text.starts_with(start), "{args:?}:\n{text}");
        assert!(text.contains("\n|---"), "{args:?}: a GFM table");
        assert!(!text.contains('┆'), "{args:?}: no box drawing in Markdown");
    }
}

/// Signs are written one way everywhere: `+1`, `0`, `-1`.
#[test]
fn signed_numbers_look_the_same_in_every_command() {
    let check = String::from_utf8(stdout_of(&["check", APPROVAL])).unwrap();
    // posts − people at the head level: 4 posts for 5 people (worked from the file).
    assert!(
        check.contains("│ head ") && check.contains("┆             -1 │"),
        "{check}"
    );
    // The Unicode minus is left only in the header's words.
    assert_eq!(check.matches('−').count(), 1, "{check}");
    let compare = String::from_utf8(stdout_of(&[
        "compare",
        APPROVAL,
        "--set-b",
        "after.approval_bureau.posts.staff=0",
    ]))
    .unwrap();
    let posts_row = compare
        .lines()
        .find(|l| l.starts_with("│ posts "))
        .expect("a posts row");
    // The approval bureau's 6 staff seats taken away: 38 → 32 seats.
    assert!(posts_row.ends_with("38 ┆    32 ┆    -6 │"), "{posts_row}");
}
