//! Real HR rosters: CSV in every encoding an export comes in, `.xlsx`
//! sheets, the export's own headers mapped with `[roster] columns`, its
//! values translated with `[roster] values`.
//!
//! The files under `tests/fixtures/rosters/` are written by
//! `tests/fixtures/make-rosters.py` with Python's own codecs and zip writer,
//! so the decoder is checked against bytes it did not produce. Every one
//! holds the same three people; the expected values below are those the
//! script writes.

use std::path::Path;

use reorg::scenario::{Files, Input, Loaded, Person, ScenarioError, load_input, load_str};

/// The scenario every HR export here is read with: the export's Chinese
/// headers mapped, its Chinese unit and level names translated. `roster` is
/// the rest of the `[roster]` table (`file = ...` and any options).
fn hr_scenario(roster: &str) -> String {
    format!(
        r#"[scenario]
name = "人事导出"

[[level]]
id = "section_head"
name = "科长"

[[level]]
id = "staff"
name = "科员"

[[before]]
id = "housing"
name = "住建局"

[[before]]
id = "works"
name = "城建局"

[[after]]
id = "construction"
from = ["housing", "works"]
posts = {{ section_head = 1, staff = 2 }}

[roster]
{roster}
columns = {{ id = "工号", name = "姓名", unit = "部门", level = "职级", born = "出生年份", score = "考核分", gender = "性别" }}
values.unit = {{ "住建局" = "housing", "城建局" = "works" }}
values.level = {{ "科员" = "staff", "科长" = "section_head" }}
"#
    )
}

#[track_caller]
fn load_hr(roster: &str) -> Loaded {
    match load_str(
        &hr_scenario(roster),
        "hr.toml",
        Path::new("tests/fixtures/rosters"),
    ) {
        Ok(loaded) => loaded,
        Err(err) => panic!("{roster}: {:#?}", err.diagnostics()),
    }
}

#[track_caller]
fn load_hr_err(roster: &str) -> ScenarioError {
    match load_str(
        &hr_scenario(roster),
        "hr.toml",
        Path::new("tests/fixtures/rosters"),
    ) {
        Ok(_) => panic!("{roster}: loaded, expected an error"),
        Err(err) => err,
    }
}

/// (id, name, unit, level, born, score) of each person.
fn summary(loaded: &Loaded) -> Vec<(String, String, String, String, i32, f64)> {
    let s = &loaded.scenario;
    s.people
        .iter()
        .map(|p: &Person| {
            (
                p.id.clone(),
                p.name.clone(),
                s.before[p.unit].id.clone(),
                s.levels[p.level].id.clone(),
                p.born,
                p.score,
            )
        })
        .collect()
}

/// The three people as the script writes them; the third's name varies.
fn expected(third_name: &str) -> Vec<(String, String, String, String, i32, f64)> {
    let row = |id: &str, name: &str, unit: &str, level: &str, born: i32, score: f64| {
        (
            id.to_string(),
            name.to_string(),
            unit.to_string(),
            level.to_string(),
            born,
            score,
        )
    };
    vec![
        row("1001", "王伟", "housing", "staff", 1980, 86.5),
        row("1002", "李娜", "housing", "section_head", 1975, 90.0),
        row("1003", third_name, "works", "staff", 1990, 72.0),
    ]
}

#[test]
fn utf8_csv_export_reads_unedited() {
    let loaded = load_hr(r#"file = "hr-utf8.csv""#);
    assert_eq!(summary(&loaded), expected("张敏"));
    // 性别 is mapped to `gender`; 备注 (notes) is not mapped and is ignored.
    let genders: Vec<_> = loaded.scenario.people.iter().map(|p| p.gender).collect();
    use reorg::scenario::Gender::{F, M};
    assert_eq!(genders, [Some(M), Some(F), Some(F)]);
    assert!(loaded.scenario.people.iter().all(|p| p.tags.is_empty()));
}

#[test]
fn utf8_csv_with_byte_order_mark() {
    let loaded = load_hr(r#"file = "hr-utf8-bom.csv""#);
    assert_eq!(summary(&loaded), expected("张敏"));
}

#[test]
fn gbk_csv_is_detected() {
    let loaded = load_hr(r#"file = "hr-gbk.csv""#);
    assert_eq!(summary(&loaded), expected("张敏"));
}

#[test]
fn gbk_csv_with_the_encoding_named() {
    let loaded = load_hr("file = \"hr-gbk.csv\"\nencoding = \"GBK\"");
    assert_eq!(summary(&loaded), expected("张敏"));
}

#[test]
fn gb18030_csv_with_a_character_gbk_lacks() {
    // 𠀀 (U+20000) takes four bytes in GB18030 and does not exist in GBK.
    let loaded = load_hr(r#"file = "hr-gb18030.csv""#);
    assert_eq!(summary(&loaded), expected("张𠀀"));
    let loaded = load_hr("file = \"hr-gb18030.csv\"\nencoding = \"gb18030\"");
    assert_eq!(summary(&loaded), expected("张𠀀"));
}

#[test]
fn utf16_csv_with_byte_order_mark() {
    // Excel's "Unicode text" export: UTF-16LE with a byte-order mark.
    let loaded = load_hr(r#"file = "hr-utf16.csv""#);
    assert_eq!(summary(&loaded), expected("张敏"));
}

#[test]
fn a_gbk_csv_read_as_utf8_is_refused_at_the_first_bad_byte_of_each_line() {
    let err = load_hr_err("file = \"hr-gbk.csv\"\nencoding = \"utf-8\"");
    let lines: Vec<String> = err.diagnostics().iter().map(ToString::to_string).collect();
    // Every line holds Chinese text; 工 is B9 A4 in GBK, 王 is CD F5.
    assert_eq!(
        lines[0],
        "tests/fixtures/rosters/hr-gbk.csv:1:1: error: `tests/fixtures/rosters/hr-gbk.csv` holds bytes that are not valid UTF-8: B9"
    );
    assert_eq!(
        lines[1],
        "tests/fixtures/rosters/hr-gbk.csv:2:6: error: `tests/fixtures/rosters/hr-gbk.csv` holds bytes that are not valid UTF-8: CD"
    );
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("not valid UTF-8"))
            .count(),
        4
    );
}

#[cfg(feature = "xlsx")]
#[test]
fn xlsx_export_reads_the_named_sheet() {
    let loaded = load_hr("file = \"hr.xlsx\"\nsheet = \"名单\"");
    // 1001 was typed as a number (1001.0 in the file); 王伟's birth is an
    // Excel date (1980-05-12); 张敏's is the text "1990.06"; 李娜's the number
    // 1975. The text "=张敏" stays text: a roster is data, not formulas.
    assert_eq!(summary(&loaded), expected("=张敏"));
}

#[cfg(feature = "xlsx")]
#[test]
fn xlsx_without_a_sheet_reads_the_first_one() {
    // The first sheet (说明) is a note, not the people: its one header cell is
    // none of the mapped columns.
    let err = load_hr_err(r#"file = "hr.xlsx""#);
    let first = err
        .diagnostics()
        .iter()
        .find(|d| d.is_error())
        .expect("an error");
    assert_eq!(
        first.to_string(),
        "hr.toml:27:18: error: `tests/fixtures/rosters/hr.xlsx` has no column `工号` (mapped to `id`)"
    );
    // The people are on the second sheet, 名单: the hint names it and the
    // `sheet` key (issue 18, item 9).
    assert_eq!(
        first.hint.as_deref(),
        Some(
            "sheet `名单` has a `工号` column, sheet `说明` (the first) does not: add `sheet = \"名单\"` to `[roster]`"
        )
    );
}

#[cfg(feature = "xlsx")]
#[test]
fn xlsx_sheet_names_are_matched_exactly() {
    let err = load_hr_err("file = \"hr.xlsx\"\nsheet = \"名 单\"");
    assert_eq!(
        err.diagnostics()[0].to_string(),
        "hr.toml:27:9: error: cannot read roster `tests/fixtures/rosters/hr.xlsx`: the workbook has no sheet `名 单`"
    );
}

#[cfg(not(feature = "xlsx"))]
#[test]
fn xlsx_without_the_feature_is_a_clear_error() {
    let err = load_hr_err("file = \"hr.xlsx\"\nsheet = \"名单\"");
    let first = err.diagnostics()[0].to_string();
    assert!(first.contains("built without `.xlsx` support"), "{first}");
}

/// Loads a scenario whose roster is given as bytes, under the name `file`.
fn load_memory(scenario: &str, file: &str, bytes: &[u8]) -> Result<Loaded, ScenarioError> {
    load_input(
        &Input {
            name: "memory.toml".into(),
            text: scenario.to_string(),
            files: Files::Memory(vec![(file.to_string(), bytes.to_vec())]),
        },
        &[],
    )
}

const SMALL: &str = r#"[scenario]
name = "t"

[[level]]
id = "staff"

[[before]]
id = "housing"

[[after]]
id = "works"
from = ["housing"]
posts = { staff = 5 }

[roster]
file = "r.csv"
"#;

#[test]
fn with_a_mapping_standard_headers_still_work_and_extra_columns_are_ignored() {
    let scenario = format!("{SMALL}columns = {{ id = \"工号\" }}\n");
    let csv =
        "工号,name,unit,level,born,score,籍贯,政治面貌\nA1,王伟,housing,staff,1980,50,山东,党员\n";
    let loaded = load_memory(&scenario, "r.csv", csv.as_bytes()).expect("valid");
    let p = &loaded.scenario.people[0];
    assert_eq!(
        (p.id.as_str(), p.name.as_str(), p.born),
        ("A1", "王伟", 1980)
    );
}

#[test]
fn without_a_mapping_an_extra_column_is_still_an_error() {
    let csv = "id,name,unit,level,born,score,籍贯\nA1,王伟,housing,staff,1980,50,山东\n";
    let err = load_memory(SMALL, "r.csv", csv.as_bytes()).expect_err("strict");
    assert_eq!(
        err.diagnostics()[0].to_string(),
        "r.csv:1:31: error: unknown column `籍贯` in `r.csv`"
    );
}

#[test]
fn a_mapped_column_takes_the_place_of_the_standard_name() {
    // `name` is mapped to 姓名, so a column called `name` is just another extra column.
    let scenario = format!("{SMALL}columns = {{ name = \"姓名\" }}\n");
    let csv = "id,name,姓名,unit,level,born,score\nA1,ignored,王伟,housing,staff,1980,50\n";
    let loaded = load_memory(&scenario, "r.csv", csv.as_bytes()).expect("valid");
    assert_eq!(loaded.scenario.people[0].name, "王伟");
}

#[test]
fn born_accepts_dates_and_year_month_forms() {
    let csv = "id,unit,level,born,score\n\
               a,housing,staff,1975-03-08,50\n\
               b,housing,staff,1976/3/8,50\n\
               c,housing,staff,1977.03,50\n\
               d,housing,staff,1978年3月,50\n";
    let loaded = load_memory(SMALL, "r.csv", csv.as_bytes()).expect("valid");
    let born: Vec<i32> = loaded.scenario.people.iter().map(|p| p.born).collect();
    assert_eq!(born, [1975, 1976, 1977, 1978]);
}

#[test]
fn a_quote_reorg_added_against_formula_injection_is_dropped_on_reading() {
    let csv = "id,name,unit,level,born,score,establishment\n\
               '-7,'=SUM(A1),housing,staff,1980,50,'@contract\n\
               x,'plain quote,housing,staff,1980,50,\n";
    let loaded = load_memory(SMALL, "r.csv", csv.as_bytes()).expect("valid");
    let people = &loaded.scenario.people;
    assert_eq!(
        (people[0].id.as_str(), people[0].name.as_str()),
        ("-7", "=SUM(A1)")
    );
    assert_eq!(people[0].establishment, "@contract");
    // A quote that does not guard a formula is part of the text.
    assert_eq!(people[1].name, "'plain quote");
}

#[test]
fn translated_values_are_checked_at_the_cell_they_came_from() {
    let scenario = format!("{SMALL}values.level = {{ \"科员\" = \"staf\" }}\n");
    let csv = "id,unit,level,born,score\nA1,housing,科员,1980,50\n";
    let err = load_memory(&scenario, "r.csv", csv.as_bytes()).expect_err("unknown level");
    assert_eq!(
        err.diagnostics()[0].to_string(),
        "r.csv:2:12: error: unknown level `staf`"
    );
}

/// calamine 0.38 computes a cell reference's column as `col * 26 + letter`
/// without overflow checks (upstream bug, found by `fuzz/` roster_xlsx):
/// `AAAAAAAAAAAAAA2` panics in a debug build, where reorg contains the panic
/// and refuses the workbook, and wraps in a release build, where the cell
/// lands in a wrong column and its row is refused. Either way: an error, no crash.
#[cfg(feature = "xlsx")]
#[test]
fn a_cell_reference_too_long_for_calamine_is_refused_not_a_crash() {
    let scenario = SMALL.replace("file = \"r.csv\"", "file = \"hostile-cell-reference.xlsx\"");
    let err = load_str(
        &scenario,
        "hostile.toml",
        Path::new("tests/fixtures/rosters"),
    )
    .expect_err("a hostile workbook is refused");
    let first = err.diagnostics()[0].to_string();
    assert!(first.contains("hostile-cell-reference.xlsx"), "{first}");
}

#[test]
fn a_cell_longer_than_the_string_limit_is_refused_at_the_cell() {
    let long = "王".repeat(10_001);
    let csv = format!(
        "id,name,unit,level,born,score\nA1,{long},housing,staff,1980,50\nA2,李娜,housing,staff,1981,60\n"
    );
    let err = load_memory(SMALL, "r.csv", csv.as_bytes()).expect_err("too long");
    let lines: Vec<String> = err.diagnostics().iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        ["r.csv:2:4: error: `name` is longer than 10000 characters"]
    );
}

#[cfg(unix)]
#[test]
fn a_device_as_roster_is_refused_not_read_forever() {
    let scenario = SMALL.replace("file = \"r.csv\"", "file = \"/dev/zero\"");
    let err = load_str(&scenario, "dev.toml", Path::new(".")).expect_err("refused");
    assert_eq!(
        err.diagnostics()[0].to_string(),
        "dev.toml:16:8: error: cannot read roster `/dev/zero`: it is not a regular file (a device, pipe or socket)"
    );
}

/// `/proc/self/environ` is a regular file of size 0 that reads as the
/// environment: as a roster, its variables were quoted back as "unknown
/// columns" (issue 18, item 9). Refused before it is read.
#[cfg(target_os = "linux")]
#[test]
fn a_roster_in_proc_is_refused_not_quoted_back() {
    let scenario = SMALL.replace("file = \"r.csv\"", "file = \"/proc/self/environ\"");
    let err = load_str(&scenario, "env.toml", Path::new(".")).expect_err("refused");
    let lines: Vec<String> = err.diagnostics().iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "env.toml:16:8: error: cannot read roster `/proc/self/environ`: it is a file of the kernel's `/proc` or `/sys`, not a data file"
        ]
    );
    let scenario = SMALL.replace(
        "file = \"r.csv\"",
        "file = \"/sys/kernel/../kernel/uevent_seqnum\"",
    );
    let err = load_str(&scenario, "sys.toml", Path::new(".")).expect_err("refused");
    assert!(
        err.diagnostics()[0]
            .to_string()
            .ends_with("it is a file of the kernel's `/proc` or `/sys`, not a data file"),
        "{}",
        err.diagnostics()[0]
    );
}

/// A GBK roster whose bytes happen to be valid UTF-8 is read as UTF-8 (no
/// detection can tell); a value that then fails gets a hint naming
/// `encoding` and what the value says in GBK (issue 18, item 9). 水司 in
/// GBK is CB AE CB BE, which UTF-8 reads as `ˮ˾` (U+02EE U+02FE).
#[test]
fn a_gbk_roster_valid_as_utf8_gets_an_encoding_hint_when_a_value_fails() {
    let scenario = format!("{SMALL}values.unit = {{ \"水司\" = \"housing\" }}\n");
    let csv = "id,unit,level,born,score\np1,水司,staff,1980,50\n";
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(csv);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&gbk).is_ok(), "valid UTF-8 by chance");
    let err = load_memory(&scenario, "r.csv", &gbk).expect_err("unknown unit");
    let first = &err.diagnostics()[0];
    let line = first.to_string();
    assert!(
        line.starts_with("r.csv:2:4: error: ") && line.contains("`\u{2EE}\u{2FE}`"),
        "{line}"
    );
    let hint = first.hint.as_deref().unwrap_or_default();
    assert!(
        hint.ends_with("`r.csv` was read as UTF-8; read as GBK this value is `水司`: if the file was saved as GBK, add `encoding = \"gbk\"` to `[roster]`"),
        "{hint}"
    );
    // Told so, the same bytes read.
    let told = format!("{scenario}encoding = \"gbk\"\n");
    let loaded = load_memory(&told, "r.csv", &gbk).expect("read as GBK");
    assert_eq!(loaded.scenario.people.len(), 1);
    // A UTF-8 roster's own Chinese value that fails gets no such hint.
    let utf8 = "id,unit,level,born,score\np1,住建局,staff,1980,50\n";
    let err = load_memory(SMALL, "r.csv", utf8.as_bytes()).expect_err("unknown unit");
    let hint = err.diagnostics()[0].hint.clone().unwrap_or_default();
    assert!(!hint.contains("GBK"), "{hint}");
}

/// A roster of a header and no rows loads (an empty reform is not wrong),
/// but warns that every post stays empty, as "far more posts than people"
/// does for a roster of a few (issue 18, item 9). SMALL has 5 posts.
#[test]
fn a_header_only_roster_warns_that_every_post_stays_empty() {
    let loaded =
        load_memory(SMALL, "r.csv", b"id,unit,level,born,score\n").expect("loads, with a warning");
    let warnings: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        ["r.csv:1:1: warning: `r.csv` holds no people, only a header: all 5 posts will stay empty"]
    );
    // One person: no such warning.
    let loaded = load_memory(
        SMALL,
        "r.csv",
        b"id,unit,level,born,score\na,housing,staff,1980,50\n",
    )
    .expect("valid");
    assert!(
        !loaded
            .warnings
            .iter()
            .any(|w| w.message.contains("holds no people")),
        "{:?}",
        loaded.warnings
    );
}
