//! `reorg explain` output: an [`Explanation`] as tables, Markdown, JSON or
//! CSV. These only word what the value holds; `metrics::explain` computes it.
//!
//! Tables: per person, one table of what happened (before, after, the
//! verdict, the nearest miss, each round's eligibility), then one of the
//! lists they filed. JSON: the value (docs/output-format.md, "reorg
//! explain"). CSV: one row per post on a filed list.

use super::Render;
use super::document::{Document, Layout, Section};
use super::labels::{Lang, Words, fill};
use super::plain::{csv_text, number, pretty_json};
use crate::csv_guard::neutralise;
use crate::metrics::Explanation;
use crate::metrics::explain::{
    Choice, ChoiceResult, Holder, Miss, Part, PersonExplanation, RoundExplanation, Verdict,
};

impl Render for Explanation {
    fn document(&self, lang: Lang) -> Document {
        document(self, lang)
    }
    fn json(&self) -> String {
        pretty_json(self)
    }
    fn csv(&self) -> String {
        csv(self)
    }
}

/// The explanation as a [`Document`]: two tables per person.
pub fn document(explanation: &Explanation, lang: Lang) -> Document {
    let w = lang.words();
    let e = &w.explain;
    let mut intro = vec![fill(
        e.intro,
        &[
            ("seed", &explanation.seed.to_string()),
            ("run", &explanation.run.to_string()),
            ("version", &explanation.reorg_version),
        ],
    )];
    intro.push(e.scores.to_string());
    let mut sections = Vec::new();
    for person in &explanation.people {
        sections.push(Section {
            title: Some(format!("{} {}", person.id, person.name)),
            header: vec!["".into(), "".into()],
            rows: facts(person, lang),
            numeric_from: 2,
            layout: Layout::Boxed,
        });
        let rows = choice_rows(person, w);
        if !rows.is_empty() {
            sections.push(Section {
                title: Some(format!("{}: {}", person.id, e.lists_filed)),
                header: [
                    w.round, e.pass, "#", e.post, e.result, e.taken_by, w.score, w.cutoff, e.gap,
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
        title: format!("{}: {}", e.title, explanation.scenario),
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

fn pass_name(second: bool, w: &Words) -> &'static str {
    if second {
        w.explain.second
    } else {
        w.explain.first
    }
}

/// The key/value rows of one person.
fn facts(person: &PersonExplanation, lang: Lang) -> Vec<Vec<String>> {
    let w = lang.words();
    let mut rows = vec![vec![
        w.before.to_string(),
        post(&person.before_unit, &person.before_level),
    ]];
    let status = lang.status(person.status);
    let after = match (&person.after_unit, &person.after_level) {
        (Some(u), Some(l)) => format!("{status}: {}", post(u, l)),
        _ => status.to_string(),
    };
    rows.push(vec![w.after.into(), after]);
    rows.push(vec![w.explain.why.into(), verdict(person, w)]);
    if let Some(miss) = &person.nearest_miss {
        rows.push(vec![w.explain.nearest_miss.into(), nearest_miss(miss, w)]);
    }
    for round in &person.rounds {
        rows.push(vec![
            format!("{} {}", w.round, round.round),
            round_line(round, w),
        ]);
    }
    rows
}

fn verdict(person: &PersonExplanation, w: &Words) -> String {
    let e = &w.explain;
    let reason = person.reason.clone().unwrap_or_default();
    let because = |template: &str| fill(template, &[("reason", &reason)]);
    match &person.verdict {
        Verdict::Placed {
            round,
            second_pass,
            choice_rank,
            unit,
            level,
            score,
        } => fill(
            e.placed,
            &[
                ("post", &post(unit, level)),
                ("round", round),
                ("pass", pass_name(*second_pass, w)),
                ("rank", &choice_rank.to_string()),
                ("score", &format!("{score:.2}")),
            ],
        ),
        Verdict::SettledBeforeRounds => because(e.settled),
        Verdict::NeverEligible => because(e.never_eligible),
        Verdict::NoOpenPost => because(e.no_open_post),
        Verdict::Outscored => because(e.outscored),
    }
}

fn nearest_miss(miss: &Miss, w: &Words) -> String {
    let e = &w.explain;
    let c = &miss.choice;
    let (Some(gap), Some(cutoff)) = (c.gap, c.cutoff) else {
        return String::new();
    };
    let at = fill(
        e.miss_at,
        &[
            ("post", &post(&c.unit, &c.level)),
            ("cutoff", &format!("{cutoff:.2}")),
            ("round", &miss.round),
            ("pass", pass_name(miss.second_pass, w)),
            ("rank", &c.rank.to_string()),
        ],
    );
    let by = match &c.taken_by {
        Some(_) => fill(e.miss_by, &[("who", &holder(&c.taken_by))]),
        None => String::new(),
    };
    if gap < 0.00005 {
        fill(e.miss_tied, &[("at", &at), ("by", &by)])
    } else {
        fill(
            e.miss_below,
            &[("gap", &format!("{gap:.2}")), ("at", &at), ("by", &by)],
        )
    }
}

fn round_line(round: &RoundExplanation, w: &Words) -> String {
    let e = &w.explain;
    let levels: Vec<String> = round
        .levels
        .iter()
        .map(|l| match &l.excluded {
            None => format!("{}: {}", l.level, e.may_apply),
            Some(rule) => format!(
                "{}: {}",
                l.level,
                fill(e.excluded, &[("rule", &rule.describe())])
            ),
        })
        .collect();
    let part = match round.part {
        Part::SettledBefore => e.part_settled,
        Part::PlacedEarlier => e.part_placed_earlier,
        Part::NotEligible => e.part_not_eligible,
        Part::NoOpenPost => e.part_no_open_post,
        Part::NotPlaced => e.part_not_placed,
        Part::Placed => e.part_placed,
    };
    format!("{part}; {}", levels.join("; "))
}

fn result_word(choice: &Choice, w: &Words) -> &'static str {
    match choice.result {
        ChoiceResult::Won => w.explain.won,
        ChoiceResult::Lost => w.explain.lost,
        ChoiceResult::NotNeeded => w.explain.not_needed,
    }
}

fn choice_rows(person: &PersonExplanation, w: &Words) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for round in &person.rounds {
        for list in &round.passes {
            for c in &list.choices {
                rows.push(vec![
                    round.round.clone(),
                    pass_name(list.second_pass, w).to_string(),
                    c.rank.to_string(),
                    post(&c.unit, &c.level),
                    result_word(c, w).to_string(),
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
