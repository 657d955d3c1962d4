//! `reorg process` output: a [`ProcessReport`] (each process before → after)
//! or a [`SpreadReport`] (their working days over Monte Carlo runs) as
//! terminal tables, Markdown, JSON or CSV. Nothing here computes a figure:
//! differences and percentages are formatted from the two values shown.
//!
//! # JSON wire format
//!
//! `reorg process --format json` prints the [`ProcessReport`] itself:
//! `reorg_version`, `scenario`, and `processes`, each with `id`, `name`,
//! `handoff_days`, `one_form`, `parallel`, `before` and `after` (`days`,
//! `steps`, `units`, `unit_ids`, `handoffs`, `submissions`,
//! `materials_submitted`, `materials_distinct`, `critical_path`) and
//! `steps` (`id`, `name`, `owner`, `owner_after`, `days`, `before` and
//! `after` as `{start, finish, critical}`, `after` null for a step that
//! ends). With `--runs N`, the [`SpreadReport`]: `reorg_version`,
//! `scenario`, `seed`, `runs`, and per process `id`, `name`, `varies`, and
//! `before`, `after`, `saved` as `{mean, min, p5, p50, p95, max}`.
//! docs/process.md shows both.

use super::document::{Document, Layout, Section};
use super::labels::{Words, fill};
use super::text::{MISSING, one_line, signed, signed_percent, truncate_to_width};
use super::{Lang, Render};
use crate::csv_guard::neutralise;
use crate::process::{ProcessComparison, ProcessReport, Side, Slot, Spread, SpreadReport};

/// Widest step name shown in the steps table, in display columns.
const NAME_WIDTH: usize = 24;

impl Render for ProcessReport {
    fn document(&self, lang: Lang) -> Document {
        let w = lang.words();
        let mut intro = vec![format!("reorg {}: {}", self.reorg_version, w.process.intro)];
        if self.processes.is_empty() {
            intro.push(w.process.none.into());
        }
        let mut sections = Vec::new();
        for process in &self.processes {
            intro.push(rules_line(process, w));
            sections.push(summary(process, w));
            sections.push(steps(process, w));
        }
        Document {
            title: self.scenario.clone(),
            intro,
            sections,
        }
    }

    fn json(&self) -> String {
        pretty(self)
    }

    /// One row per process and side, plain numbers; the critical path as
    /// step ids separated by `;`.
    fn csv(&self) -> String {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let mut write = || -> csv::Result<()> {
            writer.write_record([
                "process",
                "side",
                "days",
                "steps",
                "units",
                "handoffs",
                "submissions",
                "materials_submitted",
                "materials_distinct",
                "critical_path",
            ])?;
            for process in &self.processes {
                for (name, side) in [("before", &process.before), ("after", &process.after)] {
                    writer.write_record([
                        neutralise(&process.id).as_ref(),
                        name,
                        &side.days.to_string(),
                        &side.steps.to_string(),
                        &side.units.to_string(),
                        &side.handoffs.to_string(),
                        &side.submissions.to_string(),
                        &side.materials_submitted.to_string(),
                        &side.materials_distinct.to_string(),
                        &neutralise(&side.critical_path.join(";")),
                    ])?;
                }
            }
            Ok(())
        };
        write().expect("writing CSV to memory cannot fail");
        finish(writer)
    }
}

impl Render for SpreadReport {
    fn document(&self, lang: Lang) -> Document {
        let w = lang.words();
        let mut rows = Vec::new();
        for process in &self.processes {
            for (side, spread) in [
                (w.before, &process.before),
                (w.after, &process.after),
                (w.process.saved, &process.saved),
            ] {
                let mut row = vec![one_line(&process.id), side.to_string()];
                row.extend(spread_cells(spread));
                rows.push(row);
            }
        }
        let header = [
            w.process.process,
            "",
            w.mean,
            w.process.min,
            "p5",
            "p50",
            "p95",
            w.process.max,
        ];
        let mut intro = vec![fill(
            w.process.spread_intro,
            &[
                ("seed", &self.seed.to_string()),
                ("runs", &self.runs.to_string()),
                ("version", &self.reorg_version),
            ],
        )];
        for process in self.processes.iter().filter(|p| !p.varies) {
            intro.push(format!("`{}`: {}", one_line(&process.id), w.process.fixed));
        }
        Document {
            title: self.scenario.clone(),
            intro,
            sections: vec![Section {
                title: Some(w.process.spread_title.into()),
                header: header.map(String::from).to_vec(),
                rows,
                numeric_from: 2,
                layout: Layout::Boxed,
            }],
        }
    }

    fn json(&self) -> String {
        pretty(self)
    }

    /// One row per process and side (`before`, `after`, `saved`).
    fn csv(&self) -> String {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let mut write = || -> csv::Result<()> {
            writer.write_record(["process", "side", "mean", "min", "p5", "p50", "p95", "max"])?;
            for process in &self.processes {
                for (side, s) in [
                    ("before", &process.before),
                    ("after", &process.after),
                    ("saved", &process.saved),
                ] {
                    writer.write_record([
                        neutralise(&process.id).as_ref(),
                        side,
                        &s.mean.to_string(),
                        &s.min.to_string(),
                        &s.p5.to_string(),
                        &s.p50.to_string(),
                        &s.p95.to_string(),
                        &s.max.to_string(),
                    ])?;
                }
            }
            Ok(())
        };
        write().expect("writing CSV to memory cannot fail");
        finish(writer)
    }
}

fn pretty(value: &impl serde::Serialize) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("process reports always serialise");
    text.push('\n');
    text
}

fn finish(writer: csv::Writer<Vec<u8>>) -> String {
    String::from_utf8(writer.into_inner().expect("in-memory writer"))
        .expect("CSV of UTF-8 strings is UTF-8")
}

/// `name (id)`, or the id alone when the name is the id.
fn label(name: &str, id: &str) -> String {
    if name == id {
        one_line(id)
    } else {
        format!("{} ({})", one_line(name), one_line(id))
    }
}

/// The tables `reorg run` shows of one process after its own (when the
/// scenario has processes): before → after, and the critical paths, their
/// step ids a few to a line. The steps table, too wide for a run's report,
/// stays `reorg process`'s.
pub fn sections(process: &ProcessComparison, lang: Lang) -> [Section; 2] {
    let w = lang.words();
    let path = |side: &Side| {
        let mut lines: Vec<String> = Vec::new();
        for id in &side.critical_path {
            let id = one_line(id);
            match lines.last_mut() {
                None => lines.push(id),
                Some(line) if line.chars().count() + id.chars().count() + 3 <= PATH_WIDTH => {
                    line.push_str(" → ");
                    line.push_str(&id);
                }
                Some(line) => {
                    line.push_str(" →");
                    lines.push(id);
                }
            }
        }
        if lines.is_empty() {
            MISSING.to_string()
        } else {
            lines.join("\n")
        }
    };
    let critical = Section {
        title: Some(format!(
            "{}: {}",
            one_line(&process.id),
            w.process.critical_path
        )),
        header: [w.before, w.after].map(String::from).to_vec(),
        rows: vec![vec![path(&process.before), path(&process.after)]],
        numeric_from: 2,
        layout: Layout::Rows,
    };
    [summary(process, w), critical]
}

/// Widest line of step ids in a critical path shown by `reorg run`.
const PATH_WIDTH: usize = 44;

/// What the rules of a process are, in one line.
fn rules_line(process: &ProcessComparison, w: &Words) -> String {
    let parallel = match process.parallel {
        crate::scenario::Parallel::None => w.process.parallel_none,
        crate::scenario::Parallel::WithinUnit => w.process.parallel_within_unit,
        crate::scenario::Parallel::All => w.process.parallel_all,
    };
    let form = if process.one_form {
        w.process.one_form
    } else {
        w.process.per_step
    };
    let rules = fill(
        w.process.rules,
        &[
            ("days", &days(process.handoff_days)),
            ("form", form),
            ("parallel", parallel),
        ],
    );
    format!("`{}`: {rules}", one_line(&process.id))
}

/// Working days: whole numbers bare, others to one decimal.
fn days(value: f64) -> String {
    if value == value.round() {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

/// The before → after table of one process.
fn summary(process: &ProcessComparison, w: &Words) -> Section {
    let (b, a) = (&process.before, &process.after);
    let count_row = |figure: &str, get: fn(&Side) -> usize| {
        let (before, after) = (get(b), get(a));
        vec![
            figure.to_string(),
            before.to_string(),
            after.to_string(),
            change(
                after as f64 - before as f64,
                &signed(after as i64 - before as i64),
                before as f64,
                after as f64,
            ),
        ]
    };
    let days_delta = a.days - b.days;
    let days_sign = if days_delta > 0.0 { "+" } else { "" };
    let rows = vec![
        vec![
            w.process.working_days.to_string(),
            days(b.days),
            days(a.days),
            change(
                days_delta,
                &format!("{days_sign}{}", days(days_delta)),
                b.days,
                a.days,
            ),
        ],
        count_row(w.process.critical_steps, |s| s.critical_path.len()),
        count_row(w.process.steps, |s| s.steps),
        count_row(w.process.units, |s| s.units),
        count_row(w.process.handoffs, |s| s.handoffs),
        count_row(w.process.submissions, |s| s.submissions),
        count_row(w.process.materials_submitted, |s| s.materials_submitted),
        count_row(w.process.materials_distinct, |s| s.materials_distinct),
    ];
    Section {
        title: Some(label(&process.name, &process.id)),
        header: ["", w.before, w.after, w.change].map(String::from).to_vec(),
        rows,
        numeric_from: 1,
        layout: Layout::Boxed,
    }
}

/// `-514 (-96.6%)`, or `0` when nothing changed.
fn change(delta: f64, written: &str, before: f64, after: f64) -> String {
    if delta == 0.0 {
        "0".into()
    } else {
        format!("{written} ({})", signed_percent(before, after))
    }
}

/// Every step with its owners and when it runs; `*` marks the critical path.
fn steps(process: &ProcessComparison, w: &Words) -> Section {
    let slot = |slot: Option<&Slot>| match slot {
        None => w.process.ends.to_string(),
        Some(s) => format!(
            "{}–{}{}",
            days(s.start),
            days(s.finish),
            if s.critical { " *" } else { "" }
        ),
    };
    let rows = process
        .steps
        .iter()
        .map(|step| {
            vec![
                one_line(&step.id),
                truncate_to_width(&one_line(&step.name), NAME_WIDTH),
                one_line(&step.owner),
                step.owner_after
                    .as_deref()
                    .map_or(MISSING.to_string(), one_line),
                days(step.days),
                slot(Some(&step.before)),
                slot(step.after.as_ref()),
            ]
        })
        .collect();
    Section {
        title: Some(format!(
            "{}: {}",
            label(&process.name, &process.id),
            w.process.steps_title
        )),
        header: [
            w.process.step,
            w.name,
            w.process.owner_today,
            w.process.owner_after,
            w.process.days,
            w.before,
            w.after,
        ]
        .map(String::from)
        .to_vec(),
        rows,
        numeric_from: 4,
        layout: Layout::Boxed,
    }
}

/// mean (one decimal) and the quantiles as working days.
fn spread_cells(spread: &Spread) -> Vec<String> {
    vec![
        format!("{:.1}", spread.mean),
        days(spread.min),
        days(spread.p5),
        days(spread.p50),
        days(spread.p95),
        days(spread.max),
    ]
}
