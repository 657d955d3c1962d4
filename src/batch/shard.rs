//! `--shard K/N`: which runs of a batch one machine of a cluster does.
//!
//! The runs of a batch are numbered in output order, grid point first:
//! run `i` of point `g` is work item `j = g × runs + i`. Shard `K/N` (1-based,
//! `1 ≤ K ≤ N`) does the items with `j mod N = K − 1`: a round-robin deal, so
//! every shard gets an even share of every grid point (points can differ in
//! cost) and the shards' sizes differ by at most one run. Which runs a shard
//! does never changes a run's result: run `i` of point `g` always uses
//! generator stream `i` of the point's seed.

use std::fmt;
use std::str::FromStr;

/// One slice of a batch: shard `index` of `count`, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// K, from 1.
    pub index: u64,
    /// N, at least 1.
    pub count: u64,
}

impl Shard {
    /// Whether work item `item` (`point × runs + run`) belongs to this shard.
    pub fn contains(&self, item: u64) -> bool {
        item % self.count == self.index - 1
    }

    /// The run indices of grid point `point` this shard does, ascending.
    pub fn runs_of_point(&self, point: u64, runs: u64) -> impl Iterator<Item = u64> + use<> {
        let first_item = point * runs;
        let first = (self.index - 1 + self.count - first_item % self.count) % self.count;
        (first..runs).step_by(self.count as usize)
    }

    /// How many of `runs` runs of grid point `point` this shard does.
    pub fn count_of_point(&self, point: u64, runs: u64) -> u64 {
        let first_item = point * runs;
        let first = (self.index - 1 + self.count - first_item % self.count) % self.count;
        if first >= runs {
            0
        } else {
            (runs - first).div_ceil(self.count)
        }
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl serde::Serialize for Shard {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Shard, String> {
        let usage = || format!("`{text}` is not a shard; write K/N with 1 ≤ K ≤ N, e.g. `2/4`");
        let (k, n) = text.split_once('/').ok_or_else(usage)?;
        let index: u64 = k.trim().parse().map_err(|_| usage())?;
        let count: u64 = n.trim().parse().map_err(|_| usage())?;
        if count == 0 || index == 0 || index > count {
            return Err(format!(
                "shard `{text}` is out of range; K must be 1 to N (here 1 to {count})"
            ));
        }
        if count > u64::from(u32::MAX) {
            return Err(format!("shard `{text}`: at most {} shards", u32::MAX));
        }
        Ok(Shard { index, count })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_refuses() {
        assert_eq!(
            "2/4".parse::<Shard>().unwrap(),
            Shard { index: 2, count: 4 }
        );
        assert_eq!("1/1".parse::<Shard>().unwrap().to_string(), "1/1");
        for bad in ["5/4", "0/4", "1/0", "2", "a/b", "-1/4", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn shards_partition_the_items_round_robin() {
        // 3 points × 5 runs = items 0..15 dealt to 4 shards.
        let (points, runs) = (3u64, 5u64);
        let mut seen = vec![0; (points * runs) as usize];
        for k in 1..=4 {
            let shard = Shard { index: k, count: 4 };
            for g in 0..points {
                let mine: Vec<u64> = shard.runs_of_point(g, runs).collect();
                assert_eq!(mine.len() as u64, shard.count_of_point(g, runs));
                for i in mine {
                    let item = g * runs + i;
                    assert!(shard.contains(item));
                    assert_eq!(item % 4, k - 1);
                    seen[item as usize] += 1;
                }
            }
        }
        assert!(seen.iter().all(|&n| n == 1), "{seen:?}");
        // Shard 2/4 takes items 1, 5, 9, 13: point 0 run 1, point 1 runs 0 and 4, point 2 run 3.
        let shard = Shard { index: 2, count: 4 };
        assert_eq!(shard.runs_of_point(0, runs).collect::<Vec<_>>(), [1]);
        assert_eq!(shard.runs_of_point(1, runs).collect::<Vec<_>>(), [0, 4]);
        assert_eq!(shard.runs_of_point(2, runs).collect::<Vec<_>>(), [3]);
    }

    #[test]
    fn more_shards_than_runs_leaves_some_empty() {
        let shard = Shard { index: 5, count: 8 };
        assert_eq!(shard.count_of_point(0, 3), 0);
        assert_eq!(shard.runs_of_point(0, 3).count(), 0);
    }
}
