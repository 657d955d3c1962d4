//! Synthetic rosters from aggregate figures (`[roster.generate]`): counts per
//! unit and level, birth-year and appraisal distributions per level, shares of
//! women, opt-out flags and establishment types, and how many people of each
//! unit do each function.
//!
//! A planner can share a scenario without real names, and a reform office can
//! try a structure before HR has exported anyone. The roster depends only on
//! the spec and its own `seed` (a ChaCha8 stream, drawn in a fixed order), so
//! the same spec gives the same people on every machine. `reorg generate`
//! writes it as a roster CSV.

use std::collections::HashMap;

use crate::diagnostic::Span;
use crate::rng::SimRng;
use crate::scenario::node::{Node, Sink, Sp, TableReader, Value, number};
use crate::scenario::raw::{RawPerson, RawScenario};
use crate::scenario::suggest::did_you_mean;

const GENERATE_KEYS: &[&str] = &[
    "seed",
    "names",
    "id_prefix",
    "establishment",
    "function_levels",
    "level",
    "unit",
];
const LEVEL_KEYS: &[&str] = &["born", "score", "female", "opt_out"];
const DIST_KEYS: &[&str] = &["mean", "sd", "min", "max"];
const UNIT_KEYS: &[&str] = &["counts", "functions"];

/// Most people one spec may generate.
const MAX_GENERATED: i64 = 2_000_000;

/// A normal distribution clamped to a range.
#[derive(Debug, Clone, Copy)]
struct Dist {
    mean: f64,
    sd: f64,
    min: f64,
    max: f64,
}

impl Dist {
    fn draw(&self, rng: &mut SimRng) -> f64 {
        (self.mean + self.sd * rng.normal()).clamp(self.min, self.max)
    }
}

/// Per-level settings.
#[derive(Debug, Clone, Copy)]
struct LevelSpec {
    born: Dist,
    score: Dist,
    female: f64,
    opt_out: f64,
}

impl Default for LevelSpec {
    fn default() -> LevelSpec {
        LevelSpec {
            born: Dist {
                mean: 1975.0,
                sd: 8.0,
                min: 1955.0,
                max: 1998.0,
            },
            score: Dist {
                mean: 80.0,
                sd: 8.0,
                min: 0.0,
                max: 100.0,
            },
            female: 0.4,
            opt_out: 0.0,
        }
    }
}

/// Which name lists to draw from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Names {
    Chinese,
    English,
}

/// Generates the people of `[roster.generate]` into `raw.people`, reporting
/// problems with the spec (unknown ids, impossible function counts) once each.
pub(crate) fn generate(node: &Node, raw: &mut RawScenario, sink: &mut Sink<'_>) {
    let Some(t) = TableReader::new(node, "`[roster.generate]`", GENERATE_KEYS, sink) else {
        return;
    };
    let seed = match t.opt_int("seed", sink) {
        Some(seed) if seed.value < 0 => {
            sink.error(seed.span, "`seed` cannot be negative", "negative", None);
            0
        }
        Some(seed) => seed.value as u64,
        None => 0,
    };
    let names = match t.opt_str("names", sink) {
        None => Names::Chinese,
        Some(n) if n.value == "zh" => Names::Chinese,
        Some(n) if n.value == "en" => Names::English,
        Some(n) => {
            sink.error(
                n.span,
                format!("unknown name list `{}`", n.value),
                "expected `zh` or `en`",
                None,
            );
            Names::Chinese
        }
    };
    let prefix = t
        .opt_str("id_prefix", sink)
        .map_or_else(|| "P".to_string(), |p| p.value);
    let level_ids: Vec<&str> = raw.levels.iter().map(|l| l.id.value.as_str()).collect();
    let unit_ids: Vec<&str> = raw.before.iter().map(|u| u.id.value.as_str()).collect();
    let function_ids: Vec<&str> = raw.functions.iter().map(|f| f.id.value.as_str()).collect();
    let (level_index, unit_index, function_index) = (
        Known::new(&level_ids),
        Known::new(&unit_ids),
        Known::new(&function_ids),
    );
    let establishment = establishment_shares(&t, sink);
    let function_levels: Vec<usize> = match t.opt_str_list("function_levels", sink) {
        Some(list) => list
            .iter()
            .filter_map(|l| lookup(l, "level", &level_index, sink))
            .collect(),
        // By default the top two levels lead the unit and do no function work.
        None => (2.min(level_ids.len())..level_ids.len()).collect(),
    };
    let mut levels = vec![LevelSpec::default(); level_ids.len()];
    for (key, value) in keyed_tables(t.node("level"), "level", sink) {
        let Some(index) = lookup(&key, "level", &level_index, sink) else {
            continue;
        };
        if let Some(spec) = level_spec(value, sink) {
            levels[index] = spec;
        }
    }
    let mut rng = SimRng::new(seed, 0);
    let mut serial = 0usize;
    let mut total = 0i64;
    let units = keyed_tables(t.node("unit"), "unit", sink);
    if units.is_empty() {
        sink.error(
            t.span(),
            "`[roster.generate]` lists no units",
            "",
            Some("add `[roster.generate.unit.UNIT_ID]` with `counts = { level = n }`".into()),
        );
    }
    for (unit, spec) in units {
        if lookup(&unit, "unit", &unit_index, sink).is_none() {
            continue;
        }
        let Some(u) = TableReader::new(spec, "a `[roster.generate.unit]` entry", UNIT_KEYS, sink)
        else {
            continue;
        };
        let counts = count_table(u.node("counts"), &level_index, "level", sink);
        let functions = count_table(u.node("functions"), &function_index, "function", sink);
        if u.node("counts").is_none() {
            sink.error(
                u.span(),
                format!("unit `{}` has no `counts`", unit.value),
                "",
                Some("write `counts = { head = 1, staff = 12 }`".into()),
            );
        }
        u.finish(sink);
        total += counts.iter().map(|(_, n)| n.value).sum::<i64>();
        if total > MAX_GENERATED {
            sink.error(
                spec.span,
                format!("`[roster.generate]` would make more than {MAX_GENERATED} people"),
                "",
                None,
            );
            return;
        }
        let first = raw.people.len();
        for (level, count) in &counts {
            for _ in 0..count.value {
                serial += 1;
                raw.people.push(person(
                    &mut rng,
                    &levels[*level],
                    level_ids[*level],
                    &unit,
                    names,
                    &prefix,
                    serial,
                    &establishment,
                    count.span,
                ));
            }
        }
        assign_functions(
            &mut raw.people[first..],
            &functions,
            &function_levels,
            &level_ids,
            &function_ids,
            &unit,
            &mut rng,
            sink,
        );
    }
    t.finish(sink);
}

/// The entries of `[roster.generate.KEY]` (a table of id = table) as
/// (id, value) pairs, reporting a `KEY` that is not a table.
fn keyed_tables<'n>(
    node: Option<&'n Node>,
    key: &str,
    sink: &mut Sink<'_>,
) -> Vec<(Sp<String>, &'n Node)> {
    let Some(node) = node else {
        return Vec::new();
    };
    let Value::Table(table) = &node.value else {
        sink.error(
            node.span,
            format!(
                "`{key}` in `[roster.generate]` must be a table, found {}",
                node.value.type_name()
            ),
            "expected a table",
            Some(format!("write `[roster.generate.{key}.ID]` tables")),
        );
        return Vec::new();
    };
    table
        .entries
        .iter()
        .map(|(k, v)| {
            let id = Sp {
                value: k.name.clone(),
                span: k.span,
            };
            (id, v)
        })
        .collect()
}

/// Ids of one kind in file order, with a hash index: a spec may name tens of
/// thousands of units, and a scan per lookup made that quadratic.
struct Known<'a> {
    ids: &'a [&'a str],
    /// The first position of each id (a duplicate id is reported elsewhere).
    index: HashMap<&'a str, usize>,
}

impl<'a> Known<'a> {
    fn new(ids: &'a [&'a str]) -> Known<'a> {
        let mut index = HashMap::with_capacity(ids.len());
        for (i, &id) in ids.iter().enumerate() {
            index.entry(id).or_insert(i);
        }
        Known { ids, index }
    }
}

fn lookup(id: &Sp<String>, what: &str, known: &Known<'_>, sink: &mut Sink<'_>) -> Option<usize> {
    let found = known.index.get(id.value.as_str()).copied();
    if found.is_none() {
        sink.error(
            id.span,
            format!("unknown {what} `{}`", id.value),
            &format!("not a {what} id"),
            Some(did_you_mean(
                &id.value,
                &format!("{what}s"),
                known.ids.iter().copied(),
            )),
        );
    }
    found
}

/// `{ level_or_function = n, ... }` with ids checked and counts ≥ 0.
fn count_table(
    node: Option<&Node>,
    known: &Known<'_>,
    what: &str,
    sink: &mut Sink<'_>,
) -> Vec<(usize, Sp<i64>)> {
    let Some(node) = node else {
        return Vec::new();
    };
    let Value::Table(table) = &node.value else {
        sink.error(
            node.span,
            format!(
                "expected a table of {what} = count, found {}",
                node.value.type_name()
            ),
            "expected a table",
            None,
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, value) in &table.entries {
        let id = Sp {
            value: key.name.clone(),
            span: key.span,
        };
        let Some(index) = lookup(&id, what, known, sink) else {
            continue;
        };
        match value.value {
            Value::Int(n) if (0..=MAX_GENERATED).contains(&n) => out.push((
                index,
                Sp {
                    value: n,
                    span: value.span,
                },
            )),
            _ => sink.error(
                value.span,
                format!(
                    "the count of `{}` must be a whole number from 0 to {MAX_GENERATED}",
                    key.name
                ),
                "expected a count",
                None,
            ),
        }
    }
    out
}

fn level_spec(node: &Node, sink: &mut Sink<'_>) -> Option<LevelSpec> {
    let t = TableReader::new(node, "a `[roster.generate.level]` entry", LEVEL_KEYS, sink)?;
    let default = LevelSpec::default();
    let spec = LevelSpec {
        born: t
            .node("born")
            .and_then(|n| dist(n, default.born, sink))
            .unwrap_or(default.born),
        score: t
            .node("score")
            .and_then(|n| dist(n, default.score, sink))
            .unwrap_or(default.score),
        female: share(&t, "female", sink).unwrap_or(default.female),
        opt_out: share(&t, "opt_out", sink).unwrap_or(default.opt_out),
    };
    t.finish(sink);
    if !(1900.0..=2100.0).contains(&spec.born.min) || !(1900.0..=2100.0).contains(&spec.born.max) {
        sink.error(
            node.span,
            "birth years must lie from 1900 to 2100",
            "",
            None,
        );
        return None;
    }
    if spec.score.min < 0.0 || spec.score.max > 100.0 {
        sink.error(node.span, "scores must lie from 0 to 100", "", None);
        return None;
    }
    Some(spec)
}

fn dist(node: &Node, default: Dist, sink: &mut Sink<'_>) -> Option<Dist> {
    let t = TableReader::new(node, "a distribution", DIST_KEYS, sink)?;
    let get =
        |key: &str, sink: &mut Sink<'_>| t.node(key).and_then(|n| number(n, sink)).map(|v| v.value);
    let mean = get("mean", sink).unwrap_or(default.mean);
    let sd = get("sd", sink).unwrap_or(default.sd);
    let min = get("min", sink).unwrap_or(default.min);
    let max = get("max", sink).unwrap_or(default.max);
    t.finish(sink);
    if sd < 0.0 || min > max {
        sink.error(
            node.span,
            "a distribution needs `sd` ≥ 0 and `min` ≤ `max`",
            "",
            None,
        );
        return None;
    }
    Some(Dist { mean, sd, min, max })
}

fn share(t: &TableReader<'_>, key: &str, sink: &mut Sink<'_>) -> Option<f64> {
    let value = t.opt_number(key, sink)?;
    if !(0.0..=1.0).contains(&value.value) {
        sink.error(
            value.span,
            format!("`{key}` is a share from 0 to 1"),
            "out of range",
            None,
        );
        return None;
    }
    Some(value.value)
}

/// `establishment = { civil_servant = 0.6, career = 0.3, contract = 0.1 }`,
/// normalised to cumulative shares.
fn establishment_shares(t: &TableReader<'_>, sink: &mut Sink<'_>) -> Vec<(String, f64)> {
    let Some(node) = t.node("establishment") else {
        return Vec::new();
    };
    let Value::Table(table) = &node.value else {
        sink.error(
            node.span,
            "`establishment` must be a table of type = share",
            "expected a table",
            None,
        );
        return Vec::new();
    };
    let mut shares = Vec::new();
    for (key, value) in &table.entries {
        match number(value, sink) {
            Some(v) if v.value >= 0.0 => shares.push((key.name.clone(), v.value)),
            _ => sink.error(
                value.span,
                format!("the share of `{}` must be a number ≥ 0", key.name),
                "expected a share",
                None,
            ),
        }
    }
    let total: f64 = shares.iter().map(|(_, s)| s).sum();
    if total <= 0.0 {
        return Vec::new();
    }
    let mut cumulative = 0.0;
    shares
        .into_iter()
        .map(|(name, s)| {
            cumulative += s / total;
            (name, cumulative)
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn person(
    rng: &mut SimRng,
    spec: &LevelSpec,
    level: &str,
    unit: &Sp<String>,
    names: Names,
    prefix: &str,
    serial: usize,
    establishment: &[(String, f64)],
    span: Span,
) -> RawPerson {
    let sp = |value: String| Sp { value, span };
    let born = spec.born.draw(rng).round() as i64;
    let score = (spec.score.draw(rng) * 10.0).round() / 10.0;
    let female = rng.uniform() < spec.female;
    let opt_out = rng.uniform() < spec.opt_out;
    let name = match names {
        Names::Chinese => chinese_name(rng, female),
        Names::English => english_name(rng, female),
    };
    let draw = rng.uniform();
    let establishment = establishment
        .iter()
        .find(|(_, cumulative)| draw < *cumulative)
        .or(establishment.last())
        .map(|(name, _)| sp(name.clone()));
    RawPerson {
        id: sp(format!("{prefix}{serial:04}")),
        name: Some(sp(name)),
        unit: unit.clone(),
        level: sp(level.to_string()),
        born: Sp { value: born, span },
        score: Sp { value: score, span },
        gender: Some(sp(if female { "f" } else { "m" }.to_string())),
        function: None,
        establishment,
        tags: Vec::new(),
        opt_out,
        level_since: None,
    }
}

/// Tags `count` people of the unit with each function, drawn without
/// replacement among those at `function_levels` not tagged yet.
#[allow(clippy::too_many_arguments)]
fn assign_functions(
    people: &mut [RawPerson],
    functions: &[(usize, Sp<i64>)],
    function_levels: &[usize],
    level_ids: &[&str],
    function_ids: &[&str],
    unit: &Sp<String>,
    rng: &mut SimRng,
    sink: &mut Sink<'_>,
) {
    let mut pool: Vec<usize> = (0..people.len())
        .filter(|&i| {
            function_levels
                .iter()
                .any(|&l| level_ids[l] == people[i].level.value)
        })
        .collect();
    for (function, count) in functions {
        let count = count.value as usize;
        if count > pool.len() {
            sink.error(
                functions
                    .iter()
                    .find(|(f, _)| f == function)
                    .map_or(unit.span, |(_, c)| c.span),
                format!(
                    "unit `{}` has only {} people left at the function levels for {} `{}` workers",
                    unit.value,
                    pool.len(),
                    count,
                    function_ids[*function]
                ),
                "too many",
                Some(
                    "lower the count, add people at those levels, or change `function_levels`"
                        .into(),
                ),
            );
            return;
        }
        for k in 0..count {
            let pick = k + (rng.next_u64() % (pool.len() - k) as u64) as usize;
            pool.swap(k, pick);
            let person = &mut people[pool[k]];
            person.function = Some(Sp {
                value: function_ids[*function].to_string(),
                span: person.id.span,
            });
        }
        pool.drain(..count);
    }
}

/// Common Chinese surnames, most frequent first (the first 60 cover most people).
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
    "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
];

/// Characters common in women's given names.
const GIVEN_F: &[&str] = &[
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "玲", "红", "婷", "欣", "燕", "雪", "琳", "梅",
    "丹", "颖", "慧", "萍",
];

/// Characters common in men's given names.
const GIVEN_M: &[&str] = &[
    "伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "超", "刚", "鹏", "飞", "波", "浩", "凯", "峰",
    "东", "海", "志", "忠", "博", "亮", "成", "俊", "建", "国", "辉", "宇", "明", "斌",
];

/// Characters given to women and men alike.
const GIVEN_ANY: &[&str] = &[
    "平", "华", "文", "晨", "林", "晓", "立", "新", "春", "然", "思", "远", "宁",
];

/// A surname drawn with frequency falling along the list, and a one- or
/// two-character given name whose characters suit the person's gender
/// (drawn from that gender's characters and the shared ones).
fn chinese_name(rng: &mut SimRng, female: bool) -> String {
    // The square of a uniform favours the front of the list, like real surname frequencies.
    let u = rng.uniform();
    let surname = SURNAMES[((u * u) * SURNAMES.len() as f64) as usize];
    let mut name = surname.to_string();
    let chars = if rng.uniform() < 0.35 { 1 } else { 2 };
    let own = if female { GIVEN_F } else { GIVEN_M };
    let pool = (own.len() + GIVEN_ANY.len()) as u64;
    for _ in 0..chars {
        let at = (rng.next_u64() % pool) as usize;
        name.push_str(
            own.get(at)
                .copied()
                .unwrap_or_else(|| GIVEN_ANY[at - own.len()]),
        );
    }
    name
}

const FIRST_F: &[&str] = &[
    "Ava", "Chloe", "Emma", "Grace", "Isla", "Kate", "Maya", "Olivia", "Rosa", "Tara", "Uma",
    "Wendy", "Yara", "Zoe", "Aisha", "Carmen", "Elena", "Giulia", "Ingrid", "Mei",
];
const FIRST_M: &[&str] = &[
    "Ben", "Daniel", "Felix", "Henry", "Jack", "Liam", "Noah", "Paul", "Sam", "Victor", "Xavier",
    "Bruno", "Dmitri", "Farid", "Hiro", "Jonas", "Lucas", "Omar", "Raj", "Tom",
];
const LAST: &[&str] = &[
    "Smith", "Jones", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Thomas", "Johnson",
    "Roberts", "Walker", "Wright", "Robinson", "Thompson", "White", "Hughes", "Edwards", "Green",
    "Hall", "Wood",
];

fn english_name(rng: &mut SimRng, female: bool) -> String {
    let first = if female { FIRST_F } else { FIRST_M };
    let f = first[(rng.next_u64() % first.len() as u64) as usize];
    let l = LAST[(rng.next_u64() % LAST.len() as u64) as usize];
    format!("{f} {l}")
}
