//! `reorg batch merge` reads bounded and knows its batch: parts that are not
//! regular files and rows longer than any batch writes are refused, rows
//! carry a fingerprint of the batch's inputs and parts with different ones
//! are not merged, every row's counts must add up; and settings that look
//! like spreadsheet formulas are written safely and read back exactly.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::support::reorg;

const APPROVAL: &str = "examples/approval-bureau.toml";
const CORPORATE: &str = "examples/corporate-merger.toml";
const ROSTER: &str = "examples/corporate-merger-roster.csv";

/// `reorg batch ARGS -o PATH`, which must succeed.
#[track_caller]
fn batch_rows(args: &[&str], path: &Path) {
    let out = reorg()
        .arg("batch")
        .args(args)
        .arg("-o")
        .arg(path)
        .output()
        .expect("reorg runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `reorg batch merge PARTS`: exit code and stderr.
fn merge(parts: &[&Path]) -> (Option<i32>, String) {
    let out = reorg()
        .args(["batch", "merge"])
        .args(parts)
        .timeout(Duration::from_secs(60))
        .output()
        .expect("reorg runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The `fingerprint` column of a CSV row file, one per row.
fn fingerprints(path: &Path) -> Vec<String> {
    let mut reader = csv::Reader::from_path(path).expect("rows");
    let at = reader
        .headers()
        .expect("header")
        .iter()
        .position(|h| h == "fingerprint")
        .expect("a fingerprint column");
    reader
        .records()
        .map(|r| r.expect("record")[at].to_string())
        .collect()
}

// ---------------------------------------------------------------------------
// Bounded reads.

/// `/dev/zero` as a part used to be read as one endless line until memory
/// ran out; a FIFO hung the merge. Both are refused before being read (the
/// merge runs under a 1 GB address-space limit and a time limit, so a
/// regression fails here rather than exhausting the machine or hanging).
#[cfg(unix)]
#[test]
fn parts_that_are_devices_or_fifos_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let zero = dir.path().join("zero.jsonl");
    std::os::unix::fs::symlink("/dev/zero", &zero).expect("symlink");
    let fifo = dir.path().join("part.csv");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    for (part, what) in [
        (&zero, "a character device"),
        (&fifo, "a FIFO (named pipe)"),
    ] {
        let out = assert_cmd::Command::new("sh")
            .arg("-c")
            .arg("ulimit -v 1000000; exec \"$@\"")
            .arg("sh")
            .arg(assert_cmd::cargo::cargo_bin("reorg"))
            .args(["batch", "merge"])
            .arg(part)
            .timeout(Duration::from_secs(60))
            .output()
            .expect("sh runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(&format!("`{}` is {what}, not a row file", part.display())),
            "{stderr}"
        );
    }
}

/// A row longer than 1 MiB is refused where it starts, in both formats.
#[test]
fn a_row_longer_than_the_limit_is_refused_where_it_starts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let long = "x".repeat(2 << 20);
    for ext in ["jsonl", "csv"] {
        let rows = dir.path().join(format!("rows.{ext}"));
        batch_rows(&[APPROVAL, "--runs", "3"], &rows);
        let text = std::fs::read_to_string(&rows).expect("rows");
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        // After the second line: a JSON object, or a CSV record with a
        // quoted field that spans lines, far too long.
        let bad = match ext {
            "jsonl" => format!("{{\"scenario\":\"{long}\"}}"),
            _ => format!("\"a\n{long}\",1"),
        };
        lines.insert(2, bad);
        let part = dir.path().join(format!("part.{ext}"));
        std::fs::write(&part, lines.join("\n") + "\n").expect("write");
        let (code, stderr) = merge(&[&part]);
        assert_eq!(code, Some(2), "{stderr}");
        assert!(
            stderr.contains(&format!(
                "`{}` line 3: a row longer than 1048576 bytes",
                part.display()
            )),
            "{ext}: {stderr}"
        );
    }
}

// ---------------------------------------------------------------------------
// Fingerprints.

/// A copy of `files` (paths in the crate) in a new folder of `dir`, named
/// by their file names; `edit` changes the text of the one it names.
fn copy(dir: &Path, folder: &str, files: &[&str], edit: Option<(&str, &str, &str)>) -> PathBuf {
    let to = dir.join(folder);
    std::fs::create_dir(&to).expect("mkdir");
    for file in files {
        let name = Path::new(file).file_name().expect("name");
        let mut text = std::fs::read_to_string(file).expect("read");
        if let Some((which, from, replacement)) = edit
            && which == *file
        {
            assert!(text.contains(from), "{from} in {file}");
            text = text.replacen(from, replacement, 1);
        }
        std::fs::write(to.join(name), text).expect("write");
    }
    to
}

/// Shards run from two copies of the same scenario and roster, in different
/// folders and with different numbers of threads, have one fingerprint and
/// merge; a shard of an edited scenario (even a comment) or an edited roster
/// (one score) has another, and the merge refuses it naming both parts.
#[test]
fn parts_of_different_inputs_are_refused_naming_both() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = [CORPORATE, ROSTER];
    let scenario = |folder: &Path| folder.join("corporate-merger.toml");
    let same_a = copy(dir.path(), "a", &files, None);
    let same_b = copy(dir.path(), "b", &files, None);
    let comment = copy(
        dir.path(),
        "comment",
        &files,
        Some((CORPORATE, "# A corporate merger", "# A merger")),
    );
    let roster = copy(
        dir.path(),
        "roster",
        &files,
        Some((
            ROSTER,
            "E001,Carmen King,nw_finance,director,1973,81.2",
            "E001,Carmen King,nw_finance,director,1973,81.3",
        )),
    );
    let part = |folder: &Path, shard: &str, jobs: &str| {
        let path = dir.path().join(format!(
            "{}-{}.csv",
            folder.file_name().expect("name").to_string_lossy(),
            &shard[..1]
        ));
        batch_rows(
            &[
                scenario(folder).to_str().expect("UTF-8"),
                "--runs",
                "4",
                "--shard",
                shard,
                "--jobs",
                jobs,
            ],
            &path,
        );
        path
    };
    let a1 = part(&same_a, "1/2", "1");
    let b2 = part(&same_b, "2/2", "2");
    let comment2 = part(&comment, "2/2", "1");
    let roster2 = part(&roster, "2/2", "1");

    let all: Vec<String> = [&a1, &b2].iter().flat_map(|p| fingerprints(p)).collect();
    assert_eq!(all.len(), 4);
    assert!(all.iter().all(|f| *f == all[0]), "{all:?}");
    assert!(all[0].len() == 16 && all[0].chars().all(|c| c.is_ascii_hexdigit()));
    let (code, stderr) = merge(&[&a1, &b2]);
    assert_eq!(code, Some(0), "{stderr}");

    for other in [&comment2, &roster2] {
        let theirs = &fingerprints(other)[0];
        assert_ne!(theirs, &all[0]);
        let (code, stderr) = merge(&[&a1, other]);
        assert_eq!(code, Some(2), "{stderr}");
        assert!(
            stderr.contains(&format!(
                "`{}` and `{}` are parts of different batches: their rows have the fingerprints `{}` and `{theirs}`",
                a1.display(),
                other.display(),
                all[0]
            )),
            "{stderr}"
        );
    }
}

/// Rows edited by hand: a fingerprint changed (a row of another version,
/// say) or a count that cannot be (`placed = 9999` of 45 people; a status
/// count that no longer adds up) are refused at their line.
#[test]
fn edited_rows_are_refused_at_their_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows = dir.path().join("rows.jsonl");
    batch_rows(&[APPROVAL, "--runs", "3"], &rows);
    let text = std::fs::read_to_string(&rows).expect("rows");
    let part = dir.path().join("edited.jsonl");
    let third = text.lines().nth(2).expect("a third row");
    let fingerprint = &fingerprint_of(third);
    let people: serde_json::Value = serde_json::from_str(third).expect("JSON");
    let (placed, pooled) = (
        people["placed"].as_u64().expect("placed"),
        people["pooled"].as_u64().expect("pooled"),
    );
    let cases = [
        (
            format!("\"fingerprint\":\"{fingerprint}\""),
            "\"fingerprint\":\"00000000000000ff\"".to_string(),
            format!(
                "fingerprint `00000000000000ff`, but the rows before it (from `{}` on) have `{fingerprint}`",
                part.display()
            ),
        ),
        (
            format!("\"placed\":{placed},"),
            "\"placed\":9999,".to_string(),
            "`placed` is 9999, but `promoted` + `same_level` + `demoted` = ".to_string(),
        ),
        (
            format!("\"pooled\":{pooled},"),
            format!("\"pooled\":{},", pooled + 1),
            "`people` is 45, but the statuses add up to 46".to_string(),
        ),
    ];
    for (from, to, message) in cases {
        let edited = text.replacen(third, &third.replacen(&from, &to, 1), 1);
        assert_ne!(edited, text, "{from}");
        std::fs::write(&part, edited).expect("write");
        let (code, stderr) = merge(&[&part]);
        assert_eq!(code, Some(2), "{stderr}");
        assert!(
            stderr.contains(&format!("`{}` line 3: ", part.display())),
            "{stderr}"
        );
        assert!(stderr.contains(&message), "{stderr}");
    }
}

fn fingerprint_of(row: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(row).expect("JSON");
    value["fingerprint"]
        .as_str()
        .expect("a fingerprint")
        .to_string()
}

// ---------------------------------------------------------------------------
// Settings in CSV.

/// `--set` values that begin like a formula are written with a leading `'`
/// in the rows and in the summary CSV, and a merge reads them back exactly:
/// the merged rows are the single batch's, and the summary's settings the
/// values as given.
#[test]
fn formula_like_settings_are_neutralised_and_read_back_exactly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let values = ["@SUM(1+1)", "=1+2", "-x", "+x", "plain"];
    let set = format!("scenario.description={}", values.join(","));
    let common = [APPROVAL, "--runs", "2", "--set", &set];
    let whole = dir.path().join("whole.csv");
    batch_rows(&common, &whole);
    let mut reader = csv::Reader::from_path(&whole).expect("rows");
    let column = reader
        .headers()
        .expect("header")
        .iter()
        .position(|h| h == "scenario.description")
        .expect("a settings column");
    let cells: Vec<String> = reader
        .records()
        .map(|r| r.expect("record")[column].to_string())
        .collect();
    let expected: Vec<String> = ["'@SUM(1+1)", "'=1+2", "'-x", "'+x", "plain"]
        .iter()
        .flat_map(|v| [v.to_string(), v.to_string()])
        .collect();
    assert_eq!(cells, expected);

    let summary = reorg()
        .args(["batch"])
        .args(common)
        .args(["--format", "csv"])
        .output()
        .expect("reorg runs");
    let summary = String::from_utf8(summary.stdout).expect("UTF-8");
    let mut reader = csv::Reader::from_reader(summary.as_bytes());
    let firsts: Vec<String> = reader
        .records()
        .map(|r| r.expect("record")[1].to_string())
        // One record per figure: every summary field but the two text ones.
        .step_by(reorg::metrics::RunSummary::FIELDS.len() - 2)
        .collect();
    assert_eq!(firsts, ["'@SUM(1+1)", "'=1+2", "'-x", "'+x", "plain"]);

    // Shards merged: the same rows, and the values exactly as given.
    let mut parts = Vec::new();
    for k in 1..=2 {
        let part = dir.path().join(format!("part-{k}.csv"));
        let shard = format!("{k}/2");
        let mut args = common.to_vec();
        args.extend(["--shard", &shard]);
        batch_rows(&args, &part);
        parts.push(part);
    }
    let merged = dir.path().join("merged.csv");
    let out = reorg()
        .args(["batch", "merge"])
        .args(&parts)
        .args(["--format", "json", "-o"])
        .arg(&merged)
        .output()
        .expect("reorg runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read(&merged).expect("merged"),
        std::fs::read(&whole).expect("whole")
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let read_back: Vec<&str> = json["points"]
        .as_array()
        .expect("points")
        .iter()
        .map(|p| {
            p["settings"]["scenario.description"]
                .as_str()
                .expect("a value")
        })
        .collect();
    assert_eq!(read_back, values);
}
