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

/// Refuses `choices` × people over [`MAX_CHOICE_ENTRIES`], at the `choices`
/// value. (A `choices` out of its own range is reported by the policy.)
pub(crate) fn check_choice_entries(
    raw: &super::raw::RawScenario,
    sink: &mut super::node::Sink<'_>,
) {
    use super::node::Value;
    let Some(Value::Table(policy)) = raw.policy.as_ref().map(|p| &p.value) else {
        return;
    };
    let Some(choices) = policy.get("choices") else {
        return;
    };
    let Value::Int(count) = choices.value else {
        return;
    };
    if !(1..=super::policy::MAX_CHOICES).contains(&count) {
        return;
    }
    let people = raw.people.len() as u64;
    let entries = count as u64 * people;
    if entries > MAX_CHOICE_ENTRIES {
        sink.error(
            choices.span,
            format!(
                "{count} choices for {people} people make {entries} choices per round, over the limit of {MAX_CHOICE_ENTRIES}"
            ),
            "too many choices for this roster",
            Some(format!(
                "lower `choices` to at most {}: people rank a handful of posts, and the limit keeps a round's memory in bounds",
                MAX_CHOICE_ENTRIES / people.max(1)
            )),
        );
    }
}
