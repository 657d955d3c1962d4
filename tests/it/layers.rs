//! `.ci/layers.sh`, the layer rule of docs/architecture.md, on small trees
//! planted in a temporary folder: a clean tree passes, and each kind of
//! violation is reported with its file, line and arrow.

use std::path::Path;
use std::process::Command;

/// A clean tree in both layouts (`src/x.rs` and `src/x/mod.rs`), with the
/// things the script must not count: doc links, comments, strings, a test
/// module's `super::*`, the library named `reorg::` by main.rs.
const CLEAN: &[(&str, &str)] = &[
    (
        "lib.rs",
        "pub mod diagnostic;\npub mod report;\npub mod scenario;\n",
    ),
    (
        "diagnostic.rs",
        "use annotate_snippets::Renderer;\n\n#[cfg(test)]\nmod tests {\n    use super::*;\n}\n",
    ),
    (
        "scenario/mod.rs",
        "mod a;\nmod b;\n\nuse crate::diagnostic::Span;\npub use a::Thing;\n",
    ),
    (
        "scenario/a.rs",
        "//! See [`crate::report`].\nuse crate::scenario::b::Other;\n\
         /// Rendered by [`crate::report::render`].\npub struct Thing; // crate::report::render\n\
         const S: &str = \"crate::report::render\";\n",
    ),
    (
        "scenario/b.rs",
        "use super::super::diagnostic;\npub struct Other;\n",
    ),
    (
        "report.rs",
        "use crate::{\n    diagnostic::Span,\n    scenario::{self, Thing},\n};\n\n\
         #[cfg(test)]\nmod tests {\n    use super::*;\n}\n",
    ),
    (
        "main.rs",
        "use reorg::report;\nfn main() -> anyhow::Result<()> { Ok(()) }\n",
    ),
];

/// Writes the clean tree with `changes` (path, text; empty text: no file)
/// and runs the script on it: (exit code, stdout).
fn layers(changes: &[(&str, &str)]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    for (path, text) in CLEAN.iter().chain(changes) {
        let file = src.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        if text.is_empty() {
            std::fs::remove_file(&file).unwrap();
        } else {
            std::fs::write(&file, text).unwrap();
        }
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/layers.sh");
    let output = Command::new("bash")
        .arg(script)
        .arg(&src)
        .output()
        .expect("bash runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.is_empty(), "{stderr}");
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
    )
}

/// The violations reported, without the closing count line.
#[track_caller]
fn violations(changes: &[(&str, &str)]) -> Vec<String> {
    let (code, out) = layers(changes);
    assert_eq!(code, Some(1), "{out}");
    let mut lines: Vec<String> = out.lines().map(String::from).collect();
    let last = lines.pop().unwrap();
    assert_eq!(
        last,
        format!(
            "{} layer rule violation(s); the rule: docs/architecture.md",
            lines.len()
        )
    );
    lines
}

#[test]
fn a_clean_tree_passes() {
    assert_eq!(layers(&[]), (Some(0), String::new()));
}

#[test]
fn an_upward_import_is_named_by_file_line_and_arrow() {
    let b = "pub struct Other;\n\nuse crate::report::render;\n";
    assert_eq!(
        violations(&[("scenario/b.rs", b)]),
        [
            "src/scenario/b.rs:3: forbidden import scenario → report (crate::report::render): report is not below scenario"
        ]
    );
}

#[test]
fn a_group_over_several_lines_is_read_item_by_item() {
    let mod_rs =
        "mod a;\nmod b;\n\nuse crate::{\n    diagnostic::Span,\n    report::{self, render},\n};\n";
    assert_eq!(
        violations(&[("scenario/mod.rs", mod_rs)]),
        [
            "src/scenario/mod.rs:6: forbidden import scenario → report (crate::report): report is not below scenario"
        ]
    );
}

#[test]
fn a_path_in_code_counts_as_much_as_a_use() {
    let b = "pub struct Other;\nfn f() { let _ = crate::report::render(); }\n";
    assert_eq!(
        violations(&[("scenario/b.rs", b)]),
        [
            "src/scenario/b.rs:2: forbidden import scenario → report (crate::report::render): report is not below scenario"
        ]
    );
}

#[test]
fn a_leaf_imports_nothing_of_the_crate() {
    let rng = "use crate::diagnostic::Span;\n";
    assert_eq!(
        violations(&[("rng.rs", rng)]),
        [
            "src/rng.rs:1: forbidden import rng → diagnostic (crate::diagnostic::Span): a leaf imports nothing of the crate"
        ]
    );
}

#[test]
fn a_cycle_between_scenario_files_is_shown_arrow_by_arrow() {
    let b = "use super::a::Thing;\npub struct Other;\n";
    assert_eq!(
        violations(&[("scenario/b.rs", b)]),
        [
            "import cycle in src/scenario/ (each file:line imports the next): src/scenario/a.rs:2 → src/scenario/b.rs:1 → src/scenario/a.rs (2 files in the tangle: a.rs b.rs)"
        ]
    );
}

#[test]
fn command_line_crates_stay_in_the_command_line() {
    let report = "fn f() -> anyhow::Result<()> { Ok(()) }\n";
    let scenario = "mod a;\nmod b;\nuse annotate_snippets::Renderer;\n";
    assert_eq!(
        violations(&[("report.rs", report), ("scenario/mod.rs", scenario)]),
        [
            "src/report.rs:1: `anyhow` outside src/cli/ and src/main.rs",
            "src/scenario/mod.rs:3: `annotate_snippets` outside src/cli/ and src/main.rs",
        ]
    );
}

#[test]
fn a_module_in_no_layer_is_refused() {
    assert_eq!(
        violations(&[("extra.rs", "pub fn f() {}\n")]),
        ["src/extra.rs: module `extra` is in no layer (docs/architecture.md)"]
    );
}

/// A cycle between sibling files of any module folder is refused; a child
/// naming the `mod.rs` of its own folder (where shared items live) is not a
/// sibling edge, so `a.rs` using `super::Shared` closes no cycle.
#[test]
fn a_cycle_between_siblings_of_any_folder_is_refused() {
    let module = "mod a;\nmod b;\npub struct Shared;\npub use a::Y;\n";
    let a = "use super::Shared;\nuse super::b::X;\npub struct Y;\n";
    let b = "use super::a::Y;\npub struct X;\n";
    assert_eq!(
        violations(&[
            ("graph/mod.rs", module),
            ("graph/a.rs", a),
            ("graph/b.rs", b)
        ]),
        [
            "import cycle in src/graph/ (each file:line imports the next): src/graph/a.rs:2 → src/graph/b.rs:1 → src/graph/a.rs (2 files in the tangle: a.rs b.rs)"
        ]
    );
    // Without the sibling edge back, the child naming its `mod.rs` is fine.
    let b = "pub struct X;\n";
    assert_eq!(
        layers(&[
            ("graph/mod.rs", module),
            ("graph/a.rs", a),
            ("graph/b.rs", b)
        ]),
        (Some(0), String::new())
    );
}
