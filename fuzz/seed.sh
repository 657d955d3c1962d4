#!/bin/sh
# Copies the seed corpus of each fuzz target into fuzz/corpus/TARGET
# (ignored by git; libFuzzer adds what it finds there).
set -eu
cd "$(dirname "$0")/.."
mkdir -p fuzz/corpus/load_str fuzz/corpus/roster_csv fuzz/corpus/roster_xlsx
cp scenarios/*.toml examples/*.toml tests/fixtures/invalid/*.toml fuzz/corpus/load_str/
# A roster seed is one byte choosing how it is read, then the file.
for f in tests/fixtures/invalid/*.csv tests/fixtures/rosters/*.csv examples/*.csv; do
    name=$(basename "$f")
    for pick in 0 1 2 3; do
        { printf "\\$(printf %o "$pick")"; cat "$f"; } > "fuzz/corpus/roster_csv/$pick-$name"
    done
done
for f in tests/fixtures/invalid/*.xlsx tests/fixtures/rosters/*.xlsx fuzz/seeds/xlsx/*.xlsx; do
    name=$(basename "$f")
    { printf '\001'; cat "$f"; } > "fuzz/corpus/roster_xlsx/1-$name"
    { printf '\000'; cat "$f"; } > "fuzz/corpus/roster_xlsx/0-$name"
done
ls fuzz/corpus/* | head -0
echo "seeded: $(ls fuzz/corpus/load_str | wc -l) scenarios, $(ls fuzz/corpus/roster_csv | wc -l) rosters, $(ls fuzz/corpus/roster_xlsx | wc -l) workbooks"
