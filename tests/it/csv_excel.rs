//! CSV that Excel opens, and `-o FILE` that writes what its name says
//! (issue 16, item 1): CSV in a file starts with a UTF-8 byte-order mark,
//! `--format` follows the extension when not given, and a contradiction is
//! refused.

use crate::support::reorg;

const APPROVAL: &str = "examples/approval-bureau.toml";
const CORPORATE: &str = "examples/corporate-merger.toml";
const BOM: &[u8] = b"\xEF\xBB\xBF";

fn stdout_of(args: &[&str]) -> Vec<u8> {
    reorg()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone()
}

/// `args` with `-o PATH` added; nothing on stdout; the file's bytes.
fn file_of(args: &[&str], path: &std::path::Path) -> Vec<u8> {
    let out = reorg().args(args).arg("-o").arg(path).assert().success();
    assert!(out.get_output().stdout.is_empty(), "{args:?} also printed");
    std::fs::read(path).unwrap()
}

/// A CSV file is the mark and then exactly what stdout shows, which has none;
/// `--no-bom` leaves it out and `--bom` puts it on stdout too.
#[test]
fn csv_in_a_file_starts_with_the_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.csv");
    let commands: [&[&str]; 4] = [
        &["run", CORPORATE, "--format", "csv"],
        &["run", CORPORATE, "--format", "csv", "--people"],
        &[
            "compare",
            APPROVAL,
            "--set-b",
            "policy.choices=5",
            "--format",
            "csv",
        ],
        &["compare", APPROVAL, "--set-b", "policy.choices=5"],
    ];
    for command in commands {
        let mut csv_command = command.to_vec();
        if !csv_command.contains(&"csv") {
            // Without --format, the extension asks for CSV.
            csv_command.extend(["--format", "csv"]);
        }
        let plain = stdout_of(&csv_command);
        assert!(!plain.starts_with(BOM), "{command:?}: stdout has no mark");
        assert_eq!(
            file_of(command, &path),
            [BOM, &plain].concat(),
            "{command:?}"
        );

        let mut no_bom = command.to_vec();
        no_bom.push("--no-bom");
        assert_eq!(file_of(&no_bom, &path), plain, "{command:?} --no-bom");

        let mut bom = csv_command.clone();
        bom.push("--bom");
        assert_eq!(stdout_of(&bom), [BOM, &plain].concat(), "{command:?} --bom");
    }
}

/// The Chinese names of the Binhai roster come through the mark as UTF-8:
/// what Excel on Chinese Windows reads once it sees the mark.
#[test]
fn per_person_csv_in_a_file_keeps_chinese_names() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("people.csv");
    let bytes = file_of(&["run", "scenarios/binhai.toml", "--people"], &path);
    let text = std::str::from_utf8(bytes.strip_prefix(BOM).expect("a mark")).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "id");
    assert_eq!(&header[1], "name");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1174, "one row per person of Binhai");
    let json: serde_json::Value = serde_json::from_slice(&stdout_of(&[
        "run",
        "scenarios/binhai.toml",
        "--format",
        "json",
        "--people",
    ]))
    .unwrap();
    let first = &json["people"][0];
    assert_eq!(&rows[0][1], first["name"].as_str().unwrap());
    assert!(
        rows[0][1]
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{:?}",
        &rows[0][1]
    );
}

/// Without `--format`, `-o` picks the format from the extension, in any
/// case; an unknown extension keeps tables.
#[test]
fn the_extension_chooses_the_format() {
    let dir = tempfile::tempdir().unwrap();
    for (name, format) in [
        ("out.json", "json"),
        ("OUT.JSON", "json"),
        ("out.md", "markdown"),
        ("out.markdown", "markdown"),
        ("out.txt", "table"),
        ("out", "table"),
    ] {
        let path = dir.path().join(name);
        let expected = stdout_of(&["run", CORPORATE, "--format", format]);
        assert_eq!(file_of(&["run", CORPORATE], &path), expected, "{name}");
    }
    let path = dir.path().join("summary.csv");
    let expected = stdout_of(&["run", CORPORATE, "--format", "csv"]);
    assert_eq!(
        file_of(&["run", CORPORATE], &path),
        [BOM, &expected].concat()
    );
}

/// `--format table -o people.csv` would write box-drawn tables into a file
/// Excel opens as CSV: refused with exit code 2 and a hint, before any
/// run, and nothing is written.
#[test]
fn a_format_that_contradicts_the_extension_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (format, name) in [
        ("table", "people.csv"),
        ("json", "out.md"),
        ("csv", "out.json"),
    ] {
        let path = dir.path().join(name);
        let out = reorg()
            .args(["run", CORPORATE, "--format", format, "-o"])
            .arg(&path)
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(stderr.contains(&format!("--format {format}")), "{stderr}");
        assert!(stderr.contains("drop `--format`"), "{stderr}");
        assert!(!path.exists(), "{name} was written");
    }
    // The same format as the extension, said twice, is fine.
    let path = dir.path().join("out.json");
    let bytes = file_of(&["run", CORPORATE, "--format", "json"], &path);
    serde_json::from_slice::<serde_json::Value>(&bytes).unwrap();
}

/// Batch rows in a CSV file start with the mark; `batch merge` reads parts
/// with and without it and writes what one unsharded batch writes, byte for
/// byte; the summary on stdout has a mark only with `--bom`.
#[test]
fn batch_rows_carry_the_mark_and_merge_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let whole = path("whole.csv");
    let summary = stdout_of(&[
        "batch", APPROVAL, "--runs", "6", "--format", "csv", "-o", &whole,
    ]);
    assert!(!summary.starts_with(BOM));
    let whole_bytes = std::fs::read(&whole).unwrap();
    assert!(whole_bytes.starts_with(BOM));
    let part1 = path("part1.csv");
    let part2 = path("part2.csv");
    stdout_of(&[
        "batch", APPROVAL, "--runs", "6", "--shard", "1/2", "-o", &part1,
    ]);
    stdout_of(&[
        "batch", APPROVAL, "--runs", "6", "--shard", "2/2", "--no-bom", "-o", &part2,
    ]);
    assert!(std::fs::read(&part1).unwrap().starts_with(BOM));
    assert!(!std::fs::read(&part2).unwrap().starts_with(BOM));
    let merged = path("merged.csv");
    let merged_summary = stdout_of(&[
        "batch", "merge", &part1, &part2, "--format", "csv", "-o", &merged,
    ]);
    assert_eq!(std::fs::read(&merged).unwrap(), whole_bytes);
    assert_eq!(merged_summary, summary);
    let marked = stdout_of(&["batch", "merge", &part1, &part2, "--format", "csv", "--bom"]);
    assert_eq!(marked, [BOM, &summary].concat());
}
