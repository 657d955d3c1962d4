//! [`InstanceBuilder`]: instances one candidate at a time, as the simulation
//! makes them round after round.

use std::sync::OnceLock;

use super::NONE;
use super::instance::{Applicant, Instance, InstanceError, check_count, transpose};

/// Builds an [`Instance`] one candidate at a time, from each candidate's
/// choices and the posts' keys for that candidate.
///
/// This is the form the simulation produces in every round: a person's filed
/// choices, each with the score-derived key the post gives them. The builder
/// only appends; all checks happen in [`build`](Self::build). It can be
/// [`clear`](Self::clear)ed, or recovered from a built instance with
/// [`Instance::into_builder`], and refilled without reallocating.
///
/// ```
/// use reorg::matching::{InstanceBuilder, Side, deferred_acceptance};
///
/// let mut builder = InstanceBuilder::new(vec![1, 1]);
/// builder.push_candidate([(1, 20), (0, 5)]); // candidate 0: post 1, then post 0
/// builder.push_candidate([(1, 10)]); // candidate 1: post 1 only
/// let instance = builder.build()?;
/// let matching = deferred_acceptance(&instance, Side::Candidate);
/// assert_eq!(matching.post(0), Some(0));
/// assert_eq!(matching.post(1), Some(1));
///
/// // Next round: same posts, new candidates, no new allocations for the lists.
/// let mut builder = instance.into_builder();
/// builder.push_candidate([(0, 1)]);
/// assert_eq!(builder.build()?.num_candidates(), 1);
/// # Ok::<(), reorg::matching::InstanceError>(())
/// ```
#[derive(Clone, Debug)]
pub struct InstanceBuilder {
    pub(super) capacity: Vec<u32>,
    pub(super) offsets: Vec<usize>,
    pub(super) posts: Vec<u32>,
    pub(super) keys: Vec<u64>,
    // Kept only so that their allocations survive a build/into_builder cycle.
    pub(super) post_offsets: Vec<usize>,
    pub(super) applicants: Vec<Applicant>,
}

impl InstanceBuilder {
    /// An empty builder for posts with these capacities (seats per post).
    pub fn new(capacity: Vec<u32>) -> Self {
        Self::with_capacity(capacity, 0, 0)
    }

    /// Like [`new`](Self::new), with room reserved for `candidates`
    /// candidates and `entries` choices in total.
    pub fn with_capacity(capacity: Vec<u32>, candidates: usize, entries: usize) -> Self {
        let mut offsets = Vec::with_capacity(candidates + 1);
        offsets.push(0);
        Self {
            capacity,
            offsets,
            posts: Vec::with_capacity(entries),
            keys: Vec::with_capacity(entries),
            post_offsets: Vec::new(),
            applicants: Vec::new(),
        }
    }

    /// Appends a candidate and returns its index.
    ///
    /// `choices` are (post, key) pairs, the candidate's best choice first,
    /// where key is the post's priority for this candidate (lower is
    /// preferred). Only acceptable pairs belong here: a post that would not
    /// take the candidate must be left out.
    pub fn push_candidate(&mut self, choices: impl IntoIterator<Item = (u32, u64)>) -> usize {
        for (post, key) in choices {
            self.posts.push(post);
            self.keys.push(key);
        }
        self.offsets.push(self.posts.len());
        self.offsets.len() - 2
    }

    /// Number of candidates pushed so far.
    pub fn num_candidates(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Seats per post, to change the posts between rounds.
    pub fn capacity_mut(&mut self) -> &mut Vec<u32> {
        &mut self.capacity
    }

    /// Removes every candidate, keeping the posts, their capacities and the
    /// allocations.
    pub fn clear(&mut self) {
        self.offsets.clear();
        self.offsets.push(0);
        self.posts.clear();
        self.keys.clear();
    }

    /// Checks the candidates' lists and builds the instance, including the
    /// per-post applicant lists sorted by key.
    ///
    /// Takes O(L + P + Σ d_p log d_p) time for L entries, P posts and d_p
    /// applicants at post p, and temporary arrays of P `u32`s and P `usize`s.
    ///
    /// # Errors
    ///
    /// [`InstanceError::PostOutOfRange`], [`InstanceError::DuplicatePost`],
    /// [`InstanceError::TiedKeys`] or [`InstanceError::TooMany`], for the
    /// first offending candidate (lowest index; ties: lowest post).
    pub fn build(self) -> Result<Instance, InstanceError> {
        let (instance, mut applicants) = self.check_lists()?;
        transpose(
            &instance.offsets,
            &instance.posts,
            &instance.keys,
            &instance.post_offsets,
            &mut applicants,
        );
        // Sorted by key, strictness is a check of neighbours.
        for p in 0..instance.num_posts() {
            let list = &applicants[instance.post_offsets[p]..instance.post_offsets[p + 1]];
            if let Some(pair) = list.windows(2).find(|w| w[0].key == w[1].key) {
                return Err(InstanceError::TiedKeys {
                    post: p as u32,
                    key: pair[0].key,
                    first: pair[0].candidate.min(pair[1].candidate),
                    second: pair[0].candidate.max(pair[1].candidate),
                });
            }
        }
        Ok(Instance {
            applicants: OnceLock::from(applicants),
            ..instance
        })
    }

    /// Like [`build`](Self::build), for keys that are distinct within every
    /// post by construction (the simulation's embed the person's index): it
    /// does not check them, and leaves the sorted applicant lists to be made
    /// the first time something reads them ([`Instance::applicants`],
    /// post-proposing [`deferred_acceptance`]). Candidate-proposing deferred
    /// acceptance and [`verify`] never do, so a candidate-optimal round skips
    /// the O(Σ d_p log d_p) sort altogether.
    ///
    /// If keys do tie after all, nothing is undefined but the result is not
    /// meaningful: the applicant lists put tied candidates in index order,
    /// and candidate-proposing deferred acceptance lets a post keep whichever
    /// tied candidate it holds.
    ///
    /// # Errors
    ///
    /// [`InstanceError::PostOutOfRange`], [`InstanceError::DuplicatePost`] or
    /// [`InstanceError::TooMany`], as for [`build`](Self::build).
    ///
    /// [`deferred_acceptance`]: super::deferred_acceptance
    /// [`verify`]: fn@super::verify
    pub fn build_trusting_keys(self) -> Result<Instance, InstanceError> {
        self.check_lists().map(|(instance, _)| instance)
    }

    /// Checks ranges and duplicates and counts each post's applicants; returns
    /// the instance without applicant lists, and the builder's spare
    /// allocation for them.
    fn check_lists(self) -> Result<(Instance, Vec<Applicant>), InstanceError> {
        let Self {
            capacity,
            offsets,
            posts,
            keys,
            mut post_offsets,
            applicants,
        } = self;
        let num_posts = capacity.len();
        let num_candidates = offsets.len() - 1;
        check_count("candidates", num_candidates)?;
        check_count("posts", num_posts)?;

        post_offsets.clear();
        post_offsets.resize(num_posts + 1, 0);
        let mut last_candidate = vec![NONE; num_posts];
        for c in 0..num_candidates {
            for &p in &posts[offsets[c]..offsets[c + 1]] {
                let candidate = c as u32;
                let seen =
                    last_candidate
                        .get_mut(p as usize)
                        .ok_or(InstanceError::PostOutOfRange {
                            candidate,
                            post: p,
                            posts: num_posts,
                        })?;
                if *seen == candidate {
                    return Err(InstanceError::DuplicatePost { candidate, post: p });
                }
                *seen = candidate;
                post_offsets[p as usize + 1] += 1;
            }
        }
        for p in 0..num_posts {
            post_offsets[p + 1] += post_offsets[p];
        }
        let instance = Instance {
            capacity,
            offsets,
            posts,
            keys,
            post_offsets,
            applicants: OnceLock::new(),
        };
        Ok((instance, applicants))
    }
}

impl Instance {
    /// Turns the instance back into an empty builder with the same posts and
    /// capacities, keeping the allocations of the choice lists (and of the
    /// applicant lists, if they were made) for the next round.
    pub fn into_builder(self) -> InstanceBuilder {
        let mut builder = InstanceBuilder {
            capacity: self.capacity,
            offsets: self.offsets,
            posts: self.posts,
            keys: self.keys,
            post_offsets: self.post_offsets,
            applicants: self.applicants.into_inner().unwrap_or_default(),
        };
        builder.clear();
        builder
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Side, deferred_acceptance, verify};
    use super::*;

    /// The point of trusting keys: candidate-proposing rounds and `verify`
    /// never make the posts' sorted lists; posts proposing makes them once.
    #[test]
    fn trusted_builds_make_applicant_lists_only_when_read() {
        let mut builder = InstanceBuilder::new(vec![1, 2]);
        builder.push_candidate([(1, 30), (0, 10)]);
        builder.push_candidate([(1, 20)]);
        builder.push_candidate([(0, 5), (1, 40)]);
        let instance = builder.build_trusting_keys().unwrap();
        let matching = deferred_acceptance(&instance, Side::Candidate);
        assert!(verify(&instance, &matching).unwrap().is_empty());
        assert!(instance.applicants.get().is_none());

        // Post 1 ranks c1 (20), c0 (30), c2 (40); both seats go to c0 and c1.
        let by_posts = deferred_acceptance(&instance, Side::Post);
        assert!(instance.applicants.get().is_some());
        assert_eq!(by_posts.post(0), Some(1));
        assert_eq!(by_posts.post(1), Some(1));
        assert_eq!(by_posts.post(2), Some(0));
        let order: Vec<u32> = instance.applicants(1).iter().map(|a| a.candidate).collect();
        assert_eq!(order, [1, 0, 2]);
    }
}
