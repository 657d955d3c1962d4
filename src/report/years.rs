//! A run followed by the years of its `[timeline]`: the run's own output,
//! then the year-by-year table (and, with `--people`, each person's events
//! by year) in every format.

use super::Render;
use super::document::{Document, Layout, Section};
use super::labels::Lang;
use super::text::fixed;
use super::view::View;
use crate::csv_guard::neutralise;
use crate::scenario::Scenario;
use crate::simulate::years::{EventKind, YearsOutcome};

/// One run and the years after it.
#[derive(Debug, Clone, Copy)]
pub struct WithYears<'r> {
    /// The reform day's run.
    pub view: View<'r>,
    /// The years after it.
    pub years: &'r YearsOutcome,
    /// The scenario, for the names of levels and units.
    pub scenario: &'r Scenario,
}

/// The header of the year-by-year table: plain keys, as in the CSV.
fn header(scenario: &Scenario) -> Vec<String> {
    let mut header = vec!["year".to_string(), "calendar_year".to_string()];
    for level in &scenario.levels {
        header.push(format!("{}_in_post", level.id));
        header.push(format!("{}_posts", level.id));
    }
    header.extend(
        [
            "establishment",
            "over_establishment",
            "pooled",
            "retired",
            "left",
            "demoted",
            "dismissed",
            "hired",
            "promoted",
            "placed_from_pool",
            "reappointed",
            "unplaced",
            "payroll_base",
            "payroll_performance",
            "leader_age",
        ]
        .map(String::from),
    );
    header
}

/// The rows of the year-by-year table, one per year (0: the reform day).
fn rows(years: &YearsOutcome) -> Vec<Vec<String>> {
    years
        .years
        .iter()
        .map(|y| {
            let mut row = vec![y.year.to_string(), y.calendar_year.to_string()];
            for (head, posts) in y.headcount.iter().zip(&y.posts) {
                row.push(head.to_string());
                row.push(posts.to_string());
            }
            row.push(y.establishment.map_or(String::new(), |e| e.to_string()));
            row.extend(
                [
                    y.over_establishment,
                    y.pooled,
                    y.retired,
                    y.left,
                    y.demoted,
                    y.dismissed,
                    y.hired,
                    y.promoted,
                    y.placed_from_pool,
                    y.reappointed,
                    y.unplaced,
                ]
                .map(|n| n.to_string()),
            );
            row.push(fixed(Some(y.payroll_base), 2));
            row.push(fixed(Some(y.payroll_performance), 2));
            row.push(fixed(y.leader_age, 1));
            row
        })
        .collect()
}

/// Per unit kind and year: people in post against seats and establishment.
fn kinds_section(years: &YearsOutcome) -> Section {
    let mut rows = Vec::new();
    for y in &years.years {
        for k in &y.kinds {
            rows.push(vec![
                y.year.to_string(),
                k.kind.as_str().to_string(),
                k.headcount.to_string(),
                k.posts.to_string(),
                k.establishment.map_or(String::new(), |e| e.to_string()),
            ]);
        }
    }
    Section {
        title: Some("Year by year, per unit kind".into()),
        header: ["year", "kind", "in_post", "posts", "establishment"]
            .map(String::from)
            .to_vec(),
        rows,
        numeric_from: 2,
        layout: Layout::Boxed,
    }
}

/// Who a person index is: a roster id, or a hire's generated id.
fn person_id(scenario: &Scenario, years: &YearsOutcome, p: usize) -> String {
    match scenario.people.get(p) {
        Some(person) => person.id.clone(),
        None => years.hires[p - scenario.people.len()].id.clone(),
    }
}

/// One row per event: year, person, event, unit, level.
fn event_rows(scenario: &Scenario, years: &YearsOutcome) -> Vec<Vec<String>> {
    years
        .events
        .iter()
        .map(|e| {
            let (what, post) = match e.kind {
                EventKind::Demoted {
                    unit: Some(unit),
                    level,
                } => ("demoted", Some((Some(unit), level))),
                EventKind::Demoted { unit: None, level } => {
                    ("demoted_to_pool", Some((None, level)))
                }
                EventKind::Dismissed => ("dismissed", None),
                EventKind::Reappointed { unit, level } => {
                    ("reappointed", Some((Some(unit), level)))
                }
                EventKind::Unplaced => ("unplaced_at_term_end", None),
                EventKind::Retired => ("retired", None),
                EventKind::Left => ("left", None),
                EventKind::Promoted { unit, level } => ("promoted", Some((Some(unit), level))),
                EventKind::Placed { unit, level } => {
                    ("placed_from_pool", Some((Some(unit), level)))
                }
                EventKind::Hired { unit, level } => ("hired", Some((Some(unit), level))),
            };
            let (unit, level) = post.map_or((String::new(), String::new()), |(u, l)| {
                (
                    u.map_or(String::new(), |u| scenario.after[u].id.clone()),
                    scenario.levels[l].id.clone(),
                )
            });
            vec![
                e.year.to_string(),
                person_id(scenario, years, e.person),
                what.to_string(),
                unit,
                level,
            ]
        })
        .collect()
}

const EVENT_HEADER: [&str; 5] = ["year", "person", "event", "unit", "level"];

impl Render for WithYears<'_> {
    /// The run's page as it is: the years are not on it yet.
    fn html(&self, lang: Lang) -> String {
        self.view.html(lang)
    }

    fn document(&self, lang: Lang) -> Document {
        let mut document = self.view.document(lang);
        document.sections.push(Section {
            title: Some("Year by year".into()),
            header: header(self.scenario),
            rows: rows(self.years),
            numeric_from: 0,
            layout: Layout::Matrix,
        });
        document.sections.push(kinds_section(self.years));
        if self.view.with_people {
            document.sections.push(Section {
                title: Some("Events by year".into()),
                header: EVENT_HEADER.map(String::from).to_vec(),
                rows: event_rows(self.scenario, self.years),
                numeric_from: 5,
                layout: Layout::Boxed,
            });
        }
        document
    }

    /// The run's JSON object with a `years` key added: the figures of each
    /// year, the hires and (with `--people`) the events.
    fn json(&self) -> String {
        let run = self.view.json();
        let body = run.trim_end();
        let body = body
            .strip_suffix('}')
            .expect("the run's JSON is an object")
            .trim_end();
        let years = serde_json::json!({
            "figures": self.years.years,
            "hires": self.years.hires,
            "events": if self.view.with_people {
                serde_json::to_value(&self.years.events).expect("events serialise")
            } else {
                serde_json::Value::Null
            },
        });
        let years = serde_json::to_string_pretty(&years)
            .expect("figures serialise")
            .replace('\n', "\n  ");
        format!("{body},\n  \"years\": {years}\n}}\n")
    }

    /// The run's CSV, a blank line, then the year-by-year table (and with
    /// `--people`, a blank line and the events).
    fn csv(&self) -> String {
        let mut out = self.view.csv();
        let mut writer = csv::Writer::from_writer(Vec::new());
        let write = |writer: &mut csv::Writer<Vec<u8>>, header: &[String], rows: &[Vec<String>]| {
            writer.write_record(header).expect("in memory");
            for row in rows {
                writer
                    .write_record(row.iter().map(|c| neutralise(c).into_owned()))
                    .expect("in memory");
            }
        };
        write(&mut writer, &header(self.scenario), &rows(self.years));
        out.push('\n');
        out.push_str(&String::from_utf8(writer.into_inner().expect("in memory")).expect("UTF-8"));
        if self.view.with_people {
            let mut writer = csv::Writer::from_writer(Vec::new());
            let header = EVENT_HEADER.map(String::from).to_vec();
            write(&mut writer, &header, &event_rows(self.scenario, self.years));
            out.push('\n');
            out.push_str(
                &String::from_utf8(writer.into_inner().expect("in memory")).expect("UTF-8"),
            );
        }
        out
    }
}
