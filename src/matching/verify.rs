//! Checking a matching for stability, independently of how it was found.

use super::NONE;
use super::assignment::{InvalidMatching, Matching, check_capacity};
use super::instance::Instance;

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
