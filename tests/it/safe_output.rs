//! Outputs that are safe to open and lose nothing: CSV cells a spreadsheet
//! cannot run as formulas, names with quotes, commas, line breaks and control
//! characters that survive CSV and JSON and cannot break a table, `-o` that
//! never leaves half a file, and `--anonymize`.

use std::path::Path;

use reorg::scenario::{Files, Input, Loaded, load_input, load_str};

use crate::support::reorg;

/// People whose text begins like a formula or holds characters that break
/// naive CSV and tables. `-7` is born in the reference year: age 0, a
/// number that must stay a number beside an id that must not. (It was born
/// after it, age -3, until negative ages were refused: issue 18, item 8.)
const HOSTILE: &str = r#"[scenario]
name = "=cmd|' /C calc'!A0"

[[level]]
id = "staff"

[[before]]
id = "housing"

[[after]]
id = "works"
from = ["housing"]
posts = { staff = 10 }

[policy]
reference_date = 2017-12-07

[[person]]
id = "-7"
name = "=HYPERLINK(\"http://example.com\",\"Li\")"
unit = "housing"
level = "staff"
born = 2017
score = 50
establishment = "@contract"
tags = ["=a", "b"]

[[person]]
id = "p2"
name = "+1 王伟"
unit = "housing"
level = "staff"
born = 1980
score = 60

[[person]]
id = "p3"
name = "\tTab"
unit = "housing"
level = "staff"
born = 1981
score = 61

[[person]]
id = "p4"
name = "\rCR"
unit = "housing"
level = "staff"
born = 1982
score = 62

[[person]]
id = "p5"
name = "Li, \"Wei\"\nsecond line"
unit = "housing"
level = "staff"
born = 1983
score = 63

[[person]]
id = "p6"
name = "王\u001b[31m伟\u0007"
unit = "housing"
level = "staff"
born = 1984
score = 64

[[person]]
id = "p7"
name = "'=already quoted"
unit = "housing"
level = "staff"
born = 1985
score = 65

[[person]]
id = "p8"
name = "plain"
unit = "housing"
level = "staff"
born = 1986
score = 66
"#;

/// The names as written in [`HOSTILE`], in roster order.
const NAMES: [&str; 8] = [
    "=HYPERLINK(\"http://example.com\",\"Li\")",
    "+1 王伟",
    "\tTab",
    "\rCR",
    "Li, \"Wei\"\nsecond line",
    "王\u{1b}[31m伟\u{7}",
    "'=already quoted",
    "plain",
];

/// [`HOSTILE`] written to a temporary folder.
fn hostile_file(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("hostile.toml");
    std::fs::write(&path, HOSTILE).expect("write scenario");
    path
}

/// Runs `reorg run` on the hostile scenario with extra arguments; stdout.
#[track_caller]
fn run_hostile(args: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = hostile_file(dir.path());
    let output = reorg()
        .arg("run")
        .arg(&path)
        .args(args)
        .output()
        .expect("reorg runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("valid CSV").iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn people_csv_neutralises_formulas_in_text_cells_only() {
    let rows = csv_rows(&run_hostile(&["--format", "csv", "--people"]));
    let column = |name: &str| {
        reorg::report::run::PEOPLE_COLUMNS
            .iter()
            .position(|c| *c == name)
            .expect("column")
    };
    let (id, name, age, born, establishment) = (
        column("id"),
        column("name"),
        column("age"),
        column("born"),
        column("establishment"),
    );
    assert_eq!(rows[0][id], "'-7");
    assert_eq!(rows[0][name], "'=HYPERLINK(\"http://example.com\",\"Li\")");
    assert_eq!(rows[0][establishment], "'@contract");
    // Numbers stay numbers.
    assert_eq!(rows[0][age], "0");
    assert_eq!(rows[0][born], "2017");
    assert_eq!(rows[1][name], "'+1 王伟");
    assert_eq!(rows[2][name], "'\tTab");
    assert_eq!(rows[3][name], "'\rCR");
    // Quotes, a comma and a line break come back whole.
    assert_eq!(rows[4][name], "Li, \"Wei\"\nsecond line");
    assert_eq!(rows[5][name], "王\u{1b}[31m伟\u{7}");
    // A name that already begins `'=` gets a second quote, so reading drops only ours.
    assert_eq!(rows[6][name], "''=already quoted");
    assert_eq!(rows[7][name], "plain");
    assert_eq!(rows.len(), 8);
}

#[test]
fn summary_csv_neutralises_the_scenario_name() {
    let rows = csv_rows(&run_hostile(&["--format", "csv"]));
    assert_eq!(rows[0], ["scenario", "'=cmd|' /C calc'!A0"]);
    let people = rows.iter().find(|r| r[0] == "people").expect("people row");
    assert_eq!(people[1], "8");
}

#[test]
fn json_keeps_every_name_exactly() {
    let json: serde_json::Value =
        serde_json::from_str(&run_hostile(&["--format", "json", "--people"])).expect("JSON");
    let names: Vec<&str> = json["people"]
        .as_array()
        .expect("people")
        .iter()
        .map(|p| p["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, NAMES);
    assert_eq!(json["people"][0]["id"], "-7");
    assert_eq!(json["people"][0]["age"], 0);
}

#[test]
fn tables_show_control_characters_as_spaces_one_row_per_person() {
    for (format, row_start) in [("table", '│'), ("markdown", '|')] {
        let text = run_hostile(&["--format", format, "--people"]);
        for bad in ['\r', '\t', '\u{1b}', '\u{7}'] {
            assert!(
                !text.contains(bad),
                "{format}: raw {bad:?} in output:\n{text}"
            );
        }
        let people = text.split_once("People").expect("a People section").1;
        let rows = people.lines().filter(|l| l.starts_with(row_start)).count();
        // The header row, for Markdown its separator row, then one row per person.
        let extra = if format == "markdown" { 2 } else { 1 };
        assert_eq!(rows, 8 + extra, "{format}:\n{people}");
        assert!(people.contains("Li, \"Wei\" second line"), "{people}");
    }
}

/// The people of a scenario as (id, name, unit, level, born, score,
/// establishment, tags, opt_out).
type PersonFields = (
    String,
    String,
    String,
    String,
    i32,
    f64,
    String,
    Vec<String>,
    bool,
);

fn fields(loaded: &Loaded) -> Vec<PersonFields> {
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
                p.establishment.clone(),
                p.tags.clone(),
                p.opt_out,
            )
        })
        .collect()
}

#[test]
fn roster_csv_round_trips_hostile_names() {
    let original = load_str(HOSTILE, "hostile.toml", Path::new(".")).expect("valid");
    let csv = reorg::report::roster::csv(&original.scenario);
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    let people_start = HOSTILE.find("[[person]]").expect("people");
    let text = format!(
        "{}[roster]\nfile = \"roster.csv\"\n",
        &HOSTILE[..people_start]
    );
    let read_back = load_input(
        &Input {
            name: "read-back.toml".into(),
            text,
            files: Files::Memory(vec![("roster.csv".into(), csv.into_bytes())]),
        },
        &[],
    )
    .expect("the roster reads back");
    assert_eq!(fields(&read_back), fields(&original));
    let names: Vec<String> = read_back
        .scenario
        .people
        .iter()
        .map(|p| p.name.clone())
        .collect();
    assert_eq!(names, NAMES);
}

#[test]
fn generate_output_round_trips_through_the_reader() {
    // Ids `-0001`, `-0002`: a spreadsheet would read them as negative numbers.
    let dir = tempfile::tempdir().expect("tempdir");
    let scenario = dir.path().join("gen.toml");
    std::fs::write(
        &scenario,
        r#"[scenario]
name = "g"

[[level]]
id = "staff"

[[before]]
id = "housing"

[[after]]
id = "works"
from = ["housing"]
posts = { staff = 3 }

[roster]
file = "gen-roster.csv"

[roster.generate]
seed = 7
id_prefix = "-"
unit.housing.counts = { staff = 3 }
"#,
    )
    .expect("write");
    reorg()
        .arg("generate")
        .arg(&scenario)
        .arg("-o")
        .arg(dir.path().join("gen-roster.csv"))
        .assert()
        .success();
    let written = std::fs::read_to_string(dir.path().join("gen-roster.csv")).expect("roster");
    assert!(
        written
            .lines()
            .nth(1)
            .expect("a person")
            .starts_with("'-0001,"),
        "{written}"
    );
    let from_file = reorg::scenario::load(&scenario).expect("the written roster reads");
    let text = std::fs::read_to_string(&scenario).expect("scenario");
    let generated = reorg::scenario::load_generated(
        &Input {
            name: "gen.toml".into(),
            text,
            files: Files::Dir(dir.path().to_path_buf()),
        },
        &[],
    )
    .expect("generated");
    assert_eq!(fields(&from_file), fields(&generated));
    assert_eq!(from_file.scenario.people[0].id, "-0001");
}

// ---------------------------------------------------------------------------
// `-o FILE` never leaves half a file.

#[test]
fn an_output_that_is_a_folder_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The target is a directory: refused before anything is written (the
    // rename of the temporary file onto it would fail at the end).
    let target = dir.path().join("out.csv");
    std::fs::create_dir(&target).expect("mkdir");
    let output = reorg()
        .args([
            "run",
            "examples/corporate-merger.toml",
            "--format",
            "csv",
            "-o",
        ])
        .arg(&target)
        .output()
        .expect("reorg runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("is a folder"), "{stderr}");
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["out.csv"], "a temporary file was left behind");
    assert!(target.is_dir());
    assert_eq!(std::fs::read_dir(&target).expect("list").count(), 0);
}

#[test]
fn a_write_into_a_missing_folder_creates_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = reorg()
        .args(["run", "examples/corporate-merger.toml", "-o"])
        .arg(dir.path().join("no-such-folder").join("out.txt"))
        .output()
        .expect("reorg runs");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 0);
}

// ---------------------------------------------------------------------------
// `--anonymize`.

const MERGER: &str = "examples/corporate-merger.toml";

#[track_caller]
fn run_merger(args: &[&str]) -> String {
    let output = reorg()
        .args(["run", MERGER])
        .args(args)
        .env_remove("REORG_ANONYMIZE_KEY")
        .output()
        .expect("reorg runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// Every name in the example's roster.
fn roster_names() -> Vec<String> {
    let loaded = reorg::scenario::load(Path::new(MERGER)).expect("the example loads");
    loaded
        .scenario
        .people
        .iter()
        .map(|p| p.name.clone())
        .collect()
}

#[test]
fn anonymize_replaces_every_name_in_every_format() {
    let names = roster_names();
    for format in ["table", "json", "csv", "markdown"] {
        let text = run_merger(&["--people", "--format", format, "--anonymize"]);
        for name in &names {
            assert!(
                !text.contains(name.as_str()),
                "{format}: `{name}` left in output"
            );
        }
    }
    let rows = csv_rows(&run_merger(&["--people", "--format", "csv", "--anonymize"]));
    // Ids stay; the pseudonym is HMAC-SHA-256(empty key, id), from Python's hmac.
    assert_eq!(
        (rows[0][0].as_str(), rows[0][1].as_str()),
        ("E001", "P-a41c294c1668")
    );
    assert_eq!(
        (rows[1][0].as_str(), rows[1][1].as_str()),
        ("E002", "P-339f46ce487e")
    );
}

#[test]
fn pseudonyms_are_the_same_across_formats_and_runs() {
    let csv = csv_rows(&run_merger(&["--people", "--format", "csv", "--anonymize"]));
    let json: serde_json::Value = serde_json::from_str(&run_merger(&[
        "--people",
        "--format",
        "json",
        "--anonymize",
        "--seed",
        "99",
    ]))
    .expect("JSON");
    let from_json: Vec<(&str, &str)> = json["people"]
        .as_array()
        .expect("people")
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["name"].as_str().unwrap()))
        .collect();
    let from_csv: Vec<(&str, &str)> = csv.iter().map(|r| (r[0].as_str(), r[1].as_str())).collect();
    assert_eq!(from_json, from_csv);
}

#[test]
fn anonymize_ids_replaces_ids_everywhere_and_a_key_changes_them() {
    let json: serde_json::Value = serde_json::from_str(&run_merger(&[
        "--people",
        "--format",
        "json",
        "--anonymize=ids",
        "--anonymize-key",
        "k",
    ]))
    .expect("JSON");
    let first = &json["people"][0];
    // HMAC-SHA-256 under the key `k`, from Python's hmac.
    assert_eq!(first["id"], "P-10dbf17dc32c");
    assert_eq!(first["name"], "P-10dbf17dc32c");
    let youngest = json["summary"]["youngest_head"].as_str().expect("a head");
    assert!(youngest.starts_with("P-"), "{youngest}");
    let text = json.to_string();
    assert!(!text.contains("\"E0"), "an original id is left: {text}");
    // The key can come from the environment instead.
    let output = reorg()
        .args([
            "run",
            MERGER,
            "--people",
            "--format",
            "csv",
            "--anonymize=ids",
        ])
        .env("REORG_ANONYMIZE_KEY", "k")
        .output()
        .expect("reorg runs");
    let rows = csv_rows(&String::from_utf8(output.stdout).expect("UTF-8"));
    assert_eq!(rows[0][0], "P-10dbf17dc32c");
}

#[test]
fn anonymize_key_needs_anonymize() {
    reorg()
        .args(["run", MERGER, "--anonymize-key", "k"])
        .assert()
        .code(2);
}
