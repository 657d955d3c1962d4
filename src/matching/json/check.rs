//! From what was read to a checked instance: the checks that need the whole
//! document (every id used is defined, no id twice in one list), with errors
//! in terms of the ids.

use super::super::{Instance, InstanceError};
use super::ids::{NOT_YET, Party};
use super::read::{Owner, State};
use super::{NamedInstance, ReadError};

/// Checks that every id used is defined, numbers candidates and posts in
/// input order and builds the engine's instance.
pub(super) fn check(state: State<'_>) -> Result<NamedInstance<'_>, ReadError> {
    // Of the ids used but never defined, report the first in the file.
    for &section in &state.sections {
        let (flat, offsets, users, used) = match section {
            Owner::Candidate => (
                &state.choices,
                &state.choice_offsets,
                &state.candidates,
                &state.posts,
            ),
            Owner::Post => (
                &state.rankings,
                &state.ranking_offsets,
                &state.posts,
                &state.candidates,
            ),
        };
        if let Some(at) = flat
            .iter()
            .position(|&i| used.number[i as usize] == NOT_YET)
        {
            // The list holding entry `at` (lists may be empty).
            let list = offsets.partition_point(|&offset| offset <= at) - 1;
            let user = users.ids.get(users.defined[list]).to_owned();
            let id = used.ids.get(flat[at]).to_owned();
            return Err(match section {
                Owner::Candidate => ReadError::UnknownPost {
                    candidate: user,
                    post: id,
                },
                Owner::Post => ReadError::UnknownCandidate {
                    post: user,
                    candidate: id,
                },
            });
        }
    }

    let lists = |flat: &[u32], offsets: &[usize], other: &Party<'_>| -> Vec<Vec<u32>> {
        offsets
            .windows(2)
            .map(|w| {
                flat[w[0]..w[1]]
                    .iter()
                    .map(|&i| other.number[i as usize])
                    .collect()
            })
            .collect()
    };
    let choices = lists(&state.choices, &state.choice_offsets, &state.posts);
    let rankings = lists(&state.rankings, &state.ranking_offsets, &state.candidates);
    let candidate_ids = state.candidates.into_input_order();
    let post_ids = state.posts.into_input_order();

    let instance =
        Instance::from_lists(&choices, state.capacity, &rankings).map_err(|err| match err {
            InstanceError::DuplicatePost { candidate, post } => ReadError::ListedTwice {
                candidate: candidate_ids[candidate as usize].to_string(),
                post: post_ids[post as usize].to_string(),
            },
            InstanceError::DuplicateCandidate { post, candidate } => ReadError::RankedTwice {
                post: post_ids[post as usize].to_string(),
                candidate: candidate_ids[candidate as usize].to_string(),
            },
            // Unknown ids were caught above and the budget keeps counts far
            // below the index limits.
            other => ReadError::Instance(other),
        })?;
    Ok(NamedInstance {
        candidate_ids,
        post_ids,
        choices,
        instance,
        optimal: state.optimal.unwrap_or_default(),
    })
}
