//! Risk over many runs (`reorg batch --risk`, `reorg report --runs`): the
//! counts checked against a second computation (each run simulated again
//! through the library and tallied here), shards merged against one whole
//! batch, threads, and the risk chart in a real browser.

use std::collections::BTreeMap;
use std::path::Path;

use reorg::graph::MergeGraph;
use reorg::simulate::{Simulator, Status};
use serde_json::Value;

use crate::support::{load_ok, reorg};

const TINY: &str = "tests/fixtures/risk-two-applicants.toml";
const SEED: u64 = 7;
const RUNS: u64 = 200;

/// `reorg batch TINY --runs RUNS --risk` with `extra` arguments; the risk file's bytes.
fn risk_file(dir: &Path, name: &str, extra: &[&str]) -> Vec<u8> {
    let path = dir.join(name);
    reorg()
        .args([
            "batch",
            TINY,
            "--runs",
            &RUNS.to_string(),
            "--seed",
            &SEED.to_string(),
        ])
        .args(extra)
        .arg("--risk")
        .arg(&path)
        .assert()
        .success();
    std::fs::read(&path).unwrap()
}

/// Per person id, runs per status name.
type StatusTally = BTreeMap<String, BTreeMap<&'static str, u64>>;
/// Per after unit id, the cut-offs of the runs.
type Cutoffs = BTreeMap<String, Vec<f64>>;

/// Every run simulated again through the library: per person, runs per
/// status; per post, the cut-offs seen.
fn tally() -> (StatusTally, Cutoffs) {
    let loaded = load_ok(&std::fs::read_to_string(TINY).unwrap());
    let scenario = &loaded.scenario;
    let graph = MergeGraph::build(scenario);
    let simulator = Simulator::new(scenario, &graph);
    let mut people = StatusTally::new();
    let mut cutoffs = Cutoffs::new();
    for run in 0..RUNS {
        let outcome = simulator.run(SEED, run);
        for (person, result) in scenario.people.iter().zip(&outcome.people) {
            *people
                .entry(person.id.clone())
                .or_default()
                .entry(result.status().as_str())
                .or_default() += 1;
        }
        for post in &outcome.posts {
            if let Some(c) = post.cutoff {
                cutoffs
                    .entry(scenario.after[post.unit].id.clone())
                    .or_default()
                    .push(c);
            }
        }
    }
    (people, cutoffs)
}

/// The keeper keeps their level in every run; the two equal applicants
/// share the one seat, so their wins add up to the runs and each has about
/// half; every count is the library's own tally of the same runs.
#[test]
fn the_risk_counts_are_the_runs_tallied_one_by_one() {
    let dir = tempfile::tempdir().unwrap();
    let risk: Value = serde_json::from_slice(&risk_file(dir.path(), "risk.json", &[])).unwrap();
    assert_eq!(risk["kind"], "reorg batch risk");
    assert_eq!(risk["runs"], RUNS);
    assert_eq!(risk["shard"], Value::Null);
    let (people, cutoffs) = tally();
    let rows = risk["people"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    for row in rows {
        let id = row["id"].as_str().unwrap();
        let want = &people[id];
        for status in Status::ALL {
            let got = row["statuses"][status.as_str()].as_u64().unwrap();
            assert_eq!(
                got,
                want.get(status.as_str()).copied().unwrap_or(0),
                "{id} {status:?}"
            );
        }
        // Here a person keeps their level exactly when placed at it, and
        // loses it exactly when pooled (no rank kept, nobody retires).
        let same = want.get("same_level").copied().unwrap_or(0);
        let pooled = want.get("pooled").copied().unwrap_or(0);
        assert_eq!(same + pooled, RUNS, "{id}: only these two happen");
        assert_eq!(row["kept_level"], same, "{id}");
        assert_eq!(row["lost_level"], pooled, "{id}");
        assert_eq!(
            row["p_kept_level"].as_f64().unwrap(),
            same as f64 / RUNS as f64
        );
    }
    assert_eq!(rows[0]["id"], "keeper");
    assert_eq!(rows[0]["kept_level"], RUNS);
    assert_eq!(rows[0]["p_lost_level"].as_f64(), Some(0.0));
    let a1 = rows[1]["kept_level"].as_u64().unwrap();
    let a2 = rows[2]["kept_level"].as_u64().unwrap();
    assert_eq!(a1 + a2, RUNS, "one seat, one winner per run");
    // Binomial(200, ½): 4 standard deviations (≈ 28) either side of 100.
    assert!((72..=128).contains(&a1), "{a1}");

    // Before unit `c`: 2 people × 200 runs, exactly one loses each run: ½.
    let c = &risk["before_units"][1];
    assert_eq!(c["id"], "c");
    assert_eq!(c["person_runs"], 2 * RUNS);
    assert_eq!(c["lost_level"], RUNS);
    assert_eq!(c["share_lost_level"].as_f64(), Some(0.5));
    assert_eq!(
        risk["before_units"][0]["share_lost_level"].as_f64(),
        Some(0.0)
    );

    // Each after unit: its one seat filled in every run, never vacant; the
    // cut-offs' mean, lowest and highest those of the runs (quantised to
    // millionths, so within 5 × 10⁻⁷).
    for unit in risk["units"].as_array().unwrap() {
        let id = unit["id"].as_str().unwrap();
        assert_eq!(
            unit["filled"]["counts"],
            serde_json::json!([[1, RUNS]]),
            "{id}"
        );
        assert_eq!(
            unit["vacancies"]["counts"],
            serde_json::json!([[0, RUNS]]),
            "{id}"
        );
        assert_eq!(unit["vacancies"]["p95"], 0, "{id}");
        let seen = &cutoffs[id];
        assert_eq!(unit["cutoff"]["runs"], seen.len() as u64);
        let min = seen.iter().copied().fold(f64::INFINITY, f64::min);
        let max = seen.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mean = seen.iter().sum::<f64>() / seen.len() as f64;
        for (field, want) in [("min", min), ("max", max), ("mean", mean)] {
            let got = unit["cutoff"][field].as_f64().unwrap();
            assert!((got - want).abs() <= 5e-7, "{id} {field}: {got} vs {want}");
        }
    }
    // Posts: one per unit (only staff seats), the same as the units here.
    let posts = risk["posts"].as_array().unwrap();
    assert_eq!(posts.len(), 2);
    assert_eq!(posts[1]["unit"], "cx");
    assert_eq!(posts[1]["level"], "staff");
    assert_eq!(posts[1]["cutoff"], risk["units"][1]["cutoff"]);
}

/// Shards merged give the whole batch's risk file byte for byte, with the
/// parts in any order; one thread or two give the same bytes.
#[test]
fn shards_merged_and_threads_give_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let whole = risk_file(dir.path(), "whole.json", &["--jobs", "2"]);
    let one = risk_file(dir.path(), "one.json", &["--jobs", "1"]);
    assert_eq!(whole, one);
    let mut parts = Vec::new();
    for k in [3, 1, 2] {
        let name = format!("part{k}.json");
        let part = risk_file(dir.path(), &name, &["--shard", &format!("{k}/3")]);
        assert_ne!(part, whole);
        parts.push(dir.path().join(name));
    }
    let merged = dir.path().join("merged.json");
    reorg()
        .args(["batch", "merge"])
        .args(&parts)
        .arg("--risk")
        .arg(&merged)
        .assert()
        .success();
    assert_eq!(
        String::from_utf8(std::fs::read(&merged).unwrap()).unwrap(),
        String::from_utf8(whole).unwrap()
    );
    // Two of three shards: refused, unless partial.
    let out = reorg()
        .args(["batch", "merge"])
        .args(&parts[..2])
        .arg("--risk")
        .arg(&merged)
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("cover 133 of 200 runs"), "{err}");
    // A shard given twice.
    let out = reorg()
        .args(["batch", "merge"])
        .args([&parts[0], &parts[1], &parts[0]])
        .arg("--risk")
        .arg(&merged)
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("are both shard 3/3"), "{err}");
}

/// A part of another batch (another seed) is refused by name.
#[test]
fn risk_files_of_different_batches_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    risk_file(dir.path(), "a.json", &["--shard", "1/2"]);
    let other = dir.path().join("b.json");
    reorg()
        .args([
            "batch",
            TINY,
            "--runs",
            &RUNS.to_string(),
            "--seed",
            "8",
            "--shard",
            "2/2",
            "--risk",
        ])
        .arg(&other)
        .assert()
        .success();
    let out = reorg()
        .args(["batch", "merge"])
        .arg(dir.path().join("a.json"))
        .arg(&other)
        .arg("--risk")
        .arg(dir.path().join("m.json"))
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains("different batches (their seeds differ)"),
        "{err}"
    );
}

/// A sweep has no risk file: refused before any run, with the reason.
#[test]
fn a_sweep_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = reorg()
        .args([
            "batch",
            TINY,
            "--runs",
            "3",
            "--set",
            "policy.choices=1,2",
            "--risk",
        ])
        .arg(dir.path().join("r.json"))
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("risk is counted at one grid point"), "{err}");
    assert!(!dir.path().join("r.json").exists());
}

/// Measures the risk chart from inside the browser.
const PROBE: &str = r##"<script id="probe-script">
(function () {
  const all = (q) => Array.from(document.querySelectorAll(q));
  const drawn = (q) => all(q).filter((e) => { const b = e.getBBox(); return b.width > 0 && b.height > 0; }).length;
  const r = {
    units: all("#risk-chart g.unit").map((g) => g.getAttribute("data-unit")),
    lost_drawn: drawn("#risk-chart rect.lost"),
    kept_drawn: drawn("#risk-chart rect.kept"),
    shares: all("#risk-chart g.unit > text:last-of-type").map((t) => t.textContent),
  };
  const pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify(r);
  document.body.appendChild(pre);
})();
</script>"##;

/// `reorg report --runs` draws the risk chart: unit `c` first with half its
/// people-runs lost (one of two loses every run), `k` with none, so one
/// red bar has an area and both blue ones do.
#[test]
fn the_report_draws_the_risk_chart() {
    let Some(browser) = crate::html_report::chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("risk.html");
    reorg()
        .args(["report", TINY, "--runs", "200", "--seed", "7", "-o"])
        .arg(&page)
        .assert()
        .success();
    let html = std::fs::read_to_string(&page).unwrap();
    let probed = dir.path().join("probed.html");
    std::fs::write(&probed, html.replace("</body>", &format!("{PROBE}</body>"))).unwrap();
    let (dom, log) = crate::html_report::browse(
        &browser,
        &probed,
        &[
            "--dump-dom",
            "--virtual-time-budget=2000",
            "--window-size=1200,900",
        ],
    );
    let errors: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught"))
        .collect();
    assert!(errors.is_empty(), "console messages {errors:?}");
    let start = dom.find("<pre id=\"probe\">").expect("the probe ran") + "<pre id=\"probe\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let got: Value = serde_json::from_str(&dom[start..end].replace("&quot;", "\"")).unwrap();
    assert_eq!(got["units"], serde_json::json!(["c", "k"]));
    assert_eq!(got["shares"], serde_json::json!(["50.0%", "0.0%"]));
    assert_eq!(got["lost_drawn"], 1);
    assert_eq!(got["kept_drawn"], 2);
    crate::html_report::browse(
        &browser,
        &page,
        &[
            &format!(
                "--screenshot={}",
                Path::new(env!("CARGO_TARGET_TMPDIR"))
                    .join("report-risk.png")
                    .display()
            ),
            "--window-size=1200,1600",
        ],
    );
}

/// `--risk FILE.csv` is a view of the same counts: one row per person,
/// its shares those of the JSON file (the CSV carries a byte-order mark,
/// as every CSV written to a file); a merge can write it too.
#[test]
fn a_csv_risk_file_is_the_people_of_the_json() {
    let dir = tempfile::tempdir().unwrap();
    let json: Value = serde_json::from_slice(&risk_file(dir.path(), "r.json", &[])).unwrap();
    let csv = String::from_utf8(risk_file(dir.path(), "r.csv", &[])).unwrap();
    let csv = csv.strip_prefix('\u{feff}').expect("a byte-order mark");
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(
        &header[..5],
        ["id", "name", "before_unit", "before_level", "runs"]
    );
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 3);
    for (row, person) in rows.iter().zip(json["people"].as_array().unwrap()) {
        assert_eq!(row[0], person["id"].as_str().unwrap());
        for field in ["p_lost_level", "p_kept_level"] {
            let got: f64 = row[column(field)].parse().unwrap();
            assert_eq!(got, person[field].as_f64().unwrap(), "{field}");
        }
        let same: f64 = row[column("p_same_level")].parse().unwrap();
        assert_eq!(
            same,
            person["probabilities"]["same_level"].as_f64().unwrap()
        );
    }
    let merged = dir.path().join("merged.csv");
    reorg()
        .args(["batch", "merge"])
        .arg(dir.path().join("r.json"))
        .arg("--risk")
        .arg(&merged)
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(&merged)
            .unwrap()
            .trim_start_matches('\u{feff}'),
        csv
    );
}
