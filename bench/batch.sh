#!/usr/bin/env bash
# Measures `reorg batch`: wall time, CPU time and peak memory (maximum
# resident set size) for several numbers of runs, with the rows streamed to
# a JSON Lines file as a user would. Prints a Markdown table for
# docs/performance.md ("## Batch").
#
# Usage: bench/batch.sh [SCENARIO] [RUNS...]
#   SCENARIO  default scenarios/binhai.toml
#   RUNS      default 1000 10000 100000
# Environment: JOBS (default: all cores), OUT (default: a temporary folder;
# the rows files are deleted after each measurement, the summaries kept).
#
# Needs GNU time (/usr/bin/time -v). Never run by the tests: timings depend on
# the machine and on whatever else it is doing, so the script prints the load
# average next to the figures.
set -euo pipefail
cd "$(dirname "$0")/.."

scenario=${1:-scenarios/binhai.toml}
shift || true
if [ "$#" -gt 0 ]; then runs=("$@"); else runs=(1000 10000 100000); fi
jobs=${JOBS:-$(nproc)}
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"

if [ ! -x /usr/bin/time ]; then
  echo "error: /usr/bin/time (GNU time) is needed for the peak memory" >&2
  exit 1
fi

cargo build --release --quiet
# A private copy, so a concurrent `cargo build` cannot swap the binary mid-run.
bin="$out/reorg"
cp target/release/reorg "$bin"

echo "scenario: $scenario ($("$bin" --version)), --jobs $jobs"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| runs | wall (s) | user (s) | runs/s | max RSS (MiB) | rows file (MiB) |"
echo "|---:|---:|---:|---:|---:|---:|"
for n in "${runs[@]}"; do
  rows="$out/rows-$n.jsonl"
  /usr/bin/time -v "$bin" batch "$scenario" --runs "$n" --jobs "$jobs" --out "$rows" \
    >"$out/summary-$n.txt" 2>"$out/time-$n.txt"
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$out/time-$n.txt" |
    awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
  user=$(awk -F': ' '/User time/ {print $2}' "$out/time-$n.txt")
  rss_kib=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time-$n.txt")
  size=$(stat -c %s "$rows")
  rm -f "$rows"
  awk -v n="$n" -v w="$wall" -v u="$user" -v r="$rss_kib" -v s="$size" \
    'BEGIN { printf "| %d | %.2f | %.2f | %.0f | %.1f | %.1f |\n", n, w, u, n / w, r / 1024, s / 1048576 }'
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "summaries: $out/summary-*.txt"
