//! Many-to-one stable matching by deferred acceptance (Gale–Shapley with
//! capacities).
//!
//! Every round of a re-appointment is one matching problem: candidates (the
//! people) file ranked choices of posts, each post ranks the candidates who
//! applied to it, and each post has a number of seats. This module finds the
//! stable matching that is best for one side, checks a matching for
//! stability, and nothing else: it knows no people, departments or levels.
//! Candidates and posts are dense indices `0..n` chosen by the caller, and a
//! post's view of a candidate is a `u64` priority key (lower is preferred), so
//! that the simulation can encode a score directly without building a ranking
//! first. [`json`] reads an instance written with ids instead, in the format
//! of `reorg match`.
//!
//! A pair is *acceptable* only when each side lists the other. An [`Instance`]
//! stores only acceptable pairs, as one entry per (candidate, choice):
//!
//! - the candidates' choice lists in CSR form (offsets into one flat array of
//!   post indices, best choice first) with the post's key for each entry, and
//! - the same entries transposed per post and sorted by key (the *applicant*
//!   lists). [`InstanceBuilder::build`] makes them and checks on the way that
//!   keys are strict within each post; [`InstanceBuilder::build_trusting_keys`],
//!   for callers whose keys are distinct by construction, leaves them to be
//!   made on first use, since candidate-proposing deferred acceptance never
//!   reads them.
//!
//! The simulation calls [`deferred_acceptance`] in a hot loop, so everything
//! here is flat arrays and a fixed number of allocations per call; an
//! [`InstanceBuilder`] can be cleared and refilled round after round without
//! reallocating its big arrays (see [`Instance::into_builder`]).
//!
//! # Indices
//!
//! A [`Matching`], a [`BlockingPair`] and every error use the candidate and
//! post indices of the instance they came from. Nothing is ever renumbered:
//! dropping unacceptable pairs removes entries, not candidates or posts.
//! Choice indices are positions in the instance's (acceptable-only) choice
//! list of a candidate, so they can differ from positions in a raw list given
//! to [`Instance::from_lists`] when that list named posts that did not rank
//! the candidate back.

mod assignment;
mod builder;
mod instance;
pub mod json;
mod solve;
mod verify;

pub use assignment::{Assignment, InvalidMatching, Matching};
pub use builder::InstanceBuilder;
pub use instance::{Applicant, Instance, InstanceError};
pub use solve::deferred_acceptance;
pub use verify::{BlockingPair, verify};

/// Marks "no post" / "no choice" in the dense per-candidate arrays. Indices
/// never reach it: the constructors cap counts at `u32::MAX`.
const NONE: u32 = u32::MAX;

/// The largest number of candidates or posts an instance may have, so that
/// every index fits in a `u32` below the internal "none" marker.
pub const MAX_INDEX_COUNT: usize = u32::MAX as usize;

/// Which side's optimal stable matching [`deferred_acceptance`] computes.
///
/// Among all stable matchings there is one that every candidate likes at
/// least as well as any other stable matching (candidate-optimal) and one that
/// every post likes best (post-optimal); each is the worst stable matching for
/// the other side.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Side {
    /// Candidates propose: the candidate-optimal stable matching.
    #[default]
    Candidate,
    /// Posts propose: the post-optimal stable matching.
    Post,
}
