//! # reorg: simulate an organisational restructuring
//!
//! A reform planner describes today's units and staff and the target structure
//! in a TOML scenario. `reorg` validates it ([`scenario`]), builds the merge
//! graph ([`graph`]) and re-appoints every person through two-way competitive
//! rounds decided by many-to-one deferred acceptance ([`matching`]).
//! [`metrics`] computes figures and [`report`] renders them.
//!
//! The command line in [`cli`] is a thin layer over this library: everything it
//! does can be done from Rust.

pub mod cli;
pub mod diagnostic;
pub mod graph;
pub mod matching;
pub mod metrics;
pub mod report;
pub mod scenario;
pub mod simulate;
