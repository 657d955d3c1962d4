//! Writing a matching back in terms of the ids: the output of `reorg match`.

use std::io::Write;

use serde::Serialize;

use super::super::Matching;
use super::NamedInstance;

/// Writes `matching` of `instance` as the JSON object described in the
/// [module documentation](super#output), pretty-printed: every candidate in
/// input order mapped to its post's id or `null`, and `blocking_pairs` when
/// given. Like `serde_json::to_writer_pretty`, it adds no final newline.
///
/// `matching` must be a matching of [`instance.instance()`](NamedInstance::instance)
/// (as [`deferred_acceptance`](super::super::deferred_acceptance) returns);
/// the candidates are taken from the instance and their posts from the
/// matching, one by one.
///
/// # Errors
///
/// When writing to `out` fails; serde_json's error then holds the
/// [`std::io::Error`].
///
/// # Panics
///
/// If `matching` places a candidate at a post the instance does not have.
pub fn write_answer(
    out: impl Write,
    instance: &NamedInstance<'_>,
    matching: &Matching,
    blocking_pairs: Option<usize>,
) -> serde_json::Result<()> {
    let output = Output {
        assignment: AssignmentOut { instance, matching },
        blocking_pairs,
    };
    serde_json::to_writer_pretty(out, &output)
}

/// The JSON output; see the module documentation.
#[derive(Serialize)]
struct Output<'p> {
    assignment: AssignmentOut<'p>,
    #[serde(skip_serializing_if = "Option::is_none")]
    blocking_pairs: Option<usize>,
}

/// Serialises as `{candidate: post-or-null}` straight from the matching.
struct AssignmentOut<'p> {
    instance: &'p NamedInstance<'p>,
    matching: &'p Matching,
}

impl Serialize for AssignmentOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let ids = &self.instance.candidate_ids;
        let mut map = serializer.serialize_map(Some(ids.len()))?;
        for (id, assignment) in ids.iter().zip(self.matching.iter()) {
            let post = assignment.map(|a| &*self.instance.post_ids[a.post as usize]);
            map.serialize_entry(&**id, &post)?;
        }
        map.end()
    }
}
