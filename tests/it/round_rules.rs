//! The rules of a real competition (issue 13), each on a tiny scenario whose
//! outcome is worked out by hand: no noise anywhere, so units rank by
//! appraisal and people rank posts by levels gained (10) and home (4).

use reorg::graph::MergeGraph;
use reorg::simulate::{PersonOutcome, Simulator, Status};

use crate::support::{load_ok, reorg};

/// Two units, x (from a) and y (from b), each with one head and one staff
/// post. People are added by each test.
const BASE: &str = r#"
[scenario]
name = "round rules"

[[level]]
id = "head"

[[level]]
id = "staff"

[[before]]
id = "a"

[[before]]
id = "b"

[[after]]
id = "x"
from = ["a"]
posts = { head = 1, staff = 1 }

[[after]]
id = "y"
from = ["b"]
posts = { head = 1, staff = 1 }

[policy.scoring]
exam_sd = 0
interview_sd = 0
home_bonus = 0

[policy.preferences]
level = 10
home = 4
noise = 0
"#;

fn person(id: &str, unit: &str, level: &str, born: i32, score: f64) -> String {
    format!(
        "\n[[person]]\nid = \"{id}\"\nunit = \"{unit}\"\nlevel = \"{level}\"\nborn = {born}\nscore = {score}\n"
    )
}

fn outcomes(text: &str) -> Vec<PersonOutcome> {
    let loaded = load_ok(text);
    let graph = MergeGraph::build(&loaded.scenario);
    Simulator::new(&loaded.scenario, &graph).run(1, 0).people
}

fn post(outcome: &PersonOutcome) -> Option<(usize, usize)> {
    outcome.seat()
}

/// Choices = 1 and everyone's best post is x/staff (home x: 4 points): x
/// takes s1 (90); s2 and s3 filed nothing else, so they end pooled while
/// y/staff stays empty: 2 stranded. A second pass re-offers y/staff: s2 (80
/// against 70) takes it, and 1 is left pooled with no seat empty: 0 stranded.
#[test]
fn people_pooled_beside_an_empty_seat_are_counted() {
    let people = person("s1", "a", "staff", 1980, 90.0)
        + &person("s2", "a", "staff", 1981, 80.0)
        + &person("s3", "a", "staff", 1982, 70.0);
    let rounds = |second: bool| {
        format!("\n[[round]]\nid = \"staff\"\nlevels = [\"staff\"]\nsecond_pass = {second}\n")
    };
    let text = BASE.replace(
        "[policy.scoring]",
        "[policy]\nchoices = 1\nmax_climb = 0\n\n[policy.scoring]",
    ) + &rounds(false)
        + &people;
    let loaded = load_ok(&text);
    let graph = MergeGraph::build(&loaded.scenario);
    let outcome = Simulator::new(&loaded.scenario, &graph).run(1, 0);
    assert_eq!(post(&outcome.people[0]), Some((0, 1)));
    assert_eq!(outcome.people[1].status(), Status::Pooled);
    assert_eq!(outcome.people[2].status(), Status::Pooled);
    assert_eq!(outcome.stranded, 2);

    let text = text.replace("second_pass = false", "second_pass = true");
    let loaded = load_ok(&text);
    let graph = MergeGraph::build(&loaded.scenario);
    let outcome = Simulator::new(&loaded.scenario, &graph).run(1, 0);
    assert_eq!(post(&outcome.people[1]), Some((1, 1)));
    assert_eq!(outcome.people[2].status(), Status::Pooled);
    assert_eq!(outcome.stranded, 0);

    // The CLI says so, on stderr, with the settings to change.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.toml");
    std::fs::write(
        &path,
        text.replace("second_pass = true", "second_pass = false"),
    )
    .unwrap();
    let out = reorg().arg("run").arg(&path).assert().success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("warning: 2 people competed and ended without a post")
            && stderr.contains("`policy.choices`")
            && stderr.contains("second_pass"),
        "{stderr}"
    );
}

/// 先安置后竞聘: a settlement round for heads only (at their own level:
/// `max_climb = 0`), before the open round for the same level. Without it,
/// staff member s1 (95) beats head h2 (60) to y/head in an open round where
/// both apply; with it, h1 (70) and h2 (60) take the two head posts first,
/// and s1 competes only for what is left (nothing).
#[test]
fn a_settlement_round_places_displaced_cadres_before_an_open_round() {
    let people = person("h1", "a", "head", 1970, 70.0)
        + &person("h2", "b", "head", 1971, 60.0)
        + &person("s1", "b", "staff", 1985, 95.0);
    let open = "\n[[round]]\nid = \"heads\"\nlevels = [\"head\"]\n\n[[round]]\nid = \"staff\"\nlevels = [\"staff\"]\n";
    let open_only = outcomes(&(BASE.to_string() + open + &people));
    // Open round: s1 (95) ranks y/head first (home y, +10 level +4 home) and
    // y ranks s1 over h2; h1 takes x/head; h2 drops to staff in round 2.
    assert_eq!(post(&open_only[2]), Some((1, 0)));
    assert_eq!(open_only[2].status(), Status::Promoted);
    assert_ne!(post(&open_only[1]), Some((1, 0)));

    let settlement = "\n[[round]]\nid = \"settle\"\nlevels = [\"head\"]\napplicants = { levels = [\"head\"] }\nmax_climb = 0\nmax_drop = 0\n";
    let settled = outcomes(&(BASE.to_string() + settlement + open + &people));
    assert_eq!(post(&settled[0]), Some((0, 0)), "h1 settled at x/head");
    assert_eq!(post(&settled[1]), Some((1, 0)), "h2 settled at y/head");
    assert_eq!(settled[2].status(), Status::SameLevel, "s1 stays staff");
}

/// A priority group (`priority = { levels = [...], bonus = 50 }`) puts its
/// members ahead in the round's scoring: h2 (60 + 50) beats s1 (95) to y/head.
#[test]
fn a_priority_group_is_scored_first() {
    let people = person("h1", "a", "head", 1970, 70.0)
        + &person("h2", "b", "head", 1971, 60.0)
        + &person("s1", "b", "staff", 1985, 95.0);
    let rounds = "\n[[round]]\nid = \"heads\"\nlevels = [\"head\"]\npriority = { levels = [\"head\"], bonus = 50 }\n\n[[round]]\nid = \"staff\"\nlevels = [\"staff\"]\n";
    let result = outcomes(&(BASE.to_string() + rounds + &people));
    assert_eq!(post(&result[1]), Some((1, 0)));
    assert_eq!(result[2].status(), Status::SameLevel);
}

/// 任职年限 and a minimum age: s1 (95, at staff since 2016, born 1990) may
/// not become head with `min_years = { head = 3 }` on 2017-12-07 (1 year) or
/// with `min_age = { head = 35 }` (27); s2 (80, staff since 2010, born 1975)
/// may. Without the rules s1 takes y/head.
#[test]
fn promotion_needs_the_years_at_level_and_the_minimum_age() {
    let with_since = |id: &str, born: i32, score: f64, since: i32| {
        person(id, "b", "staff", born, score) + &format!("level_since = {since}\n")
    };
    let people = with_since("s1", 1990, 95.0, 2016) + &with_since("s2", 1975, 80.0, 2010);
    let rounds = "\n[[round]]\nid = \"heads\"\nlevels = [\"head\"]\n\n[[round]]\nid = \"staff\"\nlevels = [\"staff\"]\n";
    let policy = |rule: &str| {
        BASE.replace(
            "[policy.scoring]",
            &format!("[policy]\nreference_date = 2017-12-07\n{rule}\n\n[policy.scoring]"),
        )
    };
    let free = outcomes(&(policy("") + rounds + &people));
    assert_eq!(
        free[0].status(),
        Status::Promoted,
        "no rule: s1 (95) promoted"
    );
    for rule in ["min_years = { head = 3 }", "min_age = { head = 35 }"] {
        let ruled = outcomes(&(policy(rule) + rounds + &people));
        assert_eq!(ruled[0].status(), Status::SameLevel, "{rule}: s1 held back");
        assert_eq!(ruled[1].status(), Status::Promoted, "{rule}: s2 promoted");
    }
}

/// 组织任命: an appointed person holds the post before the rounds, whatever
/// the scores, and the round fills only the seats left.
#[test]
fn an_appointment_takes_its_seat_before_the_rounds() {
    let people = person("h1", "a", "head", 1970, 90.0) + &person("h2", "b", "head", 1971, 60.0);
    let appoint =
        "\n[[appoint]]\nperson = \"h2\"\nunit = \"x\"\nreason = \"named by the committee\"\n";
    let result = outcomes(&(BASE.to_string() + appoint + &people));
    assert_eq!(result[1].status(), Status::Appointed);
    assert_eq!(
        post(&result[1]),
        Some((0, 0)),
        "h2 at x/head, their own level"
    );
    // h1 (home x) cannot have x/head: the round offers y/head only.
    assert_eq!(post(&result[0]), Some((1, 0)));
}

/// A post that requires an establishment type nobody holds can only stay
/// empty, so a probably misspelt `establishment_required` is warned about,
/// at the value, naming the types the roster has.
#[test]
fn a_required_establishment_type_nobody_holds_is_warned_about() {
    let text = BASE.replace(
        "posts = { head = 1, staff = 1 }\n\n[[after]]\nid = \"y\"",
        "posts = { head = 1, staff = 1 }\nestablishment_required = [\"adminstrative\"]\n\n[[after]]\nid = \"y\"",
    ) + &person("s1", "a", "staff", 1980, 90.0)
        + "establishment = \"administrative\"\n";
    let loaded = load_ok(&text);
    let warnings = &loaded.warnings;
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(
        warnings[0].to_string(),
        "test.toml:21:27: warning: nobody in the roster has establishment type `adminstrative`"
    );
    let hint = warnings[0].hint.as_deref().unwrap_or_default();
    assert!(
        hint.starts_with("the roster's types are: `administrative`"),
        "{hint}"
    );
    // Spelt right, no warning.
    let loaded = load_ok(&text.replace("adminstrative", "administrative"));
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}
