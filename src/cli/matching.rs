//! `reorg match INSTANCE`: the matching engine on its own, for scripting and
//! for cross-checking it against other implementations.
//!
//! # Input
//!
//! One JSON object, from a file or from standard input (`-`):
//!
//! ```json
//! {
//!   "candidates": {"c1": ["p2", "p1"], "c2": ["p1"]},
//!   "posts": {
//!     "p1": {"capacity": 1, "ranking": ["c2", "c1"]},
//!     "p2": {"capacity": 0, "ranking": ["c1"]}
//!   },
//!   "optimal": "candidate"
//! }
//! ```
//!
//! Lists are best first. `optimal` is `"candidate"` (the default) or
//! `"post"`; `--optimal` overrides it. A capacity is a whole number from 0 to
//! 2^32 − 1. A pair listed by only one side is allowed and simply not
//! acceptable. Unknown ids, an id listed twice in one list, a candidate or
//! post defined twice, unknown keys and wrong types are errors naming the
//! offending id (exit code 2). At most [`MAX_ENTRIES`] ids and list entries
//! are read, from at most [`MAX_INPUT_BYTES`] bytes.
//!
//! # Output (wire format)
//!
//! With `--format json` (the default), one pretty-printed object:
//!
//! ```json
//! {
//!   "assignment": {"c1": "p1", "c2": null},
//!   "blocking_pairs": 0
//! }
//! ```
//!
//! `assignment` has every candidate, in input order, mapped to its post or
//! `null`. `blocking_pairs` is present only with `--verify`: the number of
//! blocking pairs found by an independent check of the result (always 0
//! unless the engine is wrong). `--format table` prints a table of candidate,
//! post and choice rank (1 = first choice as listed in the input), then
//! `blocking pairs: N` with `--verify`.

use std::borrow::Cow;
use std::fmt;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use serde::Serialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::cli::bad_input;
use crate::matching::{self, Instance, InstanceError, Matching, Side};

/// Most ids (candidates and posts) plus list entries (choices and ranking
/// places) an instance may have in total.
pub const MAX_ENTRIES: usize = 10_000_000;

/// Largest instance file read, in bytes (256 MiB).
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// Arguments of `reorg match`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The instance file (JSON), or `-` to read standard input.
    pub instance: PathBuf,
    /// Which side's optimal stable matching to compute; overrides the file's
    /// `optimal`.
    #[arg(long, value_enum)]
    pub optimal: Option<Optimal>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// Also check the result and report its number of blocking pairs.
    #[arg(long)]
    pub verify: bool,
}

/// The side whose optimal stable matching is computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Optimal {
    /// Candidates propose: best for the candidates.
    Candidate,
    /// Posts propose: best for the posts.
    Post,
}

impl From<Optimal> for Side {
    fn from(optimal: Optimal) -> Side {
        match optimal {
            Optimal::Candidate => Side::Candidate,
            Optimal::Post => Side::Post,
        }
    }
}

/// Output formats of `reorg match`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The JSON object described in the module documentation.
    Json,
    /// A table for people.
    Table,
}

/// Runs `reorg match`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let name = if is_stdin(&args.instance) {
        "<stdin>".to_owned()
    } else {
        args.instance.display().to_string()
    };
    let bytes = read_input(&args.instance)
        .with_context(|| format!("cannot read `{name}`"))
        .map_err(bad_input)?;
    let problem = Problem::parse(&bytes)
        .with_context(|| format!("invalid instance `{name}`"))
        .map_err(bad_input)?;

    let side = args.optimal.map_or(problem.optimal, Side::from);
    let matching = matching::deferred_acceptance(&problem.instance, side);
    let blocking_pairs = if args.verify {
        // An invalid result here would be a bug in the engine, not bad input.
        Some(matching::verify(&problem.instance, &matching)?.len())
    } else {
        None
    };

    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        Format::Json => write_json(&mut out, &problem, &matching, blocking_pairs)?,
        Format::Table => write_table(&mut out, &problem, &matching, blocking_pairs)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Reads the whole input, refusing more than [`MAX_INPUT_BYTES`].
fn read_input(path: &Path) -> anyhow::Result<Vec<u8>> {
    let too_large = || anyhow::anyhow!("the instance is larger than {} MiB", MAX_INPUT_BYTES >> 20);
    let mut bytes = Vec::new();
    if is_stdin(path) {
        std::io::stdin()
            .lock()
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)?;
    } else {
        let file = std::fs::File::open(path)?;
        // Sized up front: one allocation, no copies while growing.
        let len = file.metadata().map_or(0, |m| m.len());
        if len > MAX_INPUT_BYTES {
            return Err(too_large());
        }
        bytes.reserve_exact(len as usize + 1);
        file.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes)?;
    }
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

/// An id as written in the input, borrowed when it has no escapes.
type Id<'a> = Cow<'a, str>;

/// A checked instance: the engine's [`Instance`] plus the ids to print.
struct Problem<'a> {
    candidate_ids: Vec<Id<'a>>,
    post_ids: Vec<Id<'a>>,
    /// Candidates' choices as indices, as listed (including pairs the post
    /// does not rank back), for the choice rank in the table.
    choices: Vec<Vec<u32>>,
    instance: Instance,
    optimal: Side,
}

impl<'a> Problem<'a> {
    fn parse(bytes: &'a [u8]) -> anyhow::Result<Self> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut state = State::new();
        let mut deserializer = serde_json::Deserializer::from_slice(bytes);
        DocumentSeed { state: &mut state }.deserialize(&mut deserializer)?;
        deserializer.end()?;
        Self::check(state)
    }

    /// Checks that every id used is defined, numbers candidates and posts in
    /// input order and builds the engine's instance, with messages in terms
    /// of the ids.
    fn check(state: State<'a>) -> anyhow::Result<Self> {
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
                let user = users.ids.get(users.defined[list]);
                let id = used.ids.get(flat[at]);
                match section {
                    Owner::Candidate => {
                        anyhow::bail!("candidate `{user}` lists unknown post `{id}`")
                    }
                    Owner::Post => anyhow::bail!("post `{user}` ranks unknown candidate `{id}`"),
                }
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
                InstanceError::DuplicatePost { candidate, post } => anyhow::anyhow!(
                    "candidate `{}` lists post `{}` twice",
                    candidate_ids[candidate as usize],
                    post_ids[post as usize]
                ),
                InstanceError::DuplicateCandidate { post, candidate } => anyhow::anyhow!(
                    "post `{}` ranks candidate `{}` twice",
                    post_ids[post as usize],
                    candidate_ids[candidate as usize]
                ),
                // Unknown ids were caught above and the budget keeps counts
                // far below the index limits.
                other => anyhow::Error::new(other),
            })?;
        Ok(Problem {
            candidate_ids,
            post_ids,
            choices,
            instance,
            optimal: state.optimal.unwrap_or_default(),
        })
    }
}

/// The JSON output; see the module documentation.
#[derive(Serialize)]
struct Output<'p> {
    assignment: AssignmentOut<'p>,
    #[serde(skip_serializing_if = "Option::is_none")]
    blocking_pairs: Option<usize>,
}

/// Serialises as `{candidate: post-or-null}` straight from the matching.
struct AssignmentOut<'p> {
    problem: &'p Problem<'p>,
    matching: &'p Matching,
}

impl Serialize for AssignmentOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let ids = &self.problem.candidate_ids;
        let mut map = serializer.serialize_map(Some(ids.len()))?;
        for (id, assignment) in ids.iter().zip(self.matching.iter()) {
            let post = assignment.map(|a| &*self.problem.post_ids[a.post as usize]);
            map.serialize_entry(&**id, &post)?;
        }
        map.end()
    }
}

fn write_json(
    out: &mut impl Write,
    problem: &Problem<'_>,
    matching: &Matching,
    blocking_pairs: Option<usize>,
) -> anyhow::Result<()> {
    let output = Output {
        assignment: AssignmentOut { problem, matching },
        blocking_pairs,
    };
    serde_json::to_writer_pretty(&mut *out, &output)?;
    out.write_all(b"\n")?;
    Ok(())
}

fn write_table(
    out: &mut impl Write,
    problem: &Problem<'_>,
    matching: &Matching,
    blocking_pairs: Option<usize>,
) -> anyhow::Result<()> {
    let mut rows = Vec::new();
    for (c, assignment) in matching.iter().enumerate() {
        let (post, rank) = match assignment {
            Some(a) => {
                // Rank in the candidate's list as given, which may include
                // posts that did not rank them back.
                let rank = problem.choices[c]
                    .iter()
                    .position(|&p| p == a.post)
                    .map_or(0, |i| i + 1);
                (
                    problem.post_ids[a.post as usize].to_string(),
                    rank.to_string(),
                )
            }
            None => ("-".to_owned(), "-".to_owned()),
        };
        rows.push(vec![problem.candidate_ids[c].to_string(), post, rank]);
    }
    let table = crate::report::document::Section {
        title: None,
        header: ["candidate", "post", "choice rank"]
            .map(String::from)
            .to_vec(),
        rows,
        numeric_from: 2,
        layout: crate::report::document::Layout::Boxed,
    };
    writeln!(out, "{}", crate::report::document::terminal_table(&table))?;
    if let Some(n) = blocking_pairs {
        writeln!(out, "blocking pairs: {n}")?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Parsing. Hand-written serde visitors rather than derives, so that every
// message names the candidate or post it is about, duplicate ids are caught
// (serde_json silently keeps the last of two equal keys), the size budget is
// enforced while reading rather than after everything is in memory, and ids
// are turned into numbers as they are read (one table lookup per list entry,
// no per-entry strings kept). serde_json appends " at line L column C" to
// each message.

/// Everything read so far.
#[derive(Default)]
struct State<'de> {
    /// Ids and list entries still allowed.
    budget: usize,
    /// The order in which `candidates` and `posts` came, to report the first
    /// unknown id in the file.
    sections: Vec<Owner>,
    candidates: Party<'de>,
    posts: Party<'de>,
    /// Each candidate's choices (post table indices), in input order;
    /// `choice_offsets` delimits them.
    choices: Vec<u32>,
    choice_offsets: Vec<usize>,
    /// Each post's ranking (candidate table indices), in input order.
    rankings: Vec<u32>,
    ranking_offsets: Vec<usize>,
    /// Seats per post, in input order.
    capacity: Vec<u32>,
    optimal: Option<Side>,
    /// Ids read from the current list and not yet looked up (at most `BATCH`).
    pending: Vec<Id<'de>>,
}

/// Ids of a list looked up together: their table slots are loaded first, all
/// at once, so that the cache misses overlap instead of coming one after the
/// other (random ids in a large table miss the cache on nearly every lookup).
const BATCH: usize = 16;

impl State<'_> {
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

    fn new() -> Self {
        State {
            budget: MAX_ENTRIES,
            ..State::default()
        }
    }

    fn take_budget<E: de::Error>(&mut self) -> Result<(), E> {
        if self.budget == 0 {
            return Err(E::custom(format_args!(
                "the instance is too large: more than {MAX_ENTRIES} ids and list entries in total"
            )));
        }
        self.budget -= 1;
        Ok(())
    }
}

/// One side's ids: every id seen, defined or only used so far, numbered in
/// order of first appearance by the table, plus each defined id's number in
/// input order.
#[derive(Default)]
struct Party<'de> {
    ids: IdTable<'de>,
    /// Per table index: position among the definitions (input order), or
    /// `NOT_YET` while the id has only been used in a list.
    number: Vec<u32>,
    /// Table indices in input order.
    defined: Vec<u32>,
}

const NOT_YET: u32 = u32::MAX;

impl<'de> Party<'de> {
    /// Records the definition of `id`; false if it was defined before.
    fn define(&mut self, id: Id<'de>) -> bool {
        let (index, new) = self.ids.intern(id);
        if new {
            self.number.push(NOT_YET);
        }
        let number = &mut self.number[index as usize];
        if *number != NOT_YET {
            return false;
        }
        *number = self.defined.len() as u32;
        self.defined.push(index);
        true
    }

    /// The defined ids in input order.
    fn into_input_order(mut self) -> Vec<Id<'de>> {
        self.defined
            .iter()
            .map(|&i| std::mem::take(&mut self.ids.ids[i as usize]))
            .collect()
    }
}

/// Interns ids: string to dense index, in order of first appearance.
///
/// An open-addressing table whose slots hold ids of up to 15 bytes inline,
/// so that a lookup usually touches one slot and nothing else; a `HashMap`
/// keyed by `&str` also reads the stored key from wherever it lies in the
/// input, a second cache miss that dominated `reorg match` on large inputs.
/// Longer ids are compared against the stored string.
struct IdTable<'de> {
    ids: Vec<Id<'de>>,
    slots: Vec<Slot>,
    /// Random per process, so that a crafted input cannot aim at collisions.
    /// Indices, and so the output, do not depend on it.
    seed: u64,
}

#[derive(Clone, Copy)]
struct Slot {
    /// Up to 15 bytes of the id and, in the top byte, its length (0xFF when
    /// longer than 15 bytes).
    inline: [u64; 2],
    hash: u32,
    /// `NOT_YET` for an empty slot.
    index: u32,
}

const EMPTY_SLOT: Slot = Slot {
    inline: [0; 2],
    hash: 0,
    index: NOT_YET,
};

impl Default for IdTable<'_> {
    fn default() -> Self {
        use std::hash::BuildHasher;
        IdTable {
            ids: Vec::new(),
            slots: vec![EMPTY_SLOT; 16],
            seed: std::collections::hash_map::RandomState::new().hash_one(0x5eed_u64),
        }
    }
}

impl<'de> IdTable<'de> {
    fn get(&self, index: u32) -> &str {
        &self.ids[index as usize]
    }

    /// The index of `id`, and whether it is new.
    fn intern(&mut self, id: Id<'de>) -> (u32, bool) {
        self.reserve(1);
        let hash = self.hash(id.as_bytes());
        self.intern_hashed(id, hash)
    }

    /// Makes room for `more` new ids. At most three quarters of the slots
    /// are used: linear probing stays short, and 10 million ids fit in 2^24
    /// slots.
    fn reserve(&mut self, more: usize) {
        while (self.ids.len() + more) * 4 > self.slots.len() * 3 {
            self.grow();
        }
    }

    /// Loads the slots where these hashes start probing, so that the lookups
    /// that follow find them in the cache.
    fn touch(&self, hashes: &[u32]) {
        let mask = self.slots.len() - 1;
        let sum = hashes.iter().fold(0u32, |sum, &hash| {
            sum.wrapping_add(self.slots[hash as usize & mask].index)
        });
        std::hint::black_box(sum);
    }

    /// [`intern`](Self::intern) with the hash computed and room reserved.
    fn intern_hashed(&mut self, id: Id<'de>, hash: u32) -> (u32, bool) {
        let bytes = id.as_bytes();
        let inline = pack(bytes);
        let mask = self.slots.len() - 1;
        let mut at = hash as usize & mask;
        loop {
            let slot = self.slots[at];
            if slot.index == NOT_YET {
                let index = self.ids.len() as u32;
                self.slots[at] = Slot {
                    inline,
                    hash,
                    index,
                };
                self.ids.push(id);
                return (index, true);
            }
            if slot.hash == hash
                && slot.inline == inline
                && (bytes.len() <= 15 || *self.ids[slot.index as usize] == *id)
            {
                return (slot.index, false);
            }
            at = (at + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        let mask = size - 1;
        let mut slots = vec![EMPTY_SLOT; size];
        for slot in self.slots.iter().filter(|s| s.index != NOT_YET) {
            let mut at = slot.hash as usize & mask;
            while slots[at].index != NOT_YET {
                at = (at + 1) & mask;
            }
            slots[at] = *slot;
        }
        self.slots = slots;
    }

    /// A fast multiplicative hash over 8-byte words (FxHash-like), seeded.
    fn hash(&self, bytes: &[u8]) -> u32 {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut h = self.seed ^ bytes.len() as u64;
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
        // Fold the well-mixed high bits down, since the low bits index the table.
        ((h >> 32) ^ h) as u32
    }
}

/// The inline form of an id: up to 15 bytes and the length.
fn pack(bytes: &[u8]) -> [u64; 2] {
    let mut buf = [0u8; 16];
    let n = bytes.len().min(15);
    buf[..n].copy_from_slice(&bytes[..n]);
    buf[15] = if bytes.len() <= 15 {
        bytes.len() as u8
    } else {
        0xFF
    };
    let (lo, hi) = buf.split_at(8);
    [
        u64::from_le_bytes(lo.try_into().expect("8 bytes")),
        u64::from_le_bytes(hi.try_into().expect("8 bytes")),
    ]
}

/// Whose list is being read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Owner {
    Candidate,
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
                    return Err(de::Error::custom(format_args!(
                        "unknown key `{other}`; expected `candidates`, `posts` or `optimal`"
                    )));
                }
            };
            if std::mem::replace(seen, true) {
                return Err(de::Error::custom(format_args!("duplicate key `{key}`")));
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
                _ => state.optimal = Some(map.next_value_seed(OptimalSeed)?),
            }
        }
        if !candidates {
            return Err(de::Error::custom("missing `candidates`"));
        }
        if !posts {
            return Err(de::Error::custom("missing `posts`"));
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
                return Err(de::Error::custom(format_args!(
                    "duplicate candidate `{id}`"
                )));
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
                return Err(de::Error::custom(format_args!("duplicate post `{id}`")));
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
                        return Err(de::Error::custom(format_args!(
                            "post `{id}` has `capacity` twice"
                        )));
                    }
                    capacity = Some(map.next_value_seed(CapacitySeed { id: &id })?);
                }
                "ranking" => {
                    if std::mem::replace(&mut ranking, true) {
                        return Err(de::Error::custom(format_args!(
                            "post `{id}` has `ranking` twice"
                        )));
                    }
                    map.next_value_seed(ListSeed {
                        state: &mut *state,
                        owner: Owner::Post,
                        id: id.clone(),
                    })?;
                }
                other => {
                    return Err(de::Error::custom(format_args!(
                        "post `{id}` has unknown key `{other}`; expected `capacity` or `ranking`"
                    )));
                }
            }
        }
        let capacity = capacity
            .ok_or_else(|| de::Error::custom(format_args!("post `{id}` has no `capacity`")))?;
        if !ranking {
            return Err(de::Error::custom(format_args!(
                "post `{id}` has no `ranking`"
            )));
        }
        Ok(capacity)
    }
}

/// A post's capacity: a whole number that fits in a `u32`.
struct CapacitySeed<'i> {
    id: &'i str,
}

impl CapacitySeed<'_> {
    fn reject<E: de::Error>(&self, value: impl fmt::Display) -> E {
        E::custom(format_args!(
            "post `{}` has capacity {value}; expected a whole number from 0 to {}",
            self.id,
            u32::MAX
        ))
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
struct OptimalSeed;

impl<'de> DeserializeSeed<'de> for OptimalSeed {
    type Value = Side;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for OptimalSeed {
    type Value = Side;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("`optimal` as `candidate` or `post`")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Side, E> {
        match v {
            "candidate" => Ok(Side::Candidate),
            "post" => Ok(Side::Post),
            other => Err(E::custom(format_args!(
                "unknown `optimal` value `{other}`; expected `candidate` or `post`"
            ))),
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
        state.pending.clear();
        while let Some(item) = seq.next_element_seed(ElementSeed { owner, id: &id })? {
            state.take_budget()?;
            state.pending.push(item);
            if state.pending.len() == BATCH {
                state.resolve_pending(owner);
            }
        }
        state.resolve_pending(owner);
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
