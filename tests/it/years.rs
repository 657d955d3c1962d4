//! The years after the reform day (`[timeline]`): figures checked against
//! the roster's birth years, the accounting of every person in every year,
//! seats never over capacity, and the reform day unchanged by a timeline.

use std::path::Path;

use reorg::graph::MergeGraph;
use reorg::scenario::{Scenario, load, load_str};
use reorg::simulate::years::{Standing, run_years, run_years_traced};
use reorg::simulate::{Outcome, Simulator};

fn reform_day(scenario: &Scenario, seed: u64) -> Outcome {
    let graph = MergeGraph::build(scenario);
    Simulator::new(scenario, &graph).run(seed, 0)
}

/// examples/shrinking-district.toml: a hiring freeze, no attrition, everyone
/// retiring at 60. The people in post at the end of year `y` are those born
/// after `1960 + y` (the reference year is 2020, so someone born in `b`
/// turns 60 in `b + 60`, and those born by 1960 retire on the reform day):
/// counted here from the roster's birth years alone, for several seeds.
#[test]
fn shrinking_district_headcount_follows_the_birth_years() {
    let scenario = load(Path::new("examples/shrinking-district.toml"))
        .expect("the example loads")
        .scenario;
    let timeline = scenario
        .timeline
        .clone()
        .expect("the example has a timeline");
    assert_eq!(scenario.policy.reference_year, Some(2020));
    let born: Vec<i32> = scenario.people.iter().map(|p| p.born).collect();
    // Level pay, base + performance, as the example writes it.
    let total_pay = [12_000.0, 10_000.0, 6_500.0];
    let shares = [0.2, 0.3, 0.4, 0.4, 0.4];
    for seed in [1, 2, 3, 2020, 99] {
        let outcome = reform_day(&scenario, seed);
        let years = run_years(&scenario, &timeline, &outcome, seed, 0);
        assert_eq!(years.years.len(), 6);
        for (y, figures) in years.years.iter().enumerate() {
            let y32 = y as i32;
            let expected = born.iter().filter(|&&b| b > 1960 + y32).count() as u64;
            let in_post: u64 = figures.headcount.iter().sum();
            assert_eq!(in_post, expected, "seed {seed}, year {y}: people in post");
            assert_eq!(
                figures.pooled, 0,
                "seed {seed}, year {y}: the bureau has seats for all"
            );
            assert_eq!(figures.calendar_year, 2020 + y32);
            if y > 0 {
                let retiring = born.iter().filter(|&&b| b == 1960 + y32).count() as u64;
                assert_eq!(figures.retired, retiring, "seed {seed}, year {y}: retired");
            }
            assert_eq!(
                (figures.left, figures.hired),
                (0, 0),
                "no attrition, a freeze"
            );
            assert_eq!(
                figures.over_establishment,
                expected.saturating_sub(14),
                "seed {seed}, year {y}: establishment 14"
            );
            // The head post is never left empty while a deputy could take it.
            assert_eq!(figures.headcount[0], 1, "seed {seed}, year {y}: a head");
            // Payroll: each person in post paid at their level (nobody
            // keeps a rank here), split by the year's share.
            let pay: f64 = figures
                .headcount
                .iter()
                .zip(total_pay)
                .map(|(&n, p)| n as f64 * p)
                .sum();
            let paid = figures.payroll_base + figures.payroll_performance;
            assert!(
                (paid - pay).abs() < 1e-6,
                "seed {seed}, year {y}: {paid} vs {pay}"
            );
            if y > 0 {
                let share = shares[y - 1];
                assert_eq!(figures.performance_share, Some(share));
                assert!((figures.payroll_performance - share * pay).abs() < 1e-6);
            }
        }
        // The reform day leaves the bureau 3 over its establishment of 14;
        // it is within from year 2 on.
        let within = years.years.iter().position(|f| f.over_establishment == 0);
        assert_eq!(within, Some(2));
    }
}

/// A timeline appended to a shipped example with pooled leaders keeping
/// their rank, attrition at every level and a hiring cap: for many seeds,
/// every person (and every hire) is in exactly one place each year, counted
/// from the standings apart from the figures, and agreeing with them; the
/// retired and those who left never return; no post ever holds more people
/// than its seats.
#[test]
fn everyone_is_accounted_for_and_no_post_is_over_capacity() {
    let base = std::fs::read_to_string("examples/settlement-first.toml").unwrap();
    for (pool_first, hiring, bottom) in [
        ("true", "{ per_year = 2 }", ""),
        (
            "false",
            "\"replace\"",
            "[timeline.bottom]\nshare = 0.2\nfloor = 80\n",
        ),
        (
            "true",
            "\"freeze\"",
            "[timeline.bottom]\nshare = 0.1\naction = \"leave\"\n",
        ),
        ("true", "{ per_year = 1 }", "term = 3\n"),
        (
            "false",
            "\"replace\"",
            "term = 2\n[timeline.bottom]\nshare = 0.2\nfloor = 80\n",
        ),
    ] {
        let text = format!(
            "{base}\n[timeline]\nyears = 8\nattrition = {{ head = 0.05, deputy = 0.1, staff = 0.15 }}\n\
             hiring = {hiring}\npool_first = {pool_first}\n{bottom}"
        );
        let scenario = load_str(&text, "t.toml", Path::new("examples"))
            .expect("loads")
            .scenario;
        let timeline = scenario.timeline.clone().unwrap();
        let levels = scenario.levels.len();
        let roster = scenario.people.len();
        for seed in 0..25 {
            let outcome = reform_day(&scenario, seed);
            let (years, trace) = run_years_traced(&scenario, &timeline, &outcome, seed, 0);
            assert_eq!(trace.len(), years.years.len());
            // Seats: the reform day's, or its holders when more.
            let mut capacity = vec![0u32; scenario.after.len() * levels];
            for post in &outcome.posts {
                capacity[post.unit * levels + post.level] = post.capacity;
            }
            let mut hires = 0usize;
            for (y, standings) in trace.iter().enumerate() {
                let figures = &years.years[y];
                hires += figures.hired as usize;
                assert_eq!(standings.len(), roster + hires, "seed {seed}, year {y}");
                let mut counts = [0usize; 5];
                let mut filled = vec![0u32; capacity.len()];
                for s in standings {
                    let slot = match *s {
                        Standing::InPost { unit, level, rank } => {
                            assert!(!scenario.after[unit].external);
                            assert!(rank <= level, "paid at the post's level or a higher rank");
                            filled[unit * levels + level] += 1;
                            0
                        }
                        Standing::Pooled { .. } => 1,
                        Standing::Retired { year } => {
                            assert!(year as usize <= y && year > 0);
                            2
                        }
                        Standing::Left { year } => {
                            assert!(year as usize <= y && year > 0);
                            3
                        }
                        Standing::Outside => 4,
                    };
                    counts[slot] += 1;
                }
                assert_eq!(counts.iter().sum::<usize>(), roster + hires);
                assert_eq!(counts[0] as u64, figures.headcount.iter().sum::<u64>());
                assert_eq!(counts[1] as u64, figures.pooled);
                let retired_to_date: u64 = years.years[..=y].iter().map(|f| f.retired).sum();
                let left_to_date: u64 =
                    years.years[..=y].iter().map(|f| f.left + f.dismissed).sum();
                assert_eq!(counts[2] as u64, retired_to_date, "seed {seed}, year {y}");
                assert_eq!(counts[3] as u64, left_to_date, "seed {seed}, year {y}");
                if y == 0 {
                    for (g, &held) in filled.iter().enumerate() {
                        capacity[g] = capacity[g].max(held);
                    }
                }
                for (g, (&held, &cap)) in filled.iter().zip(&capacity).enumerate() {
                    assert!(
                        held <= cap,
                        "seed {seed}, year {y}: post {g} holds {held} > {cap}"
                    );
                }
                if y > 0 {
                    // Outside stays outside; the retired and the departed stay gone.
                    for (p, s) in trace[y - 1].iter().enumerate() {
                        if matches!(
                            s,
                            Standing::Outside | Standing::Retired { .. } | Standing::Left { .. }
                        ) {
                            assert_eq!(standings[p], *s, "seed {seed}, year {y}, person {p}");
                        }
                    }
                }
            }
        }
    }
}

/// The same seed gives the same years, and the reform day's outcome is the
/// same whether or not the scenario has a timeline.
#[test]
fn the_reform_day_is_unchanged_by_a_timeline_and_the_years_repeat() {
    let text = std::fs::read_to_string("examples/shrinking-district.toml").unwrap();
    let cut = text
        .find("\n[timeline]\n")
        .expect("the example has a timeline")
        + 1;
    let rest = &text[cut..];
    let end = rest.find("\n\n").map_or(text.len(), |i| cut + i);
    let without = format!("{}{}", &text[..cut], &text[end..]);
    assert!(!without.contains("\n[timeline]\n"));
    let with = load_str(&text, "t.toml", Path::new("examples"))
        .unwrap()
        .scenario;
    let bare = load_str(&without, "t.toml", Path::new("examples"))
        .unwrap()
        .scenario;
    assert!(bare.timeline.is_none());
    for seed in [0, 7, 2020] {
        let a = serde_json::to_string(&reform_day(&with, seed)).unwrap();
        let b = serde_json::to_string(&reform_day(&bare, seed)).unwrap();
        assert_eq!(a, b, "seed {seed}");
        let timeline = with.timeline.as_ref().unwrap();
        let outcome = reform_day(&with, seed);
        assert_eq!(
            run_years(&with, timeline, &outcome, seed, 0),
            run_years(&with, timeline, &outcome, seed, 0)
        );
    }
}

/// Bad `[timeline]` input is a located error, not a panic.
#[test]
fn a_bad_timeline_is_a_located_error() {
    let text = std::fs::read_to_string("examples/shrinking-district.toml").unwrap();
    for (bad, message) in [
        ("years = 5", "`years` must be from 1 to 50"),
        ("hiring = \"freeze\"", "unknown hiring rule `sometimes`"),
        (
            "attrition = { head = 0, deputy = 0, staff = 0 }",
            "attrition rate must be from 0 to 1",
        ),
    ] {
        let replacement = match bad {
            "years = 5" => "years = 0",
            "hiring = \"freeze\"" => "hiring = \"sometimes\"",
            _ => "attrition = { head = 0, deputy = 0, staff = 1.5 }",
        };
        let broken = text.replacen(&format!("\n{bad}\n"), &format!("\n{replacement}\n"), 1);
        let err = load_str(&broken, "t.toml", Path::new("examples")).expect_err(message);
        assert!(
            err.diagnostics()
                .iter()
                .any(|d| d.message.contains(message)),
            "{message}: {:#?}",
            err.diagnostics()
        );
    }
    let no_date = text.replacen("reference_date = 2020-12-01\n", "", 1);
    let err = load_str(&no_date, "t.toml", Path::new("examples")).expect_err("no date");
    assert!(
        err.diagnostics()
            .iter()
            .any(|d| d.message.contains("needs `[policy] reference_date`"))
    );
}

/// `reorg run` with a timeline: the JSON is the run's object with a `years`
/// key added, and everything else in it byte for byte what the same file
/// without `[timeline]` gives; the CSV is the run's, then the year table.
#[test]
fn run_output_adds_the_years_and_leaves_the_reform_day_as_it_was() {
    let text = std::fs::read_to_string("examples/shrinking-district.toml").unwrap();
    let cut = text.find("\n[timeline]\n").unwrap() + 1;
    let end = cut + text[cut..].find("\n\n").unwrap();
    let without = format!("{}{}", &text[..cut], &text[end..]);
    let dir = std::env::temp_dir().join(format!("reorg-years-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bare = dir.join("bare.toml");
    std::fs::write(&bare, without).unwrap();
    let run = |file: &str, format: &str| {
        let out = crate::support::reorg()
            .args(["run", file, "--format", format])
            .assert()
            .success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    let with_json = run("examples/shrinking-district.toml", "json");
    let bare_json = run(bare.to_str().unwrap(), "json");
    let mut with: serde_json::Value = serde_json::from_str(&with_json).unwrap();
    let figures = with["years"]["figures"].as_array().unwrap();
    assert_eq!(figures.len(), 6);
    let in_post: Vec<u64> = figures
        .iter()
        .map(|f| {
            f["headcount"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_u64().unwrap())
                .sum()
        })
        .collect();
    // From the birth years (see the first test): 17 born after 1960, ...
    assert_eq!(in_post, [17, 15, 13, 11, 10, 9]);
    with.as_object_mut().unwrap().remove("years");
    let bare_value: serde_json::Value = serde_json::from_str(&bare_json).unwrap();
    assert_eq!(with, bare_value);
    // Byte for byte: the run's text is the start of the output with years.
    let head = bare_json.trim_end().strip_suffix('}').unwrap().trim_end();
    assert!(with_json.starts_with(head));
    let with_csv = run("examples/shrinking-district.toml", "csv");
    let bare_csv = run(bare.to_str().unwrap(), "csv");
    assert!(with_csv.starts_with(&bare_csv));
    let years_csv = &with_csv[bare_csv.len()..];
    assert!(years_csv.starts_with("\nyear,calendar_year,head_in_post,head_posts,"));
    assert_eq!(years_csv.lines().count(), 1 + 1 + 6);
    std::fs::remove_dir_all(&dir).ok();
}

/// The bottom-performer rule worked out by hand: one unit of eight staff
/// whose appraisals stay their roster scores (no appraisal noise), a rule
/// acting on at most a quarter of the unit (rounded down) under 70, who
/// leave; nobody retires, leaves otherwise or is hired.
/// Year 1: 8 in post, at most 2: scores 50 and 55 are under 70, both go.
/// Year 2: 6, at most 1: 65 goes. Year 3: 5, at most 1: the lowest is 72,
/// not under 70: nobody. Years 4 and 5: the same.
#[test]
fn the_bottom_rule_by_hand() {
    let scores = [90, 50, 72, 85, 55, 95, 65, 80];
    let mut text = String::from(
        "[scenario]\nname = \"t\"\n\n[[level]]\nid = \"staff\"\n\n[[before]]\nid = \"a\"\n\n\
         [[after]]\nid = \"b\"\nfrom = [\"a\"]\nposts = { staff = 8 }\n\n\
         [policy]\nreference_date = 2020-01-01\n\n\
         [timeline]\nyears = 5\n\n[timeline.appraisal]\nnoise = 0\nunit_sd = 0\n\n\
         [timeline.bottom]\nshare = 0.25\nfloor = 70\naction = \"leave\"\n",
    );
    for (i, score) in scores.iter().enumerate() {
        text += &format!(
            "\n[[person]]\nid = \"p{i}\"\nunit = \"a\"\nlevel = \"staff\"\nborn = 1980\nscore = {score}\n"
        );
    }
    let scenario = load_str(&text, "t.toml", Path::new(".")).unwrap().scenario;
    let timeline = scenario.timeline.clone().unwrap();
    for seed in [0, 1, 2] {
        let outcome = reform_day(&scenario, seed);
        let years = run_years(&scenario, &timeline, &outcome, seed, 0);
        let dismissed: Vec<u64> = years.years.iter().map(|f| f.dismissed).collect();
        let in_post: Vec<u64> = years.years.iter().map(|f| f.headcount[0]).collect();
        assert_eq!(dismissed, [0, 2, 1, 0, 0, 0], "seed {seed}");
        assert_eq!(in_post, [8, 6, 5, 5, 5, 5], "seed {seed}");
        let gone: Vec<(u32, &str)> = years
            .events
            .iter()
            .map(|e| (e.year, scenario.people[e.person].id.as_str()))
            .collect();
        assert_eq!(gone, [(1, "p1"), (1, "p4"), (2, "p6")], "seed {seed}");
    }
}

/// Hiring never takes a unit beyond its establishment: the shrinking
/// district with `hiring = "replace"` hires nobody while the bureau is over
/// its establishment of 14 and then exactly what keeps it at 14. From the
/// birth years, without hiring, the people in post would be 17, 15, 13, 11,
/// 10, 9: year 1 is still over (15), so nobody is hired; from year 2 on,
/// each year's retirements (2, 2, 1, 1) bring it under 14 and as many are
/// hired, less the one seat it was already under in year 2 (13 + 1 = 14).
#[test]
fn hiring_stops_at_the_establishment() {
    let text = std::fs::read_to_string("examples/shrinking-district.toml")
        .unwrap()
        .replacen("\nhiring = \"freeze\"\n", "\nhiring = \"replace\"\n", 1);
    let scenario = load_str(&text, "t.toml", Path::new("examples"))
        .unwrap()
        .scenario;
    let timeline = scenario.timeline.clone().unwrap();
    for seed in [1, 5, 2020] {
        let outcome = reform_day(&scenario, seed);
        let years = run_years(&scenario, &timeline, &outcome, seed, 0);
        let in_post: Vec<u64> = years
            .years
            .iter()
            .map(|f| f.headcount.iter().sum())
            .collect();
        let hired: Vec<u64> = years.years.iter().map(|f| f.hired).collect();
        assert_eq!(in_post, [17, 15, 14, 14, 14, 14], "seed {seed}");
        assert_eq!(hired, [0, 0, 1, 2, 1, 1], "seed {seed}");
    }
}

/// A term-end re-appointment (`term = 2`) in the shrinking district: in
/// years 2 and 4 everyone in post competes again for the bureau's 18 seats;
/// with 10 choices and second passes everyone is placed (fewer people than
/// seats at every step down the ladder), so the people re-appointed are the
/// people in post worked out from the birth years (13 in year 2, 10 in year
/// 4), nobody is left without a post, and the headcount is as without terms.
#[test]
fn a_term_end_reappoints_everyone_in_post() {
    let text = std::fs::read_to_string("examples/shrinking-district.toml")
        .unwrap()
        .replacen(
            "\n[timeline]\nyears = 5\n",
            "\n[timeline]\nyears = 5\nterm = 2\n",
            1,
        );
    let scenario = load_str(&text, "t.toml", Path::new("examples"))
        .unwrap()
        .scenario;
    let timeline = scenario.timeline.clone().unwrap();
    assert_eq!(timeline.term, Some(2));
    for seed in [1, 5, 2020] {
        let outcome = reform_day(&scenario, seed);
        let years = run_years(&scenario, &timeline, &outcome, seed, 0);
        let in_post: Vec<u64> = years
            .years
            .iter()
            .map(|f| f.headcount.iter().sum())
            .collect();
        let reappointed: Vec<u64> = years.years.iter().map(|f| f.reappointed).collect();
        let unplaced: Vec<u64> = years.years.iter().map(|f| f.unplaced).collect();
        assert_eq!(in_post, [17, 15, 13, 11, 10, 9], "seed {seed}");
        assert_eq!(reappointed, [0, 0, 13, 0, 10, 0], "seed {seed}");
        assert_eq!(unplaced, [0; 6], "seed {seed}");
        assert!(
            years
                .years
                .iter()
                .all(|f| f.pooled == 0 && f.headcount[0] == 1)
        );
    }
}
