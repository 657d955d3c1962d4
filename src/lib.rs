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
//!
//! Modules only import the ones below them: the leaves [`diagnostic`],
//! [`rng`] (the seeded generator), [`csv_guard`] (CSV-formula quoting) and
//! [`bounded_read`] (size-limited file reads), and the engine [`matching`],
//! import nothing of the crate; then [`scenario`], [`graph`], [`process`],
//! [`simulate`], [`metrics`], [`batch`], [`report`] and [`cli`], in that
//! order. [`process`] computes the processes a scenario describes (an
//! investment project's approvals) before and after the merge.
//!
//! ```
//! use reorg::{graph::MergeGraph, metrics::RunReport, scenario, simulate::Simulator};
//!
//! let loaded = scenario::load_input(&scenario::builtin::input(), &[])?;
//! let graph = MergeGraph::build(&loaded.scenario);
//! let outcome = Simulator::new(&loaded.scenario, &graph).run(2017, 0);
//! let report = RunReport::of(&loaded.scenario, &graph, &outcome);
//! assert_eq!(report.summary.people, 1174);
//! // Everyone has exactly one status.
//! assert_eq!(outcome.status_counts().iter().sum::<usize>(), 1174);
//! # Ok::<(), reorg::scenario::ScenarioError>(())
//! ```
//!
//! # Reproducibility
//!
//! The same scenario, seed and reorg version give the same outcome, and the
//! same bytes in every output format, on any machine and with any number of
//! threads:
//!
//! - all randomness of a run comes from one ChaCha8 generator
//!   (`rand::rngs::ChaCha8Rng`, a fixed, portable stream) seeded with
//!   `seed_from_u64(seed)` on stream `set_stream(run)`, drawn in a fixed order
//!   (people in roster order, posts by unit then level); a test pins its first
//!   values against an independent implementation;
//! - normal draws are computed from the generator's raw bits with additions
//!   and multiplications only, never `ln`, `cos` or other library functions
//!   whose last bit may differ between platforms;
//! - scores are compared as integers (to 1/10,000 of a point) with ties broken
//!   by roster order, and the matching is the unique side-optimal stable
//!   matching, so no result depends on iteration or thread order;
//! - sums in reports run in roster order; batches derive each run's generator
//!   from (master seed, run index) alone;
//! - a synthetic roster (`[roster.generate]`) depends only on its own seed.
//!
//! A change to any of these changes results, and is called out in the
//! changelog.

pub mod batch;
pub mod bounded_read;
pub mod cli;
pub mod csv_guard;
pub mod diagnostic;
pub mod graph;
pub mod matching;
pub mod metrics;
pub mod process;
pub mod report;
pub mod rng;
pub mod scenario;
pub mod simulate;
