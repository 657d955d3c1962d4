//! The pages of `reorg report` beyond one run, in a real browser (issue 16):
//! two scenarios side by side (`reorg report A B`, `--set-a/--set-b`), with
//! the figures of `reorg compare --format json` and its noise test, and one
//! run with the spread of its figures over `--runs N`, with the percentiles
//! of `reorg batch --format json`. Both are byte-identical for the same
//! seed, whatever the threads. Chromium as in `html_report`.

use serde_json::Value;

use crate::html_report::{browse, chromium, probe_with, screenshot_dir};
use crate::support::reorg;

/// Measures the two-sides page: the figure table's rows (values in
/// `data-a`/`data-b`, whether marked), the note on noise, and what each
/// column drew.
const SIDES_PROBE: &str = r##"<script id="probe-script">
(function () {
  const all = (q) => Array.from(document.querySelectorAll(q));
  const drawn = (q) => all(q).filter((e) => { const b = e.getBBox(); return b.width > 0 && b.height > 0; }).length;
  const box = (q) => document.querySelector(q).getBoundingClientRect();
  const side = (s) => ({
    figures: all(".side-" + s + " section.figure").length,
    svgs: all(".side-" + s + " section.figure svg").length,
    svgs_drawn: all(".side-" + s + " section.figure svg").filter((e) => { const b = e.getBoundingClientRect(); return b.width > 0 && b.height > 0; }).length,
    bands: all("#" + s + "-sankey-people path.band").length,
    bands_drawn: drawn("#" + s + "-sankey-people path.band"),
    pyramid_drawn: drawn("#" + s + "-pyramid rect.before"),
    left: box(".pair:not(.heads) .side-" + s).left,
    top: box(".pair:not(.heads) .side-" + s).top,
    heading: document.querySelector(".heads .side-" + s).textContent,
  });
  const r = {
    rows: all("#compare-figures tbody tr").map((tr) => ({
      a: tr.dataset.a, b: tr.dataset.b, beyond: tr.classList.contains("beyond"),
      marked: tr.cells[0].textContent.startsWith("◆"),
    })),
    note: document.getElementById("noise-note").textContent,
    a: side("a"),
    b: side("b"),
    ids: all("[id]").length,
    unique_ids: new Set(all("[id]").map((e) => e.id)).size,
    outside: all("[src], [href], link, img, iframe, object, embed, script:not(#probe-script)").length,
  };
  const pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify(r);
  document.body.appendChild(pre);
})();
</script>"##;

/// A JSON value as the page writes it in a `data-` attribute: a number as
/// JSON writes it, nothing for null.
fn data(value: &Value) -> String {
    if value.is_null() {
        String::new()
    } else {
        value.to_string()
    }
}

fn json_of(args: &[&str]) -> Value {
    serde_json::from_slice(&reorg().args(args).assert().success().get_output().stdout).unwrap()
}

fn console_errors(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught"))
        .collect()
}

/// The page of two sides shows both columns side by side, each with its
/// figures drawn, and a table whose values are those of `reorg compare
/// --format json` for the same seed: with one run each (no noise test,
/// said so, nothing marked) and with `--runs` (means, and a mark exactly
/// where the comparison finds a difference beyond noise).
#[test]
fn two_sides_show_both_columns_and_the_comparisons_figures() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let sides = [
        "examples/approval-bureau.toml",
        "--set-b",
        "policy.choices=1",
        "--seed",
        "3",
    ];
    for runs in [None, Some("12")] {
        let mut args: Vec<&str> = sides.to_vec();
        if let Some(runs) = runs {
            args.extend(["--runs", runs]);
        }
        let page = dir
            .path()
            .join(format!("sides-{}.html", runs.unwrap_or("1")));
        reorg()
            .arg("report")
            .args(&args)
            .arg("-o")
            .arg(&page)
            .assert()
            .success();
        let json = json_of(&[["compare"].as_slice(), &args, &["--format", "json"]].concat());
        let (got, log) = probe_with(&browser, &page, SIDES_PROBE);
        assert!(console_errors(&log).is_empty(), "{log}");
        assert_eq!(got["outside"], 0);
        assert_eq!(got["ids"], got["unique_ids"], "every id once");

        let figures = json["figures"].as_array().unwrap();
        let rows = got["rows"].as_array().unwrap();
        assert_eq!(rows.len(), figures.len(), "one row per figure");
        for (row, figure) in rows.iter().zip(figures) {
            let (a, b) = match runs {
                None => (data(&figure["a"]), data(&figure["b"])),
                Some(_) => (data(&figure["a"]["mean"]), data(&figure["b"]["mean"])),
            };
            assert_eq!(row["a"], a, "{}", figure["figure"]);
            assert_eq!(row["b"], b, "{}", figure["figure"]);
            let beyond = figure["beyond_noise"] == true;
            assert_eq!(row["beyond"], beyond, "{}", figure["figure"]);
            assert_eq!(row["marked"], beyond, "{}", figure["figure"]);
        }
        let note = got["note"].as_str().unwrap();
        match runs {
            None => assert!(note.contains("no noise test was made"), "{note}"),
            Some(runs) => {
                assert!(note.contains(&format!("{runs} runs")), "{note}");
                // Choices 1 against the file's: some figure moves beyond noise.
                assert!(figures.iter().any(|f| f["beyond_noise"] == true));
            }
        }

        // Two columns, A left of B on the same rows, each fully drawn.
        let (a, b) = (&got["a"], &got["b"]);
        assert!(a["left"].as_f64().unwrap() < b["left"].as_f64().unwrap());
        assert_eq!(a["top"], b["top"]);
        assert!(b["heading"].as_str().unwrap().contains("policy.choices=1"));
        for side in [a, b] {
            assert!(side["figures"].as_u64().unwrap() >= 6, "{side}");
            assert!(side["svgs"].as_u64() >= side["figures"].as_u64(), "{side}");
            assert_eq!(side["svgs_drawn"], side["svgs"], "{side}");
            assert!(side["bands"].as_u64().unwrap() > 0, "{side}");
            assert_eq!(side["bands_drawn"], side["bands"], "{side}");
            assert!(side["pyramid_drawn"].as_u64().unwrap() > 0, "{side}");
        }
        browse(
            &browser,
            &page,
            &[
                &format!(
                    "--screenshot={}",
                    screenshot_dir()
                        .join(format!("sides-{}.png", runs.unwrap_or("1")))
                        .display()
                ),
                "--window-size=1200,1600",
            ],
        );
    }
}

/// Measures the spread table: one row per figure with its values, and the
/// bands drawn.
const SPREAD_PROBE: &str = r##"<script id="probe-script">
(function () {
  const all = (q) => Array.from(document.querySelectorAll(q));
  const r = {
    rows: all("#spread tbody tr").map((tr) => ({
      figure: tr.dataset.figure, this: tr.dataset.this,
      p5: tr.dataset.p5, p50: tr.dataset.p50, p95: tr.dataset.p95,
      range_drawn: Array.from(tr.querySelectorAll("rect.range")).filter((e) => e.getBBox().width > 0).length,
    })),
    first: document.querySelector("main > section").id,
    outside: all("[src], [href], link, img, iframe, object, embed, script:not(#probe-script)").length,
  };
  const pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify(r);
  document.body.appendChild(pre);
})();
</script>"##;

/// `reorg report --runs N` keeps the run's page (the Sankey first) and adds
/// one row per headline figure: this run's value is `reorg run`'s, the
/// percentiles are `reorg batch`'s for the same seed and runs, and each
/// row with values draws its p5–p95 band.
#[test]
fn the_spread_over_runs_is_the_batchs() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("spread.html");
    let scenario = "examples/approval-bureau.toml";
    reorg()
        .args(["report", scenario, "--seed", "4", "--runs", "15", "-o"])
        .arg(&page)
        .assert()
        .success();
    let batch = json_of(&[
        "batch", scenario, "--seed", "4", "--runs", "15", "--format", "json",
    ]);
    let run = json_of(&["run", scenario, "--seed", "4", "--format", "json"]);
    let (got, log) = probe_with(&browser, &page, SPREAD_PROBE);
    assert!(console_errors(&log).is_empty(), "{log}");
    assert_eq!(got["outside"], 0);
    assert_eq!(got["first"], "people-flows");
    let figures = batch["points"][0]["figures"].as_array().unwrap();
    let rows = got["rows"].as_array().unwrap();
    assert_eq!(rows.len(), figures.len());
    for (row, figure) in rows.iter().zip(figures) {
        let name = figure["figure"].as_str().unwrap();
        assert_eq!(row["figure"], name);
        assert_eq!(row["this"], data(&run["summary"][name]), "{name}");
        for p in ["p5", "p50", "p95"] {
            assert_eq!(row[p], data(&figure[p]), "{name} {p}");
        }
        let has_values = !figure["p50"].is_null();
        assert_eq!(row["range_drawn"], u64::from(has_values), "{name}");
    }
}

/// The same seed gives the same pages byte for byte, whatever the threads.
#[test]
fn pages_of_many_runs_are_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, args: &[&str]| {
        let page = dir.path().join(name);
        reorg()
            .arg("report")
            .args(args)
            .arg("-o")
            .arg(&page)
            .assert()
            .success();
        std::fs::read(page).unwrap()
    };
    let scenario = "examples/approval-bureau.toml";
    let sides = [scenario, "--set-b", "policy.choices=1", "--runs", "8"];
    let spread = [scenario, "--runs", "8"];
    assert_eq!(
        write("s1.html", &[sides.as_slice(), &["-j", "1"]].concat()),
        write("s2.html", &[sides.as_slice(), &["-j", "2"]].concat())
    );
    assert_eq!(
        write("p1.html", &[spread.as_slice(), &["-j", "1"]].concat()),
        write("p2.html", &[spread.as_slice(), &["-j", "2"]].concat())
    );
}
