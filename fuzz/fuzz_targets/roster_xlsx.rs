//! `.xlsx` roster bytes: the zip directory check, the shared-string check,
//! calamine, and the sheet into people. Odd first byte:
//! the sheet is named (`名单`); even: the first sheet is read.
//!
//! Seeds: the workbooks under `tests/fixtures/` and `fuzz/seeds/xlsx/`,
//! whose entries are stored rather than deflated so that mutations reach
//! the XML (fuzz/seed.sh).

#![no_main]

use libfuzzer_sys::fuzz_target;
use reorg::scenario::{Files, Input};

const SCENARIO: &str = r#"[scenario]
name = "fuzz"

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
posts = { section_head = 2, staff = 5 }

[roster]
file = "roster.xlsx"
columns = { id = "工号", name = "姓名", unit = "部门", level = "职级", born = "出生年份", score = "考核分" }
values.unit = { "住建局" = "housing", "城建局" = "works" }
values.level = { "科员" = "staff", "科长" = "section_head" }
"#;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, workbook)) = data.split_first() else {
        return;
    };
    let sheet = if pick % 2 == 1 {
        "sheet = \"名单\"\n"
    } else {
        ""
    };
    let input = Input {
        name: "fuzz.toml".into(),
        text: format!("{SCENARIO}{sheet}"),
        files: Files::Memory(vec![("roster.xlsx".into(), workbook.to_vec())]),
    };
    let _ = reorg::scenario::load_input(&input, &[]);
});
