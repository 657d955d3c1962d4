//! Appraisal grades read as scores. Annual appraisals of civil servants and
//! staff give a grade (优秀, 称职, ...) rather than a number; a `score` cell
//! that holds a known grade is read as the grade's default score, unless
//! `[roster] values.score` says otherwise (it replaces this table).
//!
//! The defaults keep the grades' order and spacing on the 0–100 scale
//! (docs/import.md explains them); every use is reported with its counts.

/// Each grade as exports write it, and its default score.
pub const DEFAULT_GRADES: &[(&str, f64)] = &[
    ("优秀", 95.0),
    ("良好", 85.0),
    ("称职", 75.0),
    ("合格", 75.0),
    ("基本称职", 60.0),
    ("基本合格", 60.0),
    ("不称职", 40.0),
    ("不合格", 40.0),
    ("outstanding", 95.0),
    ("excellent", 95.0),
    ("good", 85.0),
    ("competent", 75.0),
    ("satisfactory", 75.0),
    ("basically competent", 60.0),
    ("needs improvement", 60.0),
    ("incompetent", 40.0),
    ("unsatisfactory", 40.0),
];

/// The default score of a grade (English in any case), if it is one.
pub fn default_score(text: &str) -> Option<f64> {
    let text = text.trim().to_lowercase();
    DEFAULT_GRADES
        .iter()
        .find(|(grade, _)| *grade == text)
        .map(|&(_, score)| score)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_keep_their_order() {
        assert_eq!(default_score("优秀"), Some(95.0));
        assert_eq!(default_score(" 基本称职 "), Some(60.0));
        assert_eq!(default_score("Excellent"), Some(95.0));
        assert_eq!(default_score("甲等"), None);
        let order = ["优秀", "良好", "称职", "基本称职", "不称职"];
        let scores: Vec<f64> = order.iter().map(|g| default_score(g).unwrap()).collect();
        assert!(scores.windows(2).all(|w| w[0] > w[1]), "{scores:?}");
    }
}
