//! Roster CSV bytes: decoding (BOM sniffing, UTF-8, GBK/GB18030, UTF-16),
//! the header and its `[roster] columns` mapping, `[roster] values`, and
//! every cell. The first byte picks how the scenario reads the roster; the
//! rest is the file.
//!
//! Seeds: the CSV files under `tests/fixtures/` and `examples/` (fuzz/seed.sh).

#![no_main]

use libfuzzer_sys::fuzz_target;
use reorg::scenario::{Files, Input};

const SCENARIO: &str = r#"[scenario]
name = "fuzz"

[[level]]
id = "section_head"

[[level]]
id = "staff"

[[function]]
id = "approval"

[[before]]
id = "housing"
functions = ["approval"]

[[before]]
id = "works"

[[after]]
id = "construction"
from = ["housing", "works"]
posts = { section_head = 2, staff = 5 }

[roster]
file = "roster.csv"
"#;

/// How the roster is read, picked by the first byte.
const OPTIONS: [&str; 4] = [
    "",
    "encoding = \"gbk\"\n",
    "encoding = \"utf-8\"\n",
    "columns = { id = \"工号\", name = \"姓名\", unit = \"部门\", level = \"职级\", born = \"出生年份\", score = \"考核分\" }\n\
     values.unit = { \"住建局\" = \"housing\", \"城建局\" = \"works\" }\n\
     values.level = { \"科员\" = \"staff\", \"科长\" = \"section_head\" }\n",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, roster)) = data.split_first() else {
        return;
    };
    let input = Input {
        name: "fuzz.toml".into(),
        text: format!("{SCENARIO}{}", OPTIONS[usize::from(pick) % OPTIONS.len()]),
        files: Files::Memory(vec![("roster.csv".into(), roster.to_vec())]),
    };
    let _ = reorg::scenario::load_input(&input, &[]);
});
