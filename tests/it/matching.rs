//! Tests of the matching engine (`reorg::matching`): hand-worked instances,
//! constructor errors, and property tests against a brute-force enumeration
//! of all stable matchings written independently here. The CLI tests of
//! `reorg match` are in `matching/cli.rs`, those of reading its JSON format
//! from Rust in `matching/json.rs`.

mod cli;
mod json;

use proptest::prelude::*;
use reorg::matching::{
    Assignment, BlockingPair, Instance, InstanceBuilder, InstanceError, InvalidMatching, Matching,
    Side, deferred_acceptance, verify,
};

// ---------------------------------------------------------------------------
// Raw instances as lists, and an independent model of stability on them.

/// An instance as plain ranked lists, best first (the input of
/// `Instance::from_lists`).
#[derive(Clone, Debug)]
struct Lists {
    prefs: Vec<Vec<u32>>,
    capacity: Vec<u32>,
    rankings: Vec<Vec<u32>>,
}

impl Lists {
    fn instance(&self) -> Instance {
        Instance::from_lists(&self.prefs, self.capacity.clone(), &self.rankings)
            .expect("generated lists are valid")
    }

    /// Position of `x` in `list`, if listed.
    fn rank(list: &[u32], x: u32) -> Option<usize> {
        list.iter().position(|&y| y == x)
    }

    fn acceptable(&self, c: u32, p: u32) -> bool {
        Self::rank(&self.prefs[c as usize], p).is_some()
            && Self::rank(&self.rankings[p as usize], c).is_some()
    }

    /// How candidate `c` ranks an outcome: list position, unmatched last.
    fn candidate_rank(&self, c: usize, post: Option<u32>) -> usize {
        post.map_or(usize::MAX, |p| {
            Self::rank(&self.prefs[c], p).expect("matched posts are listed")
        })
    }

    /// Blocking pairs of `assign`, straight from the definition.
    fn blocking_pairs(&self, assign: &[Option<u32>]) -> Vec<(u32, u32)> {
        let mut pairs = Vec::new();
        for (c, prefs) in self.prefs.iter().enumerate() {
            for &p in prefs {
                if assign[c] == Some(p) {
                    break; // everything further down is worse than what c has
                }
                if !self.acceptable(c as u32, p) {
                    continue;
                }
                let ranking = &self.rankings[p as usize];
                let rank_c = Self::rank(ranking, c as u32).unwrap();
                let held: Vec<usize> = (0..assign.len())
                    .filter(|&d| assign[d] == Some(p))
                    .collect();
                let post_wants = held.len() < self.capacity[p as usize] as usize
                    || held
                        .iter()
                        .any(|&d| Self::rank(ranking, d as u32).unwrap() > rank_c);
                if post_wants {
                    pairs.push((c as u32, p));
                }
            }
        }
        pairs
    }

    /// Every valid matching (acceptable pairs, capacities respected), by
    /// trying every assignment.
    fn all_matchings(&self) -> Vec<Vec<Option<u32>>> {
        fn go(
            lists: &Lists,
            c: usize,
            assign: &mut Vec<Option<u32>>,
            left: &mut Vec<u32>,
            out: &mut Vec<Vec<Option<u32>>>,
        ) {
            if c == lists.prefs.len() {
                out.push(assign.clone());
                return;
            }
            assign.push(None);
            go(lists, c + 1, assign, left, out);
            assign.pop();
            for &p in &lists.prefs[c] {
                if lists.acceptable(c as u32, p) && left[p as usize] > 0 {
                    left[p as usize] -= 1;
                    assign.push(Some(p));
                    go(lists, c + 1, assign, left, out);
                    assign.pop();
                    left[p as usize] += 1;
                }
            }
        }
        let mut out = Vec::new();
        go(
            self,
            0,
            &mut Vec::new(),
            &mut self.capacity.clone(),
            &mut out,
        );
        out
    }

    fn all_stable_matchings(&self) -> Vec<Vec<Option<u32>>> {
        self.all_matchings()
            .into_iter()
            .filter(|m| self.blocking_pairs(m).is_empty())
            .collect()
    }

    /// Post `p`'s ranks of the candidates it holds, best first.
    fn held_ranks(&self, assign: &[Option<u32>], p: u32) -> Vec<usize> {
        let mut ranks: Vec<usize> = (0..assign.len())
            .filter(|&c| assign[c] == Some(p))
            .map(|c| Self::rank(&self.rankings[p as usize], c as u32).unwrap())
            .collect();
        ranks.sort_unstable();
        ranks
    }
}

fn posts_of(matching: &Matching) -> Vec<Option<u32>> {
    matching.iter().map(|a| a.map(|a| a.post)).collect()
}

fn solve(lists: &Lists, side: Side) -> Vec<Option<u32>> {
    posts_of(&deferred_acceptance(&lists.instance(), side))
}

// ---------------------------------------------------------------------------
// Generators: small instances with some pairs listed by one side only.

/// A random ordered subset of `0..k`, biased towards long lists.
fn ordered_subset(k: usize) -> impl Strategy<Value = Vec<u32>> {
    let len = prop_oneof![2 => Just(k), 1 => 0..=k];
    (Just((0..k as u32).collect::<Vec<_>>()).prop_shuffle(), len)
        .prop_map(|(all, len)| all[..len].to_vec())
}

fn lists(
    max_candidates: usize,
    max_posts: usize,
    max_capacity: u32,
) -> impl Strategy<Value = Lists> {
    (0..=max_candidates, 0..=max_posts).prop_flat_map(move |(n, m)| {
        (
            prop::collection::vec(ordered_subset(m), n),
            prop::collection::vec(0..=max_capacity, m),
            prop::collection::vec(ordered_subset(n), m),
        )
            .prop_map(|(prefs, capacity, rankings)| Lists {
                prefs,
                capacity,
                rankings,
            })
    })
}

/// Candidates' lists with random keys, for the builder: (capacity, per
/// candidate a list of (post, key)). Keys are made strict per post by putting
/// the candidate index in the low bits.
fn keyed(
    max_candidates: usize,
    max_posts: usize,
) -> impl Strategy<Value = (Vec<u32>, Vec<Vec<(u32, u64)>>)> {
    (0..=max_candidates, 1..=max_posts).prop_flat_map(|(n, m)| {
        (
            prop::collection::vec(0..=4u32, m),
            prop::collection::vec((ordered_subset(m), prop::collection::vec(0..8u64, m)), n),
        )
            .prop_map(|(capacity, candidates)| {
                let lists = candidates
                    .into_iter()
                    .enumerate()
                    .map(|(c, (posts, noise))| {
                        posts
                            .into_iter()
                            .map(|p| (p, (noise[p as usize] << 32) | c as u64))
                            .collect()
                    })
                    .collect();
                (capacity, lists)
            })
    })
}

// ---------------------------------------------------------------------------
// Hand-worked instances.

/// The instance of the `deferred_acceptance` doc example plus a candidate
/// whose only choice does not rank it back.
///
/// ```text
/// c0: p0, p1        p0 (2 seats): c1, c2, c0
/// c1: p1, p0        p1 (1 seat):  c0, c1
/// c2: p0
/// c3: p1            (p1 does not rank c3: not acceptable)
/// ```
///
/// Candidates propose: c0→p0, c1→p1, c2→p0 all first choices and nobody is
/// over capacity, so that is the end; c3 has no acceptable post.
/// Posts propose: p0 offers c1 and c2, p1 offers c0. c0 and c1 hold their
/// second choices, but their first choices are full of candidates those posts
/// prefer, so nothing moves: c0→p1, c1→p0, c2→p0.
#[test]
fn hand_worked_two_stable_matchings() {
    let lists = Lists {
        prefs: vec![vec![0, 1], vec![1, 0], vec![0], vec![1]],
        capacity: vec![2, 1],
        rankings: vec![vec![1, 2, 0], vec![0, 1]],
    };
    let instance = lists.instance();
    assert_eq!(instance.num_entries(), 5, "c3→p1 is dropped");
    assert_eq!(instance.choice_posts(3), [] as [u32; 0]);

    let by_candidates = deferred_acceptance(&instance, Side::Candidate);
    assert_eq!(posts_of(&by_candidates), [Some(0), Some(1), Some(0), None]);
    assert_eq!(by_candidates.filled(), [2, 1]);

    let by_posts = deferred_acceptance(&instance, Side::Post);
    assert_eq!(posts_of(&by_posts), [Some(1), Some(0), Some(0), None]);
    assert_eq!(
        by_posts.get(0),
        Some(Assignment { post: 1, choice: 1 }),
        "c0 on its second choice"
    );
    assert_eq!(by_posts.filled(), [2, 1]);
    assert_eq!(lists.all_stable_matchings().len(), 2);
}

/// A rejection chain with capacities (candidates 1–5 are indices 0–4,
/// posts A, B, C are 0, 1, 2).
///
/// ```text
/// 1: A, B            A (2 seats): 4, 3, 1, 2
/// 2: A, C            B (1 seat):  1, 3, 4
/// 3: A, B, C         C (1 seat):  3, 5, 2
/// 4: B, A
/// 5: C
/// ```
///
/// Candidates propose (in order 1..5): 1→A, 2→A (A full: 1, 2); 3→A, A
/// prefers 3 to 2 and drops 2; 2→C; 4→B; 5→C, C prefers 5 to 2 and drops 2;
/// 2 has nothing left. Result 1→A, 2 unmatched, 3→A, 4→B, 5→C.
///
/// Posts propose: A offers 4 and 3, B offers 1, C offers 3. 3 keeps A (its
/// first choice) and turns C down; C offers 5, who accepts. Every post is
/// full. Result 1→B, 2 unmatched, 3→A, 4→A, 5→C: candidates 1 and 4 swap,
/// each on its second choice, and the same candidate is unmatched and every
/// post equally filled (rural hospitals).
#[test]
fn hand_worked_rejection_chain() {
    let (a, b, c) = (0, 1, 2);
    let lists = Lists {
        prefs: vec![vec![a, b], vec![a, c], vec![a, b, c], vec![b, a], vec![c]],
        capacity: vec![2, 1, 1],
        rankings: vec![vec![3, 2, 0, 1], vec![0, 2, 3], vec![2, 4, 1]],
    };
    assert_eq!(
        solve(&lists, Side::Candidate),
        [Some(a), None, Some(a), Some(b), Some(c)]
    );
    assert_eq!(
        solve(&lists, Side::Post),
        [Some(b), None, Some(a), Some(a), Some(c)]
    );
}

#[test]
fn empty_and_degenerate_instances() {
    let empty = Instance::from_lists(&[], vec![], &[]).unwrap();
    let matching = deferred_acceptance(&empty, Side::Candidate);
    assert_eq!(matching.num_candidates(), 0);
    assert_eq!(verify(&empty, &matching).unwrap(), []);

    // Posts with no seats and candidates with no choices.
    let lists = Lists {
        prefs: vec![vec![0], vec![], vec![0, 1]],
        capacity: vec![0, 1],
        rankings: vec![vec![0, 2], vec![2]],
    };
    for side in [Side::Candidate, Side::Post] {
        let matching = deferred_acceptance(&lists.instance(), side);
        assert_eq!(posts_of(&matching), [None, None, Some(1)]);
        assert_eq!(matching.choice(2), Some(1));
        assert_eq!(matching.num_matched(), 1);
    }
}

#[test]
fn huge_capacity_is_bounded_by_applicants() {
    let mut builder = InstanceBuilder::new(vec![u32::MAX]);
    for c in 0..3 {
        builder.push_candidate([(0, 10 - c)]);
    }
    let instance = builder.build().unwrap();
    let keys: Vec<u64> = instance.applicants(0).iter().map(|a| a.key).collect();
    assert_eq!(keys, [8, 9, 10]);
    let matching = deferred_acceptance(&instance, Side::Candidate);
    assert_eq!(matching.filled(), [3]);
}

// ---------------------------------------------------------------------------
// Constructor and verification errors.

#[test]
fn from_lists_rejects_bad_indices() {
    let err = |prefs: &[Vec<u32>], capacity: Vec<u32>, rankings: &[Vec<u32>]| {
        Instance::from_lists(prefs, capacity, rankings).unwrap_err()
    };
    assert_eq!(
        err(&[vec![2]], vec![1, 1], &[vec![0], vec![0]]),
        InstanceError::PostOutOfRange {
            candidate: 0,
            post: 2,
            posts: 2
        }
    );
    assert_eq!(
        err(&[vec![], vec![1, 0, 1]], vec![1, 1], &[vec![], vec![]]),
        InstanceError::DuplicatePost {
            candidate: 1,
            post: 1
        }
    );
    assert_eq!(
        err(&[vec![0]], vec![1], &[vec![0, 5]]),
        InstanceError::CandidateOutOfRange {
            post: 0,
            candidate: 5,
            candidates: 1
        }
    );
    assert_eq!(
        err(&[vec![0], vec![0]], vec![1], &[vec![1, 0, 1]]),
        InstanceError::DuplicateCandidate {
            post: 0,
            candidate: 1
        }
    );
    assert_eq!(
        err(&[vec![0]], vec![1, 1], &[vec![0]]),
        InstanceError::RankingCount {
            posts: 2,
            rankings: 1
        }
    );
}

#[test]
fn builder_rejects_bad_lists() {
    let build = |capacity: Vec<u32>, lists: &[&[(u32, u64)]]| {
        let mut builder = InstanceBuilder::new(capacity);
        for list in lists {
            builder.push_candidate(list.iter().copied());
        }
        builder.build()
    };
    assert_eq!(
        build(vec![1], &[&[(0, 1)], &[(1, 1)]]).unwrap_err(),
        InstanceError::PostOutOfRange {
            candidate: 1,
            post: 1,
            posts: 1
        }
    );
    assert_eq!(
        build(vec![1, 1], &[&[(0, 1), (0, 2)]]).unwrap_err(),
        InstanceError::DuplicatePost {
            candidate: 0,
            post: 0
        }
    );
    assert_eq!(
        build(vec![1, 1], &[&[(1, 7)], &[(0, 7)], &[(0, 3), (1, 7)]]).unwrap_err(),
        InstanceError::TiedKeys {
            post: 1,
            key: 7,
            first: 0,
            second: 2
        }
    );
    // Equal keys at different posts are fine.
    assert!(build(vec![1, 1], &[&[(0, 7)], &[(1, 7)]]).is_ok());
    assert_eq!(
        InstanceError::TiedKeys {
            post: 1,
            key: 7,
            first: 0,
            second: 2
        }
        .to_string(),
        "post 1 gives candidates 0 and 2 the same key 7; keys must be strict within a post"
    );
}

/// The unchecked build still checks ranges and duplicates, and only ties
/// pass: their applicant order is by candidate index.
#[test]
fn trusting_keys_checks_everything_but_ties() {
    let build = |lists: &[&[(u32, u64)]]| {
        let mut builder = InstanceBuilder::new(vec![1, 1]);
        for list in lists {
            builder.push_candidate(list.iter().copied());
        }
        builder.build_trusting_keys()
    };
    assert_eq!(
        build(&[&[(0, 1)], &[(2, 1)]]).unwrap_err(),
        InstanceError::PostOutOfRange {
            candidate: 1,
            post: 2,
            posts: 2
        }
    );
    assert_eq!(
        build(&[&[(1, 1), (1, 2)]]).unwrap_err(),
        InstanceError::DuplicatePost {
            candidate: 0,
            post: 1
        }
    );
    // Post 1: c2 and c0 tie on 7, c1 has 3: c1 first, then the tie by index.
    let tied = build(&[&[(1, 7)], &[(0, 9), (1, 3)], &[(1, 7)]]).unwrap();
    let order: Vec<(u32, u32)> = tied
        .applicants(1)
        .iter()
        .map(|a| (a.candidate, a.choice))
        .collect();
    assert_eq!(order, [(1, 1), (0, 0), (2, 0)]);
}

#[test]
fn builder_is_reusable() {
    let mut builder = InstanceBuilder::with_capacity(vec![1, 2], 3, 6);
    builder.push_candidate([(0, 5), (1, 1)]);
    builder.push_candidate([(1, 0)]);
    let first = builder.clone().build().unwrap();

    builder.clear();
    assert_eq!(builder.num_candidates(), 0);
    builder.push_candidate([(1, 3)]);
    let second = builder.build().unwrap();
    assert_eq!(second.num_candidates(), 1);
    assert_eq!(second.choice_keys(0), [3]);

    // Round trip through into_builder gives an equal instance.
    let mut again = first.clone().into_builder();
    again.push_candidate([(0, 5), (1, 1)]);
    again.push_candidate([(1, 0)]);
    assert_eq!(again.build().unwrap(), first);

    // Posts can change between rounds.
    let mut next = first.into_builder();
    *next.capacity_mut() = vec![3];
    next.push_candidate([(0, 1)]);
    assert_eq!(next.build().unwrap().capacity(), [3]);
}

#[test]
fn verify_rejects_invalid_matchings() {
    let lists = Lists {
        prefs: vec![vec![0, 1], vec![0]],
        capacity: vec![1, 1],
        rankings: vec![vec![0, 1], vec![0]],
    };
    let instance = lists.instance();
    assert_eq!(
        Matching::from_posts(&instance, &[Some(0), Some(0)]).unwrap_err(),
        InvalidMatching::OverCapacity {
            post: 0,
            filled: 2,
            capacity: 1
        }
    );
    assert_eq!(
        Matching::from_posts(&instance, &[None, Some(1)]).unwrap_err(),
        InvalidMatching::Unacceptable {
            candidate: 1,
            post: 1
        }
    );
    assert_eq!(
        Matching::from_posts(&instance, &[None]).unwrap_err(),
        InvalidMatching::CandidateCount {
            expected: 2,
            found: 1
        }
    );

    // A matching checked against another instance of the same shape.
    let matching = Matching::from_posts(&instance, &[Some(1), Some(0)]).unwrap();
    let other =
        Instance::from_lists(&[vec![1, 0], vec![0]], vec![1, 1], &[vec![0, 1], vec![0]]).unwrap();
    assert_eq!(
        verify(&other, &matching).unwrap_err(),
        InvalidMatching::Unacceptable {
            candidate: 0,
            post: 1
        }
    );
    let smaller = Instance::from_lists(&[vec![0], vec![0]], vec![1], &[vec![0, 1]]).unwrap();
    assert_eq!(
        verify(&smaller, &matching).unwrap_err(),
        InvalidMatching::PostCount {
            expected: 1,
            found: 2
        }
    );

    // Candidate 0 holds post 1 but prefers post 0, which holds candidate 1
    // and ranks candidate 0 higher: (0, 0) blocks. Candidate 1 has its first
    // choice.
    assert_eq!(
        verify(&instance, &matching).unwrap(),
        [BlockingPair {
            candidate: 0,
            post: 0,
            choice: 0
        }]
    );
}

// ---------------------------------------------------------------------------
// Properties.

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// On tiny instances, against every stable matching found by brute force:
    /// both results are stable, the candidate-proposing one is best for every
    /// candidate and the post-proposing one best for every post (and worst
    /// for every candidate), and all stable matchings leave the same
    /// candidates unmatched and fill each post equally.
    #[test]
    fn side_optimal_against_brute_force(lists in lists(5, 3, 2)) {
        let stable = lists.all_stable_matchings();
        prop_assert!(!stable.is_empty(), "a stable matching always exists");
        let by_candidates = solve(&lists, Side::Candidate);
        let by_posts = solve(&lists, Side::Post);
        prop_assert!(stable.contains(&by_candidates));
        prop_assert!(stable.contains(&by_posts));

        for other in &stable {
            for c in 0..lists.prefs.len() {
                prop_assert!(
                    lists.candidate_rank(c, by_candidates[c]) <= lists.candidate_rank(c, other[c]),
                    "candidate {} does better in {:?} than in the candidate-optimal {:?}",
                    c, other, by_candidates
                );
                prop_assert!(
                    lists.candidate_rank(c, by_posts[c]) >= lists.candidate_rank(c, other[c]),
                    "candidate {} does worse in {:?} than in the post-optimal {:?}",
                    c, other, by_posts
                );
                // Rural hospitals: the same candidates are matched.
                prop_assert_eq!(other[c].is_some(), by_candidates[c].is_some());
            }
            for p in 0..lists.capacity.len() as u32 {
                let best = lists.held_ranks(&by_posts, p);
                let theirs = lists.held_ranks(other, p);
                let worst = lists.held_ranks(&by_candidates, p);
                // Rural hospitals: every post is filled equally...
                prop_assert_eq!(best.len(), theirs.len());
                prop_assert_eq!(worst.len(), theirs.len());
                // ...and, seat by seat, the post-optimal one holds someone at
                // least as good as any stable matching, the candidate-optimal
                // one someone at most as good.
                for k in 0..best.len() {
                    prop_assert!(best[k] <= theirs[k], "post {} prefers {:?} to {:?}", p, other, by_posts);
                    prop_assert!(worst[k] >= theirs[k], "post {} prefers {:?} to {:?}", p, by_candidates, other);
                }
            }
        }
    }

    /// `verify` agrees with the definition on every valid matching of a tiny
    /// instance, stable or not.
    #[test]
    fn verify_agrees_with_definition(lists in lists(4, 3, 2)) {
        let instance = lists.instance();
        for assign in lists.all_matchings() {
            let matching = Matching::from_posts(&instance, &assign).unwrap();
            prop_assert_eq!(posts_of(&matching), assign.clone());
            let found: Vec<(u32, u32)> = verify(&instance, &matching)
                .unwrap()
                .iter()
                .map(|b| (b.candidate, b.post))
                .collect();
            prop_assert_eq!(found, lists.blocking_pairs(&assign));
        }
    }

    /// On larger instances (too big to enumerate): both results are valid
    /// matchings with no blocking pair, by `verify` and by the definition,
    /// and they leave the same candidates unmatched and fill each post
    /// equally. Choice indices point into the acceptable-only lists.
    #[test]
    fn results_are_stable_matchings(lists in lists(40, 8, 5)) {
        let instance = lists.instance();
        let by_candidates = deferred_acceptance(&instance, Side::Candidate);
        let by_posts = deferred_acceptance(&instance, Side::Post);
        for matching in [&by_candidates, &by_posts] {
            prop_assert_eq!(verify(&instance, matching).unwrap(), []);
            let assign = posts_of(matching);
            prop_assert_eq!(lists.blocking_pairs(&assign), []);
            for (c, assignment) in matching.iter().enumerate() {
                if let Some(Assignment { post, choice }) = assignment {
                    prop_assert!(lists.acceptable(c as u32, post));
                    prop_assert_eq!(instance.choice_posts(c as u32)[choice as usize], post);
                }
            }
            let mut counts = vec![0u32; lists.capacity.len()];
            for p in assign.iter().flatten() {
                counts[*p as usize] += 1;
            }
            prop_assert_eq!(&counts[..], matching.filled());
            for (p, &n) in counts.iter().enumerate() {
                prop_assert!(n <= lists.capacity[p]);
            }
        }
        prop_assert_eq!(by_candidates.filled(), by_posts.filled());
        for c in 0..lists.prefs.len() as u32 {
            prop_assert_eq!(by_candidates.post(c).is_some(), by_posts.post(c).is_some());
            // Candidates never do worse when they propose.
            prop_assert!(by_candidates.choice(c).unwrap_or(u32::MAX) <= by_posts.choice(c).unwrap_or(u32::MAX));
        }
    }

    /// `from_lists` builds exactly the instance the builder makes from the
    /// acceptable pairs keyed by rank (it takes a faster path, without
    /// sorting).
    #[test]
    fn from_lists_equals_builder(lists in lists(30, 8, 3)) {
        let mut builder = InstanceBuilder::new(lists.capacity.clone());
        for (c, prefs) in lists.prefs.iter().enumerate() {
            builder.push_candidate(prefs.iter().filter_map(|&p| {
                Lists::rank(&lists.rankings[p as usize], c as u32).map(|rank| (p, rank as u64))
            }));
        }
        let built = builder.build().unwrap();
        let from_lists = lists.instance();
        // Equality compares the choice lists and keys; the applicant lists
        // are derived from them, but check the two constructors agree there too.
        for p in 0..built.num_posts() as u32 {
            prop_assert_eq!(built.applicants(p), from_lists.applicants(p));
        }
        prop_assert_eq!(built, from_lists);
    }

    /// An instance built from keys solves like the same instance given as
    /// rankings (each post ranks its applicants by key), and a reused
    /// builder gives the same instance as a fresh one.
    #[test]
    fn builder_matches_rankings((capacity, keyed) in keyed(30, 6)) {
        let mut builder = InstanceBuilder::new(capacity.clone());
        // Something else first, to check that clear() forgets it.
        builder.push_candidate([(0, 0)]);
        builder.clear();
        for list in &keyed {
            builder.push_candidate(list.iter().copied());
        }
        let from_keys = builder.clone().build().unwrap();
        // The unchecked build solves the same, and makes the same applicant
        // lists when asked (after solving, which must not need them).
        let trusted = builder.build_trusting_keys().unwrap();

        let prefs: Vec<Vec<u32>> = keyed.iter().map(|l| l.iter().map(|&(p, _)| p).collect()).collect();
        let rankings: Vec<Vec<u32>> = (0..capacity.len() as u32)
            .map(|p| {
                let mut applicants: Vec<(u64, u32)> = keyed
                    .iter()
                    .enumerate()
                    .filter_map(|(c, l)| l.iter().find(|&&(q, _)| q == p).map(|&(_, k)| (k, c as u32)))
                    .collect();
                applicants.sort_unstable();
                applicants.into_iter().map(|(_, c)| c).collect()
            })
            .collect();
        let from_rankings = Instance::from_lists(&prefs, capacity.clone(), &rankings).unwrap();
        for side in [Side::Candidate, Side::Post] {
            prop_assert_eq!(
                deferred_acceptance(&from_keys, side),
                deferred_acceptance(&from_rankings, side)
            );
            prop_assert_eq!(
                deferred_acceptance(&trusted, side),
                deferred_acceptance(&from_rankings, side)
            );
        }
        for p in 0..capacity.len() as u32 {
            prop_assert_eq!(trusted.applicants(p), from_keys.applicants(p));
            let order: Vec<u32> = trusted.applicants(p).iter().map(|a| a.candidate).collect();
            prop_assert_eq!(&order, &rankings[p as usize]);
        }

        let mut reused = from_keys.clone().into_builder();
        for list in &keyed {
            reused.push_candidate(list.iter().copied());
        }
        prop_assert_eq!(reused.build().unwrap(), from_keys);
    }
}
