//! The person keys, which are also the roster columns: shared by the
//! `[[person]]` decoder and the `[roster]` options.

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
