//! One integration-test binary: each module tests one area of reorg.

mod calibration;
mod choice_lists;
mod cli_batch;
mod cli_check;
mod cli_compare;
mod cli_graph;
mod cli_run;
mod cli_snapshots;
mod cli_surface;
mod completions;
mod csv_excel;
mod examples;
mod explain;
mod generate;
mod graph;
#[cfg(feature = "xlsx")]
mod hostile_workbooks;
mod hr_exports;
mod html_report;
mod html_report_sides;
mod importer;
mod init;
mod layers;
mod matching;
mod merge_safety;
mod nesting;
mod open_recruitment;
mod output_safety;
mod own_figures;
mod process;
mod process_binhai;
mod process_props;
mod props;
mod reform_examples;
mod rosters;
mod round_rules;
mod safe_output;
mod scenario_errors;
mod schema;
mod settlement_example;
mod simulate;
mod support;
mod unit_figures;
#[cfg(feature = "xlsx")]
mod xlsx_report;
