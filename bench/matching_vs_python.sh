#!/usr/bin/env bash
# Compare `reorg match` with the Python package `matching` 1.4.3 (PyPI), the
# usual way to solve hospital/residents instances in Python.
#
#   bash bench/matching_vs_python.sh
#
# 1. 10,000 candidates (10 to 20 choices each, 1,000 posts): both as whole
#    processes on the same JSON file, for both optimal sides. Python runs the
#    package the way its users do (HospitalResident.create_from_dictionaries,
#    then game.solve); reorg runs the release binary. The assignments must be
#    identical.
# 2. 100,000 candidates (10,000 posts): the package's constructor is quadratic
#    in the number of residents there, so Python is timed on its algorithm
#    function alone (players built directly, not timed), against the whole
#    `reorg match` process. Again the assignments must be identical.
#
# Needs python3 (with venv) and network access to PyPI the first time.
# Uses hyperfine when installed (apt-get install -y hyperfine), plain timing
# loops otherwise (or when NO_HYPERFINE=1). Takes about four minutes on a 2-core machine, nearly all
# of it in Python. Results go to bench/out/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."

out=bench/out
venv=bench/.venv
helper=bench/matching_vs_python.py
mkdir -p "$out"

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet matching==1.4.3
py="$venv/bin/python"

# Warnings, if any, are not this script's business; errors still show.
cargo build --release --quiet --bin reorg 2>/dev/null || cargo build --release --bin reorg
reorg=target/release/reorg

# measure NAME RUNS COMMAND: prints the mean wall-clock and CPU (user +
# system) times and sets $mean and $cpu (seconds). On a busy machine the CPU
# time is the steadier figure.
measure() {
  local name=$1 runs=$2 command=$3
  if [ -z "${NO_HYPERFINE:-}" ] && command -v hyperfine >/dev/null 2>&1; then
    local warmup=0
    [ "$runs" -gt 2 ] && warmup=1
    hyperfine --style basic --warmup "$warmup" --runs "$runs" \
      --export-json "$out/hyperfine.json" --command-name "$name" "$command" >&2
    local result
    result=$("$py" -c 'import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(r["mean"], r["user"] + r["system"])' "$out/hyperfine.json")
    read -r mean cpu <<<"$result"
  else
    local result
    result=$("$py" - "$runs" "$command" <<'EOF'
import resource, subprocess, sys, time
runs, command = int(sys.argv[1]), sys.argv[2]
before = resource.getrusage(resource.RUSAGE_CHILDREN)
start = time.perf_counter()
for _ in range(runs):
    subprocess.run(["bash", "-c", command], check=True)
wall = (time.perf_counter() - start) / runs
after = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / runs
print(wall, cpu)
EOF
    )
    read -r mean cpu <<<"$result"
  fi
  printf '%-34s %10.4f s wall %10.4f s cpu\n' "$name:" "$mean" "$cpu"
}

ratio() {
  "$py" -c 'import sys; print(f"{float(sys.argv[1]) / float(sys.argv[2]):.0f}x")' "$1" "$2"
}

same() {
  if "$py" "$helper" same "$1" "$2"; then
    echo "assignments identical: $1 = $2"
  else
    echo "MISMATCH: $1 != $2" >&2
    exit 1
  fi
}

echo "== machine"
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
"$py" --version
"$py" -c 'import importlib.metadata as m; print("matching", m.version("matching"))'
"$reorg" --version

echo
echo "== 10,000 candidates, whole processes"
"$py" "$helper" gen 10000 1 "$out/hr-10k.json"
for side in candidate post; do
  measure "python matching ($side)" 2 \
    "$py $helper solve $out/hr-10k.json $side $out/py-10k-$side.json"
  python_mean=$mean python_cpu=$cpu
  measure "reorg match ($side)" 20 \
    "$reorg match --optimal $side $out/hr-10k.json > $out/rs-10k-$side.json"
  same "$out/py-10k-$side.json" "$out/rs-10k-$side.json"
  echo "ratio ($side, whole processes): $(ratio "$python_mean" "$mean") wall," \
    "$(ratio "$python_cpu" "$cpu") cpu"
done

echo
echo "== 100,000 candidates: the package's algorithm alone vs the whole reorg process"
"$py" "$helper" gen 100000 2 "$out/hr-100k.json"
for side in candidate post; do
  result=$("$py" "$helper" algo "$out/hr-100k.json" "$side" "$out/py-100k-$side.json")
  read -r algo algo_cpu <<<"$result"
  printf '%-34s %10.4f s wall %10.4f s cpu\n' "python algorithm only ($side):" "$algo" "$algo_cpu"
  measure "reorg match ($side)" 5 \
    "$reorg match --optimal $side $out/hr-100k.json > $out/rs-100k-$side.json"
  same "$out/py-100k-$side.json" "$out/rs-100k-$side.json"
  echo "ratio ($side, python algorithm vs reorg process): $(ratio "$algo" "$mean") wall," \
    "$(ratio "$algo_cpu" "$cpu") cpu"
done
