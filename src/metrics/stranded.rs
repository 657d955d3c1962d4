//! The warning on people left without a post beside an empty seat they
//! could take (`stranded`, counted by the simulation), with the settings a
//! reform office would change: `run` and `batch` print it, through the CLI's
//! warnings, so that `--quiet` and `--deny-warnings` apply.

use crate::scenario::Scenario;
use crate::scenario::policy::ChoiceLists;

/// The warning for `who` ("3 people", or a mean over runs), naming the
/// settings that would give those people a chance at the empty seats. With
/// the scenario, settings it already uses are left out; without it (a
/// batch, whose grid points may differ), every one is named.
pub fn stranded_warning(who: &str, scenario: Option<&Scenario>) -> String {
    let mut settings = vec!["let people file more choices (`policy.choices`)".to_string()];
    if scenario.is_none_or(|s| s.policy.lists == ChoiceLists::Top) {
        settings.push(
            "keep a safe option on every list (`policy.lists = \"top_plus_safe\"`)".to_string(),
        );
    }
    if scenario.is_none_or(|s| s.rounds.iter().any(|r| !r.second_pass)) {
        settings.push("re-offer empty seats (`second_pass = true` in the round)".to_string());
    }
    let last = settings.pop().expect("one setting at least");
    let list = if settings.is_empty() {
        last
    } else {
        format!("{} or {last}", settings.join(", "))
    };
    format!(
        "{who} competed and ended without a post while a seat they could take stayed empty; {list}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_scenario_every_setting_is_named() {
        let text = stranded_warning("2 people", None);
        assert!(text.starts_with("2 people competed"), "{text}");
        for setting in ["`policy.choices`", "top_plus_safe", "`second_pass = true`"] {
            assert!(text.contains(setting), "{setting}: {text}");
        }
    }
}
