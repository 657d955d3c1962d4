//! The merge graph: which before units flow into which after units, carrying
//! which functions and how many people.
//!
//! Nodes are before and after units; an edge runs from a before unit to an
//! after unit when the after unit takes at least one share of it, and carries
//! the shares (the unit's core and/or functions) and the headcount moving
//! along it. Whole-unit merges, splits (one unit's functions to several
//! successors) and function pulls (every unit's approval work to one bureau)
//! are all just edges. The graph is built from a validated [`Scenario`], so it
//! has no dangling references; it has no cycles because edges only run from
//! before to after.
//!
//! Node indices are stable: the graph is never changed after it is built.

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use serde::Serialize;

use crate::scenario::Scenario;

/// A node: one unit, before or after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitNode {
    /// A before unit (index into [`Scenario::before`]).
    Before(usize),
    /// An after unit (index into [`Scenario::after`]).
    After(usize),
}

/// An edge: the shares of one before unit that one after unit takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Move {
    /// The shares moving: `None` for the unit's core (staff with no
    /// function), `Some(f)` for function `f`.
    pub functions: Vec<Option<usize>>,
    /// People whose share moves along this edge.
    pub headcount: usize,
}

/// The merge graph of a scenario, with per-person home units.
#[derive(Debug, Clone)]
pub struct MergeGraph {
    graph: DiGraph<UnitNode, Move>,
    before_nodes: Vec<NodeIndex>,
    after_nodes: Vec<NodeIndex>,
    /// The after unit that takes each person's share, if any.
    home: Vec<Option<usize>>,
    /// Headcount of each before unit.
    before_headcount: Vec<usize>,
    /// Headcount each after unit inherits.
    inherited: Vec<usize>,
    /// People whose share is dissolved.
    dissolved_headcount: usize,
}

/// A function and the units that own it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SharedFunction {
    /// The function (index into [`Scenario::functions`]).
    pub function: usize,
    /// The owning units (before or after indices, depending on the question).
    pub owners: Vec<usize>,
}

impl MergeGraph {
    /// Builds the graph of a validated scenario.
    ///
    /// Complexity: O(units + shares + people).
    pub fn build(scenario: &Scenario) -> MergeGraph {
        let mut graph = DiGraph::with_capacity(
            scenario.before.len() + scenario.after.len(),
            scenario.before.len(),
        );
        let before_nodes: Vec<NodeIndex> = (0..scenario.before.len())
            .map(|b| graph.add_node(UnitNode::Before(b)))
            .collect();
        let after_nodes: Vec<NodeIndex> = (0..scenario.after.len())
            .map(|a| graph.add_node(UnitNode::After(a)))
            .collect();

        // People per share, to weigh the edges.
        let mut share_people: Vec<Vec<usize>> = scenario
            .before
            .iter()
            .map(|u| vec![0; u.functions.len() + 1])
            .collect();
        let mut before_headcount = vec![0; scenario.before.len()];
        let mut home = Vec::with_capacity(scenario.people.len());
        let mut dissolved_headcount = 0;
        for (index, person) in scenario.people.iter().enumerate() {
            let slot = scenario
                .share_slot(person.unit, person.function)
                .expect("validated: a person's function is owned by their unit");
            share_people[person.unit][slot] += 1;
            before_headcount[person.unit] += 1;
            match scenario.receiving_unit(scenario.person_fate(index)) {
                Some(a) => home.push(Some(a)),
                None => {
                    dissolved_headcount += 1;
                    home.push(None);
                }
            }
        }

        let mut inherited = vec![0; scenario.after.len()];
        for (unit, slots) in scenario.fates.iter().enumerate() {
            // One edge per (before, after) pair, in the order shares are listed.
            let mut edges: Vec<(usize, Move)> = Vec::new();
            for (slot, fate) in slots.iter().enumerate() {
                let Some(after) = fate.and_then(|fate| scenario.receiving_unit(fate)) else {
                    continue;
                };
                let moving = share_people[unit][slot];
                inherited[after] += moving;
                let function = scenario.slot_function(unit, slot);
                match edges.iter_mut().find(|(a, _)| *a == after) {
                    Some((_, edge)) => {
                        edge.functions.push(function);
                        edge.headcount += moving;
                    }
                    None => edges.push((
                        after,
                        Move {
                            functions: vec![function],
                            headcount: moving,
                        },
                    )),
                }
            }
            for (after, edge) in edges {
                graph.add_edge(before_nodes[unit], after_nodes[after], edge);
            }
        }
        MergeGraph {
            graph,
            before_nodes,
            after_nodes,
            home,
            before_headcount,
            inherited,
            dissolved_headcount,
        }
    }

    /// The underlying petgraph graph, for algorithms this type does not wrap.
    pub fn graph(&self) -> &DiGraph<UnitNode, Move> {
        &self.graph
    }

    /// The after units a before unit's shares go to, in graph order.
    pub fn successors(&self, before: usize) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .graph
            .neighbors_directed(self.before_nodes[before], Direction::Outgoing)
            .filter_map(|n| match self.graph[n] {
                UnitNode::After(a) => Some(a),
                UnitNode::Before(_) => None,
            })
            .collect();
        out.sort_unstable();
        out
    }

    /// The before units an after unit takes shares from.
    pub fn predecessors(&self, after: usize) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .graph
            .neighbors_directed(self.after_nodes[after], Direction::Incoming)
            .filter_map(|n| match self.graph[n] {
                UnitNode::Before(b) => Some(b),
                UnitNode::After(_) => None,
            })
            .collect();
        out.sort_unstable();
        out
    }

    /// The edge from a before unit to an after unit, if there is one.
    pub fn edge(&self, before: usize, after: usize) -> Option<&Move> {
        self.graph
            .find_edge(self.before_nodes[before], self.after_nodes[after])
            .map(|e| &self.graph[e])
    }

    /// Every edge as (before unit, after unit, move), ordered by before then after unit.
    pub fn edges(&self) -> Vec<(usize, usize, &Move)> {
        let mut out: Vec<(usize, usize, &Move)> = self
            .graph
            .edge_indices()
            .filter_map(|e| {
                let (from, to) = self.graph.edge_endpoints(e)?;
                match (self.graph[from], self.graph[to]) {
                    (UnitNode::Before(b), UnitNode::After(a)) => Some((b, a, &self.graph[e])),
                    _ => None,
                }
            })
            .collect();
        out.sort_by_key(|&(b, a, _)| (b, a));
        out
    }

    /// The after unit that takes a person's share of their unit (their home
    /// after the merge), or `None` when that share is dissolved.
    pub fn home_unit(&self, person: usize) -> Option<usize> {
        self.home[person]
    }

    /// Every after unit a person can count as home: the one taking their own
    /// share first, then the other successors of their before unit.
    pub fn home_units(&self, scenario: &Scenario, person: usize) -> Vec<usize> {
        let own = self.home[person];
        let mut out: Vec<usize> = own.into_iter().collect();
        out.extend(
            self.successors(scenario.people[person].unit)
                .into_iter()
                .filter(|&a| Some(a) != own),
        );
        out
    }

    /// Headcount of a before unit.
    pub fn before_headcount(&self, before: usize) -> usize {
        self.before_headcount[before]
    }

    /// Headcount an after unit inherits through the graph.
    pub fn inherited_headcount(&self, after: usize) -> usize {
        self.inherited[after]
    }

    /// People whose share of their unit is dissolved.
    pub fn dissolved_headcount(&self) -> usize {
        self.dissolved_headcount
    }

    /// Functions owned by two or more before units.
    pub fn shared_functions_before(&self, scenario: &Scenario) -> Vec<SharedFunction> {
        shared(scenario.functions.len(), |f| {
            (0..scenario.before.len())
                .filter(|&b| scenario.before[b].functions.contains(&f))
                .collect()
        })
    }

    /// Functions whose shares land in two or more after units; empty when
    /// "one matter, one department" holds.
    pub fn shared_functions_after(&self, scenario: &Scenario) -> Vec<SharedFunction> {
        let edges = self.edges();
        shared(scenario.functions.len(), |f| {
            let mut owners: Vec<usize> = edges
                .iter()
                .filter(|(_, _, m)| m.functions.contains(&Some(f)))
                .map(|&(_, a, _)| a)
                .collect();
            owners.sort_unstable();
            owners.dedup();
            owners
        })
    }

    /// After units with no predecessor (new units built from nothing).
    pub fn new_units(&self) -> Vec<usize> {
        (0..self.after_nodes.len())
            .filter(|&a| self.predecessors(a).is_empty())
            .collect()
    }
}

fn shared(functions: usize, owners_of: impl Fn(usize) -> Vec<usize>) -> Vec<SharedFunction> {
    (0..functions)
        .filter_map(|function| {
            let owners = owners_of(function);
            (owners.len() > 1).then_some(SharedFunction { function, owners })
        })
        .collect()
}

/// The merge graph as plain data, with ids and names resolved: what the DOT,
/// Mermaid and JSON renderers draw.
#[derive(Debug, Clone, Serialize)]
pub struct GraphView {
    /// Scenario name.
    pub scenario: String,
    /// Before units, then after units.
    pub nodes: Vec<NodeView>,
    /// Moves from before to after units.
    pub edges: Vec<EdgeView>,
    /// People whose share is dissolved.
    pub dissolved_headcount: usize,
}

/// A unit in a [`GraphView`].
#[derive(Debug, Clone, Serialize)]
pub struct NodeView {
    /// Unique node id: `before:ID` or `after:ID` (a unit may keep its id across the merge).
    pub id: String,
    /// `before` or `after`.
    pub side: &'static str,
    /// The unit id as in the scenario.
    pub unit: String,
    /// Display name.
    pub name: String,
    /// Unit kind.
    pub kind: crate::scenario::UnitKind,
    /// People in it (before) or inherited by it (after).
    pub headcount: usize,
    /// Node id of the body it is an internal unit (内设机构) of, when it is
    /// one (left out of JSON otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

/// A move in a [`GraphView`].
#[derive(Debug, Clone, Serialize)]
pub struct EdgeView {
    /// Node id of the before unit.
    pub from: String,
    /// Node id of the after unit.
    pub to: String,
    /// True when the unit's core (staff with no function) moves along it.
    pub core: bool,
    /// Function ids moving along it.
    pub functions: Vec<String>,
    /// People moving along it.
    pub headcount: usize,
}

impl MergeGraph {
    /// The graph as plain data for rendering.
    pub fn view(&self, scenario: &Scenario) -> GraphView {
        let before = scenario.before.iter().enumerate().map(|(b, u)| NodeView {
            id: format!("before:{}", u.id),
            side: "before",
            unit: u.id.clone(),
            name: u.name.clone(),
            kind: u.kind,
            headcount: self.before_headcount[b],
            parent: u
                .parent
                .map(|p| format!("before:{}", scenario.before[p].id)),
        });
        let after = scenario.after.iter().enumerate().map(|(a, u)| NodeView {
            id: format!("after:{}", u.id),
            side: "after",
            unit: u.id.clone(),
            name: u.name.clone(),
            kind: u.kind,
            headcount: self.inherited[a],
            parent: u.parent.map(|p| format!("after:{}", scenario.after[p].id)),
        });
        let edges = self
            .edges()
            .into_iter()
            .map(|(b, a, m)| EdgeView {
                from: format!("before:{}", scenario.before[b].id),
                to: format!("after:{}", scenario.after[a].id),
                core: m.functions.contains(&None),
                functions: m
                    .functions
                    .iter()
                    .flatten()
                    .map(|&f| scenario.functions[f].id.clone())
                    .collect(),
                headcount: m.headcount,
            })
            .collect();
        GraphView {
            scenario: scenario.name.clone(),
            nodes: before.chain(after).collect(),
            edges,
            dissolved_headcount: self.dissolved_headcount,
        }
    }
}
