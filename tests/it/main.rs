//! One integration-test binary: each module tests one area of reorg.

mod calibration;
mod cli_batch;
mod cli_check;
mod cli_compare;
mod cli_graph;
mod cli_run;
mod cli_snapshots;
mod cli_surface;
mod completions;
mod examples;
mod generate;
mod graph;
mod hr_exports;
mod importer;
mod init;
mod layers;
mod matching;
mod merge_safety;
mod output_safety;
mod props;
mod rosters;
mod safe_output;
mod scenario_errors;
mod schema;
mod simulate;
mod support;
