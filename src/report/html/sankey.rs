//! Sankey diagrams as inline SVG: a column of sources on the left, a column
//! of destinations on the right, and one band per (source, destination,
//! colour) whose width is its number of people.
//!
//! - [`people_figure`]: people from each unit before to the unit they are in
//!   after, or to their status when they are in none (did not compete,
//!   pooled, exited, retired); bands coloured by outcome; small flows
//!   between units gathered into one band per unit ([`SMALL_FLOW`]);
//! - [`levels_figure`]: the transition matrix, levels before to levels or
//!   statuses after.
//!
//! The layout is deterministic: units before are ordered by the mean position of
//! their destinations (levels keep the ladder's order) (compared in whole numbers, so no rounding decides an
//! order), which uncrosses most bands; every node gets at least a label's
//! height, so no label overlaps another.

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

/// How the left column is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// As given (a ladder of levels keeps its order).
    Given,
    /// By the mean position of where its bands go, which uncrosses them.
    ByDestination,
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

    // Sources ordered by the weighted mean index of their destinations:
    // a/b < c/d compared as a·d < c·b.
    let mut weight = vec![(0u128, 0u128); left.len()];
    for band in bands {
        weight[band.from].0 += (band.to as u128) * band.value as u128;
        weight[band.from].1 += band.value as u128;
    }
    let mut order: Vec<usize> = (0..left.len()).filter(|&i| left_total[i] > 0).collect();
    order.sort_by(|&a, &b| {
        if left_order == Order::Given {
            return a.cmp(&b);
        }
        let (sa, wa) = weight[a];
        let (sb, wb) = weight[b];
        (sa * wb).cmp(&(sb * wa)).then(a.cmp(&b))
    });
    let right_order: Vec<usize> = (0..right.len()).filter(|&i| right_total[i] > 0).collect();

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
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sankey\" id=\"{id}\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\">\n<g class=\"bands\" fill-opacity=\"0.55\">\n",
        n(WIDTH),
        n(height),
        n(WIDTH),
        n(height)
    );
    for &b in &out_order {
        let band = &bands[b];
        let h = band.value as f64 * scale;
        let (sy, ty) = (source_y[b], target_y[b]);
        let (sx, tx) = (x0 + BAR, x1);
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

/// A band from one unit to another is drawn on its own when it holds at
/// least this many people, or at least 1% of everyone; smaller ones are
/// gathered per unit before and outcome into one band to "other units".
/// In a large reform people scatter: in Binhai 511 of 607 bands hold one or
/// two people, which no reader can follow; the gathered band keeps their
/// number and colour. Bands to a status (pooled, exited, ...) are always
/// drawn, however small: they are what a reform office looks for.
pub const SMALL_FLOW: usize = 3;

/// Whether a band of `value` of `people` is small enough to gather.
pub fn is_small(value: usize, people: usize) -> bool {
    value < SMALL_FLOW && value * 100 < people
}

/// People from units before to units after (or to their status): one band
/// per unit before, destination and outcome, from the report's flow table;
/// small flows between units gathered into "other units" ([`SMALL_FLOW`]).
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
        })
        .collect();
    let unit_index: BTreeMap<&str, usize> = report
        .units
        .iter()
        .enumerate()
        .map(|(i, unit)| (unit.id.as_str(), i))
        .collect();
    // Gathered small flows, then statuses without a unit in status order.
    let other = right.len();
    right.push(Node {
        label: pw.other_units.into(),
        tip: pw.other_units.into(),
        color: "#8a9bb0",
    });
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
    let people = report.summary.people;
    let mut gathered: BTreeMap<(usize, usize, Outcome), usize> = BTreeMap::new();
    let mut gathered_people = 0;
    for ((from, to, outcome), value) in counts {
        let to = if to < other && is_small(value, people) {
            gathered_people += value;
            other
        } else {
            to
        };
        *gathered.entry((from, to, outcome)).or_default() += value;
    }
    let bands: Vec<Band> = gathered
        .into_iter()
        .map(|((from, to, outcome), value)| Band {
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
        Order::ByDestination,
    );
    svg.push_str(&legend(&items));
    let mut note = w.sankey_note.to_string();
    if gathered_people > 0 {
        note.push(' ');
        note.push_str(
            &pw.small_flows_note
                .replace("{n}", &SMALL_FLOW.to_string())
                .replace("{people}", &gathered_people.to_string()),
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
