//! A JSON Schema (draft-07) of the scenario format, for editors: Taplo and
//! the Even Better TOML extension read it from a `#:schema` first line and
//! offer completion, hover docs and checks of keys and types as one types.
//!
//! It is written by hand from the decoder's key tables, so that it says what
//! the docs say; `tests/it/schema.rs` checks that every table accepts
//! exactly the keys the decoder accepts, that every shipped scenario
//! validates, and that an unknown key does not. The decoder stays the judge:
//! the schema checks shapes, not references between ids.

use serde_json::{Map, Value, json};

use crate::scenario::raw::PERSON_KEYS;

fn described(mut schema: Value, description: &str) -> Value {
    schema["description"] = Value::String(description.to_string());
    schema
}

fn string(description: &str) -> Value {
    described(json!({ "type": "string" }), description)
}

fn integer(description: &str) -> Value {
    described(json!({ "type": "integer" }), description)
}

fn number(description: &str) -> Value {
    described(json!({ "type": "number" }), description)
}

fn boolean(description: &str) -> Value {
    described(json!({ "type": "boolean" }), description)
}

fn date(description: &str) -> Value {
    described(json!({ "type": "string", "format": "date" }), description)
}

fn strings(description: &str) -> Value {
    described(
        json!({ "type": "array", "items": { "type": "string" } }),
        description,
    )
}

fn one_of_strings(values: &[&str], description: &str) -> Value {
    described(json!({ "type": "string", "enum": values }), description)
}

/// A table of exactly these keys.
fn table(description: &str, keys: Vec<(&str, Value)>, required: &[&str]) -> Value {
    let properties: Map<String, Value> = keys
        .into_iter()
        .map(|(key, schema)| (key.to_string(), schema))
        .collect();
    described(
        json!({
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": false,
        }),
        description,
    )
}

/// A table whose keys are ids, each holding `value`.
fn map(description: &str, value: Value) -> Value {
    described(
        json!({ "type": "object", "additionalProperties": value }),
        description,
    )
}

fn array_of(description: &str, item: Value) -> Value {
    described(json!({ "type": "array", "items": item }), description)
}

fn any_of(description: &str, options: Vec<Value>) -> Value {
    described(json!({ "anyOf": options }), description)
}

/// An age, or ages by gender.
fn ages(description: &str) -> Value {
    any_of(
        description,
        vec![
            integer("an age for everyone"),
            table(
                "ages by gender",
                vec![
                    ("any", integer("for anyone")),
                    ("f", integer("for women")),
                    ("m", integer("for men")),
                ],
                &[],
            ),
        ],
    )
}

/// `establishment`: a total, or caps by type.
fn establishment(description: &str) -> Value {
    any_of(
        description,
        vec![
            integer("the total establishment (编制)"),
            map("caps by establishment type", json!({ "type": "integer" })),
        ],
    )
}

fn posts(description: &str) -> Value {
    map(description, json!({ "type": "integer", "minimum": 0 }))
}

fn person() -> Value {
    table(
        "a person (docs/scenario-format.md, `[[person]]`)",
        vec![
            ("id", string("staff number")),
            ("name", string("the person's name")),
            ("unit", string("the before unit they work in today")),
            ("level", string("their level today")),
            ("born", integer("year of birth, 1900–2100")),
            ("score", number("appraisal score, 0–100")),
            ("gender", string("`f` or `m` (also female, male, 女, 男)")),
            ("function", string("the function they work on")),
            (
                "establishment",
                string("establishment type (编制), free text"),
            ),
            ("tags", strings("free labels, up to 64")),
            ("opt_out", boolean("true for someone who does not compete")),
            (
                "level_since",
                integer("the year they reached their current level (任职时间)"),
            ),
        ],
        &["id", "unit", "level", "born", "score"],
    )
}

fn distribution(description: &str) -> Value {
    table(
        description,
        vec![
            ("mean", number("the mean")),
            ("sd", number("the standard deviation")),
            ("min", number("the lowest value kept")),
            ("max", number("the highest value kept")),
        ],
        &[],
    )
}

fn generate() -> Value {
    table(
        "a synthetic roster from aggregate figures",
        vec![
            ("seed", integer("the generator's own seed")),
            (
                "names",
                one_of_strings(&["zh", "en"], "Chinese or English names"),
            ),
            (
                "id_prefix",
                string("ids are the prefix and a 4-digit serial"),
            ),
            (
                "establishment",
                map(
                    "establishment types and their shares",
                    json!({ "type": "number" }),
                ),
            ),
            (
                "function_levels",
                strings("levels from which function workers are drawn"),
            ),
            (
                "level",
                map(
                    "per level: distributions and shares",
                    table(
                        "one level's figures",
                        vec![
                            ("born", distribution("birth years")),
                            ("score", distribution("appraisal scores")),
                            ("female", number("share of women, 0–1")),
                            ("opt_out", number("share not competing, 0–1")),
                        ],
                        &[],
                    ),
                ),
            ),
            (
                "unit",
                map(
                    "per before unit: head counts",
                    table(
                        "one unit's counts",
                        vec![
                            (
                                "counts",
                                map("people per level", json!({ "type": "integer" })),
                            ),
                            (
                                "functions",
                                map("people per function", json!({ "type": "integer" })),
                            ),
                        ],
                        &[],
                    ),
                ),
            ),
        ],
        &[],
    )
}

fn roster() -> Value {
    let column_names: Vec<&str> = PERSON_KEYS.to_vec();
    let value = json!({ "type": ["string", "number", "boolean"] });
    let mut values = map(
        "per roster column, values of the file and what they stand for: `values.level = { \"科员\" = \"staff\" }`",
        map("value of the file = what it stands for", value),
    );
    values["propertyNames"] = json!({ "enum": column_names });
    let mut columns = map(
        "the file's own header for each roster column: `{ id = \"工号\", name = \"姓名\" }`",
        json!({ "type": "string" }),
    );
    columns["propertyNames"] = json!({ "enum": column_names });
    table(
        "people from a CSV or .xlsx file, or generated (docs/import.md)",
        vec![
            (
                "file",
                string("the roster file, relative to the scenario's folder"),
            ),
            ("generate", generate()),
            (
                "encoding",
                string("a CSV's encoding: utf-8, gbk, gb18030 or utf-16le (default: detected)"),
            ),
            (
                "sheet",
                string("the worksheet of an .xlsx file (default: the first)"),
            ),
            (
                "delimiter",
                string("a CSV's separator: `,`, `\\t` (or `tab`), `;` or `|` (default: detected)"),
            ),
            (
                "header_row",
                described(
                    json!({ "type": "integer", "minimum": 1 }),
                    "the row that holds the header (default: found below any title rows)",
                ),
            ),
            ("columns", columns),
            ("ignore", strings("headers of the file knowingly not read")),
            ("values", values),
        ],
        &[],
    )
}

fn policy() -> Value {
    let destination = table(
        "a destination of the unplaced, in order",
        vec![
            ("unit", string("an after unit")),
            ("becomes", string("what they become there")),
            ("levels", strings("only people of these levels")),
            ("functions", strings("only people of these functions")),
            ("tags", strings("only people with these tags")),
            ("min_age", integer("only people at least this old")),
            ("max_age", integer("only people at most this old")),
            ("capacity", integer("how many it takes")),
            ("order", string("who goes first")),
        ],
        &[],
    );
    table(
        "the rules of the re-appointment (docs/model.md)",
        vec![
            ("reference_date", date("ages are counted at this date")),
            (
                "choices",
                integer("ranked choices (志愿) per person per round, 1–1000 (3)"),
            ),
            (
                "lists",
                one_of_strings(
                    &["top", "top_plus_safe"],
                    "how lists are built: the best by taste, or with the safe option (保底志愿) in the last slot (top)",
                ),
            ),
            (
                "max_climb",
                integer("levels above their own a person may apply for (1)"),
            ),
            ("max_drop", integer("levels below their own (any)")),
            ("retirement_age", ages("`60` or `{ f = 55, m = 60 }`")),
            (
                "min_service_years",
                integer("years before retirement needed to apply above one's level"),
            ),
            (
                "age_limit",
                map(
                    "per level: the oldest age to take a post there",
                    ages("an age limit"),
                ),
            ),
            (
                "over_age",
                table(
                    "people over their level's age limit move to a unit without competing",
                    vec![
                        ("unit", string("the after unit")),
                        ("levels", strings("at these levels (all)")),
                    ],
                    &["unit"],
                ),
            ),
            (
                "opt_out",
                table(
                    "older people who do not compete",
                    vec![
                        ("min_age", integer("from this age")),
                        ("probability", number("with this probability, 0–1")),
                        ("levels", strings("at these levels (all)")),
                    ],
                    &["probability"],
                ),
            ),
            (
                "scoring",
                table(
                    "how units score applicants",
                    vec![
                        ("appraisal", number("weight of the appraisal score (4)")),
                        ("exam", number("weight of the written exam (2)")),
                        ("interview", number("weight of the interview (4)")),
                        ("exam_sd", number("spread of the exam (10)")),
                        ("interview_sd", number("spread of the interview (10)")),
                        (
                            "home_bonus",
                            number("points for an applicant from the post's unit (5)"),
                        ),
                        ("climb_penalty", number("points off per level climbed (0)")),
                    ],
                    &[],
                ),
            ),
            (
                "preferences",
                table(
                    "how people rank posts",
                    vec![
                        ("level", number("utility per level gained (10)")),
                        ("home", number("utility of a post in their own unit (5)")),
                        ("noise", number("spread of personal taste (3)")),
                    ],
                    &[],
                ),
            ),
            (
                "fallback",
                any_of(
                    "where the unplaced go after the last round (the pool, 待岗)",
                    vec![
                        table(
                            "one fallback unit",
                            vec![
                                ("unit", string("an after unit")),
                                ("capacity", integer("how many it takes")),
                                ("rest", one_of_strings(&["pool", "exit"], "the others")),
                            ],
                            &[],
                        ),
                        array_of("destinations in order", destination),
                    ],
                ),
            ),
            (
                "retire",
                boolean("people at retirement age retire rather than compete"),
            ),
            (
                "min_age",
                map(
                    "the youngest age for a promotion to each level",
                    integer("an age"),
                ),
            ),
            (
                "min_years",
                map(
                    "years at one's own level before a promotion to each level (任职年限)",
                    integer("years"),
                ),
            ),
            (
                "keep_rank",
                any_of(
                    "levels whose people keep their rank when placed lower",
                    vec![
                        boolean("the leadership levels, or none"),
                        strings("these levels"),
                    ],
                ),
            ),
        ],
        &[],
    )
}

/// A group of people by level, tags and age; with `bonus` for a priority.
fn group(description: &str, with_bonus: bool) -> Value {
    let mut keys = vec![
        ("levels", strings("at these levels")),
        ("tags", strings("with one of these tags")),
        ("min_age", integer("at least this old")),
        ("max_age", integer("at most this old")),
    ];
    if with_bonus {
        keys.push(("bonus", number("points added, 0–100,000")));
    }
    table(description, keys, if with_bonus { &["bonus"] } else { &[] })
}

/// `[timeline]`: the years after the reform day.
fn timeline() -> Value {
    let hiring = any_of(
        "how entry-level vacancies are filled from outside (招录)",
        vec![
            one_of_strings(
                &["freeze", "replace"],
                "`freeze`: nobody (冻结编制); `replace`: every vacancy",
            ),
            table(
                "a yearly cap",
                vec![("per_year", integer("at most this many hires a year"))],
                &["per_year"],
            ),
        ],
    );
    table(
        "the years after the reform day (docs/model.md, \"The years after the reform\")",
        vec![
            ("years", integer("how many years, 1–50")),
            (
                "term",
                integer("years of a term: a full re-appointment at each term's end"),
            ),
            (
                "attrition",
                map(
                    "per level: the share who leave each year, 0–1",
                    json!({ "type": "number" }),
                ),
            ),
            ("hiring", hiring),
            ("hire_age", integer("age of a new hire (25)")),
            (
                "pool_first",
                boolean("the pooled are placed into vacancies before promotions (true)"),
            ),
            (
                "appraisal",
                table(
                    "the annual appraisal",
                    vec![
                        (
                            "persistence",
                            number("share of last year's deviation kept, 0–1 (0.7)"),
                        ),
                        (
                            "noise",
                            number("spread of the yearly deviation, points (5)"),
                        ),
                        (
                            "unit_sd",
                            number("spread of the unit's factor around 1 (0.05)"),
                        ),
                    ],
                    &[],
                ),
            ),
            (
                "bottom",
                table(
                    "the bottom-performer rule (末位淘汰)",
                    vec![
                        (
                            "share",
                            number("the largest share of a unit acted on each year, 0–1"),
                        ),
                        (
                            "floor",
                            number("only appraisals under this, 0–100 (100: any)"),
                        ),
                        (
                            "action",
                            one_of_strings(&["demote", "leave"], "one level down, or out"),
                        ),
                    ],
                    &["share"],
                ),
            ),
            (
                "performance_share",
                described(
                    json!({ "type": "array", "items": { "type": "number" } }),
                    "the performance share of pay, year by year (the last holds after)",
                ),
            ),
        ],
        &["years"],
    )
}

/// The JSON Schema of a scenario file.
pub fn scenario_schema() -> Value {
    let level = table(
        "a rung of the post ladder, top first",
        vec![
            ("id", string("the level's id")),
            ("name", string("shown in outputs")),
            (
                "pay",
                table(
                    "pay at this level",
                    vec![
                        ("base", number("base pay")),
                        ("performance", number("performance pay")),
                    ],
                    &[],
                ),
            ),
            ("leadership", boolean("a leadership level (领导职务)")),
        ],
        &["id"],
    );
    let before = table(
        "a unit as it is today",
        vec![
            ("id", string("the unit's id")),
            ("name", string("shown in outputs")),
            ("kind", string("department, bureau, ...")),
            ("functions", strings("the functions (职能) it owns")),
            ("posts", posts("posts today per level (职数)")),
            ("establishment", establishment("its establishment (编制)")),
            (
                "parent",
                string("the before unit it is an internal unit (内设机构) of"),
            ),
        ],
        &["id"],
    );
    let after = table(
        "a unit of the target structure",
        vec![
            ("id", string("the unit's id")),
            ("name", string("shown in outputs")),
            ("kind", string("department, bureau, ...")),
            (
                "from",
                strings("what it takes over: units, or `unit.function` shares"),
            ),
            ("posts", posts("its posts per level after the reform")),
            (
                "external",
                boolean("outside the new structure (people move there with their work)"),
            ),
            ("establishment", establishment("its establishment (编制)")),
            (
                "establishment_required",
                strings("establishment types its posts require"),
            ),
            (
                "parent",
                string("the after unit it is an internal unit (内设机构) of"),
            ),
            (
                "concurrent",
                map(
                    "posts held concurrently (兼任): post level = the level of the holder, one seat each",
                    string("the level of the person who holds the post on top of their own"),
                ),
            ),
            (
                "market",
                string(
                    "the district or region (属地) whose people compete for its posts; unset: open to all",
                ),
            ),
        ],
        &["id"],
    );
    let round = table(
        "an appointment round",
        vec![
            ("id", string("the round's id")),
            ("name", string("shown in outputs")),
            ("date", date("for the record")),
            ("levels", strings("the levels whose posts it fills")),
            (
                "optimal",
                one_of_strings(
                    &["candidate", "post"],
                    "whose stable matching: applicants' or units'",
                ),
            ),
            (
                "second_pass",
                boolean("re-offer posts left empty (二次竞聘)"),
            ),
            ("applicants", group("who may apply in this round", false)),
            ("max_climb", integer("this round's climb limit")),
            ("max_drop", integer("this round's drop limit")),
            (
                "priority",
                group("a group scored first in this round (先安置后竞聘)", true),
            ),
            (
                "outsiders",
                table(
                    "external applicants for named posts (公开招聘)",
                    vec![
                        ("count", integer("how many apply, 1–100,000")),
                        (
                            "score",
                            table(
                                "their scores, on the roster's 0–100 scale",
                                vec![
                                    ("mean", number("mean, 0–100")),
                                    ("sd", number("standard deviation, 0–100")),
                                ],
                                &["mean", "sd"],
                            ),
                        ),
                        (
                            "units",
                            strings("after units whose posts they may take (all)"),
                        ),
                        (
                            "levels",
                            strings("of the round's levels, those they may take (all)"),
                        ),
                    ],
                    &["count", "score"],
                ),
            ),
        ],
        &["id", "levels"],
    );
    let appoint = table(
        "a post filled by appointment before the rounds (组织任命)",
        vec![
            ("person", string("the person's id")),
            ("unit", string("the after unit")),
            ("level", string("the level (their own when left out)")),
            ("reason", string("why")),
            (
                "concurrent",
                boolean("held on top of their own post (兼任): they keep their own outcome"),
            ),
        ],
        &["person", "unit"],
    );
    let duration = any_of(
        "working days: a number or a three-point estimate",
        vec![
            number("working days"),
            table(
                "a three-point estimate",
                vec![
                    ("min", number("fewest days")),
                    ("likely", number("most likely days")),
                    ("max", number("most days")),
                ],
                &["min", "likely", "max"],
            ),
        ],
    );
    let step = table(
        "a step of a process",
        vec![
            ("id", string("the step's id")),
            ("name", string("shown in outputs")),
            (
                "owner",
                string("a unit, a `unit.function` share or a function"),
            ),
            ("days", duration.clone()),
            ("materials", strings("the materials it asks for, by name")),
            ("after", strings("steps it waits for today")),
            (
                "requires",
                strings("steps whose result it needs, whatever the rules"),
            ),
        ],
        &["id", "owner"],
    );
    let process = table(
        "a process the units serve (docs/process.md)",
        vec![
            ("id", string("the process's id")),
            ("name", string("shown in outputs")),
            ("handoff_days", duration),
            (
                "one_form",
                boolean("after the reform: one application per unit"),
            ),
            (
                "parallel",
                one_of_strings(
                    &["none", "within_unit", "all"],
                    "which waits the reform drops",
                ),
            ),
            ("step", array_of("its steps", step)),
        ],
        &["id"],
    );
    let filter_entries = || {
        vec![
            ("before_unit", string("the unit they are in today")),
            ("after_unit", string("the after unit they end in")),
            (
                "after_kind",
                string("the kind of the after unit they end in"),
            ),
            ("level_before", string("their level today")),
            ("level_after", string("the level of the post they end in")),
            ("function", string("their function")),
            (
                "status",
                described(
                    json!({ "anyOf": [{ "type": "string" }, { "type": "array", "items": { "type": "string" } }] }),
                    "a status or a list of statuses (any of them)",
                ),
            ),
            ("tag", string("a tag they carry")),
            (
                "min_age",
                described(
                    json!({ "type": "integer", "minimum": 0 }),
                    "youngest age counted",
                ),
            ),
            (
                "max_age",
                described(
                    json!({ "type": "integer", "minimum": 0 }),
                    "oldest age counted",
                ),
            ),
        ]
    };
    let filter = table("who the figure counts", filter_entries(), &[]);
    let mut share_entries = filter_entries();
    share_entries.push((
        "among",
        table(
            "the people the share is of (everyone)",
            filter_entries(),
            &[],
        ),
    ));
    let mut mean_entries = filter_entries();
    mean_entries.push((
        "field",
        one_of_strings(&["age", "score", "appraisal"], "the field averaged"),
    ));
    let figure = table(
        "a figure of your own over people (docs/scenario-format.md)",
        vec![
            ("id", string("the figure's id (batch column `figure.ID`)")),
            ("name", string("shown in outputs")),
            ("count", filter),
            (
                "share",
                table(
                    "the share of `among` matching this filter",
                    share_entries,
                    &[],
                ),
            ),
            (
                "mean",
                table(
                    "the mean of `field` over those matching",
                    mean_entries,
                    &["field"],
                ),
            ),
        ],
        &["id"],
    );
    let mut schema = table(
        "A reorg scenario: a restructuring and its re-appointment rules (docs/scenario-format.md)",
        vec![
            (
                "scenario",
                table(
                    "name, description and default seed",
                    vec![
                        ("name", string("shown in every output")),
                        ("description", string("free text")),
                        (
                            "seed",
                            described(
                                json!({ "type": "integer", "minimum": 0 }),
                                "default seed of the simulation",
                            ),
                        ),
                    ],
                    &["name"],
                ),
            ),
            ("level", array_of("the post ladder, top first", level)),
            (
                "function",
                array_of(
                    "the functions (职能) units own",
                    table(
                        "a function",
                        vec![
                            ("id", string("the function's id")),
                            ("name", string("shown in outputs")),
                        ],
                        &["id"],
                    ),
                ),
            ),
            ("before", array_of("units as they are today", before)),
            ("after", array_of("units of the target structure", after)),
            (
                "dissolve",
                array_of(
                    "work that ends with the reform",
                    table(
                        "shares of work that end",
                        vec![
                            ("from", strings("units or `unit.function` shares")),
                            ("reason", string("why")),
                        ],
                        &[],
                    ),
                ),
            ),
            (
                "transfer",
                array_of(
                    "people who move with their work without competing",
                    table(
                        "a transfer",
                        vec![
                            ("from", strings("units or `unit.function` shares")),
                            ("to", string("the after unit")),
                            ("levels", strings("at these levels (all)")),
                            ("reason", string("why")),
                        ],
                        &["to"],
                    ),
                ),
            ),
            (
                "appoint",
                array_of("posts filled before the rounds", appoint),
            ),
            (
                "process",
                array_of("processes before and after the reform", process),
            ),
            (
                "figure",
                array_of("figures of your own over people", figure),
            ),
            ("roster", roster()),
            ("person", array_of("people written inline", person())),
            ("policy", policy()),
            ("round", array_of("the appointment rounds, in order", round)),
            ("timeline", timeline()),
        ],
        &[],
    );
    schema["$schema"] = json!("http://json-schema.org/draft-07/schema#");
    schema["title"] = json!("reorg scenario");
    schema
}
