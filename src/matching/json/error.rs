//! [`ReadError`]: why an instance in the JSON format was refused, in terms
//! of its ids.

use std::fmt;

use super::super::InstanceError;

/// Where in the text a [`ReadError`] was found: a line (from 1) and a
/// column (in bytes from 1; 0 at the start of a line), as serde_json counts
/// them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Position {
    /// The line, from 1.
    pub line: usize,
    /// The column on that line.
    pub column: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {} column {}", self.line, self.column)
    }
}

/// Why [`from_slice`](super::from_slice) or [`from_str`](super::from_str)
/// refused an instance.
///
/// Each variant names the candidate, post, key or value at fault as it is
/// written in the input. Problems found while reading carry the [`Position`]
/// where reading stopped; those found once everything was read (an id used
/// but never defined, an id twice in one list) do not. The messages are
/// those `reorg match` prints.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// Not JSON, or a value of the wrong type; `message` is serde_json's and
    /// says what was expected, naming the candidate or post whose value it
    /// is.
    #[error("{message} at {at}")]
    Malformed {
        /// What is wrong.
        message: String,
        /// Where.
        at: Position,
    },
    /// The top-level object has a key other than `candidates`, `posts` and
    /// `optimal`.
    #[error("unknown key `{key}`; expected `candidates`, `posts` or `optimal` at {at}")]
    UnknownKey {
        /// The key.
        key: String,
        /// Where.
        at: Position,
    },
    /// The top-level object has a key twice.
    #[error("duplicate key `{key}` at {at}")]
    DuplicateKey {
        /// The key.
        key: String,
        /// Where.
        at: Position,
    },
    /// The top-level object lacks `candidates` or `posts`.
    #[error("missing `{key}` at {at}")]
    MissingKey {
        /// `"candidates"` or `"posts"`.
        key: &'static str,
        /// Where (the end of the object).
        at: Position,
    },
    /// A candidate id is defined twice in `candidates`.
    #[error("duplicate candidate `{candidate}` at {at}")]
    DuplicateCandidate {
        /// The candidate.
        candidate: String,
        /// Where.
        at: Position,
    },
    /// A post id is defined twice in `posts`.
    #[error("duplicate post `{post}` at {at}")]
    DuplicatePost {
        /// The post.
        post: String,
        /// Where.
        at: Position,
    },
    /// A post's object has `capacity` or `ranking` twice.
    #[error("post `{post}` has `{key}` twice at {at}")]
    PostKeyTwice {
        /// The post.
        post: String,
        /// `"capacity"` or `"ranking"`.
        key: &'static str,
        /// Where.
        at: Position,
    },
    /// A post's object has a key other than `capacity` and `ranking`.
    #[error("post `{post}` has unknown key `{key}`; expected `capacity` or `ranking` at {at}")]
    UnknownPostKey {
        /// The post.
        post: String,
        /// The key.
        key: String,
        /// Where.
        at: Position,
    },
    /// A post's object lacks `capacity` or `ranking`.
    #[error("post `{post}` has no `{key}` at {at}")]
    MissingPostKey {
        /// The post.
        post: String,
        /// `"capacity"` or `"ranking"`.
        key: &'static str,
        /// Where (the end of the post's object).
        at: Position,
    },
    /// A post's capacity is a number but not a whole number from 0 to
    /// `u32::MAX`.
    #[error(
        "post `{post}` has capacity {value}; expected a whole number from 0 to {} at {at}",
        u32::MAX
    )]
    BadCapacity {
        /// The post.
        post: String,
        /// The number as read (`-1`, `1.5`, `2.0`, `4294967296`).
        value: String,
        /// Where.
        at: Position,
    },
    /// `optimal` is a string other than `candidate` and `post`.
    #[error("unknown `optimal` value `{value}`; expected `candidate` or `post` at {at}")]
    UnknownOptimal {
        /// The string.
        value: String,
        /// Where.
        at: Position,
    },
    /// The instance has more than `max` (by default [`MAX_ENTRIES`](super::MAX_ENTRIES))
    /// ids and list entries in all; reading stopped at the first one over.
    #[error("the instance is too large: more than {max} ids and list entries in total at {at}")]
    TooLarge {
        /// The limit.
        max: usize,
        /// Where.
        at: Position,
    },
    /// A candidate lists a post that `posts` does not define.
    #[error("candidate `{candidate}` lists unknown post `{post}`")]
    UnknownPost {
        /// The candidate.
        candidate: String,
        /// The post it lists.
        post: String,
    },
    /// A post ranks a candidate that `candidates` does not define.
    #[error("post `{post}` ranks unknown candidate `{candidate}`")]
    UnknownCandidate {
        /// The post.
        post: String,
        /// The candidate it ranks.
        candidate: String,
    },
    /// A candidate lists the same post twice.
    #[error("candidate `{candidate}` lists post `{post}` twice")]
    ListedTwice {
        /// The candidate.
        candidate: String,
        /// The post.
        post: String,
    },
    /// A post ranks the same candidate twice.
    #[error("post `{post}` ranks candidate `{candidate}` twice")]
    RankedTwice {
        /// The post.
        post: String,
        /// The candidate.
        candidate: String,
    },
    /// The engine refused the instance for another reason; cannot happen
    /// within [`MAX_ENTRIES`](super::MAX_ENTRIES), kept so that no refusal
    /// is lost.
    #[error(transparent)]
    Instance(#[from] InstanceError),
}

impl ReadError {
    /// Where the problem was found in the text; `None` for problems found
    /// once everything was read.
    pub fn position(&self) -> Option<Position> {
        // No catch-all arm here or in `found_at`, so that a new variant must
        // say whether it is located.
        match self {
            Self::Malformed { at, .. }
            | Self::UnknownKey { at, .. }
            | Self::DuplicateKey { at, .. }
            | Self::MissingKey { at, .. }
            | Self::DuplicateCandidate { at, .. }
            | Self::DuplicatePost { at, .. }
            | Self::PostKeyTwice { at, .. }
            | Self::UnknownPostKey { at, .. }
            | Self::MissingPostKey { at, .. }
            | Self::BadCapacity { at, .. }
            | Self::UnknownOptimal { at, .. }
            | Self::TooLarge { at, .. } => Some(*at),
            Self::UnknownPost { .. }
            | Self::UnknownCandidate { .. }
            | Self::ListedTwice { .. }
            | Self::RankedTwice { .. }
            | Self::Instance(_) => None,
        }
    }

    /// This error found at `position`: the visitors raise their errors
    /// before serde_json has said where they are.
    pub(super) fn found_at(mut self, position: Position) -> Self {
        match &mut self {
            Self::Malformed { at, .. }
            | Self::UnknownKey { at, .. }
            | Self::DuplicateKey { at, .. }
            | Self::MissingKey { at, .. }
            | Self::DuplicateCandidate { at, .. }
            | Self::DuplicatePost { at, .. }
            | Self::PostKeyTwice { at, .. }
            | Self::UnknownPostKey { at, .. }
            | Self::MissingPostKey { at, .. }
            | Self::BadCapacity { at, .. }
            | Self::UnknownOptimal { at, .. }
            | Self::TooLarge { at, .. } => *at = position,
            Self::UnknownPost { .. }
            | Self::UnknownCandidate { .. }
            | Self::ListedTwice { .. }
            | Self::RankedTwice { .. }
            | Self::Instance(_) => {}
        }
        self
    }

    /// serde_json's own error (bad syntax, a wrong type), split into its
    /// message and its position.
    pub(super) fn malformed(err: &serde_json::Error) -> Self {
        let at = Position {
            line: err.line(),
            column: err.column(),
        };
        let text = err.to_string();
        // serde_json appends the position it also gives as numbers (reading
        // from memory, it always knows one).
        let message = match text.strip_suffix(&format!(" at {at}")) {
            Some(message) => message.to_owned(),
            None => text,
        };
        Self::Malformed { message, at }
    }
}
