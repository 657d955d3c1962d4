//! `reorg report [SCENARIO] -o report.html`: the page of one run, the Sankey
//! of people first (docs/report.md). The same page as `reorg run --format
//! html`, named for what a reform office asks for. With `--runs N` the page
//! adds the spread of every headline figure over N runs; `reorg report A B`
//! (or `--set-a`/`--set-b`) shows two scenarios side by side, as `reorg
//! compare` compares them.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::batch::grid::Grid;
use crate::batch::{Batch, Completion, Plan, Source};
use crate::cli::args::{Format, FormatArg, JobsArg, Lang, OutputArg, render};
use crate::cli::bad_input;
use crate::cli::batch::{INTERRUPTED, STOP, batch_error, progress_bar, threads};
use crate::cli::compare::{SideArgs, Sides};
use crate::cli::{Destination, Privacy, stop_on_signal};
use crate::graph::MergeGraph;
use crate::metrics::RunReport;
use crate::report::html::spread::Spread;
use crate::report::report_views::{Compared, WithSpread};
use crate::report::view::View;
use crate::scenario::Loaded;
use crate::simulate::Simulator;

/// Arguments of `reorg report`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file (TOML); without one, the built-in scenario.
    pub scenario: Option<PathBuf>,
    /// A second scenario: both side by side, as `reorg compare` compares them.
    pub b: Option<PathBuf>,
    /// Seed of the simulation (default: the (first) scenario's `seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Override a scenario value by its TOML path, e.g. `--set policy.choices=5`. Repeatable.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Override a value on side A only: the page then compares two sides.
    #[arg(long = "set-a", value_name = "PATH=VALUE")]
    pub set_a: Vec<String>,
    /// Override a value on side B only: the page then compares two sides.
    #[arg(long = "set-b", value_name = "PATH=VALUE")]
    pub set_b: Vec<String>,
    /// Runs: with one scenario, the spread (p5/p50/p95) of every headline
    /// figure over N runs; with two sides, N runs each and the noise test.
    #[arg(long, value_name = "N")]
    pub runs: Option<u64>,
    /// The shared [`JobsArg`] (threads of the runs of `--runs`).
    #[command(flatten)]
    pub jobs: JobsArg,
    /// Language of the page's headings and labels.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
    /// Add the table of people, one row each (the file is then created 0600).
    #[arg(long)]
    pub people: bool,
    /// The page to write (`.html`); `-` or none: stdout.
    #[command(flatten)]
    pub output: OutputArg,
}

/// Runs `reorg report`: one run's page (`reorg run --format html`), with
/// the spread over `--runs`, or two sides' page.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let format = FormatArg {
        format: Some(Format::Html),
        lang: args.lang,
        bom: false,
        no_bom: false,
    };
    // A page written under another format's name would mislead its reader.
    if let Some(path) = args.output.output.as_deref() {
        format.resolve(Some(path)).map_err(|_| {
            bad_input(anyhow::anyhow!(
                "`reorg report` writes an HTML page, but `{}` names another kind of file; end it in .html (or use `reorg run -o {}`)",
                path.display(),
                path.display()
            ))
        })?;
    }
    let two_sides = args.b.is_some() || !args.set_a.is_empty() || !args.set_b.is_empty();
    if two_sides {
        return two_sides_page(args, format);
    }
    if args.runs.is_some() {
        return spread_page(args, format);
    }
    super::run::run(super::run::Args {
        scenario: args.scenario,
        seed: args.seed,
        run: 0,
        set: args.set,
        format,
        people: args.people,
        output: args.output,
        anonymize: crate::cli::args::AnonymizeArg {
            anonymize: None,
            anonymize_key: None,
        },
    })
}

/// One run's report and merge graph.
fn one_run(loaded: &Loaded, seed: u64) -> (RunReport, crate::graph::GraphView) {
    let scenario = &loaded.scenario;
    let graph = MergeGraph::build(scenario);
    let outcome = Simulator::new(scenario, &graph).run(seed, 0);
    (
        RunReport::of(scenario, &graph, &outcome),
        graph.view(scenario),
    )
}

/// `reorg report A B` or `--set-a`/`--set-b`: the comparison's figures and
/// one run of each side.
fn two_sides_page(args: Args, format: FormatArg) -> anyhow::Result<ExitCode> {
    let Some(a) = args.scenario.as_deref() else {
        return Err(bad_input(anyhow::anyhow!(
            "two sides need scenario A as a file: `reorg report A.toml [B.toml] --set-a ... --set-b ...`"
        )));
    };
    if args.people {
        return Err(bad_input(anyhow::anyhow!(
            "`--people` is for the page of one run; the page of two sides shows no people"
        )));
    }
    let sides = Sides::load(SideArgs {
        a,
        b: args.b.as_deref(),
        more: &[],
        set: &args.set,
        set_a: &args.set_a,
        set_b: &args.set_b,
        set_side: &[],
    })?;
    let seed = args.seed.unwrap_or(sides.loaded[0].scenario.seed);
    let output = args.output.output.as_deref();
    let destination = Destination::open(output, Privacy::Shared)?;
    let comparison = match sides.compare(seed, args.runs, args.jobs.jobs)? {
        Ok(comparison) => comparison,
        Err(interrupted) => return Ok(interrupted),
    };
    let (report_a, graph_a) = one_run(&sides.loaded[0], seed);
    let (report_b, graph_b) = one_run(&sides.loaded[1], seed);
    let view = |report, graph| View {
        report,
        graph,
        with_people: false,
    };
    let compared = Compared {
        comparison: &comparison,
        a: view(&report_a, &graph_a),
        b: view(&report_b, &graph_b),
    };
    destination.write(&render(&compared, Format::Html, &format, output.is_some())?)?;
    Ok(ExitCode::SUCCESS)
}

/// `reorg report --runs N`: the run's page with the spread of its figures
/// over runs `0..N` of the same seed (the run itself is stream 0).
fn spread_page(args: Args, format: FormatArg) -> anyhow::Result<ExitCode> {
    let runs = args.runs.expect("called with --runs");
    let loaded = super::run::load(&args.scenario, &args.set)?;
    super::warnings::report_loaded(&loaded)?;
    let seed = args.seed.unwrap_or(loaded.scenario.seed);
    let privacy = if args.people {
        Privacy::Private
    } else {
        Privacy::Shared
    };
    let output = args.output.output.as_deref();
    let destination = Destination::open(output, privacy)?;
    let source = match &args.scenario {
        Some(path) => Source::File(path.clone()),
        None => Source::Input(crate::scenario::builtin::input()),
    };
    let plan = Plan {
        source,
        base: args.set.clone(),
        grid: Grid::default(),
        runs,
        seed: Some(seed),
        shard: None,
    };
    let batch = Batch::prepare(plan).map_err(batch_error)?;
    let threads = threads(args.jobs.jobs)?;
    // Ctrl-C, `SIGTERM` and `SIGHUP` stop the runs within a chunk.
    stop_on_signal(&STOP);
    let bar = progress_bar(runs);
    let (summary, risk) = batch
        .run_with_risk(threads, &STOP, &mut |_| Ok(()), &mut |done| {
            bar.set_position(done)
        })
        .map_err(batch_error)?;
    let risk = risk.report();
    bar.finish_and_clear();
    if summary.status == Completion::Interrupted {
        eprintln!(
            "interrupted after {} of {runs} runs: nothing written",
            summary.runs_done
        );
        return Ok(ExitCode::from(INTERRUPTED));
    }
    let point = summary
        .points
        .into_iter()
        .next()
        .expect("one point, run whole");
    let (report, graph) = one_run(&loaded, seed);
    let page = WithSpread {
        view: View {
            report: &report,
            graph: &graph,
            with_people: args.people,
        },
        spread: Spread {
            runs,
            figures: &point.figures,
        },
        risk: &risk,
    };
    destination.write(&render(&page, Format::Html, &format, output.is_some())?)?;
    Ok(ExitCode::SUCCESS)
}
