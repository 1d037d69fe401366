#!/usr/bin/env bash
# Counts the instructions of one `memberlink run` over the first PASSENGERS_SLICE passengers of the
# benchmark's CSV file (valgrind's callgrind, all threads): a figure that does not move with this
# machine's speed (repeat runs agree to 0.01%), for comparing two builds of the same work.
#
#     Benchmarks/instructions.sh                      # the release build, 100k passengers
#     Benchmarks/instructions.sh /tmp/memberlink-old  # another build
#     callgrind_annotate Benchmarks/work/instructions/callgrind.out | head -60   # where they go
#
# Needs the data and the imported directory of a `Benchmarks/run.sh` run (the same MEMBERS,
# PASSENGERS and SEED) and valgrind (apt-get install valgrind). valgrind cannot read the DWARF of
# Swift 6.3 binaries, so a copy without debug information is measured (`strip -g`: the symbols
# stay, so callgrind_annotate still names the functions).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
MEMBERS=${MEMBERS:-1000000}
PASSENGERS=${PASSENGERS:-1000000}
SEED=${SEED:-1}
SLICE=${PASSENGERS_SLICE:-100000}
binary=${1:-$root/.build/release/memberlink}
data="$root/Benchmarks/data/m$MEMBERS-p$PASSENGERS-s$SEED"
imported="$root/Benchmarks/work/m$MEMBERS-p$PASSENGERS-s$SEED/pristine.sqlite"
work="$root/Benchmarks/work/instructions"

command -v valgrind >/dev/null || { echo "instructions.sh: needs valgrind (apt-get install valgrind)" >&2; exit 1; }
[ -x "$binary" ] || { echo "instructions.sh: no executable at $binary (Scripts/build-release.sh builds one)" >&2; exit 1; }
[ -f "$data/bookings.csv" ] && [ -f "$imported" ] \
    || { echo "instructions.sh: run Benchmarks/run.sh first (it generates the data and imports the members)" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work"
head -n "$((SLICE + 1))" "$data/bookings.csv" > "$work/bookings.csv"
sed -e "s|$data/bookings.csv|$work/bookings.csv|" -e "s|^out: .*|out: $work/out|" \
    -e "s|^name: .*|name: instructions|" "$data/pipeline-csv.yaml" > "$work/pipeline.yaml"
cp "$imported" "$work/members.sqlite"
for store in "$imported".members-*; do cp "$store" "$work/members.sqlite${store#"$imported"}"; done
strip -g -o "$work/memberlink" "$binary"

valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" "$work/memberlink" run \
    --pipeline "$work/pipeline.yaml" --directory "$work/members.sqlite" --out "$work/out" \
    > "$work/run.log" 2> "$work/valgrind.log" || { rc=$?; [ $rc -eq 65 ] || { tail -20 "$work/valgrind.log"; exit $rc; }; }
total=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/valgrind.log" | tail -1)
printf 'instructions: %s for %s passengers (%s per passenger); profile in %s\n' \
    "$total" "$SLICE" "$((total / SLICE))" "${work#$root/}/callgrind.out"
