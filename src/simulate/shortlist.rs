//! A person's best choices among the posts of a pass.
//!
//! Every person rates every open post they may take (tens of posts) and
//! files the best `k` (usually 3). Which post makes the list is decided by
//! random taste, so a branch per post on "does it make the list?" is
//! mispredicted about one time in four; this list instead updates its `k`
//! slots with selects that do not branch on the data. That costs `k` steps
//! per offer, so a long list (more than [`IN_PLACE_MAX`] choices, or all of
//! them in a second pass) collects every offer and sorts once instead.

/// The most choices kept by updating slots in place.
const IN_PLACE_MAX: usize = 16;

/// The best `k` options offered, best first. Options must be offered in
/// rising post order.
#[derive(Debug)]
pub(crate) struct Shortlist {
    /// How many to keep; `usize::MAX` keeps all.
    k: usize,
    /// (utility as a totally ordered integer, post). In place: always `k`
    /// entries, best first, the first `offered` real and the rest
    /// [`EMPTY`]. Collected: every offer, best first once finished.
    entries: Vec<(i64, u32)>,
    /// Offers made since the last [`clear`](Self::clear).
    offered: usize,
}

/// A slot of a bounded list that no offer has filled yet. Every offer beats
/// it: its key is the total order's minimum, which only a NaN with every bit
/// set has, and arithmetic never makes that NaN.
const EMPTY: (i64, u32) = (i64::MIN, u32::MAX);

impl Shortlist {
    /// An empty list that keeps the best `k` options (`usize::MAX`: all).
    pub(crate) fn new(k: usize) -> Shortlist {
        let mut list = Shortlist {
            k,
            entries: Vec::new(),
            offered: 0,
        };
        list.clear();
        list
    }

    /// Whether the `k` slots are updated in place (small `k`) rather than
    /// every offer collected and sorted by [`finish`](Self::finish).
    fn in_place(&self) -> bool {
        self.k <= IN_PLACE_MAX
    }

    /// Empties the list for the next person.
    pub(crate) fn clear(&mut self) {
        self.entries.clear();
        if self.in_place() {
            self.entries.resize(self.k, EMPTY);
        }
        self.offered = 0;
    }

    /// Offers post `post` at `utility`. Higher utility is better; on a tie
    /// the post offered first (the lower index) stays ahead, as
    /// [`f64::total_cmp`] orders utilities.
    #[inline(always)]
    pub(crate) fn offer(&mut self, utility: f64, post: u32) {
        let key = total_order_key(utility);
        debug_assert!(key != EMPTY.0, "only an all-ones NaN has the empty key");
        self.offered += 1;
        if self.in_place() {
            self.place(key, post);
        } else {
            self.entries.push((key, post));
        }
    }

    /// Puts an offer in its place in an in-place list, dropping the worst entry
    /// (or the offer itself when it is no better than the worst). Each slot
    /// becomes the one above it, the offer, or stays, chosen by selects. A
    /// tie keeps the earlier offer ahead: only a strictly better key moves.
    #[inline(always)]
    fn place(&mut self, key: i64, post: u32) {
        let entries = self.entries.as_mut_slice();
        for i in (1..entries.len()).rev() {
            let above = entries[i - 1];
            let here = entries[i];
            let moved_down = key > above.0;
            let taken = key > here.0;
            entries[i] = select(moved_down, above, select(taken, (key, post), here));
        }
        if let Some(first) = entries.first_mut() {
            *first = select(key > first.0, (key, post), *first);
        }
    }

    /// Sorts a collected list and keeps its best `k`. Call once after the
    /// last offer, before [`posts`](Self::posts).
    pub(crate) fn finish(&mut self) {
        if !self.in_place() {
            // Best first; ties: lower post first, as offering would give.
            self.entries
                .sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            self.entries.truncate(self.k);
        }
    }

    /// Number of options on the list.
    pub(crate) fn len(&self) -> usize {
        if self.in_place() {
            self.offered.min(self.k)
        } else {
            self.entries.len()
        }
    }

    /// Makes sure `post` is on the list, as its last entry when it is not
    /// already there: a full list gives up its worst entry for it, a list
    /// with room has it already (every offer fits). For the safe option
    /// (保底志愿) of `top_plus_safe`; call after [`finish`](Self::finish),
    /// with a post that was offered, so the list is never empty.
    pub(crate) fn keep_last(&mut self, post: u32) {
        let len = self.len();
        if len > 0 && !self.posts().any(|p| p == post) {
            // Its utility is below every kept entry's (it was not kept), so
            // the list stays in order of taste.
            self.entries[len - 1].1 = post;
        }
    }

    /// The posts on the list, best first.
    pub(crate) fn posts(&self) -> impl ExactSizeIterator<Item = u32> + Clone + '_ {
        self.entries[..self.len()].iter().map(|&(_, post)| post)
    }
}

/// `a` when `condition`, else `b`, as conditional moves: the compiler
/// would otherwise turn the selects of a loop back into branches.
#[inline(always)]
fn select(condition: bool, a: (i64, u32), b: (i64, u32)) -> (i64, u32) {
    (
        std::hint::select_unpredictable(condition, a.0, b.0),
        std::hint::select_unpredictable(condition, a.1, b.1),
    )
}

/// An integer that orders as [`f64::total_cmp`] orders `x` (the same
/// transformation the standard library uses).
#[inline(always)]
fn total_order_key(x: f64) -> i64 {
    let bits = x.to_bits() as i64;
    bits ^ (((bits >> 63) as u64) >> 1) as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::SimRng;

    /// The reference: sort every option by utility (total order, best
    /// first), ties by post, and keep the first `k`.
    fn best_by_sorting(options: &[(f64, u32)], k: usize) -> Vec<u32> {
        let mut sorted = options.to_vec();
        sorted.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        sorted.iter().take(k).map(|&(_, post)| post).collect()
    }

    fn shortlist(options: &[(f64, u32)], k: usize) -> Vec<u32> {
        let mut list = Shortlist::new(k);
        for &(utility, post) in options {
            list.offer(utility, post);
        }
        list.finish();
        list.posts().collect()
    }

    #[test]
    fn keeps_what_sorting_keeps() {
        let mut rng = SimRng::new(11, 0);
        for case in 0..2_000 {
            let n = (rng.next_u64() % 40) as u32;
            // Coarse utilities so that ties are common, with signed zeros
            // and infinities among them.
            let options: Vec<(f64, u32)> = (0..n)
                .map(|post| {
                    let utility = match rng.next_u64() % 12 {
                        0 => -0.0,
                        1 => 0.0,
                        2 => f64::INFINITY,
                        3 => f64::NEG_INFINITY,
                        _ => ((rng.next_u64() % 9) as f64 - 4.0) * 2.5,
                    };
                    (utility, post)
                })
                .collect();
            for k in [1, 2, 3, 5, IN_PLACE_MAX, IN_PLACE_MAX + 1, 30, usize::MAX] {
                assert_eq!(
                    shortlist(&options, k),
                    best_by_sorting(&options, k),
                    "case {case}, k {k}: {options:?}"
                );
            }
        }
    }

    /// The safe option replaces the worst of a full list, stays where it is
    /// when already kept, and is never added twice.
    #[test]
    fn keep_last_puts_the_safe_option_in_the_last_slot() {
        for k in [2, IN_PLACE_MAX + 1] {
            let mut list = Shortlist::new(k);
            for post in 0..(k as u32 + 3) {
                list.offer(f64::from(post), post);
            }
            list.finish();
            list.keep_last(0);
            let mut expected: Vec<u32> = (4..(k as u32 + 3)).rev().collect();
            expected.push(0);
            assert_eq!(list.posts().collect::<Vec<_>>(), expected, "k {k}");
            let kept: Vec<u32> = list.posts().collect();
            list.keep_last(kept[0]);
            assert_eq!(list.posts().collect::<Vec<_>>(), kept);
        }
    }

    #[test]
    fn integer_keys_order_like_total_cmp() {
        let values = [
            f64::NEG_INFINITY,
            -1e300,
            -1.0,
            -f64::MIN_POSITIVE,
            -0.0,
            0.0,
            f64::MIN_POSITIVE,
            1.0,
            1e300,
            f64::INFINITY,
        ];
        for a in values {
            for b in values {
                assert_eq!(
                    total_order_key(a).cmp(&total_order_key(b)),
                    a.total_cmp(&b),
                    "{a} vs {b}"
                );
            }
        }
    }
}
