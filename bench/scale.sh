#!/usr/bin/env bash
# Measures how one run grows with the size of a reform: N Binhai-like
# districts (bench/scale.py: 1,160 people and 58 → 26 units each), once with
# every district its own market (`market` on after units) and once as one
# big market. Prints, per size, the whole process `reorg batch SCENARIO
# --runs 1 --jobs 1` (load, one run, its batch row; `reorg run`'s per-person
# report is not what this measures, and is superlinear at these sizes):
# wall and user seconds, peak memory, and the growth
# exponent against the previous size (log(t2/t1) / log(n2/n1): 1 is linear).
# Prints Markdown tables for docs/performance.md ("## Scale").
#
# Usage: bench/scale.sh [SIZES...]      default 1 10 100 300
# Environment: ONE_MARKET_MAX (default 30): the largest size run as one
# market (at 300 one market takes minutes); OUT (default: a temporary
# folder) keeps the scenarios.
#
# Needs GNU time (/usr/bin/time -v) and python3. Never run by the tests:
# timings depend on the machine and its load, printed next to the figures.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -gt 0 ]; then sizes=("$@"); else sizes=(1 10 100 300); fi
one_max=${ONE_MARKET_MAX:-30}
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

echo "reorg: $("$bin" --version); machine: $(nproc) cores"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

measure() { # MODE FLAG
  local mode=$1 flag=$2 prev_n="" prev_t=""
  echo
  echo "### $mode"
  echo
  echo "| districts | people | wall (s) | user (s) | max RSS (MiB) | exponent |"
  echo "|---:|---:|---:|---:|---:|---:|"
  for n in "${sizes[@]}"; do
    if [ "$mode" = "one market" ] && [ "$n" -gt "$one_max" ]; then continue; fi
    local scenario="$out/scale-$n${flag:+-markets}.toml"
    python3 bench/scale.py "$n" $flag > "$scenario"
    local log="$out/time-$n${flag:+-markets}.txt"
    /usr/bin/time -v "$bin" batch "$scenario" --runs 1 --jobs 1 > /dev/null 2> "$log"
    local wall user rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$log")
    user=$(awk -F': ' '/User time/ { print $2 }' "$log")
    rss=$(awk -F': ' '/Maximum resident/ { printf "%.0f", $2 / 1024 }' "$log")
    local exponent="-"
    if [ -n "$prev_n" ]; then
      exponent=$(awk -v t1="$prev_t" -v t2="$wall" -v n1="$prev_n" -v n2="$n" \
        'BEGIN { if (t1 > 0) printf "%.2f", log(t2 / t1) / log(n2 / n1); else print "-" }')
    fi
    echo "| $n | $((n * 1160)) | $wall | $user | $rss | $exponent |"
    prev_n=$n
    prev_t=$wall
  done
}

measure "one market per district" --markets
measure "one market" ""
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
