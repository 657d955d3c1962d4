//! What the policy decoders share: the id lookup the resolver provides, and
//! readers of bounded counts and level lists.

use crate::scenario::node::{Sink, Sp, TableReader};

/// Resolves level and after-unit ids for the policy decoder.
pub(crate) trait Lookup {
    /// A level index, reporting an unknown id.
    fn level(&self, id: &Sp<String>, sink: &mut Sink<'_>) -> Option<usize>;
    /// An after-unit index, reporting an unknown id.
    fn after_unit(&self, id: &Sp<String>, sink: &mut Sink<'_>) -> Option<usize>;
    /// A function index, reporting an unknown id.
    fn function(&self, id: &Sp<String>, sink: &mut Sink<'_>) -> Option<usize>;
    /// Level ids in ladder order.
    fn level_ids(&self) -> Vec<String>;
    /// The leadership levels, in ladder order.
    fn leadership_levels(&self) -> Vec<usize>;
}

/// A whole number from `min` to `max`, or a located error.
pub(super) fn count(
    t: &TableReader<'_>,
    key: &str,
    min: i64,
    max: i64,
    sink: &mut Sink<'_>,
) -> Option<u32> {
    let value = t.opt_int(key, sink)?;
    if value.value < min || value.value > max {
        sink.error(
            value.span,
            format!("`{key}` must be from {min} to {max}, found {}", value.value),
            "out of range",
            None,
        );
        return None;
    }
    Some(value.value as u32)
}

pub(super) fn level_list(
    t: &TableReader<'_>,
    lookup: &dyn Lookup,
    sink: &mut Sink<'_>,
) -> Vec<usize> {
    t.opt_str_list("levels", sink)
        .unwrap_or_default()
        .iter()
        .filter_map(|l| lookup.level(l, sink))
        .collect()
}
