//! `reorg batch merge` reads bounded: parts that are not regular files and
//! rows longer than any batch writes are refused.

use std::path::Path;
use std::time::Duration;

use crate::support::reorg;

const APPROVAL: &str = "examples/approval-bureau.toml";

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
