//! The scenario compiled into the binary, which `reorg run` uses when given no
//! file: the 2017 Weifang Binhai reform, with its synthetic roster.

use crate::scenario::input::{Files, Input};

/// The name diagnostics and reports use for the built-in scenario.
pub const NAME: &str = "<built-in: scenarios/binhai.toml>";

/// The files the built-in scenario names, compiled in.
const FILES: &[(&str, &str)] = &[(
    "binhai-roster.csv",
    include_str!("../../scenarios/binhai-roster.csv"),
)];

/// The built-in scenario.
pub fn input() -> Input {
    Input {
        name: NAME.to_string(),
        text: include_str!("../../scenarios/binhai.toml").to_string(),
        files: Files::Embedded(FILES),
    }
}
