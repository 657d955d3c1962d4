//! [`Matching`]: where each candidate ended up, as the engine returns it or
//! as a caller hands one in to be checked.

use super::NONE;
use super::instance::Instance;

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
///
/// [`deferred_acceptance`]: super::deferred_acceptance
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matching {
    /// Post per candidate, `NONE` when unmatched.
    pub(super) post: Vec<u32>,
    /// Choice index per candidate, `NONE` when unmatched.
    pub(super) choice: Vec<u32>,
    /// Candidates held per post.
    pub(super) filled: Vec<u32>,
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
///
/// [`verify`]: fn@super::verify
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

pub(super) fn check_capacity(instance: &Instance, filled: &[u32]) -> Result<(), InvalidMatching> {
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
