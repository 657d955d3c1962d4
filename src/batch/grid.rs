//! Parameter grids: each `--set PATH=V1,V2,...` is an axis, several axes make
//! a grid, and every point of the grid is one set of overrides.
//!
//! Values are split on **top-level** commas only: a comma inside `[...]`,
//! `{...}`, `"..."` or `'...'` belongs to the value, so
//! `--set round.0.levels=["head"],["head","deputy"]` has two values. Blanks
//! around each value are dropped.
//!
//! Points are numbered from 0 in the order the axes were given, the first
//! axis varying slowest (like nested loops, the first `--set` outermost):
//! with `--set a=1,2 --set b=x,y,z` the points are
//! `0: a=1 b=x`, `1: a=1 b=y`, `2: a=1 b=z`, `3: a=2 b=x`, and so on.

use crate::batch::BatchError;

/// The most points a grid may have.
pub const MAX_POINTS: u64 = 1_000_000;

/// One axis of a grid: a scenario path and the values it takes, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Axis {
    /// The TOML path, as given before the `=`.
    pub path: String,
    /// The values, as TOML text, in the order given.
    pub values: Vec<String>,
}

/// A grid of settings: the product of its axes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Grid {
    axes: Vec<Axis>,
}

/// One `PATH=VALUE` of a grid point.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Setting {
    /// The TOML path.
    pub path: String,
    /// The value, as TOML text.
    pub value: String,
}

impl Setting {
    /// The override as `reorg run --set` takes it: `PATH=VALUE`.
    pub fn to_override(&self) -> String {
        format!("{}={}", self.path, self.value)
    }
}

impl Grid {
    /// A grid from `--set` arguments; `reserved` are names a path may not
    /// take (the fixed columns of a row, so the CSV header stays unambiguous).
    pub fn parse(sets: &[String], reserved: &[&str]) -> Result<Grid, BatchError> {
        let mut axes: Vec<Axis> = Vec::with_capacity(sets.len());
        for arg in sets {
            let Some((path, values)) = arg.split_once('=') else {
                return Err(BatchError::Set {
                    arg: arg.clone(),
                    why: "no `=`; write e.g. `--set policy.choices=2,3,5`".into(),
                });
            };
            let path = path.trim();
            if path.is_empty() {
                return Err(BatchError::Set {
                    arg: arg.clone(),
                    why: "no path before `=`".into(),
                });
            }
            if reserved.contains(&path) {
                return Err(BatchError::Set {
                    arg: arg.clone(),
                    why: format!("`{path}` is a column of the rows, not a scenario path"),
                });
            }
            if axes.iter().any(|a| a.path == path) {
                return Err(BatchError::Set {
                    arg: arg.clone(),
                    why: format!(
                        "`{path}` is set twice; give all its values in one `--set`, e.g. `{path}=1,2`"
                    ),
                });
            }
            let values = split_values(values).map_err(|why| BatchError::Set {
                arg: arg.clone(),
                why,
            })?;
            axes.push(Axis {
                path: path.to_string(),
                values,
            });
        }
        let grid = Grid { axes };
        let mut points: u64 = 1;
        for axis in &grid.axes {
            points = points.saturating_mul(axis.values.len() as u64);
        }
        if points > MAX_POINTS {
            return Err(BatchError::Set {
                arg: sets.join(" "),
                why: format!("the grid has {points} points, more than {MAX_POINTS}"),
            });
        }
        Ok(grid)
    }

    /// The axes, in the order given.
    pub fn axes(&self) -> &[Axis] {
        &self.axes
    }

    /// The axes' paths, in order (the settings columns of a row).
    pub fn paths(&self) -> Vec<String> {
        self.axes.iter().map(|a| a.path.clone()).collect()
    }

    /// Number of points: the product of the axes' lengths (1 without axes).
    pub fn len(&self) -> u64 {
        self.axes.iter().map(|a| a.values.len() as u64).product()
    }

    /// Always false: a grid has at least one point.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The settings of point `index` (0-based), one per axis in axis order.
    ///
    /// # Panics
    /// When `index >= self.len()`.
    pub fn point(&self, index: u64) -> Vec<Setting> {
        assert!(index < self.len(), "grid point {index} out of range");
        let mut rest = index;
        let mut settings: Vec<Setting> = self
            .axes
            .iter()
            .rev()
            .map(|axis| {
                let len = axis.values.len() as u64;
                let digit = (rest % len) as usize;
                rest /= len;
                Setting {
                    path: axis.path.clone(),
                    value: axis.values[digit].clone(),
                }
            })
            .collect();
        settings.reverse();
        settings
    }
}

/// Splits the values of one `--set` on top-level commas: not inside
/// brackets, braces or quotes. Blanks around each value are dropped; a value
/// list with an empty item (`1,,2`, `1,2,`) is refused.
pub fn split_values(text: &str) -> Result<Vec<String>, String> {
    let mut values = Vec::new();
    let mut depth: usize = 0;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut start = 0;
    for (at, c) in text.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' && q == '"' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '[' | '{' => depth += 1,
            ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                values.push(text[start..at].trim().to_string());
                start = at + 1;
            }
            _ => {}
        }
    }
    values.push(text[start..].trim().to_string());
    if values.len() > 1 && values.iter().any(String::is_empty) {
        return Err("has an empty value between commas".into());
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<String> {
        split_values(text).unwrap()
    }

    #[test]
    fn splits_on_top_level_commas_only() {
        assert_eq!(split("2,3,5"), ["2", "3", "5"]);
        assert_eq!(split("5"), ["5"]);
        assert_eq!(
            split(r#"["head"],["head","deputy"]"#),
            [r#"["head"]"#, r#"["head","deputy"]"#]
        );
        assert_eq!(
            split("{ a = 1, b = 2 }, {a=3}"),
            ["{ a = 1, b = 2 }", "{a=3}"]
        );
        assert_eq!(split(r#""a, b","c""#), [r#""a, b""#, r#""c""#]);
        assert_eq!(split(r#""a \", b",x"#), [r#""a \", b""#, "x"]);
        assert_eq!(split("'a, b',x"), ["'a, b'", "x"]);
        assert_eq!(split(" 1 , 2 "), ["1", "2"]);
        assert_eq!(split(""), [""]);
        assert!(split_values("1,,2").is_err());
        assert!(split_values("1,2,").is_err());
    }

    #[test]
    fn first_axis_varies_slowest() {
        let grid = Grid::parse(&["a=1,2".into(), "b=x,y,z".into()], &[]).unwrap();
        assert_eq!(grid.len(), 6);
        let points: Vec<String> = (0..6)
            .map(|i| {
                grid.point(i)
                    .iter()
                    .map(Setting::to_override)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        assert_eq!(
            points,
            [
                "a=1 b=x", "a=1 b=y", "a=1 b=z", "a=2 b=x", "a=2 b=y", "a=2 b=z"
            ]
        );
    }

    #[test]
    fn no_axes_is_one_point() {
        let grid = Grid::parse(&[], &[]).unwrap();
        assert_eq!(grid.len(), 1);
        assert!(grid.point(0).is_empty());
    }

    #[test]
    fn refuses_bad_sets() {
        assert!(Grid::parse(&["policy.choices".into()], &[]).is_err());
        assert!(Grid::parse(&["=3".into()], &[]).is_err());
        assert!(Grid::parse(&["a=1".into(), "a=2".into()], &[]).is_err());
        assert!(Grid::parse(&["run=1".into()], &["run"]).is_err());
    }
}
