//! The merge graph on small scenarios whose answers are worked out by hand.

use reorg::graph::MergeGraph;

use crate::support::load_ok;

/// Three units; approval work is pulled into a bureau, `b` is split three ways.
///
/// ```text
///  a: core p1 p2, approval p3           ──core──────▶ x
///                                       ──approval──▶ bureau
///  b: core p4, approval p5 p6, audit p7 ──core──────▶ x
///                                       ──approval──▶ bureau
///                                       ──audit─────▶ y
///  c: core p8 p9 p10                    ──core──────▶ y
/// ```
const TINY: &str = r#"
[scenario]
name = "tiny"

[[level]]
id = "head"

[[level]]
id = "staff"

[[function]]
id = "approval"

[[function]]
id = "audit"

[[before]]
id = "a"
functions = ["approval"]

[[before]]
id = "b"
functions = ["approval", "audit"]

[[before]]
id = "c"

[[after]]
id = "x"
from = ["a", "b"]
posts = { head = 1, staff = 2 }

[[after]]
id = "bureau"
from = ["*.approval"]
posts = { head = 1, staff = 2 }

[[after]]
id = "y"
from = ["c", "b.audit"]
posts = { head = 1, staff = 3 }

[[person]]
id = "p1"
unit = "a"
level = "head"
born = 1970
score = 80

[[person]]
id = "p2"
unit = "a"
level = "staff"
born = 1980
score = 70

[[person]]
id = "p3"
unit = "a"
level = "staff"
born = 1985
score = 75
function = "approval"

[[person]]
id = "p4"
unit = "b"
level = "head"
born = 1968
score = 90

[[person]]
id = "p5"
unit = "b"
level = "staff"
born = 1990
score = 60
function = "approval"

[[person]]
id = "p6"
unit = "b"
level = "staff"
born = 1991
score = 65
function = "approval"

[[person]]
id = "p7"
unit = "b"
level = "staff"
born = 1992
score = 85
function = "audit"

[[person]]
id = "p8"
unit = "c"
level = "head"
born = 1966
score = 88

[[person]]
id = "p9"
unit = "c"
level = "staff"
born = 1989
score = 77

[[person]]
id = "p10"
unit = "c"
level = "staff"
born = 1993
score = 71
"#;

const A: usize = 0;
const B: usize = 1;
const C: usize = 2;
const X: usize = 0;
const BUREAU: usize = 1;
const Y: usize = 2;

#[test]
fn edges_carry_the_shares_and_headcount_worked_out_by_hand() {
    let scenario = load_ok(TINY).scenario;
    let graph = MergeGraph::build(&scenario);
    let approval = Some(0);
    let audit = Some(1);
    let edges: Vec<(usize, usize, Vec<Option<usize>>, usize)> = graph
        .edges()
        .into_iter()
        .map(|(b, a, m)| (b, a, m.functions.clone(), m.headcount))
        .collect();
    assert_eq!(
        edges,
        vec![
            (A, X, vec![None], 2),
            (A, BUREAU, vec![approval], 1),
            (B, X, vec![None], 1),
            (B, BUREAU, vec![approval], 2),
            (B, Y, vec![audit], 1),
            (C, Y, vec![None], 3),
        ]
    );
    assert_eq!(
        [X, BUREAU, Y].map(|a| graph.inherited_headcount(a)),
        [3, 3, 4]
    );
    assert_eq!(graph.dissolved_headcount(), 0);
}

#[test]
fn successors_predecessors_and_homes() {
    let scenario = load_ok(TINY).scenario;
    let graph = MergeGraph::build(&scenario);
    assert_eq!(graph.successors(B), vec![X, BUREAU, Y]);
    assert_eq!(graph.successors(C), vec![Y]);
    assert_eq!(graph.predecessors(Y), vec![B, C]);
    assert_eq!(graph.predecessors(BUREAU), vec![A, B]);
    // p7 (index 6) does audit work in b: home is y, then b's other successors.
    assert_eq!(graph.home_unit(6), Some(Y));
    assert_eq!(graph.home_units(&scenario, 6), vec![Y, X, BUREAU]);
    // p3 (index 2) does approval work in a.
    assert_eq!(graph.home_unit(2), Some(BUREAU));
    assert!(graph.new_units().is_empty());
}

#[test]
fn one_matter_one_department_is_checked_on_both_sides() {
    let scenario = load_ok(TINY).scenario;
    let graph = MergeGraph::build(&scenario);
    let before = graph.shared_functions_before(&scenario);
    assert_eq!(before.len(), 1);
    assert_eq!(
        (before[0].function, before[0].owners.clone()),
        (0, vec![A, B])
    );
    assert!(graph.shared_functions_after(&scenario).is_empty());

    // `a` keeps its own approval work: the most specific claim wins, and now
    // approval has two owners after the merge.
    let keeps = TINY.replace(r#"from = ["a", "b"]"#, r#"from = ["a", "a.approval", "b"]"#);
    let scenario = load_ok(&keeps).scenario;
    let graph = MergeGraph::build(&scenario);
    let after = graph.shared_functions_after(&scenario);
    assert_eq!(after.len(), 1);
    assert_eq!(
        (after[0].function, after[0].owners.clone()),
        (0, vec![X, BUREAU])
    );
    assert_eq!(graph.home_unit(2), Some(X));
}

#[test]
fn dissolved_shares_leave_people_without_a_home() {
    let dissolved = TINY.replace(r#"from = ["c", "b.audit"]"#, r#"from = ["c"]"#)
        + "\n[[dissolve]]\nfrom = [\"b.audit\"]\nreason = \"abolished\"\n";
    let scenario = load_ok(&dissolved).scenario;
    let graph = MergeGraph::build(&scenario);
    assert_eq!(graph.home_unit(6), None);
    assert_eq!(graph.dissolved_headcount(), 1);
    assert_eq!(graph.inherited_headcount(Y), 3);
    assert_eq!(graph.successors(B), vec![X, BUREAU]);
}
