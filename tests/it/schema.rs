//! `reorg schema` (issue 17, item 5): every shipped scenario validates
//! against it, an unknown key does not, and each table of the schema has
//! exactly the keys the decoder accepts (read from the decoder's own
//! "accepts: ..." hint for an unknown key, so a key added to the decoder
//! without the schema fails here).

use std::path::Path;

use reorg::scenario::load_str;
use serde_json::Value;

use crate::support::{reorg, shipped_scenarios};

fn schema() -> Value {
    let out = reorg().arg("schema").assert().success();
    serde_json::from_slice(&out.get_output().stdout).expect("JSON")
}

/// TOML as the JSON Taplo validates: dates become strings.
fn to_json(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => Value::from(*f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.iter().map(to_json).collect()),
        toml::Value::Table(table) => {
            Value::Object(table.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())
        }
    }
}

/// Validates TOML text against the schema: `Err` with the validator's message.
fn validate(schema: &Value, text: &str) -> Result<(), String> {
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler
        .add_resource("reorg.schema.json", schema.clone())
        .unwrap();
    let index = compiler
        .compile("reorg.schema.json", &mut schemas)
        .map_err(|e| format!("schema does not compile: {e}"))?;
    let value: toml::Value = toml::from_str(text).map_err(|e| e.to_string())?;
    schemas
        .validate(&to_json(&value), index)
        .map_err(|e| format!("{e:#}"))
}

#[test]
fn every_shipped_scenario_validates_and_an_unknown_key_does_not() {
    let schema = schema();
    let files = shipped_scenarios();
    assert!(files.len() >= 3, "{files:?}");
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        if let Err(err) = validate(&schema, &text) {
            panic!("{}: {err}", path.display());
        }
        let misspelt = text.replacen("[scenario]\n", "[scenario]\nnmae = \"x\"\n", 1);
        assert!(validate(&schema, &misspelt).is_err(), "{}", path.display());
    }
    let text = std::fs::read_to_string("examples/corporate-merger.toml").unwrap();
    let misspelt = text.replacen("posts = ", "postz = ", 1);
    assert!(validate(&schema, &misspelt).is_err());
}

#[test]
fn the_roster_options_validate() {
    let schema = schema();
    let text = r#"[scenario]
name = "t"

[roster]
file = "名单.xlsx"
sheet = "花名册"
header_row = 4
columns = { id = "工号", opt_out = "是否参加竞聘" }
ignore = ["序号"]
values.opt_out = { "是" = false, "否" = true }
values.score = { "优秀" = 95 }
"#;
    validate(&schema, text).unwrap();
    let wrong = text.replace("values.score", "values.salary");
    assert!(validate(&schema, &wrong).is_err());
    let wrong = text.replace("columns = { id", "columns = { idd");
    assert!(validate(&schema, &wrong).is_err());
}

/// A scenario with no optional tables, to which a table with an unknown key is added.
const BASE: &str = "[scenario]\nname = \"t\"\n\n[[level]]\nid = \"staff\"\n\n[[before]]\nid = \"a\"\n\n[[after]]\nid = \"b\"\nfrom = [\"a\"]\nposts = { staff = 1 }\n\n[[person]]\nid = \"p\"\nunit = \"a\"\nlevel = \"staff\"\nborn = 1980\nscore = 50\n";

/// The keys the decoder accepts in a table: the `accepts:` list of its hint
/// for the unknown key `zzzz_no_such_key`, written where `place` says.
fn decoder_keys(scenario: &str) -> Vec<String> {
    let err = load_str(scenario, "t.toml", Path::new(".")).expect_err("unknown key");
    let diagnostic = err
        .diagnostics()
        .iter()
        .find(|d| d.message.starts_with("unknown key `zzzz_no_such_key`"))
        .unwrap_or_else(|| panic!("no unknown-key error: {:#?}", err.diagnostics()));
    let hint = diagnostic.hint.as_deref().unwrap();
    let list = hint.split_once("accepts: ").expect("a list of keys").1;
    let mut keys: Vec<String> = list
        .split(", ")
        .map(|k| k.trim_matches('`').to_string())
        .collect();
    keys.sort();
    keys
}

/// The keys the schema allows at a path (arrays of tables and `anyOf`
/// followed to their table).
fn schema_keys(schema: &Value, path: &[&str]) -> Vec<String> {
    let mut node = schema;
    for key in path {
        node = &node["properties"][key];
        loop {
            if node["type"] == "array" {
                node = &node["items"];
            } else if let Some(options) = node["anyOf"].as_array() {
                node = options.iter().find(|o| o["type"] == "object").unwrap();
            } else {
                break;
            }
        }
    }
    let mut keys: Vec<String> = node["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("{path:?} is no table"))
        .keys()
        .cloned()
        .collect();
    keys.sort();
    keys
}

#[test]
fn every_table_of_the_schema_has_the_keys_the_decoder_accepts() {
    let schema = schema();
    let key = "zzzz_no_such_key = 1\n";
    let insert = |header: &str| BASE.replacen(header, &format!("{header}{key}"), 1);
    let append = |table: &str| format!("{BASE}\n{table}\n{key}");
    let cases: Vec<(Vec<&str>, String)> = vec![
        (vec![], format!("{key}{BASE}")),
        (vec!["scenario"], insert("[scenario]\n")),
        (vec!["level"], insert("[[level]]\n")),
        (vec!["before"], insert("[[before]]\n")),
        (vec!["after"], insert("[[after]]\n")),
        (vec!["person"], insert("[[person]]\n")),
        (
            vec!["level", "pay"],
            insert("[[level]]\n").replacen(
                key,
                &format!("pay = {{ base = 1, {} }}\n", key.trim()),
                1,
            ),
        ),
        (vec!["function"], append("[[function]]\nid = \"f\"")),
        (vec!["dissolve"], append("[[dissolve]]")),
        (vec!["transfer"], append("[[transfer]]\nto = \"b\"")),
        (vec!["roster"], append("[roster]\nfile = \"r.csv\"")),
        (vec!["roster", "generate"], append("[roster.generate]")),
        (vec!["policy"], append("[policy]")),
        (vec!["policy", "scoring"], append("[policy.scoring]")),
        (
            vec!["policy", "preferences"],
            append("[policy.preferences]"),
        ),
        (
            vec!["policy", "over_age"],
            append("[policy.over_age]\nunit = \"b\""),
        ),
        (
            vec!["policy", "opt_out"],
            append("[policy.opt_out]\nprobability = 0.5"),
        ),
        (vec!["policy", "fallback"], append("[policy.fallback]")),
        (vec!["timeline"], append("[timeline]\nyears = 1")),
        (
            vec!["timeline", "appraisal"],
            append("[timeline.appraisal]"),
        ),
        (
            vec!["timeline", "bottom"],
            append("[timeline.bottom]\nshare = 0.1"),
        ),
        (
            vec!["round"],
            append("[[round]]\nid = \"r\"\nlevels = [\"staff\"]"),
        ),
    ];
    for (path, scenario) in cases {
        assert_eq!(
            schema_keys(&schema, &path),
            decoder_keys(&scenario),
            "table {path:?}"
        );
    }
}
