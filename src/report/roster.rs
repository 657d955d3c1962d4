//! A scenario's people as a roster CSV, in the column order `[roster] file` reads.

use crate::csv_guard::neutralise;
use crate::scenario::{Gender, Scenario};

/// The roster columns, as documented in docs/scenario-format.md.
pub use crate::scenario::ROSTER_COLUMNS as COLUMNS;

/// The people of a scenario as roster CSV (reading it back gives the same people).
pub fn csv(scenario: &Scenario) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut write = || -> csv::Result<()> {
        writer.write_record(COLUMNS)?;
        for p in &scenario.people {
            // Text cells are made safe for spreadsheets; reading the roster
            // back drops the quote again (docs/output-format.md, "Safe CSV").
            writer.write_record([
                neutralise(&p.id).as_ref(),
                neutralise(&p.name).as_ref(),
                neutralise(&scenario.before[p.unit].id).as_ref(),
                neutralise(&scenario.levels[p.level].id).as_ref(),
                p.born.to_string().as_str(),
                p.score.to_string().as_str(),
                match p.gender {
                    Some(Gender::F) => "f",
                    Some(Gender::M) => "m",
                    None => "",
                },
                neutralise(p.function.map_or("", |f| scenario.functions[f].id.as_str())).as_ref(),
                neutralise(&p.establishment).as_ref(),
                neutralise(&p.tags.join(";")).as_ref(),
                if p.opt_out { "true" } else { "false" },
                p.level_since
                    .map(|y| y.to_string())
                    .unwrap_or_default()
                    .as_str(),
            ])?;
        }
        Ok(())
    };
    write().expect("writing CSV to memory cannot fail");
    String::from_utf8(writer.into_inner().expect("in-memory writer"))
        .expect("CSV of UTF-8 strings is UTF-8")
}
