//! `-o FILE` never damages what it replaces: devices and FIFOs are written
//! through, sockets and block devices refused, symbolic links followed (or
//! refused when planted), temporary files created exclusively and removed
//! on Ctrl-C, permissions kept, and a full disk reported the same way by
//! every command, naming the file.
//!
//! Runs as root (CI, containers) and as any other user: device nodes are
//! made in a temporary folder when reorg's tests run as root (so that
//! nothing under /dev is at risk), and the system's /dev/null and /dev/full
//! are used otherwise.
#![cfg(unix)]

use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{reorg, temp_files_of};

const APPROVAL: &str = "examples/approval-bureau.toml";
const CORPORATE: &str = "examples/corporate-merger.toml";

/// True when the tests run as root.
fn is_root() -> bool {
    let out = Command::new("id").arg("-u").output().expect("id runs");
    String::from_utf8_lossy(&out.stdout).trim() == "0"
}

/// A character device at `dir/name` behaving as `/dev/{device}` (`null` or
/// `full`): a node made with mknod as root, else a symbolic link to the
/// system's device (which reorg follows and writes through).
fn device(dir: &Path, name: &str, device: &str) -> PathBuf {
    let path = dir.join(name);
    let minor = match device {
        "null" => "3",
        "full" => "7",
        _ => panic!("no such device in these tests: {device}"),
    };
    let made = is_root()
        && Command::new("mknod")
            .arg(&path)
            .args(["c", "1", minor])
            .status()
            .is_ok_and(|s| s.success());
    if !made {
        std::os::unix::fs::symlink(format!("/dev/{device}"), &path).expect("symlink");
    }
    path
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success());
}

/// Reads a FIFO to its end on another thread. The test holds the FIFO
/// open for writing meanwhile (Linux opens a FIFO read-write without
/// waiting), so the reader never waits for a writer that does not come, and
/// sees the end once reorg and the test have closed it.
struct FifoReader {
    held: std::fs::File,
    thread: std::thread::JoinHandle<Vec<u8>>,
}

impl FifoReader {
    fn start(path: &Path) -> FifoReader {
        let held = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)
            .expect("open the FIFO");
        let fifo = path.to_path_buf();
        let thread = std::thread::spawn(move || std::fs::read(&fifo).expect("read the FIFO"));
        FifoReader { held, thread }
    }

    /// What was read, once every writer has closed the FIFO.
    fn finish(self) -> Vec<u8> {
        drop(self.held);
        self.thread.join().expect("reader thread")
    }
}

/// Names in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn stdout_of(args: &[&str]) -> Vec<u8> {
    let out = reorg().args(args).output().expect("reorg runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).expect("metadata").mode() & 0o7777
}

// ---------------------------------------------------------------------------
// Item 1: what `-o` replaces, writes through or refuses.

#[test]
fn a_character_device_is_written_through_not_replaced() {
    let dir = tempfile::tempdir().expect("tempdir");
    // `reorg run -o /dev/null` (here a null device of our own), and the rows of a batch.
    for (name, args) in [
        ("null", vec!["run", CORPORATE, "-o"]),
        ("null.csv", vec!["batch", APPROVAL, "--runs", "3", "-o"]),
    ] {
        let null = device(dir.path(), name, "null");
        let out = reorg().args(&args).arg(&null).output().expect("reorg runs");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let meta = std::fs::metadata(&null).expect("still there");
        assert!(meta.file_type().is_char_device(), "{name} was replaced");
        assert_eq!(meta.len(), 0);
    }
    assert!(temp_files_of(&dir.path().join("null")).is_empty());
}

/// `-o /dev/stdout` writes to stdout, whatever it is: here a link to
/// `/proc/self/fd/1` (what /dev/stdout is), with stdout a pipe.
#[cfg(target_os = "linux")]
#[test]
fn a_link_to_stdout_writes_to_stdout() {
    let dir = tempfile::tempdir().expect("tempdir");
    let link = dir.path().join("stdout");
    std::os::unix::fs::symlink("/proc/self/fd/1", &link).expect("symlink");
    let expected = stdout_of(&["run", CORPORATE]);
    let got = stdout_of(&["run", CORPORATE, "-o", link.to_str().expect("UTF-8")]);
    assert_eq!(got, expected);
    assert!(
        link.symlink_metadata()
            .expect("link")
            .file_type()
            .is_symlink()
    );
}

#[test]
fn a_fifo_is_written_through_by_every_writer() {
    let dir = tempfile::tempdir().expect("tempdir");
    // `run`: the report goes into the FIFO.
    let fifo = dir.path().join("report");
    mkfifo(&fifo);
    let reader = FifoReader::start(&fifo);
    let out = reorg()
        .args(["run", CORPORATE, "-o"])
        .arg(&fifo)
        .output()
        .expect("runs");
    let got = reader.finish();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(got, stdout_of(&["run", CORPORATE]));
    assert!(fifo.metadata().expect("fifo").file_type().is_fifo());

    // `batch`: the rows stream into it; they are those of a batch to a file.
    let rows = dir.path().join("rows.csv");
    reorg()
        .args(["batch", APPROVAL, "--runs", "4", "-o"])
        .arg(&rows)
        .assert()
        .success();
    let fifo = dir.path().join("stream.csv");
    mkfifo(&fifo);
    let reader = FifoReader::start(&fifo);
    let out = reorg()
        .args(["batch", APPROVAL, "--runs", "4", "-o"])
        .arg(&fifo)
        .output()
        .expect("runs");
    let got = reader.finish();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(got, std::fs::read(&rows).expect("rows"));
    assert!(fifo.metadata().expect("fifo").file_type().is_fifo());

    // `batch merge`: the merged rows too.
    let merged = dir.path().join("merged.csv");
    mkfifo(&merged);
    let reader = FifoReader::start(&merged);
    let out = reorg()
        .args(["batch", "merge"])
        .arg(&rows)
        .arg("-o")
        .arg(&merged)
        .output()
        .expect("runs");
    let got = reader.finish();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(got, std::fs::read(&rows).expect("rows"));
    assert_eq!(
        listing(dir.path()),
        ["merged.csv", "report", "rows.csv", "stream.csv"]
    );
}

#[test]
fn a_socket_is_refused_with_exit_2_and_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, args) in [
        ("sock", vec!["run", CORPORATE, "-o"]),
        ("sock.jsonl", vec!["batch", APPROVAL, "--runs", "2", "-o"]),
    ] {
        let path = dir.path().join(name);
        let _listener = std::os::unix::net::UnixListener::bind(&path).expect("bind");
        let out = reorg().args(&args).arg(&path).output().expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(&format!(
                "cannot write `{}`: it is a socket",
                path.display()
            )),
            "{stderr}"
        );
        assert!(out.stdout.is_empty());
        assert!(path.metadata().expect("socket").file_type().is_socket());
    }
    assert_eq!(listing(dir.path()), ["sock", "sock.jsonl"]);
}

/// A block device (a disk) is refused. Only root can make one; others
/// skip this test's check.
#[test]
fn a_block_device_is_refused_with_exit_2() {
    if !is_root() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let disk = dir.path().join("disk");
    let made = Command::new("mknod")
        .arg(&disk)
        .args(["b", "7", "250"])
        .status()
        .expect("mknod");
    if !made.success() {
        return; // a container without CAP_MKNOD
    }
    let out = reorg()
        .args(["run", CORPORATE, "-o"])
        .arg(&disk)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("it is a block device"), "{stderr}");
    assert!(disk.metadata().expect("node").file_type().is_block_device());
    assert_eq!(listing(dir.path()), ["disk"]);
}

/// A link to a regular file: the file is replaced where it is (atomically,
/// its temporary file beside it), and the link kept, also through a chain
/// of links into another folder.
#[test]
fn a_link_to_a_file_replaces_the_file_and_keeps_the_link() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    std::fs::create_dir(&data).expect("mkdir");
    let real = data.join("report.txt");
    std::fs::write(&real, "old").expect("write");
    std::os::unix::fs::symlink("data/report.txt", dir.path().join("latest")).expect("link");
    std::os::unix::fs::symlink("latest", dir.path().join("current")).expect("link");
    let expected = stdout_of(&["run", CORPORATE]);
    for link in ["latest", "current"] {
        std::fs::write(&real, "old").expect("write");
        let out = reorg()
            .args(["run", CORPORATE, "-o"])
            .arg(dir.path().join(link))
            .output()
            .expect("runs");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            std::fs::read(&real).expect("read"),
            expected,
            "through {link}"
        );
        for name in ["latest", "current"] {
            let meta = dir.path().join(name).symlink_metadata().expect("link");
            assert!(meta.file_type().is_symlink(), "{name} was replaced");
        }
    }
    assert_eq!(listing(&data), ["report.txt"]);
    assert_eq!(listing(dir.path()), ["current", "data", "latest"]);

    // The rows of a batch through a link, likewise.
    let rows = data.join("rows.csv");
    std::fs::write(&rows, "old").expect("write");
    std::os::unix::fs::symlink("data/rows.csv", dir.path().join("rows.csv")).expect("link");
    reorg()
        .args(["batch", APPROVAL, "--runs", "2", "-o"])
        .arg(dir.path().join("rows.csv"))
        .assert()
        .success();
    let text = std::fs::read_to_string(&rows).expect("rows");
    assert!(
        text.starts_with("\u{feff}scenario,point,points,run,"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 3);
    assert!(
        dir.path()
            .join("rows.csv")
            .symlink_metadata()
            .expect("link")
            .file_type()
            .is_symlink()
    );
}

#[test]
fn a_link_to_nothing_is_refused_and_nothing_is_created() {
    let dir = tempfile::tempdir().expect("tempdir");
    let link = dir.path().join("out.txt");
    std::os::unix::fs::symlink("missing.txt", &link).expect("link");
    let out = reorg()
        .args(["run", CORPORATE, "-o"])
        .arg(&link)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("a symbolic link to `missing.txt`, which does not exist"),
        "{stderr}"
    );
    assert_eq!(listing(dir.path()), ["out.txt"]);
    assert!(
        link.symlink_metadata()
            .expect("link")
            .file_type()
            .is_symlink()
    );
}

/// In a folder anyone may write to (mode 1777, as /tmp), a link someone
/// else owns is not followed: as root, `-o /tmp/x` must not become a write
/// over whatever a stranger's link names. One's own link is followed.
#[test]
fn a_strangers_link_in_a_shared_folder_is_not_followed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let shared = dir.path().join("tmp");
    std::fs::create_dir(&shared).expect("mkdir");
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o1777)).expect("chmod");
    let victim = dir.path().join("passwd");
    std::fs::write(&victim, "root:x:0:0\n").expect("write");
    let link = shared.join("report.txt");
    std::os::unix::fs::symlink(&victim, &link).expect("link");

    // One's own link: followed.
    reorg()
        .args(["run", CORPORATE, "-o"])
        .arg(&link)
        .assert()
        .success();
    assert_eq!(
        std::fs::read(&victim).expect("read"),
        stdout_of(&["run", CORPORATE])
    );

    // A stranger's: refused. Only root can give a link away.
    if is_root() {
        std::fs::write(&victim, "root:x:0:0\n").expect("write");
        std::os::unix::fs::lchown(&link, Some(4242), Some(4242)).expect("lchown");
        let out = reorg()
            .args(["run", CORPORATE, "-o"])
            .arg(&link)
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("a symbolic link in a folder anyone may write to"),
            "{stderr}"
        );
        assert_eq!(
            std::fs::read_to_string(&victim).expect("read"),
            "root:x:0:0\n"
        );
        assert_eq!(listing(&shared), ["report.txt"]);

        // Nor to a device: written through, it would never be replaced, but
        // written to all the same (think of /dev/mem or a terminal).
        let device = device(dir.path(), "null", "null");
        let link = shared.join("to-device.txt");
        std::os::unix::fs::symlink(&device, &link).expect("link");
        reorg()
            .args(["run", CORPORATE, "-o"])
            .arg(&link)
            .assert()
            .success();
        std::os::unix::fs::lchown(&link, Some(4242), Some(4242)).expect("lchown");
        let out = reorg()
            .args(["run", CORPORATE, "-o"])
            .arg(&link)
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("a symbolic link in a folder anyone may write to"),
            "{stderr}"
        );
    }
}

// ---------------------------------------------------------------------------
// Item 2: temporary files.

/// Runs `reorg ARGS` from a shell that first runs `setup` with `$$` the
/// process id reorg will have (the shell `exec`s it).
fn run_after(setup: &str, dir: &Path, args: &[&str]) -> std::process::Output {
    let reorg = assert_cmd::cargo::cargo_bin("reorg");
    let script = format!("cd \"$1\" && shift && {setup} && exec \"$@\"");
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg("sh")
        .arg(dir)
        .arg(reorg)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("sh runs")
}

/// A link planted where reorg used to put its temporary file
/// (`.NAME.PID.tmp`) is not followed: the report goes to the target only.
#[test]
fn a_planted_link_at_a_guessable_temp_name_is_not_followed() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("victim"), "precious").expect("write");
    let corporate = Path::new(env!("CARGO_MANIFEST_DIR")).join(CORPORATE);
    let out = run_after(
        "ln -s victim \".out.txt.$$.tmp\"",
        dir.path(),
        &["run", corporate.to_str().expect("UTF-8"), "-o", "out.txt"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("victim")).expect("victim"),
        "precious"
    );
    let target = dir.path().join("out.txt");
    assert!(
        target
            .symlink_metadata()
            .expect("out")
            .file_type()
            .is_file()
    );
    assert_eq!(
        std::fs::read(&target).expect("out"),
        stdout_of(&["run", CORPORATE])
    );
}

/// A stale temporary file left by a crashed run under the same process id
/// (here a folder, which no file can be created over) does not get in the
/// way, and is left alone.
#[test]
fn a_stale_temp_file_does_not_interfere() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corporate = Path::new(env!("CARGO_MANIFEST_DIR")).join(CORPORATE);
    let out = run_after(
        "mkdir \".out.txt.$$.tmp\" && echo $$ > pid",
        dir.path(),
        &["run", corporate.to_str().expect("UTF-8"), "-o", "out.txt"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pid = std::fs::read_to_string(dir.path().join("pid")).expect("pid");
    let stale = format!(".out.txt.{}.tmp", pid.trim());
    assert_eq!(listing(dir.path()), [stale.as_str(), "out.txt", "pid"]);
    assert_eq!(
        std::fs::read(dir.path().join("out.txt")).expect("out"),
        stdout_of(&["run", CORPORATE])
    );
}

/// A scenario whose run takes a few seconds: 400,000 generated people.
const SLOW: &str = r#"[scenario]
name = "slow"

[[level]]
id = "staff"

[[before]]
id = "housing"

[[after]]
id = "works"
from = ["housing"]
posts = { staff = 300000 }

[roster.generate]
seed = 7
unit.housing.counts = { staff = 400000 }
"#;

/// Kills a child if the test fails before it ends.
struct Guard(Option<std::process::Child>);

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(child) = &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Starts `reorg ARGS` writing to `target`, waits until its temporary file
/// exists, sends `signal`, and returns the output and the temporary file's
/// name.
fn interrupt(args: &[&str], target: &Path, signal: &str) -> (std::process::Output, String) {
    let child = Command::new(assert_cmd::cargo::cargo_bin("reorg"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .arg("-o")
        .arg(target)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let pid = child.id().to_string();
    let mut guard = Guard(Some(child));
    let start = Instant::now();
    let temp = loop {
        if let Some(temp) = temp_files_of(target).first() {
            break temp
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
        }
        let child = guard.0.as_mut().expect("running");
        assert!(
            child.try_wait().expect("wait").is_none() && start.elapsed() < Duration::from_secs(120),
            "no temporary file appeared while `reorg {}` ran",
            args.join(" ")
        );
        std::thread::sleep(Duration::from_millis(5));
    };
    let killed = Command::new("kill")
        .args([signal, &pid])
        .status()
        .expect("kill");
    assert!(killed.success());
    let out = guard
        .0
        .take()
        .expect("running")
        .wait_with_output()
        .expect("wait");
    (out, temp)
}

/// The temporary file's name is `.NAME.` + 12 random letters and digits +
/// `.tmp`: not the process id, not guessable.
fn assert_unpredictable(temp: &str, name: &str) {
    let random = temp
        .strip_prefix(&format!(".{name}."))
        .and_then(|rest| rest.strip_suffix(".tmp"))
        .unwrap_or_else(|| panic!("temporary file {temp}"));
    assert_eq!(random.len(), 12, "{temp}");
    assert!(random.chars().all(|c| c.is_ascii_alphanumeric()), "{temp}");
}

#[test]
fn ctrl_c_and_sigterm_during_run_o_remove_the_temporary_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let scenario = dir.path().join("slow.toml");
    std::fs::write(&scenario, SLOW).expect("write");
    let scenario = scenario.to_str().expect("UTF-8");
    let mut names = Vec::new();
    for signal in ["-INT", "-TERM"] {
        let target = dir.path().join("people.csv");
        let (out, temp) = interrupt(
            &["run", scenario, "--people", "--format", "csv"],
            &target,
            signal,
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(130), "{signal}: {stderr}");
        assert!(stderr.contains("interrupted"), "{stderr}");
        assert_unpredictable(&temp, "people.csv");
        assert_eq!(listing(dir.path()), ["slow.toml"], "{signal}");
        names.push(temp);
    }
    assert_ne!(names[0], names[1]);
}

/// `compare --runs` stops on Ctrl-C or `SIGTERM` as `batch` does: exit code
/// 130, nothing on stdout, no output file and no temporary file.
#[test]
fn compare_runs_stops_cleanly_on_ctrl_c_and_sigterm() {
    let dir = tempfile::tempdir().expect("tempdir");
    for signal in ["-INT", "-TERM"] {
        let target = dir.path().join("comparison.json");
        let args = [
            "compare",
            APPROVAL,
            "--set-b",
            "policy.choices=5",
            "--runs",
            "1000000000",
            "--format",
            "json",
        ];
        let (out, temp) = interrupt(&args, &target, signal);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(130), "{signal}: {stderr}");
        // Stopped by the runs' own flag ("interrupted after N of M runs"), or,
        // when the signal comes between opening the output and starting the
        // runs, by the output's handler ("interrupted: nothing written").
        assert!(
            stderr.contains("interrupted after") || stderr.contains("interrupted: nothing written"),
            "{stderr}"
        );
        assert!(out.stdout.is_empty());
        assert_unpredictable(&temp, "comparison.json");
        assert!(
            listing(dir.path()).is_empty(),
            "{signal}: {:?}",
            listing(dir.path())
        );
    }
}

// ---------------------------------------------------------------------------
// Item 3: permissions.

/// A new file gets the mode the umask gives a new file (found by creating
/// one), or 0600 for one row per person; a replaced file keeps its mode.
#[test]
fn replaced_files_keep_their_mode_and_per_person_files_are_private() {
    let dir = tempfile::tempdir().expect("tempdir");
    let reference = dir.path().join("reference");
    std::fs::File::create(&reference).expect("create");
    let usual = mode(&reference);

    let summary = dir.path().join("summary.txt");
    reorg()
        .args(["run", CORPORATE, "-o"])
        .arg(&summary)
        .assert()
        .success();
    assert_eq!(mode(&summary), usual);

    let people = dir.path().join("people.csv");
    let per_person = ["run", CORPORATE, "--people", "--format", "csv", "-o"];
    reorg().args(per_person).arg(&people).assert().success();
    assert_eq!(mode(&people), 0o600, "a new per-person file");

    // Replacing keeps whatever mode the file has, for per-person files too.
    for (path, args, kept) in [
        (&people, &per_person[..], 0o600),
        (&people, &per_person[..], 0o640),
        (&summary, &["run", CORPORATE, "-o"][..], 0o604),
    ] {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(kept)).expect("chmod");
        reorg().args(args).arg(path).assert().success();
        assert_eq!(mode(path), kept, "{}", path.display());
    }
    let rows = dir.path().join("rows.jsonl");
    std::fs::write(&rows, "").expect("write");
    std::fs::set_permissions(&rows, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    reorg()
        .args(["batch", APPROVAL, "--runs", "2", "-o"])
        .arg(&rows)
        .assert()
        .success();
    assert_eq!(mode(&rows), 0o640);
    assert_eq!(
        std::fs::read_to_string(&rows)
            .expect("rows")
            .lines()
            .count(),
        2
    );
}

/// Run as root, reorg gives a replaced file back to its owner and group.
#[test]
fn a_replaced_file_keeps_its_owner_when_root() {
    if !is_root() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, args) in [
        ("report.txt", vec!["run", CORPORATE, "-o"]),
        ("rows.csv", vec!["batch", APPROVAL, "--runs", "2", "-o"]),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, "old").expect("write");
        std::os::unix::fs::chown(&path, Some(4242), Some(4343)).expect("chown");
        reorg().args(&args).arg(&path).assert().success();
        let meta = std::fs::metadata(&path).expect("metadata");
        assert_eq!((meta.uid(), meta.gid()), (4242, 4343), "{name}");
        assert_ne!(std::fs::read(&path).expect("read"), b"old");
    }
}

// ---------------------------------------------------------------------------
// Item 9: a full disk.

/// A scenario with `[roster.generate]`, for `reorg generate`.
const GENERATED: &str = r#"[scenario]
name = "g"

[[level]]
id = "staff"

[[before]]
id = "housing"

[[after]]
id = "works"
from = ["housing"]
posts = { staff = 3 }

[roster.generate]
seed = 7
unit.housing.counts = { staff = 3 }
"#;

/// Every command that writes, with `-o` to a full device: exit code 1 (the
/// machine failed, not the command) and the file named.
#[test]
fn a_full_disk_gives_exit_1_and_names_the_file_in_every_command() {
    let dir = tempfile::tempdir().expect("tempdir");
    let generated = dir.path().join("g.toml");
    std::fs::write(&generated, GENERATED).expect("write");
    let generated = generated.to_str().expect("UTF-8");
    let rows = dir.path().join("rows.csv");
    reorg()
        .args(["batch", APPROVAL, "--runs", "2", "-o"])
        .arg(&rows)
        .assert()
        .success();
    let rows = rows.to_str().expect("UTF-8");
    let cases: [(&str, Vec<&str>); 8] = [
        ("run.txt", vec!["run", CORPORATE]),
        (
            "people.csv",
            vec!["run", CORPORATE, "--people", "--format", "csv"],
        ),
        ("check.txt", vec!["check", CORPORATE]),
        ("graph.dot", vec!["graph", CORPORATE]),
        ("roster.csv", vec!["generate", generated]),
        (
            "compare.txt",
            vec![
                "compare",
                APPROVAL,
                "--set-b",
                "policy.choices=5",
                "--runs",
                "3",
            ],
        ),
        ("batch.csv", vec!["batch", APPROVAL, "--runs", "300"]),
        ("merged.jsonl", vec!["batch", "merge", rows]),
    ];
    for (name, args) in cases {
        let full = device(dir.path(), name, "full");
        let out = reorg()
            .args(&args)
            .arg("-o")
            .arg(&full)
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "error: cannot write `{}`: No space left on device",
                full.display()
            )),
            "{name}: {stderr}"
        );
        assert!(
            full.metadata()
                .expect("device")
                .file_type()
                .is_char_device(),
            "{name}"
        );
    }
}

/// stdout on a full disk: exit code 1, saying it was stdout.
#[test]
fn a_full_stdout_gives_exit_1_and_says_stdout() {
    for args in [
        vec!["run", CORPORATE],
        vec!["batch", APPROVAL, "--runs", "2"],
        vec!["compare", APPROVAL, "--set-b", "policy.choices=5"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let out = Command::new(assert_cmd::cargo::cargo_bin("reorg"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(&args)
            .stdout(Stdio::from(full))
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("error: cannot write to stdout: No space left on device"),
            "{stderr}"
        );
    }
}
