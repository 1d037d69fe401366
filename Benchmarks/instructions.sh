#!/usr/bin/env bash
# Counts the instructions of one `memberlink run` over the first PASSENGERS_SLICE passengers of the
# benchmark's CSV file (valgrind's callgrind, all threads): a figure that does not move with this
# machine's speed (repeat runs agree to about 0.1%), for comparing two builds of the same work.
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
source "$root/Benchmarks/dataset.sh"
SLICE=${PASSENGERS_SLICE:-100000}
binary=${1:-$root/.build/release/memberlink}
imported="$work/pristine.sqlite"
counting="$root/Benchmarks/work/instructions"

command -v valgrind >/dev/null || { echo "instructions.sh: needs valgrind (apt-get install valgrind)" >&2; exit 1; }
[ -x "$binary" ] || { echo "instructions.sh: no executable at $binary (Scripts/build-release.sh builds one)" >&2; exit 1; }
[ -f "$data/bookings.csv" ] && [ -f "$imported" ] \
    || { echo "instructions.sh: run Benchmarks/run.sh first (it generates the data and imports the members)" >&2; exit 1; }

rm -rf "$counting"
mkdir -p "$counting"
head -n "$((SLICE + 1))" "$data/bookings.csv" > "$counting/bookings.csv"
sed -e "s|$data/bookings.csv|$counting/bookings.csv|" -e "s|^out: .*|out: $counting/out|" \
    -e "s|^name: .*|name: instructions|" "$data/pipeline-csv.yaml" > "$counting/pipeline.yaml"
cp "$imported" "$counting/members.sqlite"
for store in "$imported".members-*; do cp "$store" "$counting/members.sqlite${store#"$imported"}"; done
strip -g -o "$counting/memberlink" "$binary"

valgrind --tool=callgrind --callgrind-out-file="$counting/callgrind.out" "$counting/memberlink" run \
    --pipeline "$counting/pipeline.yaml" --directory "$counting/members.sqlite" --out "$counting/out" \
    > "$counting/run.log" 2> "$counting/valgrind.log" || { rc=$?; [ $rc -eq 65 ] || { tail -20 "$counting/valgrind.log"; exit $rc; }; }
total=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$counting/valgrind.log" | tail -1)
printf 'instructions: %s for %s passengers (%s per passenger); profile in %s\n' \
    "$total" "$SLICE" "$((total / SLICE))" "${counting#$root/}/callgrind.out"
