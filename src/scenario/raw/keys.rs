//! The person keys, which are also the roster columns: shared by the
//! `[[person]]` decoder and the `[roster]` options.

/// The roster columns whose values `[roster] values` may translate.
pub const VALUE_COLUMNS: &[&str] = &["unit", "level", "function", "gender", "establishment"];

/// The keys of a `[[person]]` table, which are also the roster CSV columns.
pub const PERSON_KEYS: &[&str] = &[
    "id",
    "name",
    "unit",
    "level",
    "born",
    "score",
    "gender",
    "function",
    "establishment",
    "tags",
    "opt_out",
    "level_since",
];
