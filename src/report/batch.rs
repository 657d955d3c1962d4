//! `reorg batch` output: a [`BatchSummary`] as terminal tables, Markdown,
//! JSON or CSV. These only format what the value holds; [`crate::batch`]
//! computes it.
//!
//! # JSON wire format
//!
//! `reorg batch --format json` prints the [`BatchSummary`]: `reorg_version`,
//! `scenario`, `status` (`complete`, `interrupted` or `partial`), `shard`
//! (`"K/N"` or null), `grid_points`, `runs_per_point`, `runs_planned`,
//! `runs_done`, and `points`: one object per grid point with runs, holding
//! `point`, `settings` (path → value text), `seed`, `runs`, `planned`,
//! `figures`, one `{figure, n, mean, sd, p5, p50, p95}` per figure, and
//! `kinds`, units before → after per kind as `reorg run` gives them.
//!
//! docs/batch.md documents it field by field.

use super::Render;
use super::document::{Document, Layout, Section};
use super::labels::Lang;
use super::plain::{csv_text, number, pretty_json, quantity};
use super::sheet::Sheet;
use super::text::{MISSING, depths_line, fixed, kinds_line};
use crate::batch::stats::Quantity;
use crate::batch::{BatchSummary, Completion, PointSummary};
use crate::csv_guard::neutralise;

/// The batch summary as a [`Document`]: one table per grid point.
pub fn document(summary: &BatchSummary, lang: Lang) -> Document {
    let w = lang.words();
    let mut intro = vec![match lang {
        Lang::En => format!(
            "{}, reorg {}.",
            runs_phrase(summary, lang),
            summary.reorg_version
        ),
        Lang::Zh => format!(
            "{}，reorg {}。",
            runs_phrase(summary, lang),
            summary.reorg_version
        ),
    }];
    intro.extend(kinds_lines(summary, lang));
    intro.extend(depths_lines(summary, lang));
    intro.extend(notes(summary, lang));
    Document {
        title: summary.scenario.clone(),
        intro,
        sections: summary
            .points
            .iter()
            .map(|point| Section {
                title: Some(point_title(summary, point, lang)),
                header: [w.figure, "n", w.mean, w.sd, "p5", "p50", "p95"]
                    .map(String::from)
                    .to_vec(),
                rows: figure_rows(point, lang),
                numeric_from: 1,
                layout: Layout::Boxed,
            })
            .collect(),
    }
}

/// Units before → after per kind: one line when every point has the same
/// units, else one line per point.
fn kinds_lines(summary: &BatchSummary, lang: Lang) -> Vec<String> {
    let w = lang.words();
    let (colon, stop) = match lang {
        Lang::En => (": ", "."),
        Lang::Zh => ("：", "。"),
    };
    let Some(first) = summary.points.first() else {
        return Vec::new();
    };
    if first.kinds.is_empty() {
        return Vec::new();
    }
    if summary.points.iter().all(|p| p.kinds == first.kinds) {
        return vec![format!(
            "{}{colon}{}{stop}",
            w.units_by_kind,
            kinds_line(&first.kinds, lang)
        )];
    }
    summary
        .points
        .iter()
        .map(|p| {
            format!(
                "{} {}{colon}{}{colon}{}{stop}",
                w.point,
                p.point,
                w.units_by_kind,
                kinds_line(&p.kinds, lang)
            )
        })
        .collect()
}

/// Bodies and internal units per depth, as [`kinds_lines`] gives the kinds:
/// one line when every point nests alike, else one per point; none when
/// the scenario does not nest units.
fn depths_lines(summary: &BatchSummary, lang: Lang) -> Vec<String> {
    let w = lang.words();
    let (colon, stop) = match lang {
        Lang::En => (": ", "."),
        Lang::Zh => ("：", "。"),
    };
    let Some(first) = summary.points.first() else {
        return Vec::new();
    };
    if summary.points.iter().all(|p| p.depths.is_empty()) {
        return Vec::new();
    }
    if summary.points.iter().all(|p| p.depths == first.depths) {
        return vec![format!(
            "{}{colon}{}{stop}",
            w.units_by_depth,
            depths_line(&first.depths, lang)
        )];
    }
    summary
        .points
        .iter()
        .filter(|p| !p.depths.is_empty())
        .map(|p| {
            format!(
                "{} {}{colon}{}{colon}{}{stop}",
                w.point,
                p.point,
                w.units_by_depth,
                depths_line(&p.depths, lang)
            )
        })
        .collect()
}

impl Render for BatchSummary {
    fn document(&self, lang: Lang) -> Document {
        document(self, lang)
    }
    fn json(&self) -> String {
        pretty_json(self)
    }
    fn csv(&self) -> String {
        csv(self)
    }
    fn sheets(&self, lang: Lang) -> Vec<Sheet> {
        super::sheets::batch(self, lang)
    }
}

/// The batch summary as CSV, one row per grid point and figure:
/// `point`, one column per `--set` path, `seed`, `runs`, `planned`, `figure`,
/// `n`, `mean`, `sd`, `p5`, `p50`, `p95`. A setting's value that a
/// spreadsheet would run as a formula gets a leading `'`
/// ([`crate::csv_guard`]).
pub fn csv(summary: &BatchSummary) -> String {
    let paths: Vec<String> = summary
        .points
        .first()
        .map(|p| p.settings.iter().map(|s| s.path.clone()).collect())
        .unwrap_or_default();
    let mut header = vec!["point".to_string()];
    header.extend(paths);
    header.extend(
        [
            "seed", "runs", "planned", "figure", "n", "mean", "sd", "p5", "p50", "p95",
        ]
        .map(String::from),
    );
    let mut records = vec![header];
    for point in &summary.points {
        for figure in &point.figures {
            let mut record = vec![point.point.to_string()];
            // A setting can be any text: made safe like every text cell.
            record.extend(
                point
                    .settings
                    .iter()
                    .map(|s| neutralise(&s.value).into_owned()),
            );
            record.extend([
                point.seed.to_string(),
                point.runs.to_string(),
                point.planned.to_string(),
                figure.figure.clone(),
                figure.n.to_string(),
                number(figure.mean),
                number(figure.sd),
                quantity(figure.p5),
                quantity(figure.p50),
                quantity(figure.p95),
            ]);
            records.push(record);
        }
    }
    csv_text(&records)
}

/// "1 run", "2 runs"; "2 次运行".
pub(super) fn runs(n: u64, lang: Lang) -> String {
    let w = lang.words();
    match lang {
        Lang::En if n == 1 => format!("1 {}", w.run),
        Lang::En => format!("{n} {}", w.runs),
        Lang::Zh => format!("{n} {}", w.runs),
    }
}

fn runs_phrase(summary: &BatchSummary, lang: Lang) -> String {
    if summary.grid_points == 1 {
        runs(summary.runs_per_point, lang)
    } else {
        format!(
            "{} {} × {} = {}",
            summary.grid_points,
            lang.words().grid_points,
            runs(summary.runs_per_point, lang),
            runs(summary.runs_planned_unsharded(), lang)
        )
    }
}

/// Lines about the shard and about runs not covered (in English: they are
/// for whoever runs the batch), then what the statistics are.
fn notes(summary: &BatchSummary, lang: Lang) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(shard) = summary.shard {
        notes.push(format!(
            "shard {shard}: {} of these runs (those whose number, counting point by point from 0, is {} modulo {}); merge the parts with `reorg batch merge`",
            summary.runs_planned,
            shard.index - 1,
            shard.count
        ));
    }
    match summary.status {
        Completion::Complete => {}
        Completion::Interrupted => notes.push(format!(
            "interrupted: covers {} of {} runs",
            summary.runs_done, summary.runs_planned
        )),
        Completion::Partial => notes.push(format!(
            "partial: the parts cover {} of {} runs",
            summary.runs_done, summary.runs_planned
        )),
    }
    notes.push(match lang {
        Lang::En => "mean, sample standard deviation, and nearest-rank percentiles p5, p50 and p95 over the runs".into(),
        Lang::Zh => "各次运行的均值、样本标准差与最近秩百分位数 p5、p50、p95".into(),
    });
    notes
}

fn point_title(summary: &BatchSummary, point: &PointSummary, lang: Lang) -> String {
    let w = lang.words();
    let runs = if point.runs == point.planned {
        runs(point.runs, lang)
    } else {
        match lang {
            Lang::En => format!("{} of {} runs", point.runs, point.planned),
            Lang::Zh => format!("{} / {} {}", point.runs, point.planned, w.runs),
        }
    };
    let settings = point
        .settings
        .iter()
        .map(|s| s.to_override())
        .collect::<Vec<_>>()
        .join(" ");
    let seed = w.seed.to_lowercase();
    if summary.grid_points == 1 && settings.is_empty() {
        format!("{} {}, {runs}", w.seed, point.seed)
    } else if settings.is_empty() {
        format!(
            "{} {} ({seed} {}, {runs})",
            w.point, point.point, point.seed
        )
    } else {
        format!(
            "{} {}: {settings} ({seed} {}, {runs})",
            w.point, point.point, point.seed
        )
    }
}

fn figure_rows(point: &PointSummary, lang: Lang) -> Vec<Vec<String>> {
    point
        .figures
        .iter()
        .map(|f| {
            vec![
                lang.figure(&f.figure).into_owned(),
                f.n.to_string(),
                fixed(f.mean, 2),
                fixed(f.sd, 2),
                shown(f.p5),
                shown(f.p50),
                shown(f.p95),
            ]
        })
        .collect()
}

/// A figure's value: whole numbers as they are, averages to two decimals.
pub(super) fn shown(value: Option<Quantity>) -> String {
    match value {
        None => MISSING.into(),
        Some(Quantity::Int(i)) => i.to_string(),
        Some(Quantity::Float(f)) => format!("{f:.2}"),
    }
}
