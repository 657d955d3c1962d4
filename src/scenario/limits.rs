//! Documented caps on what one scenario may hold, so that a hostile or
//! mistaken file is refused with a clear message instead of exhausting memory.
//! docs/scenario-format.md lists the same numbers.

/// Largest scenario file read, in bytes.
pub const MAX_SCENARIO_BYTES: u64 = 16 * 1024 * 1024;
/// Largest roster file read, in bytes.
pub const MAX_ROSTER_BYTES: u64 = 512 * 1024 * 1024;
/// Most people in one scenario.
pub const MAX_PEOPLE: usize = 2_000_000;
/// Most units on each side (before, after).
pub const MAX_UNITS: usize = 100_000;
/// Most levels in the ladder.
pub const MAX_LEVELS: usize = 64;
/// Most functions.
pub const MAX_FUNCTIONS: usize = 100_000;
/// Largest capacity of one post.
pub const MAX_POST_CAPACITY: i64 = 10_000_000;
/// Most tags on one person.
pub const MAX_TAGS: usize = 64;
/// Longest string value, in characters.
pub const MAX_TEXT_CHARS: usize = 10_000;
/// Most diagnostics reported for one file; the rest are counted.
pub const MAX_DIAGNOSTICS: usize = 200;
