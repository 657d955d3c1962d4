//! The HTML report in a real browser (issue 16, item 3): headless Chromium
//! opens each shipped scenario's page, a probe appended to a copy of the
//! page measures what the browser drew (SVG bands, nodes, boxes and bars
//! with a non-empty box, labels with a width), and the counts and headline
//! figures are checked against `reorg run --format json --people` for the
//! same seed. A screenshot of each page is saved under
//! `target/tmp/report-screenshots/`.
//!
//! Chromium is Debian's `chromium` (`.ci/run` installs it), or the program
//! `REORG_CHROMIUM` names. Without one the test says so and passes, except
//! under CI (`CI` set), where it fails.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::support::{reorg, shipped_scenarios};

/// The browser, or `None` (a failure under CI).
pub(crate) fn chromium() -> Option<PathBuf> {
    let wanted = std::env::var_os("REORG_CHROMIUM").unwrap_or_else(|| "chromium".into());
    let found = Command::new(&wanted)
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success());
    if found {
        return Some(PathBuf::from(wanted));
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI needs Chromium for the report tests (.ci/run installs Debian's `chromium`)"
    );
    eprintln!("skipped: no Chromium (install Debian's `chromium` or set REORG_CHROMIUM)");
    None
}

/// Runs Chromium headless on `page` with the flags that keep it off the
/// network and out of the user's profile; returns stdout and stderr.
pub(crate) fn browse(browser: &Path, page: &Path, extra: &[&str]) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
            // Nothing may be fetched: any name resolves to nowhere.
            "--host-resolver-rules=MAP * ~NOTFOUND",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("Chromium runs");
    assert!(
        out.status.success(),
        "Chromium failed on {}",
        page.display()
    );
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Measures the drawn page from inside the browser and writes the result
/// into `<pre id="probe">` for `--dump-dom`.
const PROBE: &str = r##"<script id="probe-script">
(function () {
  const all = (q) => Array.from(document.querySelectorAll(q));
  const drawn = (q) => all(q).filter((e) => { const b = e.getBBox(); return b.width > 0 && b.height > 0; }).length;
  const texts = (q) => all(q).map((t) => t.textContent);
  const widest0 = (q) => Math.min.apply(null, all(q).map((t) => t.getComputedTextLength()));
  const summary = {};
  const table = document.querySelector("section.tables table");
  for (const row of table.querySelectorAll("tbody tr")) {
    const cells = row.querySelectorAll("td");
    summary[cells[0].textContent] = cells[1].textContent;
  }
  const r = {
    first: document.querySelector("main > section").id,
    sankey_top: document.getElementById("sankey-people").getBoundingClientRect().top,
    bands: all("#sankey-people path.band").length,
    bands_drawn: drawn("#sankey-people path.band:not(.minor)"),
    minor: all("#sankey-people path.band.minor").length,
    minor_drawn: all("#sankey-people path.band.minor").filter((e) => e.getTotalLength() > 0 && parseFloat(e.getAttribute("stroke-width")) > 0).length,
    nodes: all("#sankey-people g.node").map((g) => ({
      left: g.classList.contains("left"),
      title: g.querySelector("title").textContent,
      shown: g.querySelector("tspan").textContent,
      height: parseFloat(g.querySelector("rect").getAttribute("height")),
    })),
    left: all("#sankey-people g.node.left").length,
    right: all("#sankey-people g.node.right").length,
    nodes_drawn: drawn("#sankey-people g.node rect"),
    labels: texts("#sankey-people g.node text"),
    narrowest_label: widest0("#sankey-people g.node text"),
    level_bands: all("#sankey-levels path.band").length,
    level_bands_drawn: drawn("#sankey-levels path.band"),
    org_before: drawn("#org-before g.unit rect"),
    org_after: drawn("#org-after g.unit rect"),
    org_labels: texts("#org-after g.unit text"),
    pyramid: all("#pyramid g.level").length,
    pyramid_drawn: drawn("#pyramid rect.before"),
    rounds: all("#rounds-chart g.round").length,
    age_bands: all("#leader-ages g.band").length,
    age_before_drawn: drawn("#leader-ages rect.before"),
    age_after_drawn: drawn("#leader-ages rect.after"),
    age_labels: texts("#leader-ages g.band text"),
    cutoffs: all("#cutoffs g.unit").length,
    cutoffs_drawn: drawn("#cutoffs rect.bar"),
    gantts: all("#processes svg.gantt").length,
    gantt_steps: all("#processes svg.gantt g.step").length,
    gantt_before: drawn("#processes svg.gantt rect.before"),
    gantt_after: drawn("#processes svg.gantt rect.after"),
    gantt_critical: drawn("#processes svg.gantt rect.critical"),
    summary: summary,
    outside: all("[src], [href], link, img, iframe, object, embed, script:not(#probe-script)").length,
  };
  const pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify(r);
  document.body.appendChild(pre);
})();
</script>"##;

/// What the probe found on `page`, and Chromium's log.
fn probe(browser: &Path, page: &Path) -> (Value, String) {
    probe_with(browser, page, PROBE)
}

/// What `script` (which writes its JSON into `<pre id="probe">`) found on
/// `page`, and Chromium's log.
pub(crate) fn probe_with(browser: &Path, page: &Path, script: &str) -> (Value, String) {
    let html = std::fs::read_to_string(page).unwrap();
    let probed = page.with_extension("probe.html");
    std::fs::write(
        &probed,
        html.replace("</body>", &format!("{script}</body>")),
    )
    .unwrap();
    let (dom, log) = browse(
        browser,
        &probed,
        &[
            "--dump-dom",
            "--virtual-time-budget=2000",
            "--window-size=1200,900",
        ],
    );
    let start = dom.find("<pre id=\"probe\">").expect("the probe ran") + "<pre id=\"probe\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let text = dom[start..end]
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    (serde_json::from_str(&text).expect("probe JSON"), log)
}

/// What the figures should hold, worked out from the run's JSON.
struct Expected {
    bands: usize,
    /// Bands between two units of fewer than 3 people (and under 1% of
    /// everyone), drawn faint.
    minor: usize,
    /// People per unit before, by id.
    before: BTreeMap<String, usize>,
    /// People per unit after (its whole headcount), by id.
    after: BTreeMap<String, usize>,
    /// People per status without a unit after.
    statuses: BTreeMap<String, usize>,
    left: usize,
    right: usize,
    level_bands: usize,
    units_before: usize,
    units_after: usize,
    levels: usize,
    rounds: usize,
    /// Leaders before and after per five-year band, youngest first.
    age_bands: Vec<(usize, usize)>,
    cutoffs: usize,
}

/// The leaders' ages, counted from the people's rows: leaders before are at
/// a leadership level; leaders after hold a seat (placed, appointed or
/// transferred) at a leadership level in a unit inside the structure.
fn age_bands(json: &Value) -> Vec<(usize, usize)> {
    let leadership: BTreeSet<&str> = json["levels"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["leadership"] == true)
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    let external: BTreeSet<&str> = json["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["external"] == true)
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    let mut before: BTreeMap<i64, usize> = BTreeMap::new();
    let mut after: BTreeMap<i64, usize> = BTreeMap::new();
    for p in json["people"].as_array().unwrap() {
        let Some(age) = p["age"].as_i64() else {
            continue;
        };
        if leadership.contains(p["before_level"].as_str().unwrap()) {
            *before.entry(age.div_euclid(5)).or_default() += 1;
        }
        let seated = matches!(
            p["status"].as_str().unwrap(),
            "promoted" | "same_level" | "demoted" | "appointed" | "transferred"
        );
        if seated
            && p["after_level"]
                .as_str()
                .is_some_and(|l| leadership.contains(l))
            && !external.contains(p["after_unit"].as_str().unwrap())
        {
            *after.entry(age.div_euclid(5)).or_default() += 1;
        }
    }
    let bands: Vec<i64> = before.keys().chain(after.keys()).copied().collect();
    let (Some(&first), Some(&last)) = (bands.iter().min(), bands.iter().max()) else {
        return Vec::new();
    };
    (first..=last)
        .map(|b| {
            (
                before.get(&b).copied().unwrap_or(0),
                after.get(&b).copied().unwrap_or(0),
            )
        })
        .collect()
}

fn key_of(v: &Value) -> String {
    v.as_str().unwrap().to_string()
}

/// Checks the people Sankey's nodes against the run: each unit's node (known
/// by the id in its hover text) shows its real count — a unit before its
/// people, a unit after its whole headcount (the people rows in it, which
/// is also the units table's headcount) — the status nodes show the counts
/// of the statuses without a unit, and every bar's height is its count at
/// one common scale (to the 0.1 px the SVG is written in).
fn check_nodes(stem: &str, got: &Value, want: &Expected, json: &Value) {
    let nodes = got["nodes"].as_array().unwrap();
    let id_in = |title: &str| -> Option<String> {
        let open = title.rfind(" (")?;
        let close = title[open..].find("):")? + open;
        Some(title[open + 2..close].to_string())
    };
    let headcount: BTreeMap<String, usize> = json["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (key_of(&u["id"]), u["headcount"].as_u64().unwrap() as usize))
        .collect();
    let mut statuses_shown: Vec<usize> = Vec::new();
    let mut sized: Vec<(usize, f64)> = Vec::new();
    for node in nodes {
        let title = node["title"].as_str().unwrap();
        let shown: usize = node["shown"].as_str().unwrap().parse().unwrap();
        let left = node["left"].as_bool().unwrap();
        match (left, id_in(title)) {
            (true, Some(id)) => assert_eq!(Some(&shown), want.before.get(&id), "{stem}: {title}"),
            (false, Some(id)) if want.after.contains_key(&id) => {
                assert_eq!(shown, want.after[&id], "{stem}: {title}");
                assert_eq!(shown, headcount[&id], "{stem}: {title} is its headcount");
            }
            _ => {
                assert!(!left, "{stem}: {title} is a unit before");
                statuses_shown.push(shown);
            }
        }
        sized.push((shown, node["height"].as_f64().unwrap()));
    }
    let mut statuses_want: Vec<usize> = want.statuses.values().copied().collect();
    statuses_want.sort();
    statuses_shown.sort();
    assert_eq!(statuses_shown, statuses_want, "{stem}: status nodes");
    let (most, tallest) = sized.iter().copied().max_by_key(|s| s.0).unwrap();
    let scale = tallest / most as f64;
    for (count, height) in sized {
        let exact = (count as f64 * scale).max(1.0);
        assert!(
            (height - exact).abs() <= 0.1,
            "{stem}: a node of {count} is {height} px tall, not {exact:.2}"
        );
    }
}

fn expected(json: &Value) -> Expected {
    let people = json["people"].as_array().unwrap();
    let target = |p: &Value| match p["after_unit"].as_str() {
        Some(unit) => unit.to_string(),
        None => format!("status:{}", p["status"].as_str().unwrap()),
    };
    let outcome = |p: &Value| match p["status"].as_str().unwrap() {
        "promoted" | "same_level" | "demoted" => "placed".to_string(),
        other => other.to_string(),
    };
    // Every flow is a band of its own; those between two units of fewer
    // than 3 people and under 1% of everyone are drawn faint, never those
    // to a status.
    let mut counts: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    let mut before: BTreeMap<String, usize> = BTreeMap::new();
    let mut after: BTreeMap<String, usize> = BTreeMap::new();
    let mut statuses: BTreeMap<String, usize> = BTreeMap::new();
    for p in people {
        let key = (
            p["before_unit"].as_str().unwrap().to_string(),
            target(p),
            outcome(p),
        );
        *counts.entry(key).or_default() += 1;
        *before.entry(key_of(&p["before_unit"])).or_default() += 1;
        match p["after_unit"].as_str() {
            Some(unit) => *after.entry(unit.to_string()).or_default() += 1,
            None => *statuses.entry(key_of(&p["status"])).or_default() += 1,
        }
    }
    let minor = counts
        .iter()
        .filter(|((_, to, _), value)| {
            !to.starts_with("status:") && **value < 3 && **value * 100 < people.len()
        })
        .count();
    let bands = counts.len();
    let left: BTreeSet<&str> = people
        .iter()
        .map(|p| p["before_unit"].as_str().unwrap())
        .collect();
    let right = after.len() + statuses.len();
    let level_bands = json["transitions"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|row| row["counts"].as_array().unwrap().iter())
        .filter(|n| n.as_u64() != Some(0))
        .count();
    let s = &json["summary"];
    let count = |v: &Value| v.as_u64().unwrap() as usize;
    Expected {
        bands,
        minor,
        left: left.len(),
        right,
        before: before.clone(),
        after: after.clone(),
        statuses: statuses.clone(),
        level_bands,
        units_before: count(&s["units_before"]),
        units_after: count(&s["units_after"]) + count(&s["units_external"]),
        levels: json["levels"].as_array().unwrap().len(),
        rounds: json["rounds"].as_array().unwrap().len(),
        age_bands: age_bands(json),
        cutoffs: json["units"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|u| !u["cutoff"].is_null())
            .count(),
    }
}

pub(crate) fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every shipped scenario's report loads without an error, fetches nothing,
/// shows the Sankey first and draws every band, node, org-chart box and
/// pyramid bar the run's JSON implies; its headline figures are the JSON's.
#[test]
fn every_report_draws_what_the_run_holds() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    for scenario in shipped_scenarios() {
        let stem = scenario.file_stem().unwrap().to_string_lossy().into_owned();
        let scenario = scenario.to_str().unwrap();
        let page = dir.path().join(format!("{stem}.html"));
        reorg()
            .args(["report", scenario, "-o"])
            .arg(&page)
            .assert()
            .success();
        let json: Value = serde_json::from_slice(
            &reorg()
                .args(["run", scenario, "--format", "json", "--people"])
                .assert()
                .success()
                .get_output()
                .stdout,
        )
        .unwrap();
        let want = expected(&json);
        let (got, log) = probe(&browser, &page);
        let errors: Vec<&str> = log
            .lines()
            .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught"))
            .collect();
        assert!(errors.is_empty(), "{stem}: console messages {errors:?}");
        assert_eq!(
            got["outside"], 0,
            "{stem}: the page loads nothing from outside"
        );
        assert_eq!(
            got["first"], "people-flows",
            "{stem}: the Sankey comes first"
        );
        assert!(
            got["sankey_top"].as_f64().unwrap() < 300.0,
            "{stem}: in the first screen"
        );
        assert_eq!(
            got["bands"], want.bands,
            "{stem}: one band per unit, destination and outcome"
        );
        assert_eq!(got["minor"], want.minor, "{stem}: small flows faint");
        assert_eq!(
            got["bands_drawn"],
            want.bands - want.minor,
            "{stem}: every full band has an area"
        );
        assert_eq!(
            got["minor_drawn"], want.minor,
            "{stem}: every faint band has a length and a width"
        );
        check_nodes(&stem, &got, &want, &json);
        assert_eq!(got["left"], want.left, "{stem}");
        assert_eq!(got["right"], want.right, "{stem}");
        assert_eq!(got["nodes_drawn"], want.left + want.right, "{stem}");
        assert!(
            got["narrowest_label"].as_f64().unwrap() > 10.0,
            "{stem}: labels have width"
        );
        assert_eq!(got["level_bands"], want.level_bands, "{stem}");
        assert_eq!(got["level_bands_drawn"], want.level_bands, "{stem}");
        assert_eq!(got["org_before"], want.units_before, "{stem}");
        assert_eq!(got["org_after"], want.units_after, "{stem}");
        assert_eq!(got["pyramid"], want.levels, "{stem}");
        assert_eq!(
            got["pyramid_drawn"].as_u64().unwrap() as usize,
            json["levels"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|l| l["before"].as_u64() != Some(0))
                .count(),
            "{stem}"
        );
        assert_eq!(got["rounds"], want.rounds, "{stem}");
        // The age chart: one row per band, oldest on top; a bar where the
        // band has leaders; the counts beside the bars are the people's.
        assert_eq!(got["age_bands"], want.age_bands.len(), "{stem}");
        let nonzero = |side: fn(&(usize, usize)) -> usize| {
            want.age_bands.iter().filter(|b| side(b) > 0).count()
        };
        assert_eq!(got["age_before_drawn"], nonzero(|b| b.0), "{stem}");
        assert_eq!(got["age_after_drawn"], nonzero(|b| b.1), "{stem}");
        let labels: Vec<&str> = got["age_labels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        let shown: Vec<String> = want
            .age_bands
            .iter()
            .rev()
            .flat_map(|(b, a)| [b.to_string(), a.to_string()])
            .collect();
        let numbers: Vec<&str> = labels
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 3 != 0)
            .map(|(_, t)| *t)
            .collect();
        assert_eq!(numbers, shown, "{stem}: age counts");
        assert_eq!(got["cutoffs"], want.cutoffs, "{stem}");
        assert_eq!(got["cutoffs_drawn"], want.cutoffs, "{stem}");
        // One Gantt chart per process, a row per step, a bar per step and
        // side it runs on, the critical path's bars marked.
        let processes = json["processes"].as_array().cloned().unwrap_or_default();
        let steps: Vec<&Value> = processes
            .iter()
            .flat_map(|p| p["steps"].as_array().unwrap())
            .collect();
        let critical = |side: &str| {
            processes
                .iter()
                .map(|p| p[side]["critical_path"].as_array().unwrap().len())
                .sum::<usize>()
        };
        assert_eq!(got["gantts"], processes.len(), "{stem}");
        assert_eq!(got["gantt_steps"], steps.len(), "{stem}");
        assert_eq!(
            got["gantt_before"],
            steps.len(),
            "{stem}: every step runs today"
        );
        assert_eq!(
            got["gantt_after"],
            steps.iter().filter(|s| !s["after"].is_null()).count(),
            "{stem}: a bar after for each step that does not end"
        );
        assert_eq!(
            got["gantt_critical"],
            critical("before") + critical("after"),
            "{stem}: the critical paths"
        );
        let s = &json["summary"];
        assert_eq!(got["summary"]["people"], s["people"].to_string(), "{stem}");
        assert!(
            got["summary"]["placed"]
                .as_str()
                .unwrap()
                .starts_with(&format!("{} (", s["placed"])),
            "{stem}: {}",
            got["summary"]["placed"]
        );
        browse(
            &browser,
            &page,
            &[
                &format!(
                    "--screenshot={}",
                    screenshot_dir().join(format!("{stem}.png")).display()
                ),
                "--window-size=1200,1600",
            ],
        );
    }
}

/// In Chinese, unit names label the Sankey and the org chart, headings are
/// Chinese, and the same seed gives the same page byte for byte.
#[test]
fn a_chinese_report_names_units_and_is_reproducible() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("binhai-zh.html");
    let args = ["report", "scenarios/binhai.toml", "--lang", "zh", "-o"];
    reorg().args(args).arg(&page).assert().success();
    let again = dir.path().join("again.html");
    reorg().args(args).arg(&again).assert().success();
    assert_eq!(
        std::fs::read(&page).unwrap(),
        std::fs::read(&again).unwrap()
    );

    let (got, _) = probe(&browser, &page);
    let labels: Vec<&str> = got["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    // The approval bureau by its name, with its people after it.
    assert!(
        labels.iter().any(|l| l.starts_with("行政审批服务局 ")),
        "{labels:?}"
    );
    assert!(
        labels.iter().any(|l| l.starts_with("未参加竞聘 ")),
        "{labels:?}"
    );
    let org: Vec<&str> = got["org_labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert!(org.contains(&"综合执法局"), "{org:?}");
    assert!(got["summary"].get("人员").is_some(), "{}", got["summary"]);
    browse(
        &browser,
        &page,
        &[
            &format!(
                "--screenshot={}",
                screenshot_dir().join("binhai-zh.png").display()
            ),
            "--window-size=1200,1600",
        ],
    );
}
