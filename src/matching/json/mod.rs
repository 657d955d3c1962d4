//! The instance format of `reorg match`: a matching problem as one JSON
//! object that names candidates and posts by id. [`from_str`] and
//! [`from_slice`] read it into the engine's [`Instance`] plus the ids (a
//! [`NamedInstance`]); [`write_answer`] writes a matching back in terms of
//! the ids.
//!
//! # Input
//!
//! ```json
//! {
//!   "candidates": {"c1": ["p2", "p1"], "c2": ["p1"]},
//!   "posts": {
//!     "p1": {"capacity": 1, "ranking": ["c2", "c1"]},
//!     "p2": {"capacity": 0, "ranking": ["c1"]}
//!   },
//!   "optimal": "candidate"
//! }
//! ```
//!
//! Lists are best first. `optimal` is `"candidate"` (the default) or
//! `"post"`. A capacity is a whole number from 0 to 2^32 − 1. A pair listed
//! by only one side is allowed and simply not acceptable. Unknown ids, an id
//! listed twice in one list, a candidate or post defined twice, unknown keys
//! and wrong types are errors naming the offending id ([`ReadError`]). At
//! most [`MAX_ENTRIES`] ids and list entries are read by [`from_slice`]
//! ([`from_slice_limited`] sets another bound). A UTF-8 byte order mark at
//! the start is skipped.
//!
//! Candidates and posts are numbered in the order they are defined, so
//! index `c` of the [`Instance`] is the `c`-th key of `candidates`.
//!
//! # Output
//!
//! ```json
//! {
//!   "assignment": {"c1": "p1", "c2": null},
//!   "blocking_pairs": 0
//! }
//! ```
//!
//! `assignment` has every candidate, in input order, mapped to its post or
//! `null`. `blocking_pairs` is there only when the caller gives it (`reorg
//! match --verify` does: the number of blocking pairs found by
//! [`verify`](fn@super::verify)).
//!
//! # Example
//!
//! ```
//! use reorg::matching::{Side, deferred_acceptance, json};
//!
//! let text = r#"{
//!   "candidates": {"ana": ["north", "south"], "bo": ["north"]},
//!   "posts": {
//!     "north": {"capacity": 1, "ranking": ["bo", "ana"]},
//!     "south": {"capacity": 1, "ranking": ["ana"]}
//!   }
//! }"#;
//! let named = json::from_str(text)?;
//! assert_eq!(named.optimal(), Side::Candidate); // the file does not say
//! let matching = deferred_acceptance(named.instance(), named.optimal());
//! let assignment: Vec<_> = named.assignment(&matching).collect();
//! assert_eq!(assignment, [("ana", Some("south")), ("bo", Some("north"))]);
//!
//! let mut out = Vec::new();
//! json::write_answer(&mut out, &named, &matching, None)?;
//! let expected = "{\n  \"assignment\": {\n    \"ana\": \"south\",\n    \"bo\": \"north\"\n  }\n}";
//! assert_eq!(String::from_utf8(out)?, expected);
//!
//! // Errors name what is wrong, by id.
//! let err = json::from_str(r#"{"candidates": {"ana": ["west"]}, "posts": {}}"#).unwrap_err();
//! assert_eq!(
//!     err,
//!     json::ReadError::UnknownPost { candidate: "ana".into(), post: "west".into() }
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Speed
//!
//! Reading goes through the text once, with hand-written serde visitors:
//! ids are borrowed from the text unless they contain escapes and turned
//! into numbers as they are read, so no string is kept per list entry. The
//! cost is close to that of parsing the JSON itself (see
//! `docs/performance.md`).

use std::borrow::Cow;

use super::{Instance, Matching, Side};

mod check;
mod error;
mod fast;
mod ids;
mod read;
mod write;

pub use error::{Position, ReadError};
pub use write::write_answer;

/// Most ids (candidates and posts) plus list entries (choices and ranking
/// places) an instance may have in total by default; [`ReadError::TooLarge`]
/// beyond. 64 million holds a million candidates with up to 30 choices each
/// when posts rank everyone who lists them (62 million entries) and keeps
/// the reader's memory to a few GiB; [`from_slice_limited`] sets another
/// bound.
pub const MAX_ENTRIES: usize = 64_000_000;

/// An id as written in the input, borrowed when it has no escapes.
type Id<'a> = Cow<'a, str>;

/// Reads an instance from JSON text.
///
/// # Errors
///
/// [`ReadError`], naming the offending id, key or value.
pub fn from_str(text: &str) -> Result<NamedInstance<'_>, ReadError> {
    from_slice(text.as_bytes())
}

/// Reads an instance from JSON text given as bytes (UTF-8, as read from a
/// file); ids are borrowed from `bytes` where possible.
///
/// # Errors
///
/// [`ReadError`], naming the offending id, key or value; invalid UTF-8 is
/// [`ReadError::Malformed`].
pub fn from_slice(bytes: &[u8]) -> Result<NamedInstance<'_>, ReadError> {
    from_slice_limited(bytes, MAX_ENTRIES)
}

/// [`from_slice`] with at most `max_entries` ids and list entries in total
/// instead of [`MAX_ENTRIES`]: to refuse large inputs sooner, or to accept
/// larger ones when the memory is there (about 30 bytes per entry to read and
/// solve, the text aside).
///
/// # Errors
///
/// As [`from_slice`]; [`ReadError::TooLarge`] names `max_entries`.
pub fn from_slice_limited(
    bytes: &[u8],
    max_entries: usize,
) -> Result<NamedInstance<'_>, ReadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let state = match fast::read(bytes, max_entries) {
        Some(state) => state,
        None => read::read(bytes, max_entries)?,
    };
    check::check(state)
}

/// A checked instance read from JSON: the engine's [`Instance`] plus the
/// candidates' and posts' ids, and the side the file asks to be optimal.
///
/// Candidate and post indices of the instance (and of any [`Matching`] of
/// it) are positions in the input order; the methods here turn them back
/// into ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedInstance<'a> {
    candidate_ids: Vec<Id<'a>>,
    post_ids: Vec<Id<'a>>,
    /// Candidates' choices as post indices, as listed (including posts that
    /// do not rank the candidate back), which the instance drops.
    choices: Vec<Vec<u32>>,
    instance: Instance,
    optimal: Side,
}

impl<'a> NamedInstance<'a> {
    /// The instance, to solve or verify.
    pub fn instance(&self) -> &Instance {
        &self.instance
    }

    /// The side whose optimal matching the file asks for:
    /// [`Side::Candidate`] when it does not say.
    pub fn optimal(&self) -> Side {
        self.optimal
    }

    /// The id of candidate `candidate`.
    ///
    /// # Panics
    ///
    /// If `candidate` is out of range.
    pub fn candidate_id(&self, candidate: u32) -> &str {
        &self.candidate_ids[candidate as usize]
    }

    /// The id of post `post`.
    ///
    /// # Panics
    ///
    /// If `post` is out of range.
    pub fn post_id(&self, post: u32) -> &str {
        &self.post_ids[post as usize]
    }

    /// Every candidate's id, in input order (by index).
    pub fn candidate_ids(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.candidate_ids.iter().map(|id| &**id)
    }

    /// Every post's id, in input order (by index).
    pub fn post_ids(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.post_ids.iter().map(|id| &**id)
    }

    /// The posts candidate `candidate` listed, best first, as written:
    /// unlike [`Instance::choice_posts`] this keeps posts that do not rank
    /// the candidate back, so positions are those of the input.
    ///
    /// # Panics
    ///
    /// If `candidate` is out of range.
    pub fn listed_posts(&self, candidate: u32) -> &[u32] {
        &self.choices[candidate as usize]
    }

    /// Each candidate's id with the id of its post in `matching`, or `None`,
    /// in input order.
    ///
    /// # Panics
    ///
    /// While iterating, if `matching` places a candidate at a post this
    /// instance does not have; `matching` should come from
    /// [`instance`](Self::instance).
    pub fn assignment<'s>(
        &'s self,
        matching: &'s Matching,
    ) -> impl ExactSizeIterator<Item = (&'s str, Option<&'s str>)> + 's {
        self.candidate_ids
            .iter()
            .zip(matching.iter())
            .map(|(id, assignment)| {
                let post = assignment.map(|a| &*self.post_ids[a.post as usize]);
                (&**id, post)
            })
    }

    /// The same instance with its ids copied out of the input, so that it
    /// can outlive the text it was read from.
    pub fn into_owned(self) -> NamedInstance<'static> {
        let own = |ids: Vec<Id<'a>>| -> Vec<Id<'static>> {
            ids.into_iter()
                .map(|id| Cow::Owned(id.into_owned()))
                .collect()
        };
        NamedInstance {
            candidate_ids: own(self.candidate_ids),
            post_ids: own(self.post_ids),
            choices: self.choices,
            instance: self.instance,
            optimal: self.optimal,
        }
    }
}
