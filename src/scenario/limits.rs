//! Documented caps on what one scenario may hold, so that a hostile or
//! mistaken file is refused with a clear message instead of exhausting memory.
//! docs/scenario-format.md lists the same numbers.
//!
//! Constants only: the checks live with the keys they check, and every
//! module of the scenario layer may import this one without a cycle.

/// Largest scenario file read, in bytes.
pub const MAX_SCENARIO_BYTES: u64 = 16 * 1024 * 1024;
/// Largest roster file read, in bytes.
pub const MAX_ROSTER_BYTES: u64 = 512 * 1024 * 1024;
/// Most people in one scenario.
pub const MAX_PEOPLE: usize = 2_000_000;
/// Most units on each side (before, after).
pub const MAX_UNITS: usize = 100_000;
/// Deepest nesting of internal units (`parent`): a body is at depth 0, its
/// internal units at 1. Real structures go three or four deep; the cap
/// keeps every walk up a chain of parents short.
pub const MAX_NESTING_DEPTH: usize = 16;
/// Most levels in the ladder.
pub const MAX_LEVELS: usize = 64;
/// Most functions.
pub const MAX_FUNCTIONS: usize = 100_000;
/// Largest capacity of one post.
pub const MAX_POST_CAPACITY: i64 = 10_000_000;
/// The largest magnitude of a preference or scoring weight. Far beyond any
/// meaningful weight (scores are 0 to 100, levels a few), and small enough
/// that no sum or product of them overflows to infinity and then to NaN,
/// which would make the ranking of posts and people meaningless.
pub const MAX_WEIGHT: f64 = 1e6;
/// Most tags on one person.
pub const MAX_TAGS: usize = 64;
/// Longest string value, in characters.
pub const MAX_TEXT_CHARS: usize = 10_000;
/// Largest `priority` bonus of a round: scores are ranked exactly up to
/// ±400,000 points, and 100,000 leaves room for every other term.
pub const MAX_PRIORITY_BONUS: f64 = 100_000.0;
/// Most diagnostics reported for one file; the rest are counted.
pub const MAX_DIAGNOSTICS: usize = 200;
/// Most outsiders one round admits (公开招聘): Binhai's national call drew
/// about 2,300; the bound keeps a round's choice lists in memory.
pub const MAX_OUTSIDERS: i64 = 100_000;
/// Most choices a person may file per round.
pub const MAX_CHOICES: i64 = 1000;
/// Most choice entries one round may hold: `choices` × people. Every
/// competing person files up to `choices` ranked posts per round, so this
/// bounds the memory and time of a round (about 16 bytes per entry).
pub const MAX_CHOICE_ENTRIES: u64 = 50_000_000;
/// Largest total size of an `.xlsx` roster's contents once unpacked, in bytes
/// (the sizes its zip directory declares, checked before anything is unpacked,
/// so a zip bomb is refused without being inflated).
pub const MAX_XLSX_UNPACKED_BYTES: u64 = 512 * 1024 * 1024;
/// Most files inside an `.xlsx` roster (a workbook has a few dozen).
pub const MAX_XLSX_ENTRIES: usize = 10_000;
/// Most non-empty cells read from one `.xlsx` roster sheet (500,000 people ×
/// 20 columns); a sheet has at most 1,048,576 rows and 16,384 columns anyway.
pub const MAX_XLSX_CELLS: usize = 10_000_000;
/// Most strings an `.xlsx` shared-string table may declare. The reader sizes
/// its table from that declaration, so it is checked first.
pub const MAX_XLSX_SHARED_STRINGS: u64 = 10_000_000;
