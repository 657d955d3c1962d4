//! Deferred acceptance itself, for either side proposing.

use super::assignment::Matching;
use super::instance::Instance;
use super::{NONE, Side};

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
///
/// [`BlockingPair`]: super::BlockingPair
/// [`InstanceBuilder::build_trusting_keys`]: super::InstanceBuilder::build_trusting_keys
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
