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
use std::cell::Cell;
use std::collections::HashMap;
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
    let reader: Box<dyn Read> = if is_stdin(path) {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(path)?)
    };
    let mut bytes = Vec::new();
    reader.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        anyhow::bail!("the instance is larger than {} MiB", MAX_INPUT_BYTES >> 20);
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
        let budget = Budget(Cell::new(MAX_ENTRIES));
        let mut deserializer = serde_json::Deserializer::from_slice(bytes);
        let raw = RawSeed { budget: &budget }.deserialize(&mut deserializer)?;
        deserializer.end()?;
        Self::check(raw)
    }

    /// Resolves ids to indices and builds the engine's instance, with
    /// messages in terms of the ids.
    fn check(raw: RawInstance<'a>) -> anyhow::Result<Self> {
        let candidate_index = index_of(&raw.candidates.ids);
        let post_index = index_of(&raw.posts.ids);

        let mut choices = Vec::with_capacity(raw.candidates.ids.len());
        for (c, list) in raw.candidates.lists.iter().enumerate() {
            let resolved = list
                .iter()
                .map(|post| {
                    post_index.get(&**post).copied().with_context(|| {
                        format!(
                            "candidate `{}` lists unknown post `{post}`",
                            raw.candidates.ids[c]
                        )
                    })
                })
                .collect::<anyhow::Result<Vec<u32>>>()?;
            choices.push(resolved);
        }
        let mut rankings = Vec::with_capacity(raw.posts.ids.len());
        for (p, list) in raw.posts.lists.iter().enumerate() {
            let resolved = list
                .iter()
                .map(|candidate| {
                    candidate_index.get(&**candidate).copied().with_context(|| {
                        format!(
                            "post `{}` ranks unknown candidate `{candidate}`",
                            raw.posts.ids[p]
                        )
                    })
                })
                .collect::<anyhow::Result<Vec<u32>>>()?;
            rankings.push(resolved);
        }

        let instance =
            Instance::from_lists(&choices, raw.capacity, &rankings).map_err(|err| match err {
                InstanceError::DuplicatePost { candidate, post } => anyhow::anyhow!(
                    "candidate `{}` lists post `{}` twice",
                    raw.candidates.ids[candidate as usize],
                    raw.posts.ids[post as usize]
                ),
                InstanceError::DuplicateCandidate { post, candidate } => anyhow::anyhow!(
                    "post `{}` ranks candidate `{}` twice",
                    raw.posts.ids[post as usize],
                    raw.candidates.ids[candidate as usize]
                ),
                // Unknown ids were caught above and the budget keeps counts
                // far below the index limits.
                other => anyhow::Error::new(other),
            })?;
        Ok(Problem {
            candidate_ids: raw.candidates.ids,
            post_ids: raw.posts.ids,
            choices,
            instance,
            optimal: raw.optimal.unwrap_or_default(),
        })
    }
}

fn index_of<'s>(ids: &'s [Id<'_>]) -> HashMap<&'s str, u32> {
    ids.iter()
        .enumerate()
        .map(|(i, id)| (&**id, i as u32))
        .collect()
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
    let mut table = crate::report::table::new(&["candidate", "post", "choice rank"], 2);
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
        table.add_row([problem.candidate_ids[c].to_string(), post, rank]);
    }
    writeln!(out, "{table}")?;
    if let Some(n) = blocking_pairs {
        writeln!(out, "blocking pairs: {n}")?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Parsing. Hand-written serde visitors rather than derives, so that every
// message names the candidate or post it is about, duplicate ids are caught
// (serde_json silently keeps the last of two equal keys), and the size budget
// is enforced while reading rather than after everything is in memory.
// serde_json appends " at line L column C" to each message.

/// Ids and lists still to be read before the instance is too large.
struct Budget(Cell<usize>);

impl Budget {
    fn take<E: de::Error>(&self) -> Result<(), E> {
        let left = self.0.get();
        if left == 0 {
            return Err(E::custom(format_args!(
                "the instance is too large: more than {MAX_ENTRIES} ids and list entries in total"
            )));
        }
        self.0.set(left - 1);
        Ok(())
    }
}

/// Ids in input order with their lists.
struct Lists<'a> {
    ids: Vec<Id<'a>>,
    lists: Vec<Vec<Id<'a>>>,
}

struct RawInstance<'a> {
    candidates: Lists<'a>,
    posts: Lists<'a>,
    capacity: Vec<u32>,
    optimal: Option<Side>,
}

/// The whole document.
struct RawSeed<'b> {
    budget: &'b Budget,
}

impl<'de> DeserializeSeed<'de> for RawSeed<'_> {
    type Value = RawInstance<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RawSeed<'_> {
    type Value = RawInstance<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object with `candidates` and `posts`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut candidates = None;
        let mut posts = None;
        let mut optimal = None;
        while let Some(key) = map.next_key_seed(IdSeed)? {
            match &*key {
                "candidates" => {
                    if candidates.is_some() {
                        return Err(de::Error::custom("duplicate key `candidates`"));
                    }
                    candidates = Some(map.next_value_seed(CandidatesSeed {
                        budget: self.budget,
                    })?);
                }
                "posts" => {
                    if posts.is_some() {
                        return Err(de::Error::custom("duplicate key `posts`"));
                    }
                    posts = Some(map.next_value_seed(PostsSeed {
                        budget: self.budget,
                    })?);
                }
                "optimal" => {
                    if optimal.is_some() {
                        return Err(de::Error::custom("duplicate key `optimal`"));
                    }
                    optimal = Some(map.next_value_seed(OptimalSeed)?);
                }
                other => {
                    return Err(de::Error::custom(format_args!(
                        "unknown key `{other}`; expected `candidates`, `posts` or `optimal`"
                    )));
                }
            }
        }
        let candidates = candidates.ok_or_else(|| de::Error::custom("missing `candidates`"))?;
        let (posts, capacity) = posts.ok_or_else(|| de::Error::custom("missing `posts`"))?;
        Ok(RawInstance {
            candidates,
            posts,
            capacity,
            optimal,
        })
    }
}

/// A string id (a map key or a list element), borrowed when possible.
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
struct CandidatesSeed<'b> {
    budget: &'b Budget,
}

impl<'de> DeserializeSeed<'de> for CandidatesSeed<'_> {
    type Value = Lists<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for CandidatesSeed<'_> {
    type Value = Lists<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("`candidates` as an object from candidate ids to lists of post ids")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut seen = std::collections::HashSet::new();
        let mut lists = Lists {
            ids: Vec::new(),
            lists: Vec::new(),
        };
        while let Some(id) = map.next_key_seed(IdSeed)? {
            self.budget.take()?;
            if !seen.insert(id.clone()) {
                return Err(de::Error::custom(format_args!(
                    "duplicate candidate `{id}`"
                )));
            }
            let list = map.next_value_seed(ListSeed {
                budget: self.budget,
                owner: Owner::Candidate(&id),
            })?;
            lists.ids.push(id);
            lists.lists.push(list);
        }
        Ok(lists)
    }
}

/// `"posts": {id: {"capacity": n, "ranking": [candidate ids]}}`.
struct PostsSeed<'b> {
    budget: &'b Budget,
}

impl<'de> DeserializeSeed<'de> for PostsSeed<'_> {
    type Value = (Lists<'de>, Vec<u32>);

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PostsSeed<'_> {
    type Value = (Lists<'de>, Vec<u32>);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("`posts` as an object from post ids to objects with `capacity` and `ranking`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut seen = std::collections::HashSet::new();
        let mut lists = Lists {
            ids: Vec::new(),
            lists: Vec::new(),
        };
        let mut capacity = Vec::new();
        while let Some(id) = map.next_key_seed(IdSeed)? {
            self.budget.take()?;
            if !seen.insert(id.clone()) {
                return Err(de::Error::custom(format_args!("duplicate post `{id}`")));
            }
            let (seats, ranking) = map.next_value_seed(PostSeed {
                budget: self.budget,
                id: &id,
            })?;
            lists.ids.push(id);
            lists.lists.push(ranking);
            capacity.push(seats);
        }
        Ok((lists, capacity))
    }
}

/// One post's object.
struct PostSeed<'b, 'i> {
    budget: &'b Budget,
    id: &'i str,
}

impl<'de> DeserializeSeed<'de> for PostSeed<'_, '_> {
    type Value = (u32, Vec<Id<'de>>);

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PostSeed<'_, '_> {
    type Value = (u32, Vec<Id<'de>>);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "post `{}` as an object with `capacity` and `ranking`",
            self.id
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let id = self.id;
        let mut capacity = None;
        let mut ranking = None;
        while let Some(key) = map.next_key_seed(IdSeed)? {
            match &*key {
                "capacity" => {
                    if capacity.is_some() {
                        return Err(de::Error::custom(format_args!(
                            "post `{id}` has `capacity` twice"
                        )));
                    }
                    capacity = Some(map.next_value_seed(CapacitySeed { id })?);
                }
                "ranking" => {
                    if ranking.is_some() {
                        return Err(de::Error::custom(format_args!(
                            "post `{id}` has `ranking` twice"
                        )));
                    }
                    ranking = Some(map.next_value_seed(ListSeed {
                        budget: self.budget,
                        owner: Owner::Post(id),
                    })?);
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
        let ranking = ranking
            .ok_or_else(|| de::Error::custom(format_args!("post `{id}` has no `ranking`")))?;
        Ok((capacity, ranking))
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

/// Whose list is being read, for messages.
#[derive(Clone, Copy)]
enum Owner<'i> {
    Candidate(&'i str),
    Post(&'i str),
}

impl fmt::Display for Owner<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Owner::Candidate(id) => {
                write!(f, "the choices of candidate `{id}` as a list of post ids")
            }
            Owner::Post(id) => write!(f, "the ranking of post `{id}` as a list of candidate ids"),
        }
    }
}

/// A list of ids, counted against the budget.
struct ListSeed<'b, 'i> {
    budget: &'b Budget,
    owner: Owner<'i>,
}

impl<'de> DeserializeSeed<'de> for ListSeed<'_, '_> {
    type Value = Vec<Id<'de>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ListSeed<'_, '_> {
    type Value = Vec<Id<'de>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}", self.owner)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut list = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(id) = seq.next_element_seed(ElementSeed { owner: self.owner })? {
            self.budget.take()?;
            list.push(id);
        }
        Ok(list)
    }
}

/// One id inside a list, with a message naming the list's owner.
struct ElementSeed<'i> {
    owner: Owner<'i>,
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
            Owner::Candidate(id) => {
                write!(f, "a post id (a string) in the choices of candidate `{id}`")
            }
            Owner::Post(id) => write!(f, "a candidate id (a string) in the ranking of post `{id}`"),
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
