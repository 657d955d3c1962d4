//! Helpers shared by the integration tests.

use std::path::Path;

use reorg::scenario::{Loaded, load_str};

/// The `reorg` binary, run from the crate root.
pub fn reorg() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("reorg").expect("the reorg binary is built");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env("NO_COLOR", "1");
    cmd
}

/// Loads scenario text that must be valid.
#[track_caller]
pub fn load_ok(text: &str) -> Loaded {
    match load_str(text, "test.toml", Path::new(".")) {
        Ok(loaded) => loaded,
        Err(err) => panic!("scenario should be valid, got: {:#?}", err.diagnostics()),
    }
}

/// Every scenario file shipped with reorg: `scenarios/*.toml` and `examples/*.toml`.
pub fn shipped_scenarios() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["scenarios", "examples"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("readable directory entry").path();
            if path.extension().is_some_and(|e| e == "toml") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The temporary files beside `target` that an output to it streams to
/// (`.NAME.XXXXXXXXXXXX.tmp`, the X random).
pub fn temp_files_of(target: &std::path::Path) -> Vec<std::path::PathBuf> {
    let name = target.file_name().unwrap().to_string_lossy();
    let prefix = format!(".{name}.");
    let mut found: Vec<std::path::PathBuf> = std::fs::read_dir(target.parent().unwrap())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            let file = path.file_name().unwrap().to_string_lossy();
            file.starts_with(&prefix) && file.ends_with(".tmp")
        })
        .collect();
    found.sort();
    found
}
