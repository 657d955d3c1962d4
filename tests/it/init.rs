//! `reorg init`: a starter scenario from an HR export that checks and runs
//! as written (issue 17, item 4).

use crate::support::reorg;

const ROSTERS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/rosters");

/// A folder holding a copy of one fixture roster.
fn folder_with(roster: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(format!("{ROSTERS}/{roster}"), dir.path().join(roster)).unwrap();
    dir
}

#[test]
fn a_starter_from_an_export_with_a_title_checks_and_runs() {
    let dir = folder_with("hr-unicode-text.txt");
    reorg()
        .current_dir(dir.path())
        .args(["init", "hr-unicode-text.txt", "-o", "s.toml"])
        .assert()
        .success();
    let text = std::fs::read_to_string(dir.path().join("s.toml")).unwrap();
    // The export (tests/fixtures/make-rosters.py): 王伟 科员 and 李娜 科长 in
    // 住建局, 张敏 科员 in 城建局; the header on row 4; 是否参加竞聘 says who competes.
    for line in [
        "file = \"hr-unicode-text.txt\"",
        "header_row = 4    # the rows above it are a title",
        "columns = { id = \"工号\", name = \"姓名\", unit = \"部门\", level = \"职级\", born = \"出生年月\", score = \"年度考核\", opt_out = \"是否参加竞聘\" }",
        "ignore = [\"序号\", \"备注\"]",
        "values.opt_out = { \"是\" = false, \"否\" = true }",
        "values.score = { \"优秀\" = 95, \"称职\" = 75, \"基本称职\" = 60 }",
        "id = \"科长\"    # 1 people",
        "id = \"科员\"    # 2 people",
        "posts = { \"科长\" = 1, \"科员\" = 1 }",
        "posts = { \"科员\" = 1 }",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "missing `{line}` in:\n{text}"
        );
    }
    // 科长 ranks above 科员: its level comes first.
    assert!(text.find("id = \"科长\"").unwrap() < text.find("id = \"科员\"").unwrap());
    let check = reorg()
        .current_dir(dir.path())
        .args(["check", "s.toml", "--format", "json"])
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&check.get_output().stdout).unwrap();
    assert_eq!(json[0]["people"], 3, "{json}");
    reorg()
        .current_dir(dir.path())
        .args(["run", "s.toml", "--quiet"])
        .assert()
        .success();
    // A second init keeps the edited file.
    reorg()
        .current_dir(dir.path())
        .args(["init", "hr-unicode-text.txt", "-o", "s.toml"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("`s.toml` exists"));
}

#[test]
fn a_roster_without_a_required_column_is_refused_with_its_headers() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("r.csv"),
        "工号,姓名,部门,职级,出生年月\n1,王伟,住建局,科员,1980\n",
    )
    .unwrap();
    let out = reorg()
        .current_dir(dir.path())
        .args(["init", "r.csv"])
        .assert()
        .code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("no column of the roster reads as `score`; its header has: `工号`, `姓名`, `部门`, `职级`, `出生年月`"),
        "{stderr}"
    );
}
