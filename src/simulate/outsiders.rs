//! Open recruitment (公开招聘, 面向全国选聘): applicants from outside the
//! roster who compete in a round's first pass for the posts its `outsiders`
//! names, under the same scoring as the roster's people.
//!
//! Outsiders are not people of the roster: they have no outcome of their
//! own. A run counts the seats they win (per post) and the insiders they
//! displaced. Their draws come from a generator of their own (the run's
//! seed with [`SEED_SALT`], on the run's stream), so admitting them leaves
//! every draw of the roster's people as it was: a scenario with and
//! without open recruitment is compared on the same exams, interviews and
//! tastes of its own people.

use super::keys::priority_key;
use super::shortlist::Shortlist;
use super::{OpenPost, clamp_score};
use crate::matching::{Instance, InstanceBuilder, Matching};
use crate::rng::SimRng;
use crate::scenario::policy::{Outsiders, Preferences, Scoring};

/// Mixed into the run's seed for the outsiders' generator ("outsider").
pub(super) const SEED_SALT: u64 = 0x6f75_7473_6964_6572;

/// One outsider of a round, as drawn for a run.
#[derive(Debug, Clone, Copy)]
pub(super) struct Outsider {
    /// Their score, the appraisal's counterpart: `clamp(mean + sd × z)`.
    score: f64,
    /// Their written exam, drawn as an insider's is.
    exam: f64,
}

/// Draws a round's outsiders: a score each, then an exam each.
pub(super) fn draw(rule: &Outsiders, scoring: &Scoring, rng: &mut SimRng) -> Vec<Outsider> {
    let scores: Vec<f64> = (0..rule.count)
        .map(|_| clamp_score(rule.mean + rule.sd * rng.normal()))
        .collect();
    scores
        .into_iter()
        .map(|score| Outsider {
            score,
            exam: clamp_score(score + scoring.exam_sd * rng.normal()),
        })
        .collect()
}

/// What filing the outsiders' lists needs of a pass.
pub(super) struct Filing<'p> {
    /// The round's rule: which posts they may take.
    pub(super) rule: &'p Outsiders,
    /// The open posts of the pass, in post order.
    pub(super) open: &'p [OpenPost],
    /// (unit, level) of each post of the pass.
    pub(super) meta: &'p [(usize, usize)],
    /// Index of the first outsider: the roster's size, so that keys and
    /// candidate lists tell outsiders from people.
    pub(super) first: usize,
    /// How many posts each files.
    pub(super) choices: usize,
    pub(super) prefs: Preferences,
    pub(super) scoring: Scoring,
}

/// Files each outsider's list as a candidate of the pass: the `choices`
/// posts they like best among those the rule names, by `level × (−level) +
/// noise × z` (a higher post is better, as for an insider; they have no home
/// unit), each scored as an insider is without home bonus, climb penalty or
/// priority. Pushes their index (`first + j`) on `people` and their scores
/// on `scores`.
pub(super) fn file(
    filing: &Filing<'_>,
    outsiders: &[Outsider],
    rng: &mut SimRng,
    builder: &mut InstanceBuilder,
    people: &mut Vec<usize>,
    scores: &mut Vec<f64>,
) {
    let Filing {
        rule,
        open,
        meta,
        first,
        choices,
        prefs,
        scoring,
    } = *filing;
    let weight = scoring.appraisal + scoring.exam + scoring.interview;
    let mut shortlist = Shortlist::new(choices);
    for (j, outsider) in outsiders.iter().enumerate() {
        shortlist.clear();
        for post in open {
            let (unit, level) = meta[post.local as usize];
            if !rule.may_take(unit, level) {
                continue;
            }
            let utility = prefs.level * post.minus_level + prefs.noise * rng.normal();
            shortlist.offer(utility, post.local);
        }
        if shortlist.len() == 0 {
            continue;
        }
        shortlist.finish();
        let index = first + j;
        let first_score = scores.len();
        for _ in shortlist.posts() {
            let interview = clamp_score(outsider.score + scoring.interview_sd * rng.normal());
            let composite = (scoring.appraisal * outsider.score
                + scoring.exam * outsider.exam
                + scoring.interview * interview)
                / weight;
            scores.push(composite);
        }
        let keys = scores[first_score..]
            .iter()
            .map(|&s| priority_key(s, index));
        builder.push_candidate(shortlist.posts().zip(keys));
        people.push(index);
    }
}

/// Marks the insiders next in line for the seats outsiders won in a pass:
/// at each post where outsiders won `k` seats, the `k` best-ranked (by
/// that post's keys) of the insiders it turned down, those who listed it
/// above the post they were placed in, or were not placed. Had the
/// outsiders not applied there, these are the insiders the post would have
/// taken next; so at most one insider per seat won. Whether they end
/// without a post at their level is known only after the last round.
pub(super) fn mark_next_in_line(
    instance: &Instance,
    matching: &Matching,
    people: &[usize],
    first: usize,
    won_by_outsiders: &[u32],
    next_in_line: &mut [bool],
) {
    // Per post won by outsiders: (key, person) of the insiders it turned down.
    let mut turned_down: Vec<Vec<(u64, usize)>> = vec![Vec::new(); won_by_outsiders.len()];
    for (c, &p) in people.iter().enumerate() {
        if p >= first {
            continue;
        }
        let matched = matching.get(c as u32).map(|a| a.choice as usize);
        let listed = instance.choice_posts(c as u32);
        let keys = instance.choice_keys(c as u32);
        for (rank, (&local, &key)) in listed.iter().zip(keys).enumerate() {
            if won_by_outsiders[local as usize] > 0 && matched.is_none_or(|m| rank < m) {
                turned_down[local as usize].push((key, p));
            }
        }
    }
    for (post, mut candidates) in turned_down.into_iter().enumerate() {
        // Keys are unique (they embed the person), so the order is total.
        candidates.sort_unstable();
        for &(_, p) in candidates.iter().take(won_by_outsiders[post] as usize) {
            next_in_line[p] = true;
        }
    }
}
