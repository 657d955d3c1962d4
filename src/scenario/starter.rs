//! A starter scenario written from a roster (`reorg init`): levels and units
//! as the roster names them (with head counts), the after structure equal to
//! the before one, the roster's columns mapped, a policy with every default
//! spelled out and a comment on what each rule models, and the rounds as a
//! commented example. It checks as written; the planner then edits the
//! after structure and the rules.

use std::fmt::Write;

use crate::scenario::roster::{DEFAULT_GRADES, Survey};

/// The columns a roster needs.
const REQUIRED: &[&str] = &["id", "unit", "level", "born", "score"];

/// Common ranks of Chinese public bodies, top first: levels found among them
/// are put in this order.
const RANKS: &[&str] = &[
    "厅长",
    "副厅长",
    "巡视员",
    "副巡视员",
    "局长",
    "副局长",
    "处长",
    "副处长",
    "调研员",
    "副调研员",
    "科长",
    "副科长",
    "主任科员",
    "副主任科员",
    "科员",
    "办事员",
];

/// Why no starter can be written.
#[derive(Debug, thiserror::Error)]
pub enum StarterError {
    /// A required column was not recognised in the header.
    #[error("no column of the roster reads as `{missing}`; its header has: {headers}")]
    MissingColumn {
        /// The roster column.
        missing: &'static str,
        /// The file's headers.
        headers: String,
    },
    /// The roster holds nobody.
    #[error("the roster holds no people")]
    NoPeople,
}

impl StarterError {
    /// What to do about it.
    pub fn hint(&self) -> String {
        match self {
            StarterError::MissingColumn { missing, .. } => format!(
                "name the column `{missing}` in the file's header (or a header such as 工号, 部门, 职级, 出生年月, 考核分), then run `reorg init` again"
            ),
            StarterError::NoPeople => "export the roster with its people".to_string(),
        }
    }
}

/// A TOML string.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// True when `text` is usable as an id as it is.
fn is_id(text: &str) -> bool {
    !text.is_empty()
        && text.chars().count() <= 100
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// Ids for values: the value itself when it is an id, else its letters and
/// digits joined by `_` (made unique with a number).
fn ids_for(values: &[(String, usize)]) -> Vec<String> {
    let mut ids: Vec<String> = Vec::with_capacity(values.len());
    for (value, _) in values {
        let mut id = if is_id(value) {
            value.clone()
        } else {
            let cleaned: String = value
                .chars()
                .map(|c| if c.is_alphanumeric() { c } else { '_' })
                .collect();
            let cleaned = cleaned.trim_matches('_').to_string();
            if cleaned.is_empty() {
                "x".to_string()
            } else {
                cleaned.chars().take(90).collect()
            }
        };
        let base = id.clone();
        let mut n = 2;
        while ids.contains(&id) {
            id = format!("{base}_{n}");
            n += 1;
        }
        ids.push(id);
    }
    ids
}

/// Whether a yes/no value says yes (`None`: neither).
fn says_yes(value: &str) -> Option<bool> {
    let v = value.trim().to_lowercase();
    if ["否", "no", "n", "false", "0"].contains(&v.as_str())
        || ["不", "免", "未"].iter().any(|w| v.contains(w))
    {
        Some(false)
    } else if ["是", "yes", "y", "true", "1"].contains(&v.as_str())
        || ["参加", "参与"].iter().any(|w| v.contains(w))
    {
        Some(true)
    } else {
        None
    }
}

/// Writes a starter scenario named `name` for a surveyed roster that the
/// scenario names as `roster_file`.
pub fn starter(survey: &Survey, roster_file: &str, name: &str) -> Result<String, StarterError> {
    for missing in REQUIRED {
        if survey.header(missing).is_none() {
            let mut headers: Vec<String> = survey
                .columns
                .iter()
                .map(|(_, h)| format!("`{h}`"))
                .collect();
            headers.extend(survey.other_headers.iter().map(|h| format!("`{h}`")));
            return Err(StarterError::MissingColumn {
                missing,
                headers: headers.join(", "),
            });
        }
    }
    if survey.people == 0 {
        return Err(StarterError::NoPeople);
    }
    let units = survey.values_of("unit");
    let mut levels: Vec<(String, usize)> = survey.values_of("level").to_vec();
    let ranked = levels.iter().all(|(v, _)| RANKS.contains(&v.as_str()));
    if ranked {
        levels.sort_by_key(|(v, _)| RANKS.iter().position(|r| r == v));
    } else {
        // A pyramid: the fewer people, the higher the level (a guess to check).
        levels.sort_by_key(|&(_, count)| count);
    }
    let unit_ids = ids_for(units);
    let level_ids = ids_for(&levels);
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "# A starter scenario written by `reorg init` from {roster_file} ({} people).\n\
         # It checks as written: `reorg check` it, then edit the after structure,\n\
         # the policy and the rounds, and `reorg run` it. docs/scenario-format.md\n\
         # describes every key; docs/import.md the `[roster]` options.\n",
        survey.people
    );
    let _ = writeln!(w, "[scenario]\nname = {}\nseed = 1\n", quoted(name));
    let level_header = survey.header("level").unwrap_or("level");
    let _ = writeln!(
        w,
        "# The post ladder, top first: the values of column `{level_header}`, {}.",
        if ranked {
            "in the usual order of ranks"
        } else {
            "ordered by head count (fewest first): put them in order, top first"
        }
    );
    for ((value, count), id) in levels.iter().zip(&level_ids) {
        let _ = writeln!(
            w,
            "[[level]]\nid = {}    # {count} people\nname = {}\n",
            quoted(id),
            quoted(value)
        );
    }
    let unit_header = survey.header("unit").unwrap_or("unit");
    let _ = writeln!(
        w,
        "# The units today: the values of column `{unit_header}`."
    );
    for ((value, count), id) in units.iter().zip(&unit_ids) {
        let _ = writeln!(
            w,
            "[[before]]\nid = {}    # {count} people\nname = {}\n",
            quoted(id),
            quoted(value)
        );
    }
    let _ = writeln!(
        w,
        "# The target structure. As a start each unit stays as it is, with as many\n\
         # posts at each level as it has people there: merge units by listing several\n\
         # in `from`, and change `posts` to the new establishment (职数)."
    );
    for ((value, _), id) in units.iter().zip(&unit_ids) {
        let posts: Vec<String> = levels
            .iter()
            .zip(&level_ids)
            .filter_map(|((level, _), level_id)| {
                let n = survey
                    .unit_levels
                    .get(&(value.clone(), level.clone()))
                    .copied()
                    .unwrap_or(0);
                (n > 0).then(|| format!("{} = {n}", quoted(level_id)))
            })
            .collect();
        let _ = writeln!(
            w,
            "[[after]]\nid = {}\nname = {}\nfrom = [{}]\nposts = {{ {} }}\n",
            quoted(id),
            quoted(value),
            quoted(id),
            posts.join(", ")
        );
    }
    write_roster(
        w,
        survey,
        roster_file,
        units,
        &unit_ids,
        &levels,
        &level_ids,
    );
    write_policy(w);
    Ok(out)
}

/// `[roster]`: the file, its columns, and the translations the ids need.
fn write_roster(
    w: &mut String,
    survey: &Survey,
    roster_file: &str,
    units: &[(String, usize)],
    unit_ids: &[String],
    levels: &[(String, usize)],
    level_ids: &[String],
) {
    let _ = writeln!(
        w,
        "# The people: the roster file, read unedited.\n[roster]\nfile = {}",
        quoted(roster_file)
    );
    if let Some(sheet) = &survey.sheet {
        let _ = writeln!(w, "sheet = {}", quoted(sheet));
    }
    if survey.header_below_title {
        let _ = writeln!(
            w,
            "header_row = {}    # the rows above it are a title",
            survey.header_row
        );
    }
    let columns: Vec<String> = survey
        .columns
        .iter()
        .map(|(column, header)| format!("{column} = {}", quoted(header)))
        .collect();
    let _ = writeln!(w, "columns = {{ {} }}", columns.join(", "));
    if !survey.other_headers.is_empty() {
        let others: Vec<String> = survey.other_headers.iter().map(|h| quoted(h)).collect();
        let _ = writeln!(
            w,
            "# Columns reorg does not read; map one in `columns` to use it.\nignore = [{}]",
            others.join(", ")
        );
    }
    let translate = |column: &str, values: &[(String, usize)], ids: &[String]| {
        let pairs: Vec<String> = values
            .iter()
            .zip(ids)
            .filter(|((v, _), id)| v != *id)
            .map(|((v, _), id)| format!("{} = {}", quoted(v), quoted(id)))
            .collect();
        (!pairs.is_empty()).then(|| format!("values.{column} = {{ {} }}", pairs.join(", ")))
    };
    for line in [
        translate("unit", units, unit_ids),
        translate("level", levels, level_ids),
    ]
    .into_iter()
    .flatten()
    {
        let _ = writeln!(w, "{line}");
    }
    let grades: Vec<String> = survey
        .values_of("score")
        .iter()
        .filter(|(v, _)| v.parse::<f64>().is_err())
        .filter_map(|(v, _)| {
            let lower = v.to_lowercase();
            DEFAULT_GRADES
                .iter()
                .find(|(g, _)| *g == lower)
                .map(|(_, s)| format!("{} = {s}", quoted(v)))
        })
        .collect();
    if !grades.is_empty() {
        let _ = writeln!(
            w,
            "# Appraisal grades as scores (0–100): change them to your scale.\nvalues.score = {{ {} }}",
            grades.join(", ")
        );
    }
    if survey.header("opt_out").is_some() {
        let flags: Vec<String> = survey
            .values_of("opt_out")
            .iter()
            .filter_map(|(v, _)| {
                let yes = says_yes(v)?;
                Some(format!(
                    "{} = {}",
                    quoted(v),
                    yes != survey.opt_out_inverted
                ))
            })
            .collect();
        if !flags.is_empty() {
            let note = if survey.opt_out_inverted {
                "# The column says who competes; `opt_out` is who does not.\n"
            } else {
                ""
            };
            let _ = writeln!(w, "{note}values.opt_out = {{ {} }}", flags.join(", "));
        }
    }
    let _ = writeln!(w);
}

/// `[policy]` with every default spelled out, and the rounds as an example.
fn write_policy(w: &mut String) {
    let _ = writeln!(
        w,
        r#"# The rules of the re-appointment (docs/model.md). Every value below is
# the default: delete a line and nothing changes.
[policy]
# Ranked choices (志愿) each person files per round.
choices = 3
# How many levels above their own a person may apply for.
max_climb = 1
# How many below (no limit unless given).
# max_drop = 1
# Age rules need the date ages are counted at:
# reference_date = 2017-12-07
# age_limit = {{ head = 50 }}            # oldest age to take a post at a level
# retirement_age = {{ f = 55, m = 60 }}  # with min_service_years
# min_service_years = 0                # years before retirement needed to climb
# opt_out = {{ min_age = 55, probability = 0.4 }}  # older people who do not compete

# How units score applicants: only the ratios of the weights matter.
[policy.scoring]
appraisal = 4        # the appraisal score
exam = 2             # the written exam
interview = 4        # the interview
exam_sd = 10         # spread of the exam around the appraisal
interview_sd = 10    # spread of each interview around the appraisal
home_bonus = 5       # points for an applicant from the post's own unit
climb_penalty = 0    # points off per level an applicant climbs

# How people rank posts.
[policy.preferences]
level = 10           # utility per level gained
home = 5             # utility of a post in their own unit
noise = 3            # spread of personal taste

# Where the unplaced go after the last round: without it, the pool (待岗).
# [policy.fallback]
# unit = "an_after_unit"
# capacity = 10
# rest = "pool"

# The rounds, in order; without any, one round per level, top first.
# [[round]]
# id = "leaders"
# levels = ["the_top_level"]
# second_pass = true    # re-offer posts left empty (二次竞聘)"#
    );
}
