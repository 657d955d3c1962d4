//! Real Excel workbooks (issue 16, item 2): `--format xlsx`, or `-o x.xlsx`,
//! writes one sheet per table, numbers as numbers. Each workbook is read
//! back with calamine and its cells checked against the JSON of the same
//! run, batch or comparison.

use std::io::Cursor;

use calamine::{Data, Range, Reader, Xlsx, open_workbook_from_rs};
use serde_json::Value;

use crate::support::reorg;

const BINHAI: &str = "scenarios/binhai.toml";
const APPROVAL: &str = "examples/approval-bureau.toml";
const CORPORATE: &str = "examples/corporate-merger.toml";

fn stdout_of(args: &[&str]) -> Vec<u8> {
    reorg()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone()
}

fn json_of(args: &[&str]) -> Value {
    serde_json::from_slice(&stdout_of(args)).expect("JSON")
}

/// The workbook `args` write to `-o NAME` in a fresh folder.
fn workbook_of(args: &[&str], name: &str) -> (Vec<u8>, Xlsx<Cursor<Vec<u8>>>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    reorg().args(args).arg("-o").arg(&path).assert().success();
    let bytes = std::fs::read(&path).unwrap();
    let book = open_workbook_from_rs(Cursor::new(bytes.clone())).expect("a workbook");
    (bytes, book)
}

fn sheet(book: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Range<Data> {
    book.worksheet_range(name)
        .unwrap_or_else(|err| panic!("sheet {name}: {err}"))
}

/// A cell as the JSON value it should equal: numbers as numbers, text as
/// text, an empty cell as null.
fn as_json(cell: Option<&Data>) -> Value {
    match cell {
        None | Some(Data::Empty) => Value::Null,
        Some(Data::Float(x)) => Value::from(*x),
        Some(Data::Int(n)) => Value::from(*n as f64),
        Some(Data::String(s)) => Value::from(s.as_str()),
        Some(other) => panic!("unexpected cell {other:?}"),
    }
}

/// A JSON number as f64 (integers included), anything else as it is.
fn normal(value: &Value) -> Value {
    match value.as_f64() {
        Some(x) => Value::from(x),
        None => value.clone(),
    }
}

fn column(range: &Range<Data>, name: &str) -> usize {
    (0..range.width())
        .find(|&c| range.get((0, c)) == Some(&Data::String(name.into())))
        .unwrap_or_else(|| panic!("no column {name}"))
}

/// The Binhai run with `--people`: the sheets in order, every summary field,
/// every unit's seats and filled posts, every level, the transition matrix,
/// and one row per person, against `reorg run --format json --people`.
#[test]
fn a_run_workbook_holds_the_json_figures() {
    let json = json_of(&["run", BINHAI, "--format", "json", "--people"]);
    let (_, mut book) = workbook_of(&["run", BINHAI, "--people"], "binhai.xlsx");
    let mut expected = vec![
        "Summary",
        "Units before",
        "Units",
        "Posts",
        "Levels",
        "Transitions",
        "Flows",
    ];
    if !json["payroll"].is_null() {
        expected.push("Payroll");
    }
    expected.push("Rounds");
    // Binhai describes its approval processes.
    assert!(json["processes"].as_array().is_some_and(|p| !p.is_empty()));
    expected.extend(["Processes", "People"]);
    assert_eq!(book.sheet_names(), expected);

    let summary = sheet(&mut book, "Summary");
    let object = json["summary"].as_object().unwrap();
    let mut seen = 0;
    for r in 1..summary.height() {
        let key = as_json(summary.get((r, 2)));
        let Some(key) = key.as_str() else { continue };
        if let Some(value) = object.get(key) {
            assert_eq!(as_json(summary.get((r, 1))), normal(value), "summary {key}");
            seen += 1;
        }
    }
    assert_eq!(seen, object.len(), "every summary field has a row");
    // Numbers are numbers: the people figure is a numeric cell.
    let people_row = (1..summary.height())
        .find(|&r| summary.get((r, 2)) == Some(&Data::String("people".into())))
        .unwrap();
    assert_eq!(summary.get((people_row, 1)), Some(&Data::Float(1174.0)));

    let units = sheet(&mut book, "Units");
    let json_units = json["units"].as_array().unwrap();
    assert_eq!(units.height(), json_units.len() + 1);
    let (seats, filled, cutoff) = (
        column(&units, "seats"),
        column(&units, "filled"),
        column(&units, "cut-off"),
    );
    for (i, unit) in json_units.iter().enumerate() {
        let sum = |key: &str| {
            unit[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_f64().unwrap())
                .sum::<f64>()
        };
        assert_eq!(as_json(units.get((i + 1, 0))), unit["id"]);
        assert_eq!(as_json(units.get((i + 1, 1))), unit["name"]);
        assert_eq!(
            as_json(units.get((i + 1, seats))),
            Value::from(sum("posts"))
        );
        assert_eq!(
            as_json(units.get((i + 1, filled))),
            Value::from(sum("filled"))
        );
        assert_eq!(as_json(units.get((i + 1, cutoff))), normal(&unit["cutoff"]));
    }

    let levels = sheet(&mut book, "Levels");
    for (i, level) in json["levels"].as_array().unwrap().iter().enumerate() {
        for key in ["before", "posts", "after"] {
            let c = column(&levels, key);
            assert_eq!(
                as_json(levels.get((i + 1, c))),
                normal(&level[key]),
                "{key}"
            );
        }
    }

    let transitions = sheet(&mut book, "Transitions");
    for (r, row) in json["transitions"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        for (c, count) in row["counts"].as_array().unwrap().iter().enumerate() {
            assert_eq!(as_json(transitions.get((r + 1, c + 1))), normal(count));
        }
    }

    let people = sheet(&mut book, "People");
    let json_people = json["people"].as_array().unwrap();
    assert_eq!(people.height(), json_people.len() + 1);
    let (status, age) = (column(&people, "status"), column(&people, "age"));
    for (i, person) in json_people.iter().enumerate() {
        assert_eq!(as_json(people.get((i + 1, 0))), person["id"]);
        assert_eq!(as_json(people.get((i + 1, 1))), person["name"]);
        assert_eq!(as_json(people.get((i + 1, status))), person["status"]);
        assert_eq!(as_json(people.get((i + 1, age))), normal(&person["age"]));
    }
}

/// `--lang zh`: Chinese sheet names and headers, statuses in words; the
/// numbers are the same.
#[test]
fn chinese_workbooks_have_chinese_headers() {
    let (_, mut book) = workbook_of(&["run", BINHAI, "--people", "--lang", "zh"], "binhai.xlsx");
    let names = book.sheet_names();
    assert_eq!(names[0], "概况");
    assert!(names.contains(&"人员名单".to_string()), "{names:?}");
    let summary = sheet(&mut book, "概况");
    assert_eq!(summary.get((0, 0)), Some(&Data::String("指标".into())));
    let people = sheet(&mut book, "人员名单");
    let status = column(&people, "结果");
    let json = json_of(&["run", BINHAI, "--format", "json", "--people"]);
    let zh = |s: &str| match s {
        "promoted" => "晋升",
        "same_level" => "平级",
        "demoted" => "降级",
        "fallback" => "分流安置",
        "did_not_compete" => "未参加竞聘",
        other => panic!("Binhai has no {other}"),
    };
    for (i, person) in json["people"].as_array().unwrap().iter().enumerate() {
        assert_eq!(
            as_json(people.get((i + 1, status))),
            Value::from(zh(person["status"].as_str().unwrap()))
        );
    }
}

/// The same run gives the same bytes (no time of writing in the file), and
/// `--format xlsx` to a pipe is the same workbook as `-o x.xlsx`.
#[test]
fn workbooks_are_byte_identical_for_the_same_seed() {
    let (one, _) = workbook_of(&["run", CORPORATE, "--seed", "7"], "a.xlsx");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let (two, _) = workbook_of(&["run", CORPORATE, "--seed", "7"], "b.xlsx");
    assert_eq!(one, two);
    let piped = stdout_of(&["run", CORPORATE, "--seed", "7", "--format", "xlsx"]);
    assert_eq!(piped, one);
}

/// A batch summary (on stdout) and a comparison as workbooks: one row per
/// point and figure, means and percentiles as numbers equal to the JSON's.
#[test]
fn batch_and_compare_workbooks_hold_their_json_figures() {
    let args = [
        "batch",
        APPROVAL,
        "--runs",
        "8",
        "--set",
        "policy.choices=2,4",
    ];
    let json = json_of(&[&args[..], &["--format", "json"]].concat());
    let bytes = stdout_of(&[&args[..], &["--format", "xlsx"]].concat());
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let rows = sheet(&mut book, "Summary");
    let (key, mean, p95) = (
        column(&rows, "key"),
        column(&rows, "mean"),
        column(&rows, "p95"),
    );
    let mut r = 1;
    for point in json["points"].as_array().unwrap() {
        for figure in point["figures"].as_array().unwrap() {
            assert_eq!(as_json(rows.get((r, key))), figure["figure"]);
            assert_eq!(as_json(rows.get((r, mean))), normal(&figure["mean"]));
            assert_eq!(as_json(rows.get((r, p95))), normal(&figure["p95"]));
            r += 1;
        }
    }
    assert_eq!(rows.height(), r);

    let compare = ["compare", APPROVAL, "--set-b", "policy.choices=5"];
    let json = json_of(&[&compare[..], &["--format", "json"]].concat());
    let (_, mut book) = workbook_of(&compare, "compare.xlsx");
    let rows = sheet(&mut book, "Comparison");
    for (i, figure) in json["figures"].as_array().unwrap().iter().enumerate() {
        assert_eq!(as_json(rows.get((i + 1, 1))), figure["figure"]);
        assert_eq!(as_json(rows.get((i + 1, 2))), normal(&figure["a"]));
        assert_eq!(as_json(rows.get((i + 1, 3))), normal(&figure["b"]));
    }
}
