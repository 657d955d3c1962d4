//! Org charts before and after as inline SVG: the organisation at the top,
//! one branch per kind of unit, and each unit a box with its name and its
//! people (before) or filled/seats posts (after). Units outside the new
//! structure get a branch of their own. Long branches wrap into columns so
//! that a chart of fifty units still fits a page.

use std::collections::{HashMap, HashSet};

use super::Figure;
use super::svg::{escape, fit, n};
use crate::report::labels::Lang;
use crate::report::names::Names;
use crate::report::view::View;
use crate::scenario::UnitKind;

/// One unit's box.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitBox {
    /// First line: the name.
    pub name: String,
    /// Second line: its numbers.
    pub detail: String,
    /// On hover.
    pub tip: String,
    /// Fill colour.
    pub color: &'static str,
}

/// One branch: a heading and its units.
#[derive(Debug, Clone, PartialEq)]
pub struct Branch {
    /// Heading (a kind and its count).
    pub title: String,
    /// Its units, in file order.
    pub units: Vec<UnitBox>,
}

const BOX_W: f64 = 156.0;
const BOX_H: f64 = 38.0;
const COL_GAP: f64 = 12.0;
const ROW_GAP: f64 = 6.0;
const BRANCH_GAP: f64 = 28.0;
const PER_COLUMN: usize = 12;
const ROOT_H: f64 = 34.0;
const HEAD_Y: f64 = 74.0;
const HEAD_H: f64 = 28.0;
const UNITS_Y: f64 = 132.0;
/// Display columns of a name in a box.
const NAME_COLUMNS: usize = 22;

/// The SVG of one chart.
pub fn draw(id: &str, root: &str, branches: &[Branch]) -> String {
    let columns = |b: &Branch| b.units.len().div_ceil(PER_COLUMN).max(1);
    let branch_width = |b: &Branch| columns(b) as f64 * (BOX_W + COL_GAP) - COL_GAP;
    let total: f64 = branches.iter().map(branch_width).sum::<f64>()
        + BRANCH_GAP * branches.len().saturating_sub(1) as f64;
    let width = total.max(BOX_W * 2.0) + 16.0;
    let rows = branches
        .iter()
        .map(|b| b.units.len().min(PER_COLUMN))
        .max()
        .unwrap_or(0);
    let height = UNITS_Y + rows as f64 * (BOX_H + ROW_GAP) + 8.0;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"org\" id=\"{id}\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\" font-size=\"12\">\n\
<g class=\"lines\" stroke=\"#9aa5b1\" fill=\"none\">\n",
        n(width),
        n(height),
        n(width),
        n(height)
    );
    let root_w = 280.0;
    let root_x = (width - root_w) / 2.0;
    let mut boxes = String::new();
    boxes.push_str(&format!(
        "<g class=\"root\"><rect x=\"{}\" y=\"8\" width=\"{}\" height=\"{}\" rx=\"4\" fill=\"#1f2933\"/><text x=\"{}\" y=\"{}\" dy=\"0.35em\" text-anchor=\"middle\" fill=\"#fff\" font-size=\"13\">{}</text></g>\n",
        n(root_x), n(root_w), n(ROOT_H), n(width / 2.0), n(8.0 + ROOT_H / 2.0), escape(&fit(root, 40))
    ));
    let bus_y = (8.0 + ROOT_H + HEAD_Y) / 2.0;
    svg.push_str(&format!(
        "<path d=\"M{},{}V{}\"/>\n",
        n(width / 2.0),
        n(8.0 + ROOT_H),
        n(bus_y)
    ));
    let mut x = 8.0;
    let mut centres = Vec::new();
    for branch in branches {
        let bw = branch_width(branch);
        let centre = x + bw / 2.0;
        centres.push(centre);
        let head_w = bw.min(BOX_W * 1.3);
        boxes.push_str(&format!(
            "<g class=\"branch\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\" fill=\"#e8eef4\" stroke=\"#9aa5b1\"/><text x=\"{}\" y=\"{}\" dy=\"0.35em\" text-anchor=\"middle\" font-weight=\"600\">{}</text></g>\n",
            n(centre - head_w / 2.0), n(HEAD_Y), n(head_w), n(HEAD_H), n(centre), n(HEAD_Y + HEAD_H / 2.0), escape(&branch.title)
        ));
        svg.push_str(&format!(
            "<path d=\"M{},{}V{}\"/>\n",
            n(centre),
            n(bus_y),
            n(HEAD_Y)
        ));
        // From the heading down to a rail over the columns, then a spine
        // down the left of each column with a tick to each box.
        let rail_y = HEAD_Y + HEAD_H + (UNITS_Y - HEAD_Y - HEAD_H) / 2.0;
        svg.push_str(&format!(
            "<path d=\"M{},{}V{}\"/>\n",
            n(centre),
            n(HEAD_Y + HEAD_H),
            n(rail_y)
        ));
        let cols = columns(branch);
        let first_spine = x + 4.0;
        let last_spine = x + (cols - 1) as f64 * (BOX_W + COL_GAP) + 4.0;
        svg.push_str(&format!(
            "<path d=\"M{},{}H{}\"/>\n",
            n(first_spine.min(centre)),
            n(rail_y),
            n(last_spine.max(centre))
        ));
        for (c, chunk) in branch.units.chunks(PER_COLUMN).enumerate() {
            let cx = x + c as f64 * (BOX_W + COL_GAP);
            let spine = cx + 4.0;
            let last_mid = UNITS_Y + (chunk.len() - 1) as f64 * (BOX_H + ROW_GAP) + BOX_H / 2.0;
            svg.push_str(&format!(
                "<path d=\"M{},{}V{}\"/>\n",
                n(spine),
                n(rail_y),
                n(last_mid)
            ));
            for (r, unit) in chunk.iter().enumerate() {
                let y = UNITS_Y + r as f64 * (BOX_H + ROW_GAP);
                svg.push_str(&format!(
                    "<path d=\"M{},{}H{}\"/>\n",
                    n(spine),
                    n(y + BOX_H / 2.0),
                    n(cx + 12.0)
                ));
                boxes.push_str(&format!(
                    "<g class=\"unit\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"{}\" stroke=\"#9aa5b1\"/>\
<text x=\"{}\" y=\"{}\">{}</text><text x=\"{}\" y=\"{}\" fill=\"#5f6b7a\" font-size=\"11\">{}</text><title>{}</title></g>\n",
                    n(cx + 12.0), n(y), n(BOX_W - 12.0), n(BOX_H), unit.color,
                    n(cx + 18.0), n(y + 15.0), escape(&fit(&unit.name, NAME_COLUMNS)),
                    n(cx + 18.0), n(y + 30.0), escape(&unit.detail),
                    escape(&unit.tip)
                ));
            }
        }
        x += bw + BRANCH_GAP;
    }
    if let (Some(first), Some(last)) = (centres.first(), centres.last()) {
        svg.push_str(&format!(
            "<path d=\"M{},{}H{}\"/>\n",
            n(first.min(width / 2.0)),
            n(bus_y),
            n(last.max(width / 2.0))
        ));
    }
    svg.push_str("</g>\n");
    svg.push_str(&boxes);
    svg.push_str("</svg>");
    svg
}

/// A unit to place in a chart: its kind, id, the id of its body when it
/// is an internal unit (内设机构), and its box.
struct Entry {
    kind: UnitKind,
    id: String,
    parent: Option<String>,
    unit: UnitBox,
}

/// Branches in the order of [`UnitKind::ALL`], empty kinds left out. Each
/// body goes to the branch of its kind, followed by its internal units
/// (whatever their kind), indented by depth; `title` gets the kind, the
/// bodies and the internal units of a branch.
fn by_kind(units: Vec<Entry>, title: impl Fn(UnitKind, usize, usize) -> String) -> Vec<Branch> {
    let ids: HashSet<&str> = units.iter().map(|e| e.id.as_str()).collect();
    // A parent outside the chart (another side) cannot happen; should it,
    // the unit is drawn as a body rather than lost.
    let is_body = |e: &Entry| e.parent.as_deref().is_none_or(|p| !ids.contains(p));
    let mut children: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, entry) in units.iter().enumerate() {
        if let Some(parent) = entry.parent.as_deref().filter(|p| ids.contains(p)) {
            children.entry(parent).or_default().push(i);
        }
    }
    UnitKind::ALL
        .into_iter()
        .filter_map(|kind| {
            let mut boxes = Vec::new();
            let mut bodies = 0;
            for body in units.iter().filter(|e| e.kind == kind && is_body(e)) {
                bodies += 1;
                boxes.push(body.unit.clone());
                push_internal(&units, &children, &body.id, 1, &mut boxes);
            }
            (bodies > 0).then(|| Branch {
                title: title(kind, bodies, boxes.len() - bodies),
                units: boxes,
            })
        })
        .collect()
}

/// The internal units of `parent`, depth first, each name marked by depth.
fn push_internal(
    units: &[Entry],
    children: &HashMap<&str, Vec<usize>>,
    parent: &str,
    depth: usize,
    boxes: &mut Vec<UnitBox>,
) {
    // Validation refuses loops and caps the depth; the bound keeps a bad
    // input from recursing forever.
    if depth > crate::scenario::limits::MAX_NESTING_DEPTH + 1 {
        return;
    }
    for &i in children.get(parent).map_or(&[][..], Vec::as_slice) {
        let entry = &units[i];
        let mut unit = entry.unit.clone();
        unit.name = format!("{}└ {}", "  ".repeat(depth - 1), unit.name);
        boxes.push(unit);
        push_internal(units, children, &entry.id, depth + 1, boxes);
    }
}

/// The org charts before and after, in one figure.
pub fn figure(view: &View, names: &Names, lang: Lang) -> Figure {
    let w = lang.words();
    let report = view.report;
    let before_units: Vec<Entry> = view
        .graph
        .nodes
        .iter()
        .filter(|node| node.side == "before")
        .map(|node| Entry {
            kind: node.kind,
            id: node.id.clone(),
            parent: node.parent.clone(),
            unit: UnitBox {
                name: names.before(&node.unit).to_string(),
                detail: format!("{} {}", node.headcount, w.persons),
                tip: format!(
                    "{} ({}): {} {}",
                    node.name, node.unit, node.headcount, w.persons
                ),
                color: "#ffffff",
            },
        })
        .collect();
    let kind_title = |kind: UnitKind, bodies: usize, internal: usize| {
        if internal == 0 {
            format!("{} {bodies}", lang.kind(kind))
        } else {
            format!(
                "{} {bodies} + {internal} {}",
                lang.kind(kind),
                w.internal_units
            )
        }
    };
    let before = by_kind(before_units, kind_title);

    let unit_box = |u: &crate::metrics::UnitRow| {
        let filled: u32 = u.filled.iter().sum();
        let seats: u32 = u.posts.iter().sum();
        // "filled/seats 78/78": the words first, so the numbers read as a pair.
        let mut detail = format!("{}/{} {filled}/{seats}", w.filled, w.seats);
        if u.concurrent > 0 {
            detail.push_str(&format!(", {} {}", u.concurrent, w.concurrent));
        }
        if u.received > 0 {
            detail.push_str(&format!(", +{} {}", u.received, w.received));
        }
        UnitBox {
            name: names.after(&u.id).to_string(),
            tip: format!(
                "{} ({}): {} {}; {} {filled}/{seats}",
                u.name, u.id, u.headcount, w.persons, w.filled
            ),
            detail,
            color: if u.external { "#fdf1e4" } else { "#ffffff" },
        }
    };
    let entry = |u: &crate::metrics::UnitRow| Entry {
        kind: u.kind,
        id: u.id.clone(),
        parent: u.parent.clone(),
        unit: unit_box(u),
    };
    let inside: Vec<Entry> = report
        .units
        .iter()
        .filter(|u| !u.external)
        .map(entry)
        .collect();
    let mut after = by_kind(inside, kind_title);
    let outside: Vec<Entry> = report
        .units
        .iter()
        .filter(|u| u.external)
        .map(entry)
        .collect();
    if !outside.is_empty() {
        // One branch for all of them, bodies and internal units alike.
        let units: Vec<UnitBox> = by_kind(outside, |_, _, _| String::new())
            .into_iter()
            .flat_map(|b| b.units)
            .collect();
        after.push(Branch {
            title: format!("{} {}", w.outside, units.len()),
            units,
        });
    }
    let mut svg = format!("<h3>{}</h3>\n", escape(w.before_reform));
    svg.push_str(&draw("org-before", &report.scenario, &before));
    svg.push_str(&format!("\n<h3>{}</h3>\n", escape(w.after_reform)));
    svg.push_str(&draw("org-after", &report.scenario, &after));
    Figure {
        id: "org-charts",
        title: w.org_title.into(),
        note: None,
        svg,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(kind: UnitKind, id: &str, parent: Option<&str>) -> Entry {
        Entry {
            kind,
            id: id.into(),
            parent: parent.map(String::from),
            unit: UnitBox {
                name: id.into(),
                detail: String::new(),
                tip: String::new(),
                color: "#ffffff",
            },
        }
    }

    /// A bureau with an office inside it (of another kind) and a grandchild,
    /// and a separate office body: the internal units follow their body in
    /// its branch, marked by depth, and only bodies count as the branch's
    /// units.
    #[test]
    fn internal_units_follow_their_body_in_its_branch() {
        let units = vec![
            entry(UnitKind::Office, "o", None),
            entry(UnitKind::Office, "b1", Some("b")),
            entry(UnitKind::Bureau, "b", None),
            entry(UnitKind::Office, "b1x", Some("b1")),
        ];
        let branches = by_kind(units, |kind, bodies, internal| {
            format!("{} {bodies}+{internal}", kind.as_str())
        });
        let drawn: Vec<(String, Vec<String>)> = branches
            .into_iter()
            .map(|b| (b.title, b.units.into_iter().map(|u| u.name).collect()))
            .collect();
        assert_eq!(
            drawn,
            vec![
                (
                    "bureau 1+2".to_string(),
                    vec!["b".to_string(), "└ b1".into(), "  └ b1x".into()]
                ),
                ("office 1+0".to_string(), vec!["o".to_string()]),
            ]
        );
    }
}
