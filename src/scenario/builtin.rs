//! The scenario compiled into the binary, which `reorg run` uses when given no file.

use crate::scenario::{Files, Input};

/// The name diagnostics and reports use for the built-in scenario.
pub const NAME: &str = "<built-in: examples/approval-bureau.toml>";

/// The built-in scenario.
pub fn input() -> Input {
    Input {
        name: NAME.to_string(),
        text: include_str!("../../examples/approval-bureau.toml").to_string(),
        files: Files::Embedded(&[]),
    }
}
