//! Binhai's processes against the published figures
//! (../shared/seed/binhai-reform-facts.md, "Approval consolidation"):
//! an investment project 532 working days → within 20, 185 materials → 75,
//! seven sample items 40 days → 2, many departments → one bureau and seal.
//!
//! The before figures are calibrated inputs (docs/process.md); the after
//! figures must come out of the merge graph and the bureau's rules. So each
//! expected value is worked out here from the steps written in
//! scenarios/binhai.toml, and the last test switches the rules off to show
//! that the after figures move with them.

use std::path::Path;

use reorg::graph::MergeGraph;
use reorg::process::{ProcessComparison, ProcessReport};
use reorg::scenario;

fn binhai(overrides: &[&str]) -> Vec<ProcessComparison> {
    let overrides: Vec<String> = overrides.iter().map(|s| s.to_string()).collect();
    let loaded = scenario::load_with(Path::new("scenarios/binhai.toml"), &overrides)
        .expect("binhai.toml is valid");
    let graph = MergeGraph::build(&loaded.scenario);
    ProcessReport::of(&loaded.scenario, &graph).processes
}

/// Before: the departments' serial order is one chain of 35 steps (the
/// lightning and place-name reviews branch off it). Their durations add up
/// to 387 working days; 29 of the 34 links change department (water,
/// planning and housing each do two or more steps in a row), at 5 days
/// each: 387 + 145 = 532. Materials: 185 asked for, 75 distinct, across 25
/// departments' approval shares.
#[test]
fn the_investment_project_takes_532_days_today() {
    let p = &binhai(&[])[0];
    assert_eq!(p.id, "investment");
    let b = &p.before;
    assert_eq!(b.days, 532.0);
    assert_eq!(b.critical_path.len(), 35);
    assert!(!b.critical_path.contains(&"lightning".to_string()));
    assert_eq!((b.steps, b.units), (37, 25));
    assert_eq!((b.materials_submitted, b.materials_distinct), (185, 75));
    assert_eq!(b.submissions, 37);
}

/// After: every step is some department's `approval` share, and the
/// approval bureau takes `*.approval`, so one unit owns them all: no
/// hand-off, one seal, one form with the 75 distinct materials. Within
/// the bureau the departments' order is dropped (`within_unit`); what is
/// left are the needs: company (5) before filing (5), 10 days; drawings
/// (12) before the permit (5), 17 days; and the longest single review, 18
/// days (the first of them written is the site selection). So 18 ≤ 20.
#[test]
fn after_the_merge_it_takes_18_days_in_one_bureau() {
    let p = &binhai(&[])[0];
    let a = &p.after;
    assert_eq!(a.days, 18.0);
    assert!(a.days <= 20.0, "published: within 20 working days");
    assert_eq!(a.critical_path, ["site"]);
    assert_eq!(a.unit_ids, ["approval_bureau"]);
    assert_eq!((a.handoffs, a.submissions), (0, 1));
    assert_eq!((a.materials_submitted, a.materials_distinct), (75, 75));
}

/// Seven items in seven departments, one after the other: 1 + 2 + 2 + 1 +
/// 1 + 2 + 1 = 10 days of review and 6 hand-offs of 5: 40. In one bureau,
/// all at once: the longest item, 2 days.
#[test]
fn seven_sample_items_go_from_40_days_to_2() {
    let p = &binhai(&[])[1];
    assert_eq!(p.id, "seven_items");
    assert_eq!((p.before.days, p.after.days), (40.0, 2.0));
    assert_eq!((p.before.units, p.after.units), (7, 1));
    assert_eq!(p.before.handoffs, 6);
}

/// The after figures are the mechanism's: without the parallel rule the
/// bureau still works through the chain, only without hand-offs (387
/// days); without one form, each of the 37 steps is an application again
/// (185 materials). With every dependency dropped (`all`), the needs still
/// hold: 18 days.
#[test]
fn the_after_figures_follow_the_rules() {
    let p = &binhai(&[
        "process.investment.parallel=none",
        "process.investment.one_form=false",
    ])[0];
    assert_eq!(p.after.days, 387.0);
    assert_eq!(p.after.handoffs, 0);
    assert_eq!(
        (p.after.submissions, p.after.materials_submitted),
        (37, 185)
    );
    let all = &binhai(&["process.investment.parallel=all"])[0];
    assert_eq!(all.after.days, 18.0);
}
