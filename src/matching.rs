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
//! first.
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

use std::ops::Range;
use std::sync::OnceLock;

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

/// One entry of a post's applicant list: a candidate that lists the post and
/// that the post lists back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Applicant {
    /// The post's priority key for the candidate (lower is preferred).
    pub key: u64,
    /// The candidate.
    pub candidate: u32,
    /// Where the post sits in the candidate's choice list (0 = first choice).
    pub choice: u32,
}

/// A many-to-one matching problem on dense indices, ready to solve.
///
/// Build one with [`Instance::from_lists`] (both sides as ranked lists) or
/// with an [`InstanceBuilder`] (candidates' lists with the posts' keys, the
/// form the simulation produces). Either way the instance is checked: every
/// post index is in range, no candidate lists a post twice and (unless built
/// with [`InstanceBuilder::build_trusting_keys`]) no two candidates have the
/// same key at one post.
///
/// Two instances are equal when they have the same capacities and the same
/// choice lists with the same keys; whether the applicant lists have been
/// made yet does not matter.
#[derive(Clone, Debug)]
pub struct Instance {
    /// Seats per post.
    capacity: Vec<u32>,
    /// `offsets[c]..offsets[c + 1]` are candidate `c`'s entries in `posts` and `keys`.
    offsets: Vec<usize>,
    /// Post of each entry, best choice first within a candidate.
    posts: Vec<u32>,
    /// The post's key for the candidate of each entry.
    keys: Vec<u64>,
    /// `post_offsets[p]..post_offsets[p + 1]` are post `p`'s entries in `applicants`.
    post_offsets: Vec<usize>,
    /// Every entry again, grouped by post and sorted by key within a post
    /// (then by candidate, which matters only for trusted keys that tie).
    /// Made by the constructor or, for trusted keys, on first use.
    applicants: OnceLock<Vec<Applicant>>,
}

impl PartialEq for Instance {
    fn eq(&self, other: &Self) -> bool {
        // The applicant lists are derived from these four.
        self.capacity == other.capacity
            && self.offsets == other.offsets
            && self.posts == other.posts
            && self.keys == other.keys
    }
}

impl Eq for Instance {}

/// Why an instance was rejected. Indices are those given to the constructor.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InstanceError {
    /// A candidate lists a post index that does not exist.
    #[error("candidate {candidate} lists post {post}, but there are only {posts} posts")]
    PostOutOfRange {
        /// The candidate.
        candidate: u32,
        /// The post index it lists.
        post: u32,
        /// How many posts the instance has.
        posts: usize,
    },
    /// A candidate lists the same post twice.
    #[error("candidate {candidate} lists post {post} twice")]
    DuplicatePost {
        /// The candidate.
        candidate: u32,
        /// The post listed twice.
        post: u32,
    },
    /// A post's ranking names a candidate index that does not exist.
    #[error("post {post} ranks candidate {candidate}, but there are only {candidates} candidates")]
    CandidateOutOfRange {
        /// The post.
        post: u32,
        /// The candidate index it ranks.
        candidate: u32,
        /// How many candidates the instance has.
        candidates: usize,
    },
    /// A post's ranking names the same candidate twice.
    #[error("post {post} ranks candidate {candidate} twice")]
    DuplicateCandidate {
        /// The post.
        post: u32,
        /// The candidate ranked twice.
        candidate: u32,
    },
    /// Two candidates have the same key at one post, so the post's preference
    /// between them is undefined.
    #[error(
        "post {post} gives candidates {first} and {second} the same key {key}; \
         keys must be strict within a post"
    )]
    TiedKeys {
        /// The post.
        post: u32,
        /// The shared key.
        key: u64,
        /// The lower-numbered candidate of the tied pair.
        first: u32,
        /// The higher-numbered candidate of the tied pair.
        second: u32,
    },
    /// [`Instance::from_lists`] got a different number of rankings and capacities.
    #[error("{rankings} post rankings for {posts} post capacities; give one ranking per post")]
    RankingCount {
        /// Number of capacities (posts).
        posts: usize,
        /// Number of rankings.
        rankings: usize,
    },
    /// More candidates or posts than indices can address.
    #[error("too many {what}: {found}, at most {max}")]
    TooMany {
        /// `"candidates"` or `"posts"`.
        what: &'static str,
        /// How many were given.
        found: usize,
        /// The limit, [`MAX_INDEX_COUNT`].
        max: usize,
    },
}

impl Instance {
    /// Builds an instance from ranked lists on both sides, best first.
    ///
    /// `candidate_prefs[c]` lists the posts candidate `c` would accept,
    /// `capacity[p]` is the number of seats of post `p` (0 is allowed) and
    /// `post_rankings[p]` lists the candidates post `p` would accept. A pair
    /// listed by only one side is dropped as unacceptable; the key of an
    /// acceptable pair is the candidate's position in the post's ranking.
    ///
    /// Takes O(n + P + L + R) time for n candidates, P posts, L entries in
    /// the candidates' lists and R in the rankings; the applicant lists come
    /// out of the rankings already in order, so nothing is sorted.
    ///
    /// # Errors
    ///
    /// [`InstanceError::RankingCount`] when `post_rankings` and `capacity`
    /// differ in length, an out-of-range or duplicated index on either side,
    /// or [`InstanceError::TooMany`].
    pub fn from_lists(
        candidate_prefs: &[Vec<u32>],
        capacity: Vec<u32>,
        post_rankings: &[Vec<u32>],
    ) -> Result<Instance, InstanceError> {
        let num_posts = capacity.len();
        let num_candidates = candidate_prefs.len();
        if post_rankings.len() != num_posts {
            return Err(InstanceError::RankingCount {
                posts: num_posts,
                rankings: post_rankings.len(),
            });
        }
        check_count("candidates", num_candidates)?;
        check_count("posts", num_posts)?;

        // Transpose the rankings into per-candidate (post, rank) lists, so
        // that each candidate's acceptable posts can be looked up in O(1)
        // with a stamp array instead of a hash map.
        let mut rank_offsets = vec![0usize; num_candidates + 1];
        let mut last_post = vec![NONE; num_candidates];
        for (p, ranking) in post_rankings.iter().enumerate() {
            let p = p as u32;
            for &c in ranking {
                let slot =
                    last_post
                        .get_mut(c as usize)
                        .ok_or(InstanceError::CandidateOutOfRange {
                            post: p,
                            candidate: c,
                            candidates: num_candidates,
                        })?;
                if *slot == p {
                    return Err(InstanceError::DuplicateCandidate {
                        post: p,
                        candidate: c,
                    });
                }
                *slot = p;
                rank_offsets[c as usize + 1] += 1;
            }
        }
        for c in 0..num_candidates {
            rank_offsets[c + 1] += rank_offsets[c];
        }
        let mut ranks = vec![(0u32, 0u32); rank_offsets[num_candidates]];
        let mut cursor = rank_offsets.clone();
        for (p, ranking) in post_rankings.iter().enumerate() {
            for (rank, &c) in ranking.iter().enumerate() {
                ranks[cursor[c as usize]] = (p as u32, rank as u32);
                cursor[c as usize] += 1;
            }
        }
        drop(cursor);
        drop(last_post);

        // Where each post's ranking starts in the concatenation of all
        // rankings; `choice_at[ranking_start[p] + rank]` will hold the choice
        // index of the candidate at that rank, if the pair is acceptable.
        let mut ranking_start = Vec::with_capacity(num_posts + 1);
        ranking_start.push(0usize);
        for ranking in post_rankings {
            ranking_start.push(ranking_start[ranking_start.len() - 1] + ranking.len());
        }
        let mut choice_at = vec![NONE; ranking_start[num_posts]];

        let total: usize = candidate_prefs.iter().map(Vec::len).sum();
        let entries = total.min(ranks.len());
        let mut offsets = Vec::with_capacity(num_candidates + 1);
        offsets.push(0usize);
        let mut posts = Vec::with_capacity(entries);
        let mut keys = Vec::with_capacity(entries);
        // `rank_stamp[p] == c` when post `p` ranks candidate `c`, at `rank_at[p]`;
        // `listed[p] == c` when candidate `c` has already listed `p`.
        let mut rank_stamp = vec![NONE; num_posts];
        let mut rank_at = vec![0u32; num_posts];
        let mut listed = vec![NONE; num_posts];
        for (c, prefs) in candidate_prefs.iter().enumerate() {
            let c = c as u32;
            for &(p, rank) in &ranks[rank_offsets[c as usize]..rank_offsets[c as usize + 1]] {
                rank_stamp[p as usize] = c;
                rank_at[p as usize] = rank;
            }
            let first = posts.len();
            for &p in prefs {
                let seen = listed
                    .get_mut(p as usize)
                    .ok_or(InstanceError::PostOutOfRange {
                        candidate: c,
                        post: p,
                        posts: num_posts,
                    })?;
                if *seen == c {
                    return Err(InstanceError::DuplicatePost {
                        candidate: c,
                        post: p,
                    });
                }
                *seen = c;
                if rank_stamp[p as usize] == c {
                    let rank = rank_at[p as usize];
                    choice_at[ranking_start[p as usize] + rank as usize] =
                        (posts.len() - first) as u32;
                    posts.push(p);
                    keys.push(u64::from(rank));
                }
            }
            offsets.push(posts.len());
        }

        // The applicant lists come out of the rankings already sorted by key
        // (the rank), so unlike `InstanceBuilder::build` this needs no sort
        // and keys are strict by construction.
        let mut post_offsets = Vec::with_capacity(num_posts + 1);
        post_offsets.push(0usize);
        let mut applicants = Vec::with_capacity(posts.len());
        for (p, ranking) in post_rankings.iter().enumerate() {
            let start = ranking_start[p];
            for (rank, &candidate) in ranking.iter().enumerate() {
                let choice = choice_at[start + rank];
                if choice != NONE {
                    applicants.push(Applicant {
                        key: rank as u64,
                        candidate,
                        choice,
                    });
                }
            }
            post_offsets.push(applicants.len());
        }

        Ok(Instance {
            capacity,
            offsets,
            posts,
            keys,
            post_offsets,
            applicants: OnceLock::from(applicants),
        })
    }

    /// Number of candidates.
    pub fn num_candidates(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Number of posts.
    pub fn num_posts(&self) -> usize {
        self.capacity.len()
    }

    /// Number of acceptable (candidate, post) pairs: the total length of the
    /// choice lists.
    pub fn num_entries(&self) -> usize {
        self.posts.len()
    }

    /// Seats per post.
    pub fn capacity(&self) -> &[u32] {
        &self.capacity
    }

    /// The posts candidate `candidate` accepts, best first.
    ///
    /// # Panics
    ///
    /// If `candidate` is out of range.
    pub fn choice_posts(&self, candidate: u32) -> &[u32] {
        &self.posts[self.entries(candidate)]
    }

    /// The keys those posts give `candidate`, aligned with
    /// [`choice_posts`](Self::choice_posts).
    ///
    /// # Panics
    ///
    /// If `candidate` is out of range.
    pub fn choice_keys(&self, candidate: u32) -> &[u64] {
        &self.keys[self.entries(candidate)]
    }

    /// The candidates post `post` accepts, best (lowest key) first.
    ///
    /// # Panics
    ///
    /// If `post` is out of range.
    pub fn applicants(&self, post: u32) -> &[Applicant] {
        let p = post as usize;
        &self.all_applicants()[self.post_offsets[p]..self.post_offsets[p + 1]]
    }

    /// Every post's applicant list, end to end, made now if not yet made.
    fn all_applicants(&self) -> &[Applicant] {
        self.applicants.get_or_init(|| {
            let mut applicants = Vec::new();
            transpose(
                &self.offsets,
                &self.posts,
                &self.keys,
                &self.post_offsets,
                &mut applicants,
            );
            applicants
        })
    }

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

    fn entries(&self, candidate: u32) -> Range<usize> {
        let c = candidate as usize;
        self.offsets[c]..self.offsets[c + 1]
    }
}

fn check_count(what: &'static str, found: usize) -> Result<(), InstanceError> {
    if found > MAX_INDEX_COUNT {
        Err(InstanceError::TooMany {
            what,
            found,
            max: MAX_INDEX_COUNT,
        })
    } else {
        Ok(())
    }
}

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
    capacity: Vec<u32>,
    offsets: Vec<usize>,
    posts: Vec<u32>,
    keys: Vec<u64>,
    // Kept only so that their allocations survive a build/into_builder cycle.
    post_offsets: Vec<usize>,
    applicants: Vec<Applicant>,
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

/// Fills `applicants` with every entry grouped by post (a counting sort,
/// `post_offsets` giving each post's range) and sorts each post's entries by
/// key, then candidate.
fn transpose(
    offsets: &[usize],
    posts: &[u32],
    keys: &[u64],
    post_offsets: &[usize],
    applicants: &mut Vec<Applicant>,
) {
    applicants.clear();
    applicants.resize(
        posts.len(),
        Applicant {
            key: 0,
            candidate: 0,
            choice: 0,
        },
    );
    let mut cursor = post_offsets[..post_offsets.len() - 1].to_vec();
    for (c, range) in offsets.windows(2).enumerate() {
        for e in range[0]..range[1] {
            let p = posts[e] as usize;
            applicants[cursor[p]] = Applicant {
                key: keys[e],
                candidate: c as u32,
                choice: (e - range[0]) as u32,
            };
            cursor[p] += 1;
        }
    }
    for range in post_offsets.windows(2) {
        applicants[range[0]..range[1]].sort_unstable_by_key(|a| (a.key, a.candidate));
    }
}

/// Where a matched candidate ended up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Assignment {
    /// The post.
    pub post: u32,
    /// Its position in the candidate's choice list in the instance (0 = first
    /// choice).
    pub choice: u32,
}

/// A matching of candidates to posts: at most one post per candidate and at
/// most `capacity[p]` candidates per post `p`, every pair acceptable.
///
/// Produced by [`deferred_acceptance`] or checked in by
/// [`Matching::from_posts`]; indices are those of the instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matching {
    /// Post per candidate, `NONE` when unmatched.
    post: Vec<u32>,
    /// Choice index per candidate, `NONE` when unmatched.
    choice: Vec<u32>,
    /// Candidates held per post.
    filled: Vec<u32>,
}

impl Matching {
    /// Checks an assignment given as a post (or `None`) per candidate against
    /// `instance` and turns it into a matching.
    ///
    /// # Errors
    ///
    /// [`InvalidMatching`] when the length differs from the number of
    /// candidates, a pair is not acceptable (or names a post that does not
    /// exist), or a post gets more candidates than seats.
    pub fn from_posts(instance: &Instance, posts: &[Option<u32>]) -> Result<Self, InvalidMatching> {
        if posts.len() != instance.num_candidates() {
            return Err(InvalidMatching::CandidateCount {
                expected: instance.num_candidates(),
                found: posts.len(),
            });
        }
        let mut matching = Matching {
            post: vec![NONE; posts.len()],
            choice: vec![NONE; posts.len()],
            filled: vec![0; instance.num_posts()],
        };
        for (c, &post) in posts.iter().enumerate() {
            let Some(post) = post else { continue };
            let candidate = c as u32;
            let choice = instance
                .choice_posts(candidate)
                .iter()
                .position(|&p| p == post)
                .ok_or(InvalidMatching::Unacceptable { candidate, post })?;
            matching.post[c] = post;
            matching.choice[c] = choice as u32;
            matching.filled[post as usize] += 1;
        }
        check_capacity(instance, &matching.filled)?;
        Ok(matching)
    }

    /// Number of candidates.
    pub fn num_candidates(&self) -> usize {
        self.post.len()
    }

    /// Number of posts.
    pub fn num_posts(&self) -> usize {
        self.filled.len()
    }

    /// Where candidate `candidate` is placed, if anywhere.
    ///
    /// # Panics
    ///
    /// If `candidate` is out of range.
    pub fn get(&self, candidate: u32) -> Option<Assignment> {
        let c = candidate as usize;
        (self.post[c] != NONE).then(|| Assignment {
            post: self.post[c],
            choice: self.choice[c],
        })
    }

    /// The post of candidate `candidate`, if matched.
    ///
    /// # Panics
    ///
    /// If `candidate` is out of range.
    pub fn post(&self, candidate: u32) -> Option<u32> {
        let post = self.post[candidate as usize];
        (post != NONE).then_some(post)
    }

    /// The choice index of candidate `candidate`'s post (0 = first choice),
    /// if matched.
    ///
    /// # Panics
    ///
    /// If `candidate` is out of range.
    pub fn choice(&self, candidate: u32) -> Option<u32> {
        let choice = self.choice[candidate as usize];
        (choice != NONE).then_some(choice)
    }

    /// Every candidate's assignment, in candidate order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Option<Assignment>> + '_ {
        self.post
            .iter()
            .zip(&self.choice)
            .map(|(&post, &choice)| (post != NONE).then_some(Assignment { post, choice }))
    }

    /// Candidates placed per post.
    pub fn filled(&self) -> &[u32] {
        &self.filled
    }

    /// Number of matched candidates.
    pub fn num_matched(&self) -> usize {
        self.post.iter().filter(|&&p| p != NONE).count()
    }
}

/// Why [`verify`] or [`Matching::from_posts`] rejected a matching.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidMatching {
    /// The matching is for a different number of candidates.
    #[error("the matching has {found} candidates but the instance has {expected}")]
    CandidateCount {
        /// Candidates in the instance.
        expected: usize,
        /// Candidates in the matching.
        found: usize,
    },
    /// The matching is for a different number of posts.
    #[error("the matching has {found} posts but the instance has {expected}")]
    PostCount {
        /// Posts in the instance.
        expected: usize,
        /// Posts in the matching.
        found: usize,
    },
    /// A candidate is matched to a post they do not both accept.
    #[error("candidate {candidate} is matched to post {post}, which is not an acceptable pair")]
    Unacceptable {
        /// The candidate.
        candidate: u32,
        /// The post.
        post: u32,
    },
    /// A post holds more candidates than it has seats.
    #[error("post {post} holds {filled} candidates but has {capacity} seats")]
    OverCapacity {
        /// The post.
        post: u32,
        /// Candidates placed there.
        filled: u32,
        /// Its capacity.
        capacity: u32,
    },
}

fn check_capacity(instance: &Instance, filled: &[u32]) -> Result<(), InvalidMatching> {
    for (p, (&filled, &capacity)) in filled.iter().zip(&instance.capacity).enumerate() {
        if filled > capacity {
            return Err(InvalidMatching::OverCapacity {
                post: p as u32,
                filled,
                capacity,
            });
        }
    }
    Ok(())
}

/// A candidate and a post that would both rather be matched to each other:
/// the post is acceptable to the candidate, the candidate prefers it to where
/// they are (or is unmatched), and the post has a free seat or holds someone
/// it ranks below the candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BlockingPair {
    /// The candidate.
    pub candidate: u32,
    /// The post.
    pub post: u32,
    /// The post's position in the candidate's choice list.
    pub choice: u32,
}

/// Computes the candidate-optimal or post-optimal stable matching of
/// `instance` by deferred acceptance (Gale–Shapley with capacities).
///
/// A matching is stable when no [`BlockingPair`] exists. With strict
/// preferences on both sides (guaranteed by [`Instance`]) the side-optimal
/// stable matching is unique, so the result does not depend on the order in
/// which proposals are processed.
///
/// # Arguments
///
/// * `instance`: the candidates' choice lists and the posts' keys and seats.
/// * `optimal`: which side proposes, [`Side::Candidate`] or [`Side::Post`].
///
/// # Returns
///
/// A [`Matching`] giving each candidate's post and the index of that post in
/// the candidate's choice list, or nothing, plus the number of candidates
/// placed at each post. Candidate and post indices are those of `instance`;
/// nothing is renumbered, so indices kept by the caller stay valid.
///
/// # Complexity
///
/// For n candidates, P posts, L entries in all choice lists, capacities c_p
/// and d_p applicants at post p:
///
/// * [`Side::Candidate`]: each candidate proposes down its list; each post
///   holds its tentative admits in a max-heap by key bounded by
///   min(c_p, d_p) seats. Each entry is proposed at most once, so
///   **O(n + P + L log c)** time with c the largest min(c_p, d_p) (heap push
///   or replace-top per accepted proposal; rejections are O(1)), and
///   O(n + P + Σ min(c_p, d_p)) extra memory.
/// * [`Side::Post`]: each post offers seats down its applicant list (sorted
///   by key when the instance was built, or now, once, for an instance from
///   [`InstanceBuilder::build_trusting_keys`]) and each candidate keeps the
///   offer highest on its own list. **O(n + P + L)** time, O(n + P) extra
///   memory.
///
/// Building the instance is separate: O(L + P + Σ d_p log d_p), or O(L + P)
/// with trusted keys until something needs the applicant lists.
///
/// # Example
///
/// Three candidates, two posts. Arrows point from each candidate to the posts
/// it lists, numbered by the candidate's order of preference; each post's
/// ranking (and so its keys, 0 = best) is on the right.
///
/// ```text
///   c0 ──1──▶ p0 ◀──1── c1      p0: 2 seats, ranks c1, c2, c0
///    ╰───2──▶ p1 ◀──1───╯       p1: 1 seat,  ranks c0, c1
///   c2 ──1──▶ p0                (c1's 2nd choice is p0)
/// ```
///
/// When candidates propose, everyone gets their first choice (p0 has room
/// for c0 and c2, p1 takes c1). When posts propose, p1 offers its seat to c0
/// and p0 offers its two seats to c1 and c2; nobody trades up, so c0 and c1
/// both end on their second choice. Both matchings are stable.
///
/// ```
/// use reorg::matching::{Instance, Side, deferred_acceptance, verify};
///
/// let candidate_prefs = vec![vec![0, 1], vec![1, 0], vec![0]];
/// let capacity = vec![2, 1];
/// let post_rankings = vec![vec![1, 2, 0], vec![0, 1]];
/// let instance = Instance::from_lists(&candidate_prefs, capacity, &post_rankings)?;
///
/// let by_candidates = deferred_acceptance(&instance, Side::Candidate);
/// let posts: Vec<_> = (0..3).map(|c| by_candidates.post(c)).collect();
/// assert_eq!(posts, [Some(0), Some(1), Some(0)]);
/// assert_eq!(by_candidates.choice(1), Some(0)); // c1 got its first choice
///
/// let by_posts = deferred_acceptance(&instance, Side::Post);
/// let posts: Vec<_> = (0..3).map(|c| by_posts.post(c)).collect();
/// assert_eq!(posts, [Some(1), Some(0), Some(0)]);
/// assert_eq!(by_posts.filled(), [2, 1]);
///
/// assert!(verify(&instance, &by_candidates)?.is_empty());
/// assert!(verify(&instance, &by_posts)?.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn deferred_acceptance(instance: &Instance, optimal: Side) -> Matching {
    let choice = match optimal {
        Side::Candidate => candidates_propose(instance),
        Side::Post => posts_propose(instance),
    };
    let mut post = vec![NONE; choice.len()];
    let mut filled = vec![0u32; instance.num_posts()];
    for (c, &ch) in choice.iter().enumerate() {
        if ch != NONE {
            let p = instance.posts[instance.offsets[c] + ch as usize];
            post[c] = p;
            filled[p as usize] += 1;
        }
    }
    Matching {
        post,
        choice,
        filled,
    }
}

/// A tentative admit held by a post while candidates propose.
#[derive(Clone, Copy)]
struct Held {
    key: u64,
    candidate: u32,
}

/// Candidate-proposing deferred acceptance; returns the choice index per
/// candidate (`NONE` when unmatched).
fn candidates_propose(instance: &Instance) -> Vec<u32> {
    let num_candidates = instance.num_candidates();
    let num_posts = instance.num_posts();

    // One heap region per post, sized min(seats, applicants): a post can
    // never hold more distinct candidates than apply to it, which keeps the
    // memory proportional to the instance even for huge capacities.
    let mut heap_start = Vec::with_capacity(num_posts + 1);
    heap_start.push(0usize);
    let mut total = 0usize;
    for p in 0..num_posts {
        let applicants = instance.post_offsets[p + 1] - instance.post_offsets[p];
        total += applicants.min(instance.capacity[p] as usize);
        heap_start.push(total);
    }
    let mut heap = vec![
        Held {
            key: 0,
            candidate: 0
        };
        total
    ];
    let mut held = vec![0u32; num_posts];
    // Position of the next choice each candidate will propose to.
    let mut next = vec![0u32; num_candidates];

    for first in 0..num_candidates {
        // Propose for `first`; a candidate displaced on the way proposes next
        // (same outcome as a queue of free candidates, without the queue).
        let mut c = first;
        'proposing: loop {
            let start = instance.offsets[c];
            let end = instance.offsets[c + 1];
            let mut e = start + next[c] as usize;
            while e < end {
                let p = instance.posts[e] as usize;
                let key = instance.keys[e];
                e += 1;
                let region = &mut heap[heap_start[p]..heap_start[p + 1]];
                let len = held[p] as usize;
                let proposer = Held {
                    key,
                    candidate: c as u32,
                };
                if len < region.len() {
                    region[len] = proposer;
                    sift_up(&mut region[..=len]);
                    held[p] += 1;
                    next[c] = (e - start) as u32;
                    break 'proposing;
                }
                // Full (or no seats): the worst admit is at the top.
                if let Some(worst) = region.first_mut()
                    && key < worst.key
                {
                    let displaced = worst.candidate as usize;
                    *worst = proposer;
                    sift_down(region);
                    next[c] = (e - start) as u32;
                    c = displaced;
                    continue 'proposing;
                }
            }
            next[c] = (end - start) as u32;
            break;
        }
    }

    // Whoever a post holds got the last post they proposed to.
    let mut choice = vec![NONE; num_candidates];
    for p in 0..num_posts {
        let start = heap_start[p];
        for admit in &heap[start..start + held[p] as usize] {
            let c = admit.candidate as usize;
            choice[c] = next[c] - 1;
        }
    }
    choice
}

/// Restores the max-heap order after pushing onto the end of `heap`.
fn sift_up(heap: &mut [Held]) {
    let mut i = heap.len() - 1;
    let item = heap[i];
    while i > 0 {
        let parent = (i - 1) / 2;
        if heap[parent].key >= item.key {
            break;
        }
        heap[i] = heap[parent];
        i = parent;
    }
    heap[i] = item;
}

/// Restores the max-heap order after replacing the top of `heap`.
fn sift_down(heap: &mut [Held]) {
    let len = heap.len();
    let item = heap[0];
    let mut i = 0;
    loop {
        let mut child = 2 * i + 1;
        if child >= len {
            break;
        }
        if child + 1 < len && heap[child + 1].key > heap[child].key {
            child += 1;
        }
        if heap[child].key <= item.key {
            break;
        }
        heap[i] = heap[child];
        i = child;
    }
    heap[i] = item;
}

/// Post-proposing deferred acceptance; returns the choice index per
/// candidate (`NONE` when unmatched).
fn posts_propose(instance: &Instance) -> Vec<u32> {
    let num_posts = instance.num_posts();
    // Best offer held by each candidate, as a choice index (`NONE` = no offer,
    // which every offer beats).
    let mut choice = vec![NONE; instance.num_candidates()];
    let mut held = vec![0u32; num_posts];
    // Next applicant each post will offer a seat to (absolute position).
    let applicants = instance.all_applicants();
    let mut next: Vec<usize> = instance.post_offsets[..num_posts].to_vec();
    // Posts that may have a free seat and applicants left; a post can be on
    // the stack more than once, the check on popping makes that harmless.
    let mut stack: Vec<u32> = (0..num_posts as u32).rev().collect();

    while let Some(p) = stack.pop() {
        let p = p as usize;
        let capacity = instance.capacity[p];
        let end = instance.post_offsets[p + 1];
        let mut pos = next[p];
        while held[p] < capacity && pos < end {
            let offer = applicants[pos];
            pos += 1;
            let c = offer.candidate as usize;
            let current = choice[c];
            if offer.choice < current {
                if current != NONE {
                    let q = instance.posts[instance.offsets[c] + current as usize];
                    held[q as usize] -= 1;
                    stack.push(q);
                }
                choice[c] = offer.choice;
                held[p] += 1;
            }
        }
        next[p] = pos;
    }
    choice
}

/// Checks that `matching` is a valid matching of `instance` and returns every
/// blocking pair (none for a stable matching).
///
/// Pairs come in candidate order, then in the candidate's choice order. Runs
/// in O(n + P + L) time.
///
/// # Errors
///
/// [`InvalidMatching`] when the matching does not fit the instance: other
/// sizes, a pair that is not acceptable, or a post over capacity.
pub fn verify(
    instance: &Instance,
    matching: &Matching,
) -> Result<Vec<BlockingPair>, InvalidMatching> {
    let num_posts = instance.num_posts();
    if matching.num_candidates() != instance.num_candidates() {
        return Err(InvalidMatching::CandidateCount {
            expected: instance.num_candidates(),
            found: matching.num_candidates(),
        });
    }
    if matching.num_posts() != num_posts {
        return Err(InvalidMatching::PostCount {
            expected: num_posts,
            found: matching.num_posts(),
        });
    }

    // Recount from the assignments rather than trusting `filled`, and find
    // each post's worst (highest) key among those it holds.
    let mut held = vec![0u32; num_posts];
    let mut worst = vec![0u64; num_posts];
    for c in 0..instance.num_candidates() {
        let (post, choice) = (matching.post[c], matching.choice[c]);
        if post == NONE {
            continue;
        }
        let entries = instance.entries(c as u32);
        let acceptable = (choice as usize) < entries.len()
            && instance.posts[entries.start + choice as usize] == post;
        if !acceptable {
            return Err(InvalidMatching::Unacceptable {
                candidate: c as u32,
                post,
            });
        }
        let p = post as usize;
        held[p] += 1;
        worst[p] = worst[p].max(instance.keys[entries.start + choice as usize]);
    }
    check_capacity(instance, &held)?;

    let mut blocking = Vec::new();
    for c in 0..instance.num_candidates() {
        let entries = instance.entries(c as u32);
        let better = match matching.choice[c] {
            NONE => entries.len(),
            choice => choice as usize,
        };
        for (i, e) in (entries.start..entries.start + better).enumerate() {
            let p = instance.posts[e] as usize;
            if held[p] < instance.capacity[p] || instance.keys[e] < worst[p] {
                blocking.push(BlockingPair {
                    candidate: c as u32,
                    post: p as u32,
                    choice: i as u32,
                });
            }
        }
    }
    Ok(blocking)
}

#[cfg(test)]
mod tests {
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
