//! Reading the JSON text: hand-written serde visitors that stream through it
//! once, interning ids as they come.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::super::Side;
use super::ids::{NOT_YET, Party};
use super::{Id, Position, ReadError};

// Hand-written serde visitors rather than derives, so that every error names
// the candidate or post it is about, duplicate ids are caught (serde_json
// silently keeps the last of two equal keys), the size budget is enforced
// while reading rather than after everything is in memory, and ids are turned
// into numbers as they are read (one table lookup per list entry, no
// per-entry strings kept).
//
// serde errors carry text only, so a visitor that refuses something parks the
// typed error in `State::error` (or a slot lent to it) and returns a
// placeholder; serde_json gives the placeholder the position where reading
// stopped, which `read` then copies into the typed error.

/// Reads `bytes` (JSON, without a byte order mark) into a [`State`]: ids
/// interned, lists as table indices, nothing checked that needs the whole
/// instance.
pub(super) fn read(bytes: &[u8], max_entries: usize) -> Result<State<'_>, ReadError> {
    let mut state = State::new(max_entries);
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let read = DocumentSeed { state: &mut state }
        .deserialize(&mut deserializer)
        .and_then(|()| deserializer.end());
    match read {
        Ok(()) => Ok(state),
        Err(err) => Err(match state.error.take() {
            Some(error) => error.found_at(Position {
                line: err.line(),
                column: err.column(),
            }),
            None => ReadError::malformed(&err),
        }),
    }
}

/// The text of the placeholder error; never shown, since `read` replaces it.
const PARKED: &str = "refused (see the parked error)";

/// Parks `error` in `slot` and returns the placeholder serde carries up.
fn park<E: de::Error>(slot: &mut Option<ReadError>, error: ReadError) -> E {
    *slot = Some(error);
    E::custom(PARKED)
}

/// A position to be filled in by `read`.
const SOMEWHERE: Position = Position { line: 0, column: 0 };

/// Everything read so far.
#[derive(Default)]
pub(super) struct State<'de> {
    /// Ids and list entries still allowed.
    budget: usize,
    /// The bound `budget` started from, for the message.
    max_entries: usize,
    /// The error a visitor refused the input with, until `read` places it.
    error: Option<ReadError>,
    /// The order in which `candidates` and `posts` came, to report the first
    /// unknown id in the file.
    pub(super) sections: Vec<Owner>,
    pub(super) candidates: Party<'de>,
    pub(super) posts: Party<'de>,
    /// Each candidate's choices (post table indices), in input order;
    /// `choice_offsets` delimits them.
    pub(super) choices: Vec<u32>,
    pub(super) choice_offsets: Vec<usize>,
    /// Each post's ranking (candidate table indices), in input order.
    pub(super) rankings: Vec<u32>,
    pub(super) ranking_offsets: Vec<usize>,
    /// Seats per post, in input order.
    pub(super) capacity: Vec<u32>,
    pub(super) optimal: Option<Side>,
    /// Ids read from the current list and not yet looked up (at most `BATCH`).
    pending: Vec<Id<'de>>,
}

/// Ids of a list looked up together: their table slots are loaded first, all
/// at once, so that the cache misses overlap instead of coming one after the
/// other (random ids in a large table miss the cache on nearly every lookup).
const BATCH: usize = 16;

impl<'de> State<'de> {
    /// Looks up the pending ids of a list owned by `owner` and appends their
    /// table indices to that side's lists.
    fn resolve_pending(&mut self, owner: Owner) {
        let (used, out) = match owner {
            Owner::Candidate => (&mut self.posts, &mut self.choices),
            Owner::Post => (&mut self.candidates, &mut self.rankings),
        };
        let ids = &mut used.ids;
        ids.reserve(self.pending.len());
        let mut hashes = [0u32; BATCH];
        for (hash, id) in hashes.iter_mut().zip(&self.pending) {
            *hash = ids.hash(id.as_bytes());
        }
        let hashes = &hashes[..self.pending.len()];
        ids.touch(hashes);
        for (id, &hash) in self.pending.drain(..).zip(hashes) {
            let (index, new) = ids.intern_hashed(id, hash);
            if new {
                used.number.push(NOT_YET);
            }
            out.push(index);
        }
    }

    /// Refuses the input with `error` (parked until `read` places it).
    fn fail<E: de::Error>(&mut self, error: ReadError) -> E {
        park(&mut self.error, error)
    }

    /// Nothing read yet; at most `max_entries` ids and list entries to come.
    pub(super) fn new(max_entries: usize) -> Self {
        State {
            budget: max_entries,
            max_entries,
            ..State::default()
        }
    }

    /// Counts one id or list entry against the bound: false when none is
    /// left.
    pub(super) fn spend(&mut self) -> bool {
        let left = self.budget > 0;
        self.budget = self.budget.saturating_sub(1);
        left
    }

    /// Starts reading a list of ids.
    pub(super) fn start_list(&mut self) {
        self.pending.clear();
    }

    /// Takes the next id of the list being read, owned by `owner`.
    pub(super) fn push_entry(&mut self, owner: Owner, id: Id<'de>) {
        self.pending.push(id);
        if self.pending.len() == BATCH {
            self.resolve_pending(owner);
        }
    }

    /// Ends the list being read, owned by `owner`.
    pub(super) fn end_list(&mut self, owner: Owner) {
        self.resolve_pending(owner);
    }

    fn take_budget<E: de::Error>(&mut self) -> Result<(), E> {
        if !self.spend() {
            return Err(self.fail(ReadError::TooLarge {
                max: self.max_entries,
                at: SOMEWHERE,
            }));
        }
        Ok(())
    }
}

/// Whose list is being read.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Owner {
    /// `candidates`, and a candidate's choices.
    Candidate,
    /// `posts`, and a post's ranking.
    Post,
}

/// The whole document.
struct DocumentSeed<'s, 'de> {
    state: &'s mut State<'de>,
}

impl<'de> DeserializeSeed<'de> for DocumentSeed<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DocumentSeed<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object with `candidates` and `posts`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let state = self.state;
        let (mut candidates, mut posts, mut optimal) = (false, false, false);
        while let Some(key) = map.next_key_seed(IdSeed)? {
            let seen = match &*key {
                "candidates" => &mut candidates,
                "posts" => &mut posts,
                "optimal" => &mut optimal,
                other => {
                    let key = other.to_owned();
                    return Err(state.fail(ReadError::UnknownKey { key, at: SOMEWHERE }));
                }
            };
            if std::mem::replace(seen, true) {
                let key = key.into_owned();
                return Err(state.fail(ReadError::DuplicateKey { key, at: SOMEWHERE }));
            }
            match &*key {
                "candidates" => {
                    state.sections.push(Owner::Candidate);
                    map.next_value_seed(CandidatesSeed { state: &mut *state })?;
                }
                "posts" => {
                    state.sections.push(Owner::Post);
                    map.next_value_seed(PostsSeed { state: &mut *state })?;
                }
                _ => {
                    let error = &mut state.error;
                    state.optimal = Some(map.next_value_seed(OptimalSeed { error })?);
                }
            }
        }
        for (present, key) in [(candidates, "candidates"), (posts, "posts")] {
            if !present {
                return Err(state.fail(ReadError::MissingKey { key, at: SOMEWHERE }));
            }
        }
        Ok(())
    }
}

/// A string id (a map key), borrowed when possible.
struct IdSeed;

impl<'de> DeserializeSeed<'de> for IdSeed {
    type Value = Id<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for IdSeed {
    type Value = Id<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// `"candidates": {id: [post ids]}`.
struct CandidatesSeed<'s, 'de> {
    state: &'s mut State<'de>,
}

impl<'de> DeserializeSeed<'de> for CandidatesSeed<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for CandidatesSeed<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("`candidates` as an object from candidate ids to lists of post ids")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let state = self.state;
        state.choice_offsets.push(state.choices.len());
        while let Some(id) = map.next_key_seed(IdSeed)? {
            state.take_budget()?;
            if !state.candidates.define(id.clone()) {
                return Err(state.fail(ReadError::DuplicateCandidate {
                    candidate: id.into_owned(),
                    at: SOMEWHERE,
                }));
            }
            map.next_value_seed(ListSeed {
                state: &mut *state,
                owner: Owner::Candidate,
                id,
            })?;
            state.choice_offsets.push(state.choices.len());
        }
        Ok(())
    }
}

/// `"posts": {id: {"capacity": n, "ranking": [candidate ids]}}`.
struct PostsSeed<'s, 'de> {
    state: &'s mut State<'de>,
}

impl<'de> DeserializeSeed<'de> for PostsSeed<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PostsSeed<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("`posts` as an object from post ids to objects with `capacity` and `ranking`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let state = self.state;
        state.ranking_offsets.push(state.rankings.len());
        while let Some(id) = map.next_key_seed(IdSeed)? {
            state.take_budget()?;
            if !state.posts.define(id.clone()) {
                return Err(state.fail(ReadError::DuplicatePost {
                    post: id.into_owned(),
                    at: SOMEWHERE,
                }));
            }
            let capacity = map.next_value_seed(PostSeed {
                state: &mut *state,
                id,
            })?;
            state.capacity.push(capacity);
            state.ranking_offsets.push(state.rankings.len());
        }
        Ok(())
    }
}

/// One post's object; reads the ranking into the state and returns the
/// capacity.
struct PostSeed<'s, 'de> {
    state: &'s mut State<'de>,
    id: Id<'de>,
}

impl<'de> DeserializeSeed<'de> for PostSeed<'_, 'de> {
    type Value = u32;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<u32, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PostSeed<'_, 'de> {
    type Value = u32;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "post `{}` as an object with `capacity` and `ranking`",
            self.id
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<u32, A::Error> {
        let Self { state, id } = self;
        let mut capacity = None;
        let mut ranking = false;
        while let Some(key) = map.next_key_seed(IdSeed)? {
            match &*key {
                "capacity" => {
                    if capacity.is_some() {
                        return Err(state.fail(ReadError::PostKeyTwice {
                            post: id.into_owned(),
                            key: "capacity",
                            at: SOMEWHERE,
                        }));
                    }
                    let error = &mut state.error;
                    capacity = Some(map.next_value_seed(CapacitySeed { id: &id, error })?);
                }
                "ranking" => {
                    if std::mem::replace(&mut ranking, true) {
                        return Err(state.fail(ReadError::PostKeyTwice {
                            post: id.into_owned(),
                            key: "ranking",
                            at: SOMEWHERE,
                        }));
                    }
                    map.next_value_seed(ListSeed {
                        state: &mut *state,
                        owner: Owner::Post,
                        id: id.clone(),
                    })?;
                }
                other => {
                    let key = other.to_owned();
                    return Err(state.fail(ReadError::UnknownPostKey {
                        post: id.into_owned(),
                        key,
                        at: SOMEWHERE,
                    }));
                }
            }
        }
        let missing = match (capacity, ranking) {
            (Some(capacity), true) => return Ok(capacity),
            (None, _) => "capacity",
            (Some(_), false) => "ranking",
        };
        Err(state.fail(ReadError::MissingPostKey {
            post: id.into_owned(),
            key: missing,
            at: SOMEWHERE,
        }))
    }
}

/// A post's capacity: a whole number that fits in a `u32`.
struct CapacitySeed<'i> {
    id: &'i str,
    /// Where to park a refusal (the state's).
    error: &'i mut Option<ReadError>,
}

impl CapacitySeed<'_> {
    fn reject<E: de::Error>(self, value: impl fmt::Display) -> E {
        let error = ReadError::BadCapacity {
            post: self.id.to_owned(),
            value: value.to_string(),
            at: SOMEWHERE,
        };
        park(self.error, error)
    }
}

impl<'de> DeserializeSeed<'de> for CapacitySeed<'_> {
    type Value = u32;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_u32(self)
    }
}

impl<'de> Visitor<'de> for CapacitySeed<'_> {
    type Value = u32;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "the capacity of post `{}` as a whole number from 0 to {}",
            self.id,
            u32::MAX
        )
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<u32, E> {
        u32::try_from(v).map_err(|_| self.reject(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<u32, E> {
        u32::try_from(v).map_err(|_| self.reject(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<u32, E> {
        // Debug keeps the fraction visible: `2.0`, not `2`.
        Err(self.reject(format_args!("{v:?}")))
    }
}

/// `"optimal": "candidate" | "post"`.
struct OptimalSeed<'s> {
    /// Where to park a refusal (the state's).
    error: &'s mut Option<ReadError>,
}

impl<'de> DeserializeSeed<'de> for OptimalSeed<'_> {
    type Value = Side;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for OptimalSeed<'_> {
    type Value = Side;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("`optimal` as `candidate` or `post`")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Side, E> {
        match v {
            "candidate" => Ok(Side::Candidate),
            "post" => Ok(Side::Post),
            other => Err(park(
                self.error,
                ReadError::UnknownOptimal {
                    value: other.to_owned(),
                    at: SOMEWHERE,
                },
            )),
        }
    }
}

/// A candidate's choices or a post's ranking: ids of the other side, interned
/// into the state as they are read.
struct ListSeed<'s, 'de> {
    state: &'s mut State<'de>,
    owner: Owner,
    /// The owner's id, for messages.
    id: Id<'de>,
}

impl<'de> DeserializeSeed<'de> for ListSeed<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ListSeed<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self.owner {
            Owner::Candidate => write!(
                f,
                "the choices of candidate `{}` as a list of post ids",
                self.id
            ),
            Owner::Post => write!(
                f,
                "the ranking of post `{}` as a list of candidate ids",
                self.id
            ),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Self { state, owner, id } = self;
        state.start_list();
        while let Some(item) = seq.next_element_seed(ElementSeed { owner, id: &id })? {
            state.take_budget()?;
            state.push_entry(owner, item);
        }
        state.end_list(owner);
        Ok(())
    }
}

/// One id inside a list, with a message naming the list's owner.
struct ElementSeed<'i> {
    owner: Owner,
    id: &'i str,
}

impl<'de> DeserializeSeed<'de> for ElementSeed<'_> {
    type Value = Id<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for ElementSeed<'_> {
    type Value = Id<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self.owner {
            Owner::Candidate => write!(
                f,
                "a post id (a string) in the choices of candidate `{}`",
                self.id
            ),
            Owner::Post => write!(
                f,
                "a candidate id (a string) in the ranking of post `{}`",
                self.id
            ),
        }
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}
