//! Invalid scenarios: every validation rule has a fixture in
//! `tests/fixtures/invalid/` whose `.expected` file lists, one per line, the
//! diagnostics it must produce in their one-line `Display` form
//! (`file:line:col: error: message`). A line `  help: ...` right after a
//! diagnostic also asserts that diagnostic's hint.
//!
//! Lines and columns in the `.expected` files were worked out by hand from
//! the fixture text, as an independent check of the locations the loader
//! computes. `empty.toml` is the one fixture without a header comment (it is
//! zero bytes on purpose); every other fixture says which rule it exercises.
//!
//! Rosters a text editor cannot write (`.xlsx` workbooks, GBK CSVs) are made
//! by `tests/fixtures/make-rosters.py` and committed. For an `.xlsx` roster a
//! diagnostic's line is the sheet's row number and its message names the
//! cell; the `roster-xlsx-*` fixtures need the `xlsx` feature (without it
//! they are still refused, with "built without `.xlsx` support").
//!
//! Then the command line: `reorg check` on invalid fixtures and on hostile
//! inputs must exit with code 2, never panic, and print nothing on stdout.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use reorg::diagnostic::Diagnostic;

/// Where the fixtures are, relative to the crate root (the working directory
/// of integration tests), so that diagnostics name them by this path.
const FIXTURES: &str = "tests/fixtures/invalid";

/// Fixtures whose `.expected` file states the correct behaviour but the
/// loader currently disagrees. The main fixture test skips them; each has a
/// `known_bug_*` test below, `#[ignore]`d with the bug as its reason, that
/// checks it strictly (`cargo test --test it scenario_errors -- --ignored`).
/// Once a bug is fixed, remove its entry here and its `#[ignore]`.
const KNOWN_BUGS: &[&str] = &["syntax-error-after-key-without-value"];

/// Fixtures whose exact diagnostics need the `xlsx` feature.
const NEEDS_XLSX: &str = "roster-xlsx-";

/// One expected (or actual) diagnostic: its one-line form and, optionally, its hint.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Line {
    display: String,
    hint: Option<String>,
}

fn fixture_path(name: &str) -> PathBuf {
    Path::new(FIXTURES).join(format!("{name}.toml"))
}

/// The names (without `.toml`) of every invalid fixture, sorted.
fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(FIXTURES)
        .unwrap_or_else(|err| panic!("cannot list {FIXTURES}: {err}"))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .map(|path| {
            path.file_stem()
                .expect("file stem")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// Parses a `.expected` file: diagnostic lines, each optionally followed by
/// one `  help: ...` line.
fn read_expected(name: &str) -> Result<Vec<Line>, String> {
    let path = Path::new(FIXTURES).join(format!("{name}.expected"));
    let text = fs::read_to_string(&path).map_err(|err| {
        format!(
            "{}: no expected diagnostics ({err}); every fixture needs one",
            path.display()
        )
    })?;
    let mut lines: Vec<Line> = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if let Some(hint) = line.strip_prefix("  help: ") {
            let last = lines.last_mut().ok_or_else(|| {
                format!(
                    "{}:{}: `help:` line before any diagnostic",
                    path.display(),
                    number + 1
                )
            })?;
            if last.hint.replace(hint.to_string()).is_some() {
                return Err(format!(
                    "{}:{}: two `help:` lines for one diagnostic",
                    path.display(),
                    number + 1
                ));
            }
        } else if line.trim().is_empty() || line.starts_with(' ') {
            return Err(format!(
                "{}:{}: blank or indented line that is not `  help: ...`",
                path.display(),
                number + 1
            ));
        } else {
            lines.push(Line {
                display: line.to_string(),
                hint: None,
            });
        }
    }
    if lines.is_empty() {
        return Err(format!("{}: lists no diagnostics", path.display()));
    }
    Ok(lines)
}

fn actual_lines(diagnostics: &[Diagnostic]) -> Vec<Line> {
    diagnostics
        .iter()
        .map(|d| Line {
            display: d.to_string(),
            hint: d.hint.clone(),
        })
        .collect()
}

fn render_lines(lines: &[Line], with_hints: bool) -> String {
    let mut out = String::new();
    for line in lines {
        out.push_str(&line.display);
        out.push('\n');
        if with_hints && let Some(hint) = &line.hint {
            out.push_str(&format!("  help: {hint}\n"));
        }
    }
    out
}

/// Loads one fixture and compares its diagnostics with its `.expected` file.
fn check_fixture(name: &str) -> Result<(), String> {
    let expected = read_expected(name)?;
    let path = fixture_path(name);
    let diagnostics = match reorg::scenario::load(&path) {
        Ok(loaded) => {
            return Err(format!(
                "{}: loaded without error (warnings: {:?}), expected:\n{}",
                path.display(),
                loaded
                    .warnings
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>(),
                render_lines(&expected, true)
            ));
        }
        Err(err) => err.diagnostics().to_vec(),
    };
    let actual = actual_lines(&diagnostics);
    let expected_displays: Vec<&str> = expected.iter().map(|l| l.display.as_str()).collect();
    let actual_displays: Vec<&str> = actual.iter().map(|l| l.display.as_str()).collect();
    if expected_displays != actual_displays {
        return Err(format!(
            "{}: diagnostics differ\n--- expected\n{}--- actual (with hints)\n{}",
            path.display(),
            render_lines(&expected, false),
            render_lines(&actual, true)
        ));
    }
    for (want, got) in expected.iter().zip(&actual) {
        if let Some(hint) = &want.hint
            && got.hint.as_deref() != Some(hint.as_str())
        {
            return Err(format!(
                "{}: hint of `{}`\n  expected: {hint}\n  actual:   {:?}",
                path.display(),
                want.display,
                got.hint
            ));
        }
    }
    Ok(())
}

#[test]
fn every_invalid_fixture_reports_exactly_its_expected_diagnostics() {
    let names = fixture_names();
    for bug in KNOWN_BUGS {
        assert!(
            names.iter().any(|n| n == bug),
            "KNOWN_BUGS names `{bug}`, which has no fixture"
        );
    }
    let failures: Vec<String> = names
        .iter()
        .filter(|name| !KNOWN_BUGS.contains(&name.as_str()))
        .filter(|name| cfg!(feature = "xlsx") || !name.starts_with(NEEDS_XLSX))
        .filter_map(|name| check_fixture(name).err())
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} fixtures failed:\n\n{}",
        failures.len(),
        names.len(),
        failures.join("\n\n")
    );
    assert!(
        names.len() >= 100,
        "only {} fixtures found in {FIXTURES}",
        names.len()
    );
}

#[test]
fn every_expected_file_has_its_fixture() {
    let names = fixture_names();
    for entry in fs::read_dir(FIXTURES).expect("fixtures directory") {
        let path = entry.expect("directory entry").path();
        if path.extension().is_some_and(|ext| ext == "expected") {
            let stem = path.file_stem().expect("file stem").to_string_lossy();
            assert!(
                names.iter().any(|n| *n == stem),
                "{} has no .toml fixture",
                path.display()
            );
        }
    }
}

/// Runs one known-bug fixture strictly (see [`KNOWN_BUGS`]).
fn check_known_bug(name: &str) {
    assert!(KNOWN_BUGS.contains(&name), "`{name}` is not in KNOWN_BUGS");
    if let Err(failure) = check_fixture(name) {
        panic!("{failure}");
    }
}

#[test]
#[ignore = "bug (upstream toml 1.2.2): after a key with no `=`, later syntax errors and duplicate keys are not reported"]
fn known_bug_syntax_error_after_key_without_value() {
    check_known_bug("syntax-error-after-key-without-value");
}

/// A device as the scenario: `/dev/zero` has a size of 0 and never ends, so
/// it must be refused (not a regular file). Runs under a 1 GB address-space
/// limit so that a regression cannot exhaust the machine.
#[cfg(unix)]
#[test]
fn cli_check_refuses_a_device() {
    let binary = assert_cmd::cargo::cargo_bin("reorg");
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v 1000000; exec '{}' check /dev/zero",
            binary.display()
        ))
        .env("NO_COLOR", "1")
        .output()
        .expect("sh runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("out of memory"), "{stderr}");
    assert!(
        stderr.contains("cannot read scenario `/dev/zero`: it is not a regular file"),
        "{stderr}"
    );
}

#[test]
fn every_known_bug_has_an_ignored_test() {
    let source = include_str!("scenario_errors.rs");
    for bug in KNOWN_BUGS {
        assert!(
            source.contains(&format!("check_known_bug(\"{bug}\")")),
            "KNOWN_BUGS lists `{bug}` but no ignored test runs it"
        );
    }
}

// ---------------------------------------------------------------------------
// The command line.

/// The first few thousand characters of a long output, for failure messages.
fn head(text: &str) -> String {
    text.chars().take(3000).collect()
}

/// The last few thousand characters of a long output, for failure messages.
fn tail(text: &str) -> String {
    let count = text.chars().count();
    text.chars().skip(count.saturating_sub(3000)).collect()
}

/// `reorg`, run from the crate root without colours.
fn reorg() -> Command {
    let mut cmd = Command::cargo_bin("reorg").expect("the reorg binary is built");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env("NO_COLOR", "1");
    cmd.timeout(std::time::Duration::from_secs(120));
    cmd
}

/// What `reorg check` printed for a file that must be refused as bad input:
/// exit code exactly 2, no panic, nothing on stdout. Returns stderr.
#[track_caller]
fn check_refuses(path: &Path) -> String {
    let output = reorg().arg("check").arg(path).output().expect("reorg runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        !stderr.contains("panicked"),
        "{}: reorg panicked:\n{stderr}",
        path.display()
    );
    assert_eq!(
        output.status.code(),
        Some(2),
        "{}: expected exit code 2\nstderr:\n{}",
        path.display(),
        head(&stderr)
    );
    assert!(
        stdout.is_empty(),
        "{}: stdout should be empty, got:\n{stdout}",
        path.display()
    );
    stderr
}

#[test]
fn cli_check_renders_location_and_did_you_mean_hint() {
    let stderr = check_refuses(&fixture_path("unknown-key-after"));
    assert!(
        stderr.contains("error: unknown key `postz` in `[[after]]`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--> tests/fixtures/invalid/unknown-key-after.toml:15:1"),
        "{stderr}"
    );
    assert!(
        stderr.contains("postz = { staff = 1 }"),
        "source line missing:\n{stderr}"
    );
    assert!(stderr.contains("help: did you mean `posts`?"), "{stderr}");
    assert!(stderr.ends_with("error: 1 problem found\n"), "{stderr}");
}

#[test]
fn cli_check_renders_roster_locations() {
    let stderr = check_refuses(&fixture_path("roster-unknown-level"));
    assert!(
        stderr.contains("--> tests/fixtures/invalid/roster-unknown-level.csv:3:12"),
        "{stderr}"
    );
    assert!(stderr.contains("p2,housing,manger,1975,80"), "{stderr}");
    assert!(stderr.contains("help: did you mean `manager`?"), "{stderr}");
}

#[test]
#[cfg(feature = "xlsx")]
fn cli_check_renders_xlsx_cells() {
    let stderr = check_refuses(&fixture_path("roster-xlsx-bad-cells"));
    // The line is the sheet's row; the snippet is the row's cells; the message names the cell.
    assert!(
        stderr.contains("error: unknown level `manger` (cell D3)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--> tests/fixtures/invalid/roster-xlsx-bad-cells.xlsx:人员:3:21"),
        "{stderr}"
    );
    assert!(
        stderr.contains("3 | p1 | 王伟 | housing | manger | 1980 | 50"),
        "{stderr}"
    );
    assert!(stderr.contains("help: did you mean `manager`?"), "{stderr}");
}

#[test]
fn cli_check_exits_2_on_every_invalid_fixture() {
    for name in fixture_names() {
        let stderr = check_refuses(&fixture_path(&name));
        assert!(
            stderr.contains("error"),
            "{name}: no error printed:\n{stderr}"
        );
    }
}

#[test]
fn cli_graph_exits_2_on_an_invalid_fixture() {
    let output = reorg()
        .arg("graph")
        .arg(fixture_path("unknown-unit-from"))
        .output()
        .expect("reorg runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("unknown unit `housng`"), "{stderr}");
    assert!(output.stdout.is_empty());
}

/// `level = []` once passed validation, and every command that simulates
/// panicked on the empty ladder (exit 101).
#[test]
fn cli_commands_that_simulate_exit_2_on_an_empty_level_list() {
    let fixture = fixture_path("level-list-empty");
    let fixture = fixture.to_str().expect("a UTF-8 path");
    for args in [
        vec!["run", fixture],
        vec!["batch", fixture, "--runs", "2"],
        vec!["compare", fixture, fixture, "--runs", "2"],
    ] {
        let output = reorg().args(&args).output().expect("reorg runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(
            stderr.contains("`level` lists no levels"),
            "{args:?}: {stderr}"
        );
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn cli_check_refuses_a_missing_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let stderr = check_refuses(&dir.path().join("no-such-scenario.toml"));
    assert!(stderr.contains("no such file"), "{stderr}");
}

#[test]
fn cli_check_refuses_a_directory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let stderr = check_refuses(dir.path());
    assert!(stderr.contains("it is a directory"), "{stderr}");
}

#[test]
fn cli_check_refuses_an_empty_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("empty.toml");
    fs::write(&path, "").expect("write");
    let stderr = check_refuses(&path);
    assert!(stderr.contains("the scenario is empty"), "{stderr}");
}

/// Pseudo-random bytes from a fixed linear congruential generator.
fn lcg_bytes(len: usize) -> Vec<u8> {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 56) as u8
        })
        .collect()
}

#[test]
fn cli_check_refuses_binary_garbage() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("garbage.toml");
    let bytes = lcg_bytes(64 * 1024);
    fs::write(&path, &bytes).expect("write");
    let stderr = check_refuses(&path);
    // 64 KiB of random bytes holds NUL bytes, refused before decoding as binary;
    // without them it would be refused as invalid UTF-8.
    assert!(bytes.contains(&0));
    assert!(stderr.contains("it holds a NUL byte"), "{stderr}");
    let no_nul: Vec<u8> = bytes.iter().map(|&b| b.max(1)).collect();
    fs::write(&path, no_nul).expect("write");
    let stderr = check_refuses(&path);
    assert!(
        stderr.contains("holds bytes that are not valid UTF-8"),
        "{stderr}"
    );
}

/// A NUL byte and bytes that are not UTF-8 are located like every other
/// problem (issue 18, item 7): `path:line:col`, the line, a caret. The
/// positions are counted by hand from the bytes written.
#[test]
fn cli_check_locates_a_nul_byte_and_bytes_that_are_not_utf8() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("nul.toml");
    // Line 3, after `name = "经济` (10 characters): column 11.
    fs::write(
        &path,
        b"[scenario]\n# x\nname = \"\xE7\xBB\x8F\xE6\xB5\x8E\0\"\n",
    )
    .expect("write");
    let stderr = check_refuses(&path);
    let shown = path.display().to_string();
    assert!(
        stderr.contains(&format!(
            "error: cannot read scenario `{shown}`: it holds a NUL byte: it looks like a binary file\n"
        )),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("--> {shown}:3:11\n")), "{stderr}");
    assert!(stderr.contains("3 | name = \"经济\u{FFFD}\""), "{stderr}");
    // Under the replacement character, past two wide characters: the caret.
    assert!(stderr.contains("^ a NUL byte"), "{stderr}");

    // The GBK bytes of 王 (CD F5) on line 2, after `a = "`: column 6.
    let path = dir.path().join("gbk.toml");
    fs::write(&path, b"[scenario]\na = \"\xCD\xF5\"\n").expect("write");
    let stderr = check_refuses(&path);
    let shown = path.display().to_string();
    assert!(
        stderr.contains(&format!(
            "error: cannot read scenario `{shown}`: it holds bytes that are not valid UTF-8: CD\n"
        )),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("--> {shown}:2:6\n")), "{stderr}");
    assert!(stderr.contains("^ not UTF-8"), "{stderr}");
}

#[test]
fn cli_check_refuses_binary_garbage_that_is_valid_utf8() {
    // The same bytes folded into printable ASCII and newlines: valid UTF-8,
    // so it reaches the TOML parser.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("garbage-ascii.toml");
    let text: Vec<u8> = lcg_bytes(64 * 1024)
        .into_iter()
        .map(|b| if b % 40 == 0 { b'\n' } else { b' ' + b % 95 })
        .collect();
    fs::write(&path, text).expect("write");
    check_refuses(&path);
}

#[test]
fn cli_check_refuses_a_deeply_nested_array() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("deep.toml");
    fs::write(&path, format!("a = {}", "[".repeat(100_000))).expect("write");
    let stderr = check_refuses(&path);
    assert!(stderr.contains("invalid TOML"), "{}", head(&stderr));
}

#[test]
fn cli_check_refuses_a_deeply_nested_closed_array() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("deep-closed.toml");
    fs::write(
        &path,
        format!("a = {}{}", "[".repeat(100_000), "]".repeat(100_000)),
    )
    .expect("write");
    let stderr = check_refuses(&path);
    assert!(stderr.contains("invalid TOML"), "{}", head(&stderr));
}

#[test]
fn cli_check_refuses_a_file_over_the_size_limit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("huge.toml");
    let file = fs::File::create(&path).expect("create");
    // Sparse: no data is written, so this is fast and takes no disk space.
    file.set_len(reorg::scenario::limits::MAX_SCENARIO_BYTES + 1)
        .expect("set_len");
    drop(file);
    let stderr = check_refuses(&path);
    assert!(
        stderr.contains(&format!(
            "it is {} bytes, over the limit of {}",
            reorg::scenario::limits::MAX_SCENARIO_BYTES + 1,
            reorg::scenario::limits::MAX_SCENARIO_BYTES
        )),
        "{stderr}"
    );
}

/// A file with 5,000 unknown top-level keys: 5,000 errors plus "the scenario
/// is empty", 5,001 in all.
fn thousands_of_errors(dir: &Path) -> PathBuf {
    let path = dir.join("many.toml");
    let text: String = (0..5000).map(|i| format!("k{i} = 1\n")).collect();
    fs::write(&path, text).expect("write");
    path
}

#[test]
fn cli_check_caps_thousands_of_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let stderr = check_refuses(&thousands_of_errors(dir.path()));
    let shown = stderr
        .lines()
        .filter(|l| l.starts_with("error: unknown key `k"))
        .count();
    assert_eq!(
        shown,
        reorg::scenario::limits::MAX_DIAGNOSTICS,
        "{}",
        head(&stderr)
    );
    assert!(
        stderr.contains("error: and 4801 more problems not shown"),
        "{}",
        tail(&stderr)
    );
    assert!(stderr.len() < 200_000, "stderr is {} bytes", stderr.len());
}

#[test]
fn cli_check_footer_counts_every_problem() {
    let dir = tempfile::tempdir().expect("tempdir");
    let stderr = check_refuses(&thousands_of_errors(dir.path()));
    assert!(
        stderr.ends_with("error: 5001 problems found\n"),
        "{}",
        tail(&stderr)
    );
}

#[test]
fn cli_check_refuses_a_one_megabyte_string() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("long-string.toml");
    let text = fs::read_to_string(fixture_path("negative-seed"))
        .expect("fixture")
        .replace(
            "seed = -1",
            &format!("description = \"{}\"", "x".repeat(1_000_000)),
        );
    fs::write(&path, text).expect("write");
    let stderr = check_refuses(&path);
    assert!(
        stderr.contains("`description` is longer than 10000 characters"),
        "{}",
        head(&stderr)
    );
    assert!(
        stderr.len() < 100_000,
        "stderr echoes the long line: {} bytes",
        stderr.len()
    );
}

#[test]
fn cli_check_refuses_a_one_megabyte_line_of_garbage() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("long-line.toml");
    let line: String = lcg_bytes(1_000_000)
        .into_iter()
        .map(|b| char::from(b'!' + b % 94))
        .collect();
    fs::write(&path, format!("[scenario]\nname = \"t\"\n{line}\n")).expect("write");
    let stderr = check_refuses(&path);
    assert!(stderr.contains("invalid TOML"), "{}", head(&stderr));
    assert!(stderr.len() < 1_000_000, "stderr is {} bytes", stderr.len());
}
