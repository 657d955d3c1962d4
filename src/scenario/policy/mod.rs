//! The rules of the re-appointment (`[policy]`) and its rounds (`[[round]]`).
//!
//! docs/model.md explains what each rule does in the simulation;
//! docs/scenario-format.md lists the keys.
//!
//! `rules` holds the validated rules as data; `decode` reads `[policy]` into
//! them and `rounds` reads `[[round]]`, both through the `Lookup` the
//! resolver provides for level and unit ids.

mod decode;
mod rounds;
mod rules;

pub(crate) use decode::{Lookup, check_choice_entries, decode_policy};
pub(crate) use rounds::decode_rounds;
pub use rules::{
    AgeLimit, Fallback, Gender, OptOutRule, Optimal, OverAge, Policy, Preferences, Rest, Round,
    Scoring,
};
