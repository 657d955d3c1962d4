//! Sankey diagrams as inline SVG: a column of sources on the left, a column
//! of destinations on the right, and one band per (source, destination,
//! colour) whose width is its number of people.
//!
//! - [`people_figure`]: people from each unit before to the unit they are in
//!   after, or to their status when they are in none (did not compete,
//!   pooled, exited, retired); bands coloured by outcome; every flow drawn,
//!   the small ones between units ([`SMALL_FLOW`]) as faint strokes under
//!   the big ones, so every node is as tall as its real count;
//! - [`levels_figure`]: the transition matrix, levels before to levels or
//!   statuses after.
//!
//! The layout is deterministic: for people, both columns are put in
//! barycentre order (each unit at the mean position of where its people go
//! or come from, a few sweeps, compared in whole numbers so no rounding
//! decides an order), which uncrosses most bands; levels keep the ladder's
//! order. Every node gets at least a label's height, so no label overlaps
//! another.

use std::collections::BTreeMap;

use super::Figure;
use super::svg::{escape, fit, legend, n, status_color};
use super::words::page_words;
use crate::metrics::RunReport;
use crate::report::labels::Lang;
use crate::report::names::Names;
use crate::report::view::View;
use crate::simulate::Status;

/// One node of a column.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Text beside it.
    pub label: String,
    /// Text on hover.
    pub tip: String,
    /// Fill colour.
    pub color: &'static str,
    /// Nodes of a column stay grouped in this order (lower first); only
    /// nodes within one group are reordered to uncross the bands.
    pub group: u8,
}

/// One band: `value` people from left node `from` to right node `to`.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    /// Index into the left column.
    pub from: usize,
    /// Index into the right column.
    pub to: usize,
    /// People (at least 1).
    pub value: usize,
    /// Fill colour.
    pub color: &'static str,
    /// Text on hover.
    pub tip: String,
    /// Drawn as a thin, faint stroke under the others: a flow too small to
    /// follow on its own, which still takes its exact share of both nodes.
    pub minor: bool,
}

/// Width of the drawing, in SVG units (CSS pixels at full size).
const WIDTH: f64 = 1120.0;
/// Room for the labels of the left and right columns.
const LEFT_LABELS: f64 = 250.0;
const RIGHT_LABELS: f64 = 270.0;
const BAR: f64 = 12.0;
/// A node's least height: one line of 12 px text.
const SLOT: f64 = 14.0;
const GAP: f64 = 3.0;
const TOP: f64 = 8.0;
/// Display columns a label may take (a Chinese character takes two).
const LABEL_COLUMNS: usize = 32;
/// Opacity of a minor flow's stroke: visible as a haze where many scatter,
/// faint enough that the big bands above it read first.
const MINOR_OPACITY: f64 = 0.3;

/// How the left column is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// As given (a ladder of levels keeps its order).
    Given,
    /// Both columns reordered to uncross the bands: each node goes to the
    /// weighted mean position of the nodes its bands reach on the other
    /// side (barycentre ordering, a few sweeps), within its group.
    Barycentre,
}

/// Sweeps of the barycentre ordering: left by right, right by left. Most
/// of the uncrossing happens in the first two; four is plenty and cheap.
const SWEEPS: usize = 4;

/// `ids` (nodes of one column with people) ordered by group, then by the
/// weighted mean rank their bands reach on the other column (`other_rank`),
/// then by index. Means are compared as fractions a/b < c/d ⇔ a·d < c·b
/// in whole numbers, so no rounding decides an order and the layout is the
/// same on every machine.
fn by_barycentre(
    ids: &[usize],
    groups: &[u8],
    links: &[(usize, usize, usize)],
    other_rank: &[usize],
    count: usize,
) -> Vec<usize> {
    let mut weight = vec![(0u128, 0u128); count];
    for &(node, other, value) in links {
        weight[node].0 += other_rank[other] as u128 * value as u128;
        weight[node].1 += value as u128;
    }
    let mut order = ids.to_vec();
    order.sort_by(|&a, &b| {
        let (sa, wa) = weight[a];
        let (sb, wb) = weight[b];
        groups[a]
            .cmp(&groups[b])
            .then((sa * wb).cmp(&(sb * wa)))
            .then(a.cmp(&b))
    });
    order
}

/// Rank of each node in `order` (nodes not in it rank last).
fn ranks(order: &[usize], count: usize) -> Vec<usize> {
    let mut rank = vec![count; count];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }
    rank
}

/// The SVG of a two-column Sankey. Nodes without bands are left out.
pub fn draw(
    id: &str,
    left: &[Node],
    right: &[Node],
    bands: &[Band],
    height_hint: f64,
    left_order: Order,
) -> String {
    let mut left_total = vec![0usize; left.len()];
    let mut right_total = vec![0usize; right.len()];
    for band in bands {
        left_total[band.from] += band.value;
        right_total[band.to] += band.value;
    }
    let people: usize = left_total.iter().sum();
    // Pixels per person: the larger column fills about `height_hint`.
    let scale = (height_hint / people.max(1) as f64).clamp(0.3, 12.0);

    let mut order: Vec<usize> = (0..left.len()).filter(|&i| left_total[i] > 0).collect();
    let mut right_order: Vec<usize> = (0..right.len()).filter(|&i| right_total[i] > 0).collect();
    if left_order == Order::Barycentre {
        let left_groups: Vec<u8> = left.iter().map(|node| node.group).collect();
        let right_groups: Vec<u8> = right.iter().map(|node| node.group).collect();
        let outgoing: Vec<(usize, usize, usize)> =
            bands.iter().map(|b| (b.from, b.to, b.value)).collect();
        let incoming: Vec<(usize, usize, usize)> =
            bands.iter().map(|b| (b.to, b.from, b.value)).collect();
        right_order.sort_by_key(|&i| (right_groups[i], i));
        for _ in 0..SWEEPS {
            let right_rank = ranks(&right_order, right.len());
            order = by_barycentre(&order, &left_groups, &outgoing, &right_rank, left.len());
            let left_rank = ranks(&order, left.len());
            right_order = by_barycentre(
                &right_order,
                &right_groups,
                &incoming,
                &left_rank,
                right.len(),
            );
        }
        // Last, the sources once more, so they follow the final right column.
        let right_rank = ranks(&right_order, right.len());
        order = by_barycentre(&order, &left_groups, &outgoing, &right_rank, left.len());
    }

    let place = |order: &[usize], totals: &[usize]| {
        let mut y = TOP;
        let mut tops = vec![0.0; totals.len()];
        let mut slots = vec![0.0; totals.len()];
        for &i in order {
            let h = totals[i] as f64 * scale;
            let slot = h.max(SLOT);
            tops[i] = y + (slot - h) / 2.0;
            slots[i] = y + slot / 2.0;
            y += slot + GAP;
        }
        (tops, slots, y)
    };
    let (left_top, left_mid, left_end) = place(&order, &left_total);
    let (right_top, right_mid, right_end) = place(&right_order, &right_total);
    let height = left_end.max(right_end) + TOP;

    let x0 = LEFT_LABELS;
    let x1 = WIDTH - RIGHT_LABELS;
    let mid = (x0 + BAR + x1) / 2.0;

    // Bands leave each source in the order of their destinations and
    // enter each destination in the order of their sources.
    let rank_left: BTreeMap<usize, usize> =
        order.iter().enumerate().map(|(r, &i)| (i, r)).collect();
    let rank_right: BTreeMap<usize, usize> = right_order
        .iter()
        .enumerate()
        .map(|(r, &i)| (i, r))
        .collect();
    let mut out_order: Vec<usize> = (0..bands.len()).collect();
    out_order.sort_by_key(|&b| (rank_left[&bands[b].from], rank_right[&bands[b].to], b));
    let mut in_order: Vec<usize> = (0..bands.len()).collect();
    in_order.sort_by_key(|&b| (rank_right[&bands[b].to], rank_left[&bands[b].from], b));
    let mut source_y = vec![0.0; bands.len()];
    let mut offset = left_top.clone();
    for &b in &out_order {
        source_y[b] = offset[bands[b].from];
        offset[bands[b].from] += bands[b].value as f64 * scale;
    }
    let mut target_y = vec![0.0; bands.len()];
    let mut offset = right_top.clone();
    for &b in &in_order {
        target_y[b] = offset[bands[b].to];
        offset[bands[b].to] += bands[b].value as f64 * scale;
    }

    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sankey\" id=\"{id}\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\">\n",
        n(WIDTH),
        n(height),
        n(WIDTH),
        n(height)
    );
    let (sx, tx) = (x0 + BAR, x1);
    // Minor flows first, so the big movements are drawn over them: each a
    // stroke along the band's middle line, as wide as the band, faint.
    if bands.iter().any(|band| band.minor) {
        svg.push_str(&format!(
            "<g class=\"minor\" fill=\"none\" stroke-opacity=\"{MINOR_OPACITY}\">\n"
        ));
        for &b in out_order.iter().filter(|&&b| bands[b].minor) {
            let band = &bands[b];
            let h = band.value as f64 * scale;
            let (sy, ty) = (source_y[b] + h / 2.0, target_y[b] + h / 2.0);
            svg.push_str(&format!(
                "<path class=\"band minor\" stroke=\"{}\" stroke-width=\"{}\" d=\"M{},{}C{},{} {},{} {},{}\"><title>{}</title></path>\n",
                band.color,
                n(h),
                n(sx), n(sy), n(mid), n(sy), n(mid), n(ty), n(tx), n(ty),
                escape(&band.tip)
            ));
        }
        svg.push_str("</g>\n");
    }
    svg.push_str("<g class=\"bands\" fill-opacity=\"0.55\">\n");
    for &b in out_order.iter().filter(|&&b| !bands[b].minor) {
        let band = &bands[b];
        let h = band.value as f64 * scale;
        let (sy, ty) = (source_y[b], target_y[b]);
        svg.push_str(&format!(
            "<path class=\"band\" fill=\"{}\" d=\"M{},{}C{},{} {},{} {},{}L{},{}C{},{} {},{} {},{}Z\"><title>{}</title></path>\n",
            band.color,
            n(sx), n(sy), n(mid), n(sy), n(mid), n(ty), n(tx), n(ty),
            n(tx), n(ty + h), n(mid), n(ty + h), n(mid), n(sy + h), n(sx), n(sy + h),
            escape(&band.tip)
        ));
    }
    svg.push_str("</g>\n<g class=\"nodes\" font-size=\"12\">\n");
    let node = |svg: &mut String,
                x: f64,
                top: f64,
                mid_y: f64,
                total: usize,
                node: &Node,
                side: &str| {
        let h = (total as f64 * scale).max(1.0);
        let (anchor, tx) = if side == "left" {
            ("end", x - 5.0)
        } else {
            ("start", x + BAR + 5.0)
        };
        svg.push_str(&format!(
            "<g class=\"node {side}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" dy=\"0.35em\" text-anchor=\"{anchor}\">{} <tspan fill=\"#5f6b7a\">{total}</tspan></text><title>{}</title></g>\n",
            n(x), n(top), n(BAR), n(h), node.color, n(tx), n(mid_y),
            escape(&fit(&node.label, LABEL_COLUMNS)), escape(&node.tip)
        ));
    };
    for &i in &order {
        node(
            &mut svg,
            x0,
            left_top[i],
            left_mid[i],
            left_total[i],
            &left[i],
            "left",
        );
    }
    for &i in &right_order {
        node(
            &mut svg,
            x1,
            right_top[i],
            right_mid[i],
            right_total[i],
            &right[i],
            "right",
        );
    }
    svg.push_str("</g>\n</svg>");
    svg
}

/// Where a person's band goes, and its colour: the placed in one colour
/// whatever their level, the others by status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    Placed,
    Other(Status),
}

impl Outcome {
    fn of(status: Status) -> Outcome {
        if status.is_placed() {
            Outcome::Placed
        } else {
            Outcome::Other(status)
        }
    }

    fn color(self) -> &'static str {
        match self {
            Outcome::Placed => status_color(Status::SameLevel),
            Outcome::Other(status) => status_color(status),
        }
    }

    fn label(self, lang: Lang) -> String {
        match (self, lang) {
            (Outcome::Placed, Lang::En) => "placed in a post".into(),
            (Outcome::Placed, Lang::Zh) => "竞聘上岗".into(),
            (Outcome::Other(status), _) => match (status, lang) {
                (Status::DidNotCompete, Lang::En) => "did not compete".into(),
                (Status::SameLevel, Lang::En) => "same level".into(),
                (Status::RankKept, Lang::En) => "rank kept".into(),
                _ => lang.status(status).to_string(),
            },
        }
    }
}

/// A band from one unit to another holding fewer than this many people, and
/// under 1% of everyone, is minor: drawn as a thin, faint stroke under the
/// others ([`Band::minor`]). In a scenario of 100 people or fewer nothing is
/// minor (one person is then 1% or more, a movement worth a full band).
/// In a large reform people scatter: in Binhai 511 of 607 bands hold one or
/// two people, which no reader can follow one by one, yet each still lands
/// in its real unit, so every node keeps its exact size. Bands to a status
/// (pooled, exited, ...) are never minor: they are what a reform office
/// looks for.
pub const SMALL_FLOW: usize = 3;

/// Whether a band of `value` of `people` between two units is minor.
pub fn is_minor(value: usize, people: usize) -> bool {
    value < SMALL_FLOW && value * 100 < people
}

/// People from units before to units after (or to their status): one band
/// per unit before, destination and outcome, from the report's flow table;
/// flows of fewer than [`SMALL_FLOW`] people between units drawn faint.
/// Every node is as tall as its real count: a unit before its people, a
/// unit after its whole headcount, a status its people.
pub fn people_figure(view: &View, names: &Names, lang: Lang) -> Figure {
    let w = lang.words();
    let pw = page_words(lang);
    let report = view.report;
    let before: Vec<&crate::graph::NodeView> = view
        .graph
        .nodes
        .iter()
        .filter(|node| node.side == "before")
        .collect();
    let left: Vec<Node> = before
        .iter()
        .map(|unit| Node {
            label: names.before(&unit.unit).to_string(),
            tip: format!("{} ({}): {}", unit.name, unit.unit, lang.kind(unit.kind)),
            color: "#5f6b7a",
            group: 0,
        })
        .collect();
    let left_index: BTreeMap<&str, usize> = before
        .iter()
        .enumerate()
        .map(|(i, unit)| (unit.unit.as_str(), i))
        .collect();
    let mut right: Vec<Node> = report
        .units
        .iter()
        .map(|unit| Node {
            label: format!(
                "{}{}",
                names.after(&unit.id),
                if unit.external { w.outside_mark } else { "" }
            ),
            tip: format!("{} ({}): {}", unit.name, unit.id, lang.kind(unit.kind)),
            color: if unit.external { "#c7741f" } else { "#34495e" },
            // Units inside the structure, then those outside it.
            group: u8::from(unit.external),
        })
        .collect();
    let unit_index: BTreeMap<&str, usize> = report
        .units
        .iter()
        .enumerate()
        .map(|(i, unit)| (unit.id.as_str(), i))
        .collect();
    // Statuses without a unit, in status order, below the units.
    let mut status_index: BTreeMap<Status, usize> = BTreeMap::new();
    for status in Status::ALL {
        if report
            .flow_table
            .units
            .iter()
            .any(|f| f.status == status && f.to.is_none())
        {
            status_index.insert(status, right.len());
            right.push(Node {
                label: Outcome::of(status).label(lang),
                tip: Outcome::of(status).label(lang),
                color: status_color(status),
                group: 2,
            });
        }
    }
    // Placed people are one colour whatever their level: their bands merge.
    let mut counts: BTreeMap<(usize, usize, Outcome), usize> = BTreeMap::new();
    for flow in &report.flow_table.units {
        let from = left_index[flow.from.as_str()];
        let to = match &flow.to {
            Some(unit) => unit_index[unit.as_str()],
            None => status_index[&flow.status],
        };
        *counts
            .entry((from, to, Outcome::of(flow.status)))
            .or_default() += flow.people;
    }
    let units = report.units.len();
    let people = report.summary.people;
    let mut minor_people = 0;
    let bands: Vec<Band> = counts
        .into_iter()
        .map(|((from, to, outcome), value)| {
            let minor = to < units && is_minor(value, people);
            if minor {
                minor_people += value;
            }
            Band {
                from,
                to,
                value,
                color: outcome.color(),
                tip: format!(
                    "{} → {}: {value} {} ({})",
                    left[from].label,
                    right[to].label,
                    w.persons,
                    outcome.label(lang)
                ),
                minor,
            }
        })
        .collect();
    let mut outcomes: Vec<Outcome> = report
        .flow_table
        .units
        .iter()
        .map(|f| Outcome::of(f.status))
        .collect();
    outcomes.sort();
    outcomes.dedup();
    let items: Vec<(&str, String)> = outcomes
        .iter()
        .map(|o| (o.color(), o.label(lang)))
        .collect();
    let mut svg = draw(
        "sankey-people",
        &left,
        &right,
        &bands,
        900.0,
        Order::Barycentre,
    );
    svg.push_str(&legend(&items));
    let mut note = w.sankey_note.to_string();
    if minor_people > 0 {
        note.push(' ');
        note.push_str(
            &pw.small_flows_note
                .replace("{n}", &SMALL_FLOW.to_string())
                .replace("{people}", &minor_people.to_string()),
        );
    }
    Figure {
        id: "people-flows",
        title: w.sankey_title.into(),
        note: Some(note),
        svg,
    }
}

/// Levels before to levels or statuses after: the report's flow table of
/// levels as bands, coloured by status.
pub fn levels_figure(report: &RunReport, names: &Names, lang: Lang) -> Figure {
    let w = lang.words();
    let left: Vec<Node> = report
        .levels
        .iter()
        .map(|level| Node {
            label: names.level(&level.id).to_string(),
            tip: format!("{} ({})", names.level(&level.id), level.id),
            color: "#5f6b7a",
            group: 0,
        })
        .collect();
    let level_index: BTreeMap<&str, usize> = report
        .levels
        .iter()
        .enumerate()
        .map(|(i, level)| (level.id.as_str(), i))
        .collect();
    let mut right: Vec<Node> = report
        .levels
        .iter()
        .map(|level| Node {
            label: names.level(&level.id).to_string(),
            tip: format!("{} ({})", names.level(&level.id), level.id),
            color: "#34495e",
            group: 0,
        })
        .collect();
    let mut status_index: BTreeMap<Status, usize> = BTreeMap::new();
    for status in Status::ALL {
        if report
            .flow_table
            .levels
            .iter()
            .any(|f| f.status == status && f.to.is_none())
        {
            status_index.insert(status, right.len());
            let label = Outcome::Other(status).label(lang);
            right.push(Node {
                tip: label.clone(),
                label,
                color: status_color(status),
                group: 1,
            });
        }
    }
    let bands: Vec<Band> = report
        .flow_table
        .levels
        .iter()
        .map(|flow| {
            let from = level_index[flow.from.as_str()];
            let to = match &flow.to {
                Some(level) => level_index[level.as_str()],
                None => status_index[&flow.status],
            };
            Band {
                from,
                to,
                value: flow.people,
                color: status_color(flow.status),
                tip: format!(
                    "{} → {}: {} {} ({})",
                    left[from].label,
                    right[to].label,
                    flow.people,
                    w.persons,
                    Outcome::Other(flow.status).label(lang)
                ),
                minor: false,
            }
        })
        .collect();
    let mut shown: Vec<Status> = report.flow_table.levels.iter().map(|f| f.status).collect();
    shown.sort();
    shown.dedup();
    let items: Vec<(&str, String)> = shown
        .iter()
        .map(|&s| (status_color(s), Outcome::Other(s).label(lang)))
        .collect();
    let mut svg = draw("sankey-levels", &left, &right, &bands, 420.0, Order::Given);
    svg.push_str(&legend(&items));
    Figure {
        id: "level-flows",
        title: w.level_sankey_title.into(),
        note: None,
        svg,
    }
}
