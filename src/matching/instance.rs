//! The instance: [`Instance`], its constructor from ranked lists and the
//! error both constructors share.

use std::ops::Range;
use std::sync::OnceLock;

use super::{MAX_INDEX_COUNT, NONE};

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
/// with an [`InstanceBuilder`](super::InstanceBuilder) (candidates' lists with the posts' keys, the
/// form the simulation produces). Either way the instance is checked: every
/// post index is in range, no candidate lists a post twice and (unless built
/// with [`InstanceBuilder::build_trusting_keys`](super::InstanceBuilder::build_trusting_keys)) no two candidates have the
/// same key at one post.
///
/// Two instances are equal when they have the same capacities and the same
/// choice lists with the same keys; whether the applicant lists have been
/// made yet does not matter.
#[derive(Clone, Debug)]
pub struct Instance {
    /// Seats per post.
    pub(super) capacity: Vec<u32>,
    /// `offsets[c]..offsets[c + 1]` are candidate `c`'s entries in `posts` and `keys`.
    pub(super) offsets: Vec<usize>,
    /// Post of each entry, best choice first within a candidate.
    pub(super) posts: Vec<u32>,
    /// The post's key for the candidate of each entry.
    pub(super) keys: Vec<u64>,
    /// `post_offsets[p]..post_offsets[p + 1]` are post `p`'s entries in `applicants`.
    pub(super) post_offsets: Vec<usize>,
    /// Every entry again, grouped by post and sorted by key within a post
    /// (then by candidate, which matters only for trusted keys that tie).
    /// Made by the constructor or, for trusted keys, on first use.
    pub(super) applicants: OnceLock<Vec<Applicant>>,
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
    pub(super) fn all_applicants(&self) -> &[Applicant] {
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

    pub(super) fn entries(&self, candidate: u32) -> Range<usize> {
        let c = candidate as usize;
        self.offsets[c]..self.offsets[c + 1]
    }
}

pub(super) fn check_count(what: &'static str, found: usize) -> Result<(), InstanceError> {
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

/// Fills `applicants` with every entry grouped by post (a counting sort,
/// `post_offsets` giving each post's range) and sorts each post's entries by
/// key, then candidate.
pub(super) fn transpose(
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
