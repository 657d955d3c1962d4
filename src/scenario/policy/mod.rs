//! The rules of the re-appointment (`[policy]`) and its rounds (`[[round]]`).
//!
//! docs/model.md explains what each rule does in the simulation;
//! docs/scenario-format.md lists the keys.
//!
//! `rules` holds the validated rules as data; `decode` reads `[policy]` into
//! them and `rounds` reads `[[round]]`, both through the `Lookup` the
//! resolver provides for level and unit ids.

mod decode;
mod fallback;
mod read;
mod rounds;
mod rules;
mod timeline;

pub(crate) use decode::{check_choice_entries, decode_policy};
pub(crate) use read::Lookup;
pub(crate) use rounds::decode_rounds;
pub use rules::{
    AgeLimit, Becomes, ChoiceLists, Destination, Fallback, Gender, Group, OptOutRule, Optimal,
    Order, Outsiders, OverAge, Policy, Preferences, Priority, Rest, Round, Scoring,
};
pub(crate) use timeline::decode_timeline;
pub use timeline::{Appraisal, Bottom, BottomAction, Hiring, MAX_YEARS, Timeline};
