//! Figures computed from a scenario, its merge graph and an outcome. Plain
//! data for the renderers in `report`; nothing here formats or prints.
//!
//! - [`scenario_summary`]: what `reorg check` shows (units, levels, shared functions);
//! - [`run_summary`]: the headline figures of one run, declared once;
//! - [`run_report`]: every table of `reorg run`;
//! - [`flow_table`]: every movement of people and the leaders' ages, for the report's figures;
//! - [`explain`](mod@explain): why one person ended where they did (`reorg explain`);
//! - [`establishment`]: units against their establishment (编制) and posts (职数);
//! - [`stranded`](mod@stranded): the warning on people pooled beside empty seats;
//! - [`pseudonym`](mod@pseudonym): keyed pseudonyms for `--anonymize`.

pub mod establishment;
pub mod explain;
pub mod figures;
pub mod flow_table;
pub mod pseudonym;
pub mod run_report;
pub mod run_summary;
pub mod scenario_summary;
pub mod stranded;

pub use establishment::{BeforeUnitRow, TypeCount};
pub use explain::Explanation;
pub use figures::{FigureNumber, FigureValue, figure_values};
pub use flow_table::{AgeBand, FlowCount, FlowTable, LeaderAges};
pub use pseudonym::{AnonymizeMode, pseudonym};
pub use run_report::{
    Flow, LevelRow, Payroll, PersonRow, RoundRow, RunReport, TransitionRow, Transitions, UnitRow,
    VERSION, head_level,
};
pub use run_summary::{Cell, FieldKind, FieldValue, Figure, RunSummary};
pub use scenario_summary::{
    DepthCount, FunctionOwners, KindCount, LevelSupply, ScenarioSummary, unit_depths, unit_kinds,
};
pub use stranded::stranded_warning;
