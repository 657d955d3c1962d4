//! One integration-test binary: each module tests one area of reorg.

mod calibration;
mod cli_batch;
mod cli_check;
mod cli_compare;
mod cli_graph;
mod cli_run;
mod cli_snapshots;
mod cli_surface;
mod csv_excel;
mod examples;
mod generate;
mod graph;
mod html_report;
mod layers;
mod matching;
mod merge_safety;
mod output_safety;
mod props;
mod rosters;
mod safe_output;
mod scenario_errors;
mod simulate;
mod support;
#[cfg(feature = "xlsx")]
mod xlsx_report;
