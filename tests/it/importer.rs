//! The importer's promises for real HR exports (issue 17): no column is
//! dropped without a word, `values` translates any column (the opt-out flag
//! included), cells not understood are reported by cause, dates and grades
//! are read the ways exports write them, and warnings reach every command.
//!
//! Rosters here are small and written by hand; every expected count, row and
//! column below was worked out from them by hand.

use reorg::diagnostic::Diagnostic;
use reorg::scenario::{Files, Input, Loaded, ScenarioError, load_input};

use crate::support::reorg;

/// Two levels and two units whose names are what the export writes; the
/// `[roster]` table is on line 24 and `extra` starts on line 26.
fn scenario(extra: &str) -> String {
    format!(
        r#"[scenario]
name = "导入"

[[level]]
id = "section_head"
name = "科长"

[[level]]
id = "staff"
name = "科员 staff"

[[before]]
id = "housing"
name = "住建局"

[[before]]
id = "works"
name = "城建局"

[[after]]
id = "construction"
from = ["housing", "works"]
posts = {{ section_head = 2, staff = 8 }}
[roster]
file = "r.csv"
{extra}
"#
    )
}

const COLUMNS: &str = r#"columns = { id = "工号", name = "姓名", unit = "部门", level = "职级", born = "出生年份", score = "考核分" }"#;
const VALUES: &str = "values.unit = { \"住建局\" = \"housing\", \"城建局\" = \"works\" }\nvalues.level = { \"科员\" = \"staff\", \"科长\" = \"section_head\" }";

/// Five people; 是否参加竞聘 (whether one competes) says 否 for 2 and 4.
const EXPORT: &str = "工号,姓名,部门,职级,出生年份,考核分,籍贯,是否参加竞聘,政治面貌\n\
1,王伟,住建局,科员,1980,86,山东,是,党员\n\
2,李娜,住建局,科长,1975,90,河北,否,群众\n\
3,张敏,城建局,科员,1990,72,山东,是,党员\n\
4,刘洋,城建局,科员,1985,80,江苏,否,群众\n\
5,陈静,住建局,科员,1982,77,山东,是,党员\n";

fn load(extra: &str, csv: &str) -> Result<Loaded, ScenarioError> {
    load_input(
        &Input {
            name: "memory.toml".into(),
            text: scenario(extra),
            files: Files::Memory(vec![("r.csv".into(), csv.as_bytes().to_vec())]),
        },
        &[],
    )
}

fn lines(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics.iter().map(ToString::to_string).collect()
}

fn errors(err: &ScenarioError) -> Vec<&Diagnostic> {
    err.diagnostics().iter().filter(|d| d.is_error()).collect()
}

#[test]
fn every_column_not_read_is_named_in_a_warning() {
    let loaded = load(&format!("{COLUMNS}\n{VALUES}"), EXPORT).expect("valid");
    assert_eq!(loaded.scenario.people.len(), 5);
    // 是否参加竞聘 starts at character 25 of the header, 籍贯 at 22.
    assert_eq!(
        lines(&loaded.warnings),
        [
            "r.csv:1:25: warning: column `是否参加竞聘` of `r.csv` is not read, but looks like `opt_out`",
            "r.csv:1:22: warning: 2 columns of `r.csv` not read: `籍贯`, `政治面貌`",
        ]
    );
    assert_eq!(
        loaded.warnings[0].hint.as_deref(),
        Some(
            "to read it, add `opt_out = \"是否参加竞聘\"` to `[roster] columns`, with `values.opt_out = { \"是\" = false, \"否\" = true }` (`是否参加竞聘` says who competes; `opt_out` is who does not); to leave it out, list it in `[roster] ignore`"
        )
    );
    assert_eq!(
        loaded.warnings[1].hint.as_deref(),
        Some(
            "map them in `[roster] columns` to read them, or add `ignore = [\"籍贯\", \"政治面貌\"]` to `[roster]` to say they are not needed"
        )
    );
}

#[test]
fn ignored_columns_are_silent() {
    let extra = format!("{COLUMNS}\n{VALUES}\nignore = [\"籍贯\", \"是否参加竞聘\", \"政治面貌\"]");
    let loaded = load(&extra, EXPORT).expect("valid");
    assert_eq!(lines(&loaded.warnings), Vec::<String>::new());
}

#[test]
fn an_ignored_header_the_file_lacks_is_a_warning() {
    let extra = format!(
        "{COLUMNS}\n{VALUES}\nignore = [\"籍贯\", \"是否参加竞聘\", \"政治面貌\", \"备注\"]"
    );
    let loaded = load(&extra, EXPORT).expect("valid");
    // Line 29: `ignore = [` is 10 characters, then `"籍贯", ` 6, `"是否参加竞聘", `
    // 10 and `"政治面貌", ` 8: `"备注"` starts at character 35.
    assert_eq!(
        lines(&loaded.warnings),
        ["memory.toml:29:35: warning: `ignore` names `备注`, which `r.csv` does not have"]
    );
}

#[test]
fn the_opt_out_column_is_translated_with_values() {
    let columns = COLUMNS.replace(" }", ", opt_out = \"是否参加竞聘\" }");
    let extra = format!(
        "{columns}\n{VALUES}\nvalues.opt_out = {{ \"是\" = false, \"否\" = true }}\nignore = [\"籍贯\", \"政治面貌\"]"
    );
    let loaded = load(&extra, EXPORT).expect("valid");
    let out: Vec<&str> = loaded
        .scenario
        .people
        .iter()
        .filter(|p| p.opt_out)
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(out, ["2", "4"]);
    assert!(loaded.warnings.is_empty(), "{:?}", lines(&loaded.warnings));
}

#[test]
fn an_opt_out_column_of_who_competes_is_not_read_inverted() {
    let columns = COLUMNS.replace(" }", ", opt_out = \"是否参加竞聘\" }");
    let extra = format!("{columns}\n{VALUES}\nignore = [\"籍贯\", \"政治面貌\"]");
    let err = load(&extra, EXPORT).expect_err("inverted");
    let errors = errors(&err);
    assert_eq!(errors.len(), 1, "{:?}", lines(err.diagnostics()));
    // At the mapping's header string, on the `columns` line (26).
    let text = errors[0].to_string();
    assert!(text.starts_with("memory.toml:26:"), "{text}");
    assert!(
        text.ends_with(
            "error: column `是否参加竞聘` says who competes, but `opt_out` is who does not: read as it is, 3 of 5 people would not compete"
        ),
        "{text}"
    );
}

#[test]
fn values_map_numbers_and_booleans_for_any_column() {
    let csv = "id,unit,level,born,score,opt_out,gender\n\
               a,housing,staff,不详,甲,Y,男性\n\
               b,housing,staff,1980,乙,N,女性\n";
    let extra = "values.born = { \"不详\" = 1970 }\n\
                 values.score = { \"甲\" = 90, \"乙\" = 70.5 }\n\
                 values.opt_out = { \"Y\" = true, \"N\" = false }\n\
                 values.gender = { \"男性\" = \"m\", \"女性\" = \"f\" }";
    let loaded = load(extra, csv).expect("valid");
    let people = &loaded.scenario.people;
    assert_eq!(
        (people[0].born, people[0].score, people[0].opt_out),
        (1970, 90.0, true)
    );
    assert_eq!(
        (people[1].born, people[1].score, people[1].opt_out),
        (1980, 70.5, false)
    );
    use reorg::scenario::Gender::{F, M};
    assert_eq!((people[0].gender, people[1].gender), (Some(M), Some(F)));
}

/// Ten people whose levels are written as the export's own names, without
/// `values.level`: 科员 in rows 2, 3, 4, 6, 8, 10; 科长 in 5, 7, 9; 副科长 in 11.
const UNMAPPED_LEVELS: &str = "工号,姓名,部门,职级,出生年份,考核分\n\
1,王伟,住建局,科员,1980,86\n\
2,李娜,住建局,科员,1975,90\n\
3,张敏,城建局,科员,1990,72\n\
4,刘洋,城建局,科长,1985,80\n\
5,陈静,住建局,科员,1982,77\n\
6,杨帆,住建局,科长,1981,70\n\
7,赵磊,城建局,科员,1979,75\n\
8,黄丽,城建局,科长,1977,81\n\
9,周强,住建局,科员,1986,79\n\
10,吴昊,城建局,副科长,1984,83\n";

#[test]
fn many_unknown_values_are_one_error_with_the_mapping_to_paste() {
    let extra =
        format!("{COLUMNS}\nvalues.unit = {{ \"住建局\" = \"housing\", \"城建局\" = \"works\" }}");
    let err = load(&extra, UNMAPPED_LEVELS).expect_err("unknown levels");
    let errors = errors(&err);
    assert_eq!(errors.len(), 1, "{:?}", lines(err.diagnostics()));
    // Row 2: `1,王伟,住建局,` is 9 characters, so 科员 starts at 10.
    assert_eq!(
        errors[0].to_string(),
        "r.csv:2:10: error: 10 `level` cells of `r.csv` (column `职级`) are not level ids"
    );
    assert_eq!(
        errors[0].hint.as_deref(),
        Some(
            "not understood: `科员` ×6 (rows 2, 3, 4, …), `科长` ×3 (rows 5, 7, 9), `副科长` ×1 (row 11); translate them with `[roster] values`: values.level = { \"科员\" = \"staff\", \"科长\" = \"section_head\", \"副科长\" = \"?\" }"
        )
    );
    let rendered = reorg::diagnostic::render(err.diagnostics(), err.hidden(), false);
    assert!(!rendered.contains("scenario file?"), "{rendered}");
    assert!(rendered.ends_with("error: 1 problem found\n"), "{rendered}");
}

#[test]
fn a_few_unknown_values_are_reported_cell_by_cell() {
    // Three unknown levels: at the threshold, each where it stands.
    let csv = "id,unit,level,born,score\n\
               a,housing,科长,1980,50\n\
               b,housing,staff,1980,50\n\
               c,housing,科长,1980,50\n\
               d,housing,科长,1980,50\n";
    let err = load("", csv).expect_err("unknown levels");
    assert_eq!(
        errors(&err)
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>(),
        [
            "r.csv:2:11: error: unknown level `科长`",
            "r.csv:4:11: error: unknown level `科长`",
            "r.csv:5:11: error: unknown level `科长`",
        ]
    );
}

#[test]
fn many_bad_numbers_are_summarised_with_their_rows() {
    // 甲等 in rows 2–5, 乙等 in row 6: five scores that are no numbers or known grades.
    let csv = "id,unit,level,born,score\n\
               a,housing,staff,1980,甲等\n\
               b,housing,staff,1980,甲等\n\
               c,housing,staff,1980,甲等\n\
               d,housing,staff,1980,甲等\n\
               e,housing,staff,1980,乙等\n";
    let err = load("", csv).expect_err("bad scores");
    let errors = errors(&err);
    assert_eq!(errors.len(), 1, "{:?}", lines(err.diagnostics()));
    assert_eq!(
        errors[0].to_string(),
        "r.csv:2:22: error: 5 `score` cells of `r.csv` are not numbers"
    );
    assert_eq!(
        errors[0].hint.as_deref(),
        Some(
            "not understood: `甲等` ×4 (rows 2, 3, 4, …), `乙等` ×1 (row 6); translate them with `[roster] values`: values.score = { \"甲等\" = \"?\", \"乙等\" = \"?\" }"
        )
    );
}

#[test]
fn appraisal_grades_read_as_their_default_scores_and_say_so() {
    let csv = "id,unit,level,born,score\n\
               a,housing,staff,1980,优秀\n\
               b,housing,staff,1980,称职\n\
               c,housing,staff,1980,优秀\n\
               d,housing,staff,1980,基本称职\n\
               e,housing,staff,1980,88\n";
    let loaded = load("", csv).expect("valid");
    let scores: Vec<f64> = loaded.scenario.people.iter().map(|p| p.score).collect();
    assert_eq!(scores, [95.0, 75.0, 95.0, 60.0, 88.0]);
    assert_eq!(
        lines(&loaded.warnings),
        [
            "r.csv:1:1: warning: `score` of `r.csv` read from appraisal grades with their default scores: `优秀` → 95 (2), `称职` → 75 (1), `基本称职` → 60 (1)"
        ]
    );
    // `values.score` replaces the defaults, silently.
    let extra = "values.score = { \"优秀\" = 98, \"称职\" = 80, \"基本称职\" = 65 }";
    let loaded = load(extra, csv).expect("valid");
    let scores: Vec<f64> = loaded.scenario.people.iter().map(|p| p.score).collect();
    assert_eq!(scores, [98.0, 80.0, 98.0, 65.0, 88.0]);
    assert!(loaded.warnings.is_empty(), "{:?}", lines(&loaded.warnings));
}

#[test]
fn birth_dates_in_every_export_form_read_as_years() {
    let csv = "id,unit,level,born,score\n\
               a,housing,staff,197503,50\n\
               b,housing,staff,1975.03,50\n\
               c,housing,staff,1975年3月,50\n\
               d,housing,staff,1975-03-01,50\n\
               e,housing,staff,27456,50\n\
               f,housing,staff,19750308,50\n";
    let loaded = load("", csv).expect("valid");
    let born: Vec<i32> = loaded.scenario.people.iter().map(|p| p.born).collect();
    assert_eq!(born, [1975; 6]);
    // 27456 days after 1899-12-30 is 1975-03-03.
    assert_eq!(
        lines(&loaded.warnings),
        [
            "r.csv:1:1: warning: 1 `born` value of `r.csv` read as Excel date numbers: `27456` in row 6 is 1975-03-03"
        ]
    );
}

#[test]
fn many_dates_not_understood_name_the_accepted_forms() {
    let csv = "id,unit,level,born,score\n\
               a,housing,staff,不详,50\n\
               b,housing,staff,不详,50\n\
               c,housing,staff,七五年,50\n\
               d,housing,staff,不详,50\n";
    let err = load("", csv).expect_err("bad dates");
    let errors = errors(&err);
    assert_eq!(errors.len(), 1, "{:?}", lines(err.diagnostics()));
    assert_eq!(
        errors[0].to_string(),
        "r.csv:2:17: error: 4 `born` cells of `r.csv` are not years"
    );
    assert_eq!(
        errors[0].hint.as_deref(),
        Some(
            "not understood: `不详` ×3 (rows 2, 3, 5), `七五年` ×1 (row 4); accepted: a year (1975), a date that begins with one (1975-03-08, 1975/3/8, 1975.03, 1975年3月), 197503, 19750308, or an Excel date number (27456)"
        )
    );
}

/// A scenario and roster on disk, for the command line.
fn on_disk(extra: &str, csv: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.toml"), scenario(extra)).unwrap();
    std::fs::write(dir.path().join("r.csv"), csv).unwrap();
    dir
}

#[test]
fn run_and_batch_print_the_roster_warnings_and_flags_govern_them() {
    let dir = on_disk(&format!("{COLUMNS}\n{VALUES}"), EXPORT);
    let scenario = "s.toml";
    let stderr = |args: &[&str], code: i32| {
        let out = reorg()
            .current_dir(dir.path())
            .args(args)
            .assert()
            .code(code);
        String::from_utf8(out.get_output().stderr.clone()).unwrap()
    };
    for args in [
        &["run", scenario][..],
        &["batch", scenario, "--runs", "2"],
        &["graph", scenario],
        &["compare", scenario, "--set-b", "policy.choices=2"],
    ] {
        let text = stderr(args, 0);
        assert!(
            text.contains("warning: 2 columns of `r.csv` not read: `籍贯`, `政治面貌`"),
            "{args:?}: {text}"
        );
        assert!(
            text.contains("column `是否参加竞聘` of `r.csv` is not read"),
            "{args:?}: {text}"
        );
    }
    assert_eq!(stderr(&["run", scenario, "--quiet"], 0), "");
    // The two about columns, and the figures' own: 10 posts for 5 people.
    let text = stderr(&["--deny-warnings", "run", scenario], 2);
    assert!(
        text.contains("warning: 10 posts for 5 competing people: 5 posts (50%) will stay empty"),
        "{text}"
    );
    assert!(
        text.ends_with("error: 3 warnings, and `--deny-warnings` makes them errors\n"),
        "{text}"
    );
}

#[test]
fn values_under_no_header_are_reported() {
    // The sixth column has no header; rows 2 and 4 hold values in it.
    let csv = "id,unit,level,born,score,\n\
               a,housing,staff,1980,50,借调\n\
               b,housing,staff,1980,50,\n\
               c,housing,staff,1980,50,病休\n";
    let loaded = load("", csv).expect("valid");
    assert_eq!(
        lines(&loaded.warnings),
        [
            "r.csv:1:1: warning: values under no header in `r.csv` are not read: column 6 (2 values, the first in row 2)"
        ]
    );
}
