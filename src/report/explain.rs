//! `reorg explain` output: an [`Explanation`] as tables, Markdown, JSON or
//! CSV. These only word what the value holds; `metrics::explain` computes it.
//!
//! Tables: per person, one table of what happened (before, after, the
//! verdict, the nearest miss, each round's eligibility), then one of the
//! lists they filed. JSON: the value (docs/output-format.md, "reorg
//! explain"). CSV: one row per post on a filed list.

use super::Render;
use super::document::{Document, Layout, Section};
use super::labels::Lang;
use super::plain::{csv_text, number, pretty_json};
use crate::csv_guard::neutralise;
use crate::metrics::Explanation;
use crate::metrics::explain::{
    Choice, ChoiceResult, Holder, Miss, Part, PersonExplanation, RoundExplanation, Verdict,
};

impl Render for Explanation {
    fn document(&self, _lang: Lang) -> Document {
        document(self)
    }
    fn json(&self) -> String {
        pretty_json(self)
    }
    fn csv(&self) -> String {
        csv(self)
    }
}

/// The explanation as a [`Document`]: two tables per person.
pub fn document(explanation: &Explanation) -> Document {
    let mut intro = vec![format!(
        "seed {}, run {}, reorg {}.",
        explanation.seed, explanation.run, explanation.reorg_version
    )];
    intro.push(
        "Scores are what each unit gave; a post's cut-off is the lowest score it placed in that pass."
            .to_string(),
    );
    let mut sections = Vec::new();
    for person in &explanation.people {
        sections.push(Section {
            title: Some(format!("{} {}", person.id, person.name)),
            header: vec!["".into(), "".into()],
            rows: facts(person),
            numeric_from: 2,
            layout: Layout::Boxed,
        });
        let rows = choice_rows(person);
        if !rows.is_empty() {
            sections.push(Section {
                title: Some(format!("{}: lists filed", person.id)),
                header: [
                    "round", "pass", "#", "post", "result", "taken by", "score", "cut-off", "gap",
                ]
                .map(String::from)
                .to_vec(),
                rows,
                numeric_from: 6,
                layout: Layout::Boxed,
            });
        }
    }
    Document {
        title: format!("Explanation: {}", explanation.scenario),
        intro,
        sections,
    }
}

fn post(unit: &str, level: &str) -> String {
    format!("{unit}/{level}")
}

fn holder(holder: &Option<Holder>) -> String {
    match holder {
        Some(h) if h.name.is_empty() || h.name == h.id => h.id.clone(),
        Some(h) => format!("{} {}", h.id, h.name),
        None => String::new(),
    }
}

fn pass_name(second: bool) -> &'static str {
    if second { "second" } else { "first" }
}

/// The key/value rows of one person.
fn facts(person: &PersonExplanation) -> Vec<Vec<String>> {
    let mut rows = vec![vec![
        "before".to_string(),
        post(&person.before_unit, &person.before_level),
    ]];
    let after = match (&person.after_unit, &person.after_level) {
        (Some(u), Some(l)) => format!("{}: {}", person.status.as_str(), post(u, l)),
        _ => person.status.as_str().to_string(),
    };
    rows.push(vec!["after".into(), after]);
    rows.push(vec!["why".into(), verdict(person)]);
    if let Some(miss) = &person.nearest_miss {
        rows.push(vec!["nearest miss".into(), nearest_miss(miss)]);
    }
    for round in &person.rounds {
        rows.push(vec![format!("round {}", round.round), round_line(round)]);
    }
    rows
}

fn verdict(person: &PersonExplanation) -> String {
    let reason = person.reason.clone().unwrap_or_default();
    match &person.verdict {
        Verdict::Placed {
            round,
            second_pass,
            choice_rank,
            unit,
            level,
            score,
        } => format!(
            "placed at {} in round {round}, {} pass, choice {choice_rank}, with {score:.2}",
            post(unit, level),
            pass_name(*second_pass)
        ),
        Verdict::SettledBeforeRounds => format!("settled before the rounds: {reason}"),
        Verdict::NeverEligible => {
            format!("no round let them apply for any of its levels (below); {reason}")
        }
        Verdict::NoOpenPost => format!(
            "no open post they may take (level, establishment type) when their rounds came, so no list filed; {reason}"
        ),
        Verdict::Outscored => format!("outscored at every post they listed; {reason}"),
    }
}

fn nearest_miss(miss: &Miss) -> String {
    let c = &miss.choice;
    let (Some(gap), Some(cutoff)) = (c.gap, c.cutoff) else {
        return String::new();
    };
    let at = format!(
        "the cut-off of {} ({cutoff:.2}, round {}, {} pass, choice {})",
        post(&c.unit, &c.level),
        miss.round,
        pass_name(miss.second_pass),
        c.rank
    );
    let by = match &c.taken_by {
        Some(_) => format!(", taken by {}", holder(&c.taken_by)),
        None => String::new(),
    };
    if gap < 0.00005 {
        format!("tied with {at}, lost on roster order{by}")
    } else {
        format!("{gap:.2} points below {at}{by}")
    }
}

fn round_line(round: &RoundExplanation) -> String {
    let levels: Vec<String> = round
        .levels
        .iter()
        .map(|l| match &l.excluded {
            None => format!("{}: may apply", l.level),
            Some(rule) => format!("{}: no ({})", l.level, rule.describe()),
        })
        .collect();
    let part = match round.part {
        Part::SettledBefore => "settled before the rounds",
        Part::PlacedEarlier => "already placed",
        Part::NotEligible => "could not apply",
        Part::NoOpenPost => "no open post they may take: no list",
        Part::NotPlaced => "filed, not placed",
        Part::Placed => "placed",
    };
    format!("{part}; {}", levels.join("; "))
}

fn result_word(choice: &Choice) -> &'static str {
    match choice.result {
        ChoiceResult::Won => "won",
        ChoiceResult::Lost => "lost",
        ChoiceResult::NotNeeded => "not needed",
    }
}

fn choice_rows(person: &PersonExplanation) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for round in &person.rounds {
        for list in &round.passes {
            for c in &list.choices {
                rows.push(vec![
                    round.round.clone(),
                    pass_name(list.second_pass).to_string(),
                    c.rank.to_string(),
                    post(&c.unit, &c.level),
                    result_word(c).to_string(),
                    holder(&c.taken_by),
                    format!("{:.2}", c.score),
                    c.cutoff.map(|x| format!("{x:.2}")).unwrap_or_default(),
                    c.gap.map(|x| format!("{x:.2}")).unwrap_or_default(),
                ]);
            }
        }
    }
    rows
}

/// One row per post on a filed list: `id,round,second_pass,rank,unit,level,
/// result,score,cutoff,gap,taken_by`; numbers as JSON writes them.
pub fn csv(explanation: &Explanation) -> String {
    let mut records = vec![
        [
            "id",
            "round",
            "second_pass",
            "rank",
            "unit",
            "level",
            "result",
            "score",
            "cutoff",
            "gap",
            "taken_by",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for person in &explanation.people {
        for round in &person.rounds {
            for list in &round.passes {
                for c in &list.choices {
                    let result = match c.result {
                        ChoiceResult::Won => "won",
                        ChoiceResult::Lost => "lost",
                        ChoiceResult::NotNeeded => "not_needed",
                    };
                    records.push(vec![
                        neutralise(&person.id).into_owned(),
                        neutralise(&round.round).into_owned(),
                        list.second_pass.to_string(),
                        c.rank.to_string(),
                        neutralise(&c.unit).into_owned(),
                        neutralise(&c.level).into_owned(),
                        result.to_string(),
                        number(Some(c.score)),
                        number(c.cutoff),
                        number(c.gap),
                        c.taken_by
                            .as_ref()
                            .map(|h| neutralise(&h.id).into_owned())
                            .unwrap_or_default(),
                    ]);
                }
            }
        }
    }
    csv_text(&records)
}
