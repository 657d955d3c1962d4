//! `reorg batch` and `reorg compare` output: a [`BatchSummary`] or a
//! [`Comparison`] as terminal tables, Markdown, JSON or CSV.
//!
//! These only format what the values hold; [`crate::batch`] computes them.
//!
//! # JSON wire format
//!
//! `reorg batch --format json` prints the [`BatchSummary`]: `reorg_version`,
//! `scenario`, `status` (`complete`, `interrupted` or `partial`), `shard`
//! (`"K/N"` or null), `grid_points`, `runs_per_point`, `runs_planned`,
//! `runs_done`, and `points`: one object per grid point with runs, holding
//! `point`, `settings` (path → value text), `seed`, `runs`, `planned` and
//! `figures`, one `{figure, n, mean, sd, p5, p50, p95}` per figure.
//!
//! `reorg compare --format json` prints the [`Comparison`]: `reorg_version`,
//! `seed`, `runs` (null for one run each), `a` and `b` (`{scenario, source,
//! settings}`), and `figures`: with one run each `{figure, a, b, difference}`,
//! with `--runs` `{figure, a: {n, mean, sd}, b: {n, mean, sd}, difference,
//! noise, beyond_noise}`. docs/batch.md documents both field by field.

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};
use serde_json::Value;

use crate::batch::compare::{Comparison, FigureDiff, FigureTest, Figures, Side};
use crate::batch::stats::Quantity;
use crate::batch::{BatchSummary, Completion, PointSummary};

/// The batch summary as terminal tables.
pub fn table(summary: &BatchSummary) -> String {
    let mut out = format!("{}\n", heading(summary));
    for line in notes(summary) {
        out.push_str(&line);
        out.push('\n');
    }
    for point in &summary.points {
        out.push('\n');
        out.push_str(&point_title(summary, point));
        out.push('\n');
        out.push_str(&draw(&figure_header(), &figure_rows(point), 1, false));
        out.push('\n');
    }
    out
}

/// The batch summary as GitHub Markdown.
pub fn markdown(summary: &BatchSummary) -> String {
    let mut out = format!("# {}\n\n", escape(&summary.scenario));
    out.push_str(&format!(
        "{}, reorg {}.\n",
        runs_phrase(summary),
        summary.reorg_version
    ));
    for line in notes(summary) {
        out.push_str(&format!("\n{}\n", escape(&line)));
    }
    for point in &summary.points {
        out.push_str(&format!(
            "\n## {}\n\n",
            escape(&point_title(summary, point))
        ));
        out.push_str(&draw(&figure_header(), &figure_rows(point), 1, true));
        out.push('\n');
    }
    out
}

/// The batch summary as pretty JSON.
pub fn json(summary: &BatchSummary) -> String {
    pretty(summary)
}

/// The batch summary as CSV, one row per grid point and figure:
/// `point`, one column per `--set` path, `seed`, `runs`, `planned`, `figure`,
/// `n`, `mean`, `sd`, `p5`, `p50`, `p95`.
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
            record.extend(point.settings.iter().map(|s| s.value.clone()));
            record.extend([
                point.seed.to_string(),
                point.runs.to_string(),
                point.planned.to_string(),
                figure.figure.clone(),
                figure.n.to_string(),
                plain_f64(figure.mean),
                plain_f64(figure.sd),
                plain_quantity(figure.p5),
                plain_quantity(figure.p50),
                plain_quantity(figure.p95),
            ]);
            records.push(record);
        }
    }
    write_csv(&records)
}

/// The comparison as terminal tables.
pub fn compare_table(comparison: &Comparison) -> String {
    let mut out = compare_heading(comparison).join("\n");
    out.push('\n');
    let (header, rows) = compare_rows(comparison);
    out.push_str(&draw(&header, &rows, 1, false));
    out.push('\n');
    out
}

/// The comparison as GitHub Markdown.
pub fn compare_markdown(comparison: &Comparison) -> String {
    let mut out = "# Comparison\n\n".to_string();
    for line in compare_heading(comparison) {
        out.push_str(&escape(&line));
        out.push_str("  \n");
    }
    out.push('\n');
    let (header, rows) = compare_rows(comparison);
    out.push_str(&draw(&header, &rows, 1, true));
    out.push('\n');
    out
}

/// The comparison as pretty JSON.
pub fn compare_json(comparison: &Comparison) -> String {
    pretty(comparison)
}

/// The comparison as CSV, one row per figure: `figure,a,b,difference` for one
/// run each; with runs, `figure,a_n,a_mean,a_sd,b_n,b_mean,b_sd,difference,noise,beyond_noise`.
pub fn compare_csv(comparison: &Comparison) -> String {
    let mut records: Vec<Vec<String>> = Vec::new();
    match &comparison.figures {
        Figures::Single(figures) => {
            records.push(
                ["figure", "a", "b", "difference"]
                    .map(String::from)
                    .to_vec(),
            );
            for f in figures {
                records.push(vec![
                    f.figure.clone(),
                    plain_quantity(f.a),
                    plain_quantity(f.b),
                    plain_quantity(f.difference),
                ]);
            }
        }
        Figures::MonteCarlo(figures) => {
            records.push(
                [
                    "figure",
                    "a_n",
                    "a_mean",
                    "a_sd",
                    "b_n",
                    "b_mean",
                    "b_sd",
                    "difference",
                    "noise",
                    "beyond_noise",
                ]
                .map(String::from)
                .to_vec(),
            );
            for f in figures {
                records.push(vec![
                    f.figure.clone(),
                    f.a.n.to_string(),
                    plain_f64(f.a.mean),
                    plain_f64(f.a.sd),
                    f.b.n.to_string(),
                    plain_f64(f.b.mean),
                    plain_f64(f.b.sd),
                    plain_f64(f.difference),
                    plain_f64(f.noise),
                    f.beyond_noise.map(|b| b.to_string()).unwrap_or_default(),
                ]);
            }
        }
    }
    write_csv(&records)
}

fn pretty<T: serde::Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("summaries always serialise");
    text.push('\n');
    text
}

fn write_csv(records: &[Vec<String>]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for record in records {
        writer
            .write_record(record)
            .expect("writing CSV to memory cannot fail");
    }
    String::from_utf8(writer.into_inner().expect("in-memory writer"))
        .expect("CSV of UTF-8 strings is UTF-8")
}

/// A float as JSON writes it (shortest round-trip), empty when absent.
fn plain_f64(value: Option<f64>) -> String {
    value
        .map(|v| Value::from(v).to_string())
        .unwrap_or_default()
}

fn plain_quantity(value: Option<Quantity>) -> String {
    match value {
        None => String::new(),
        Some(Quantity::Int(i)) => i.to_string(),
        Some(Quantity::Float(f)) => Value::from(f).to_string(),
    }
}

/// "1 run", "2 runs".
fn runs(n: u64) -> String {
    if n == 1 {
        "1 run".into()
    } else {
        format!("{n} runs")
    }
}

fn runs_phrase(summary: &BatchSummary) -> String {
    if summary.grid_points == 1 {
        runs(summary.runs_per_point)
    } else {
        format!(
            "{} grid points × {} = {}",
            summary.grid_points,
            runs(summary.runs_per_point),
            runs(summary.runs_planned_unsharded())
        )
    }
}

fn heading(summary: &BatchSummary) -> String {
    format!(
        "{}: {}, reorg {}",
        summary.scenario,
        runs_phrase(summary),
        summary.reorg_version
    )
}

/// Lines about the shard and about runs not covered.
fn notes(summary: &BatchSummary) -> Vec<String> {
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
    notes.push(
        "mean, sample standard deviation, and nearest-rank percentiles p5, p50 and p95 over the runs"
            .into(),
    );
    notes
}

fn point_title(summary: &BatchSummary, point: &PointSummary) -> String {
    let runs = if point.runs == point.planned {
        runs(point.runs)
    } else {
        format!("{} of {} runs", point.runs, point.planned)
    };
    let settings = point
        .settings
        .iter()
        .map(|s| s.to_override())
        .collect::<Vec<_>>()
        .join(" ");
    if summary.grid_points == 1 && settings.is_empty() {
        format!("Seed {}, {runs}", point.seed)
    } else if settings.is_empty() {
        format!("Point {} (seed {}, {runs})", point.point, point.seed)
    } else {
        format!(
            "Point {}: {settings} (seed {}, {runs})",
            point.point, point.seed
        )
    }
}

fn figure_header() -> Vec<String> {
    ["figure", "n", "mean", "sd", "p5", "p50", "p95"]
        .map(String::from)
        .to_vec()
}

fn figure_rows(point: &PointSummary) -> Vec<Vec<String>> {
    point
        .figures
        .iter()
        .map(|f| {
            vec![
                f.figure.clone(),
                f.n.to_string(),
                fixed(f.mean),
                fixed(f.sd),
                shown(f.p5),
                shown(f.p50),
                shown(f.p95),
            ]
        })
        .collect()
}

fn fixed(value: Option<f64>) -> String {
    value.map_or("-".into(), |v| format!("{v:.2}"))
}

fn shown(value: Option<Quantity>) -> String {
    match value {
        None => "-".into(),
        Some(Quantity::Int(i)) => i.to_string(),
        Some(Quantity::Float(f)) => format!("{f:.2}"),
    }
}

fn signed(value: Option<Quantity>) -> String {
    match value {
        None => "-".into(),
        Some(Quantity::Int(0)) => "0".into(),
        Some(Quantity::Int(i)) => format!("{i:+}"),
        Some(Quantity::Float(f)) => signed_f64(f),
    }
}

/// `+1.25`, `-0.50`, or `0` when it rounds to nothing.
fn signed_f64(value: f64) -> String {
    let text = format!("{value:+.2}");
    if text == "+0.00" || text == "-0.00" {
        "0".into()
    } else {
        text
    }
}

fn side_line(label: &str, side: &Side) -> String {
    let mut line = format!("{label}: {} ({}", side.scenario, side.source);
    for setting in &side.settings {
        line.push_str(", ");
        line.push_str(setting);
    }
    line.push(')');
    line
}

fn compare_heading(comparison: &Comparison) -> Vec<String> {
    let runs = match comparison.runs {
        None => format!("one run each, seed {}", comparison.seed),
        Some(runs) => format!(
            "{runs} runs each, seed {} (streams 0 to {}); beyond noise: |B − A| > 2 × sqrt(sd_A²/n + sd_B²/n)",
            comparison.seed,
            runs - 1
        ),
    };
    vec![
        side_line("A", &comparison.a),
        side_line("B", &comparison.b),
        format!("{runs}, reorg {}", comparison.reorg_version),
    ]
}

fn compare_rows(comparison: &Comparison) -> (Vec<String>, Vec<Vec<String>>) {
    match &comparison.figures {
        Figures::Single(figures) => (
            ["figure", "A", "B", "B − A"].map(String::from).to_vec(),
            figures.iter().map(single_row).collect(),
        ),
        Figures::MonteCarlo(figures) => (
            [
                "figure",
                "A mean",
                "A sd",
                "B mean",
                "B sd",
                "B − A",
                "noise",
                "beyond noise",
            ]
            .map(String::from)
            .to_vec(),
            figures.iter().map(test_row).collect(),
        ),
    }
}

fn single_row(f: &FigureDiff) -> Vec<String> {
    vec![
        f.figure.clone(),
        shown(f.a),
        shown(f.b),
        signed(f.difference),
    ]
}

fn test_row(f: &FigureTest) -> Vec<String> {
    vec![
        f.figure.clone(),
        fixed(f.a.mean),
        fixed(f.a.sd),
        fixed(f.b.mean),
        fixed(f.b.sd),
        f.difference.map_or("-".into(), signed_f64),
        f.noise.map_or("-".into(), |n| format!("±{n:.2}")),
        match f.beyond_noise {
            Some(true) => "yes".into(),
            Some(false) => "no".into(),
            None => "-".into(),
        },
    ]
}

fn draw(header: &[String], rows: &[Vec<String>], numeric_from: usize, markdown: bool) -> String {
    let mut table = Table::new();
    table
        .load_style(if markdown {
            presets::ASCII_MARKDOWN
        } else {
            presets::UTF8_FULL_CONDENSED
        })
        .set_content_arrangement(ContentArrangement::Disabled)
        .force_no_tty();
    let clean = |cell: &String| {
        if markdown {
            escape(cell)
        } else {
            one_line(cell)
        }
    };
    table.set_header(header.iter().map(clean).collect::<Vec<_>>());
    for row in rows {
        table.add_row(row.iter().map(clean).collect::<Vec<_>>());
    }
    for index in numeric_from..header.len() {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    table.to_string()
}

fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn escape(text: &str) -> String {
    one_line(text).replace('|', "\\|")
}
