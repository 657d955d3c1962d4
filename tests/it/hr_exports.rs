//! Rosters as HR systems and Excel write them (issue 17, item 3): a title
//! and an export line above the header, a running number, birth months and
//! Excel date numbers, appraisal grades, a column of who competes, a totals
//! row and a note under the table; as `.xlsx`, as Excel's "Unicode text"
//! (UTF-16LE, tab-separated) and as a GBK tab-separated file.
//!
//! The files are written by `tests/fixtures/make-rosters.py` (section "exports
//! as HR systems write them"); the expected people and notes below are what
//! that script writes, worked out by hand.

use std::path::Path;

use reorg::scenario::{Loaded, ScenarioError, load_str};

const DIR: &str = "tests/fixtures/rosters";

/// The export's headers mapped, its units, levels and yes/no translated (是否
/// 参加竞聘 says who competes, so 否 is an opt-out), 序号 and 备注 ignored.
fn scenario(roster: &str) -> String {
    format!(
        r#"[scenario]
name = "花名册"

[[level]]
id = "section_head"

[[level]]
id = "staff"

[[before]]
id = "housing"

[[before]]
id = "works"

[[after]]
id = "construction"
from = ["housing", "works"]
posts = {{ section_head = 1, staff = 2 }}

[roster]
{roster}
columns = {{ id = "工号", name = "姓名", unit = "部门", level = "职级", born = "出生年月", score = "年度考核", opt_out = "是否参加竞聘" }}
ignore = ["序号", "备注"]
values.unit = {{ "住建局" = "housing", "城建局" = "works" }}
values.level = {{ "科员" = "staff", "科长" = "section_head" }}
values.opt_out = {{ "是" = false, "否" = true }}
"#
    )
}

fn load(roster: &str) -> Result<Loaded, ScenarioError> {
    load_str(&scenario(roster), "export.toml", Path::new(DIR))
}

#[track_caller]
fn load_ok(roster: &str) -> Loaded {
    load(roster).unwrap_or_else(|err| panic!("{roster}: {:#?}", err.diagnostics()))
}

/// (id, name, unit, level, born, score, opt_out) of each person.
type Summary = Vec<(String, String, String, String, i32, f64, bool)>;

fn people(loaded: &Loaded) -> Summary {
    let s = &loaded.scenario;
    s.people
        .iter()
        .map(|p| {
            (
                p.id.clone(),
                p.name.clone(),
                s.before[p.unit].id.clone(),
                s.levels[p.level].id.clone(),
                p.born,
                p.score,
                p.opt_out,
            )
        })
        .collect()
}

/// 优秀, 称职 and 基本称职 are 95, 75 and 60 by default; 李娜 said 否 to competing.
fn expected() -> Summary {
    let row = |id: &str, name: &str, unit: &str, level: &str, born, score, out| {
        (
            id.to_string(),
            name.to_string(),
            unit.to_string(),
            level.to_string(),
            born,
            score,
            out,
        )
    };
    vec![
        row("1001", "王伟", "housing", "staff", 1980, 95.0, false),
        row("1002", "李娜", "housing", "section_head", 1975, 75.0, true),
        row("1003", "张敏", "works", "staff", 1990, 60.0, false),
    ]
}

fn warnings(loaded: &Loaded) -> Vec<String> {
    loaded.warnings.iter().map(ToString::to_string).collect()
}

const GRADES: &str = "read from appraisal grades with their default scores: `优秀` → 95 (1), `称职` → 75 (1), `基本称职` → 60 (1)";

#[cfg(feature = "xlsx")]
#[test]
fn an_xlsx_export_with_title_rows_totals_and_notes() {
    let loaded = load_ok(r#"file = "hr-title-rows.xlsx""#);
    assert_eq!(people(&loaded), expected());
    let sheet = "sheet `花名册` of `tests/fixtures/rosters/hr-title-rows.xlsx`";
    let file = "tests/fixtures/rosters/hr-title-rows.xlsx:花名册";
    assert_eq!(
        warnings(&loaded),
        [
            format!(
                "{file}:4:1: warning: the header of {sheet} is row 4: 2 rows above it skipped (`2017年住建系统机关人员花名册`, `填报单位：住建局    导出日期：2017-12-01`) (row 4)"
            ),
            format!(
                "{file}:8:1: warning: 2 rows of {sheet} are not people and are skipped: row 8 (totals: `合计 | 3人`), row 9 (note: `制表人：李娜 | 审核人：王伟`) (row 8)"
            ),
            // 33025 days after 1899-12-30 is 1990-06-01.
            format!(
                "{file}:4:1: warning: 1 `born` value of {sheet} (column `出生年月`) read as Excel date numbers: `33025` in row 7 is 1990-06-01 (row 4)"
            ),
            format!("{file}:4:1: warning: `score` of {sheet} (column `年度考核`) {GRADES} (row 4)"),
        ]
    );
}

#[cfg(feature = "xlsx")]
#[test]
fn header_row_names_the_header_and_silences_the_note() {
    let loaded = load_ok("file = \"hr-title-rows.xlsx\"\nheader_row = 4");
    assert_eq!(people(&loaded), expected());
    assert!(
        !warnings(&loaded)
            .iter()
            .any(|w| w.contains("the header of")),
        "{:?}",
        warnings(&loaded)
    );
    // Row 3 is empty: said so at the key.
    let err = load("file = \"hr-title-rows.xlsx\"\nheader_row = 3").expect_err("no header");
    assert_eq!(
        err.diagnostics()[0].to_string(),
        "export.toml:23:14: error: `header_row = 3`: row 3 of sheet `花名册` of `tests/fixtures/rosters/hr-title-rows.xlsx` is empty or missing"
    );
}

#[test]
fn excel_unicode_text_is_utf16_and_tab_separated() {
    let loaded = load_ok(r#"file = "hr-unicode-text.txt""#);
    assert_eq!(people(&loaded), expected());
    let file = "tests/fixtures/rosters/hr-unicode-text.txt";
    assert_eq!(
        warnings(&loaded),
        [
            format!(
                "{file}:4:1: warning: the header of `{file}` is row 4: 2 rows above it skipped (`2017年住建系统机关人员花名册`, `填报单位：住建局    导出日期：2017-12-01`)"
            ),
            format!(
                "{file}:8:1: warning: 1 row of `{file}` is not a person and is skipped: row 8 (totals: `合计 | 3人`)"
            ),
            format!("{file}:4:1: warning: `score` of `{file}` (column `年度考核`) {GRADES}"),
        ]
    );
}

#[test]
fn a_gbk_tab_separated_export_reads_unedited() {
    let loaded = load_ok(r#"file = "hr-tab-gbk.tsv""#);
    assert_eq!(people(&loaded), expected());
    let file = "tests/fixtures/rosters/hr-tab-gbk.tsv";
    assert_eq!(
        warnings(&loaded),
        [format!(
            "{file}:1:1: warning: `score` of `{file}` (column `年度考核`) {GRADES}"
        )]
    );
    // Naming the separator gives the same people.
    let loaded = load_ok("file = \"hr-tab-gbk.tsv\"\ndelimiter = \"tab\"");
    assert_eq!(people(&loaded), expected());
}

#[test]
fn a_wrong_separator_named_reads_no_header() {
    let err = load("file = \"hr-tab-gbk.tsv\"\ndelimiter = \";\"").expect_err("one column");
    let first = err.diagnostics().iter().find(|d| d.is_error()).unwrap();
    assert!(
        first
            .to_string()
            .contains("has no column `工号` (mapped to `id`)"),
        "{first}"
    );
}
