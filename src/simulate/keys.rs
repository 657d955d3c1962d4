//! The keys by which a post ranks its applicants: a score and the
//! applicant's index packed into one integer, exact and strict.

/// A post's priority key for an applicant: higher score first, then roster
/// order. Scores are compared to 1/10,000 of a point so that the key is exact.
pub(super) fn priority_key(score: f64, person: usize) -> u64 {
    const MAX_POINTS: f64 = 400_000.0;
    let quantised = round_half_away(score.clamp(-MAX_POINTS, MAX_POINTS) * 10_000.0);
    // Shift into 0..2^33 and invert, so a higher score gives a smaller key.
    let shifted = (quantised + (MAX_POINTS as i64) * 10_000) as u64;
    ((1u64 << 33) - shifted) << 30 | person as u64
}

/// `x.round() as i64` (halves away from zero) for |x| < 2^52, without the
/// call to the C library's `round` that baseline x86-64 makes: one per
/// scored choice, thousands per run.
fn round_half_away(x: f64) -> i64 {
    let truncated = x as i64;
    // Exact: the difference of a float and its integer part always is.
    let fraction = x - truncated as f64;
    // Comparisons as integers rather than branches: the fraction is random.
    truncated + i64::from(fraction >= 0.5) - i64::from(fraction <= -0.5)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::SimRng;

    /// Agrees with the standard library's `round` at and around every kind
    /// of halfway point, and on a spread of ordinary values.
    #[test]
    fn round_half_away_matches_std() {
        let mut values = vec![0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 4e9, -4e9];
        for whole in [0.0f64, 1.0, 2.0, 7.0, 123_456.0, 3_999_999_999.0] {
            for sign in [1.0, -1.0] {
                let half: f64 = sign * (whole + 0.5);
                values.extend([half, half.next_up(), half.next_down()]);
                values.push(sign * whole);
            }
        }
        let mut rng = SimRng::new(7, 0);
        values.extend((0..100_000).map(|_| (rng.uniform() - 0.5) * 8e9));
        for x in values {
            assert_eq!(round_half_away(x), x.round() as i64, "{x}");
        }
    }
}
