#!/usr/bin/env bash
# `reorg match` at a million: generates the large instances of issue #19 and
# times the whole `reorg match` process on each, with peak memory.
#
#   bash bench/match_scale.sh [REORG_BINARY]
#
# Instances (bench/out/, ignored by git; generated once, then reused):
#   scale-100k-x10.json   100,000 candidates x 10 choices over 10,000 posts
#   scale-1m-x10.json     1,000,000 candidates x 10 choices over 100,000 posts (~200 MB)
#   scale-1m.json         1,000,000 candidates x 10-20 choices (~300 MB, 31 million entries)
# Posts rank everyone who lists them. Generating the two large ones takes
# about a minute of Python each.
#
# For each instance: RUNS (default 5) runs of `reorg match FILE > /dev/null`
# after one warm-up, with /usr/bin/time; prints the median wall and CPU
# seconds and the median peak resident set. For scale it also times
# `jq empty` (read and parse the JSON, nothing else) on the 100k instance
# when jq is installed; jq builds a tree, so this is a reference point, not
# a lower bound for `reorg match`.
#
# The machine's load average is printed first: on a shared machine quote
# medians, and compare binaries in turn rather than across days.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-5}
out=bench/out
mkdir -p "$out"

if [ $# -ge 1 ]; then
  reorg=$1
else
  cargo build --release --quiet --bin reorg 2>/dev/null || cargo build --release --bin reorg
  reorg=target/release/reorg
fi

gen() { # NAME N K
  local file=$out/$1.json
  if [ ! -s "$file" ]; then
    echo "generating $file"
    python3 bench/match_scale.py "$2" "$3" 1 "$file.tmp" && mv "$file.tmp" "$file"
  fi
}
gen scale-100k-x10 100000 10
gen scale-1m-x10 1000000 10
gen scale-1m 1000000 0

echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# measure LABEL COMMAND...: median wall s, CPU s and peak RSS over $runs runs.
measure() {
  local label=$1; shift
  local log
  log=$(mktemp)
  "$@" > /dev/null 2>&1 || true # warm-up (and the page cache)
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %U %S %M" -a -o "$log" "$@" > /dev/null
  done
  local wall cpu rss
  wall=$(awk '{print $1}' "$log" | median)
  cpu=$(awk '{print $2 + $3}' "$log" | median)
  rss=$(awk '{print $4}' "$log" | median)
  printf '%-34s wall %6.2f s  cpu %6.2f s  peak %7.1f MiB\n' "$label" "$wall" "$cpu" "$(echo "$rss / 1024" | bc -l)"
  rm -f "$log"
}

for name in scale-100k-x10 scale-1m-x10 scale-1m; do
  measure "reorg match $name" "$reorg" match "$out/$name.json"
done
if command -v jq > /dev/null; then
  measure "jq empty scale-100k-x10" jq empty "$out/scale-100k-x10.json"
fi
