//! "Did you mean" suggestions: the known ids nearest to a mistyped one.

/// Edit distance between two strings, counted in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

/// Up to `max` candidates close enough to `wanted` to be a likely typo,
/// nearest first (ties keep the candidates' order).
pub fn nearest_n<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    max: usize,
) -> Vec<&'a str> {
    let wanted_lower = wanted.to_lowercase();
    let threshold = (wanted.chars().count() / 3).max(1);
    let mut scored: Vec<(usize, usize, &str)> = candidates
        .into_iter()
        .enumerate()
        .filter_map(|(order, candidate)| {
            let lower = candidate.to_lowercase();
            let distance = if lower == wanted_lower {
                0
            } else {
                edit_distance(&wanted_lower, &lower)
            };
            let is_prefix = lower.len() >= 3 && wanted_lower.starts_with(&lower)
                || wanted_lower.len() >= 3 && lower.starts_with(&wanted_lower);
            (distance <= threshold || is_prefix).then_some((distance, order, candidate))
        })
        .collect();
    scored.sort_unstable();
    scored.into_iter().take(max).map(|(_, _, c)| c).collect()
}

/// The one candidate nearest to `wanted`, if any is close.
pub fn nearest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    nearest_n(wanted, candidates, 1).into_iter().next()
}

/// A hint naming the nearest known ids, or listing a few known ones when
/// none is close: "did you mean `econ`?" / "known units: `a`, `b`, ...".
pub fn did_you_mean<'a>(
    wanted: &str,
    known_what: &str,
    known: impl IntoIterator<Item = &'a str> + Clone,
) -> String {
    let near = nearest_n(wanted, known.clone(), 3);
    if near.is_empty() {
        let all: Vec<&str> = known.into_iter().collect();
        if all.is_empty() {
            return format!("no {known_what} are defined yet");
        }
        let shown: Vec<String> = all.iter().take(8).map(|s| format!("`{s}`")).collect();
        let more = if all.len() > 8 {
            format!(" and {} more", all.len() - 8)
        } else {
            String::new()
        };
        format!("known {known_what}: {}{more}", shown.join(", "))
    } else {
        let names: Vec<String> = near.iter().map(|s| format!("`{s}`")).collect();
        format!("did you mean {}?", names.join(" or "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("经济局", "经济部"), 1);
    }

    #[test]
    fn suggests_close_ids_only() {
        let known = ["econ", "finance", "approval_bureau"];
        assert_eq!(nearest("ecom", known), Some("econ"));
        assert_eq!(nearest("capcity", ["capacity", "name"]), Some("capacity"));
        assert_eq!(nearest("zzz", known), None);
        assert_eq!(did_you_mean("ecom", "units", known), "did you mean `econ`?");
        assert_eq!(
            did_you_mean("zzz", "units", known),
            "known units: `econ`, `finance`, `approval_bureau`"
        );
    }
}
