#!/usr/bin/env bash
# MemberLink load benchmark, one command (from anywhere):
#
#     Benchmarks/run.sh                               # 1M members, 1M passengers
#     MEMBERS=20000 PASSENGERS=20000 Benchmarks/run.sh   # smoke run
#
# Release-builds memberlink, generates the inputs (Benchmarks/generate.py, cached under
# Benchmarks/data/ by size and seed), then measures under /usr/bin/time -v: `members import`, `run`
# over the CSV file, `run` over the XML file (reported as skipped when memberlink refuses it), two
# peers that only read the same XML file (libxml2's `xmllint --stream --noout`, and
# Benchmarks/lxml_peer.py: lxml iterparse into records), and the same two jobs as DuckDB SQL
# (Benchmarks/duckdb_peer.py). DuckDB and lxml live in Benchmarks/.venv.
# Prints wall seconds, records per second, peak RSS, the MemberLink/DuckDB ratios, the ratios of
# MemberLink's XML reading to the XML readers (and to libxml2's bare SAX2 parse, Benchmarks/sax_floor.c),
# the CSV run's floor (Benchmarks/csv_floor.c: its member record reads, output writes and ledger
# insert alone), and each target of the performance issue with its verdict.
#
# Every step, MemberLink's and the peers', runs REPEAT times; its figure is the median wall time.
#
# Environment: MEMBERS, PASSENGERS, SEED (1), REPEAT (3), SKIP_DUCKDB=1, SKIP_XML=1, DUCKDB_THREADS
# (all cores), MEMBERLINK=PATH (measure this binary instead of release-building one), DUCKDB_VERSION
# (2.0.1) and LXML_VERSION (6.2.1): the peers' versions, installed into Benchmarks/.venv.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
source "$root/Benchmarks/dataset.sh"
REPEAT=${REPEAT:-3}
memberlink="${MEMBERLINK:-$root/.build/release/memberlink}"
venv="$root/Benchmarks/.venv"

say() { printf '\n== %s\n' "$*"; }
die() { echo "run.sh: $*" >&2; exit 1; }

# --- tools ---------------------------------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
    say "installing GNU time (apt)"
    { apt-get update -qq && apt-get install -y -qq time; } >/dev/null || die "cannot install 'time'; install it and rerun"
fi
if [ "${SKIP_XML:-0}" != 1 ] && ! command -v xmllint >/dev/null; then
    say "installing xmllint (apt: libxml2-utils)"
    { apt-get update -qq && apt-get install -y -qq libxml2-utils; } >/dev/null \
        || die "cannot install 'libxml2-utils'; install it (or set SKIP_XML=1) and rerun"
fi
# venv_module PACKAGE VERSION: makes sure Benchmarks/.venv exists and holds PACKAGE (a pip package
# whose module has the same name) at VERSION: the peers' figures in Benchmarks/README.md were
# measured with these versions, and a newer release of a peer is another peer.
venv_module() {
    local installed
    installed=$("$venv/bin/python" -c "import importlib.metadata as m; print(m.version('$1'))" 2>/dev/null)
    if [ "$installed" != "$2" ]; then
        say "installing $1 $2 into ${venv#$root/}${installed:+ (it holds $installed)}"
        { [ -x "$venv/bin/python" ] || python3 -m venv "$venv"; } && "$venv/bin/pip" install -q "$1==$2" \
            || die "cannot install $1 $2"
    fi
}
if [ -n "${MEMBERLINK:-}" ]; then
    say "memberlink: $memberlink (MEMBERLINK set, no build)"
    [ -x "$memberlink" ] || die "MEMBERLINK=$memberlink is not an executable"
else
    say "release build"
    Scripts/build-release.sh 2>&1 | tail -1
    [ -x "$memberlink" ] || die "the release build failed"
fi

# --- data, cached by parameters and by the generator's own content ----------------------------------
stamp="$data/.complete"
want=$(sha256sum Benchmarks/generate.py | cut -c1-16)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    say "data: cached in ${data#$root/}"
else
    say "generating ${data#$root/}"
    rm -rf "$data"
    python3 Benchmarks/generate.py --members "$MEMBERS" --passengers "$PASSENGERS" --seed "$SEED" --out "$data" \
        || die "generate.py failed"
    echo "$want" > "$stamp"
fi
rm -rf "$work"
mkdir -p "$work"

# --- measuring -----------------------------------------------------------------------------------
# measure NAME RECORDS PREPARE COMMAND...: runs COMMAND $REPEAT times under /usr/bin/time -v, each
# time after the shell command PREPARE (not timed: it removes what the run before wrote) and a
# `sync`; keeps the output of the last in $work/NAME.log, and records "NAME rc median_wall_seconds
# records max_rss_mb median_cpu_seconds all_walls" in $work/figures (CPU: user + system). Every
# program, MemberLink's and the peers', is measured the same way: the median of the runs cancels
# the machine's moments of slowness, and the first run alone pays for memory the virtual machine
# has never touched (see Benchmarks/README.md).
measure() {
    local name=$1 records=$2 prepare=$3
    shift 3
    local walls=() cpus=() rss_max=0 rc=0 attempt
    for ((attempt = 1; attempt <= REPEAT; attempt++)); do
        eval "$prepare"
        # Each run starts with nothing left to write back: the disk's writeback of the step before
        # (or of the deleted work folder) would otherwise slow whichever step syncs its files next.
        sync
        /usr/bin/time -v -o "$work/$name.time" "$@" > "$work/$name.log" 2>&1
        rc=$?
        local elapsed rss seconds
        elapsed=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/$name.time")
        rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/$name.time")
        seconds=$(echo "$elapsed" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
        walls+=("$seconds")
        cpus+=("$(awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ { s += $2 } END { print s + 0 }' "$work/$name.time")")
        [ "$((rss / 1024))" -gt "$rss_max" ] && rss_max=$((rss / 1024))
        # A run that failed is not repeated (exit 65 is a run with rejected records: a result).
        if [ $rc -ne 0 ] && [ $rc -ne 65 ]; then break; fi
    done
    local median cpu
    median=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
    cpu=$(printf '%s\n' "${cpus[@]}" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
    echo "$name $rc $median $records $rss_max $cpu ${walls[*]}" >> "$work/figures"
    tail -3 "$work/$name.log" | sed 's/^/   /'
    printf '   -> exit %s, median %.2f s of %s (%s), peak RSS %d MB, median CPU %.2f s\n' "$rc" "$median" \
        "${#walls[@]}" "$(printf '%s ' "${walls[@]}" | sed 's/ $//')" "$rss_max" "$cpu"
    return $rc
}

# copy_directory SOURCE TARGET: a member directory's own file (it holds the ledger, which a run
# writes) copied, and its store files (members-N and members-N.lookup) hard-linked: an import writes
# them and nothing writes them after (MemberStore.swift), so each run reads the files the import
# wrote, as a nightly run does, and as the DuckDB peer reads the database its own import wrote. A
# `cp` of the lookup file (one copy_file_range call) left it in the page cache in small pieces, as
# 64 KiB writes do: a random read of a member record cost 2.0 µs there against 1.55 µs in the file
# the import wrote (1 MiB at a time): Benchmarks/README.md, twenty-eighth session. `cp` where a
# link cannot be made.
copy_directory() {
    cp "$1" "$2" || return 1
    local store
    for store in "$1".members-*; do
        [ -e "$store" ] || continue
        ln "$store" "$2${store#"$1"}" 2>/dev/null || cp "$store" "$2${store#"$1"}" || return 1
    done
    return 0
}

fresh_run_directory() {  # NAME OUT: a copy of the imported directory as $work/NAME.sqlite, no $work/OUT
    rm -rf "$work/$1.sqlite"* "$work/$2"
    copy_directory "$work/pristine.sqlite" "$work/$1.sqlite"
}

records_in() {  # records.in of a reconciliation.json
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["records"]["in"])' "$1" 2>/dev/null || echo 0
}

check_counts() {  # compare reconciliation byCode with the generator's plan
    python3 - "$1" "$data/expected.json" <<'EOF'
import json, sys
got = json.load(open(sys.argv[1]))["byCode"]
plan = json.load(open(sys.argv[2]))["planned"]
diff = {k: (plan.get(k, 0), got.get(k, 0)) for k in set(got) | set(plan)
        if k != "RECORD_MALFORMED" and plan.get(k, 0) != got.get(k, 0)}
print("   outcomes as planned by generate.py" if not diff else f"   outcomes differ from the plan (planned, got): {diff}")
EOF
}

say "memberlink members import ($MEMBERS members)"
measure import "$MEMBERS" 'rm -rf "$work/members.sqlite"*' "$memberlink" members import "$data/members.csv" --directory "$work/members.sqlite" \
    || die "members import failed: see $work/import.log"
copy_directory "$work/members.sqlite" "$work/pristine.sqlite"

say "memberlink run, CSV ($PASSENGERS passengers)"
# Each run starts from the freshly imported directory: an empty attachment ledger (no ALREADY_ATTACHED).
measure run-csv "$PASSENGERS" 'fresh_run_directory run-csv out-csv' "$memberlink" run --pipeline "$data/pipeline-csv.yaml" \
    --directory "$work/run-csv.sqlite" --out "$work/out-csv"
rc=$?
if [ $rc -ne 0 ] && [ $rc -ne 65 ]; then die "the CSV run failed (exit $rc): see $work/run-csv.log"; fi
check_counts "$work/out-csv/reconciliation.json"

# The floor under the CSV run (Benchmarks/csv_floor.c): what the run's reads of member records,
# its outputs' writes and its ledger insert cost with nothing else done, on the run's own files.
say "the CSV run's floor: member record reads, output writes, ledger insert alone (Benchmarks/csv_floor.c)"
lookup=$(ls "$work"/run-csv.sqlite.members-*.lookup 2>/dev/null | head -1)
if [ -z "$lookup" ]; then
    echo "   SKIPPED: the run's directory has no lookup file ($work/run-csv.sqlite.members-N.lookup)"
elif cc -O2 Benchmarks/csv_floor.c $(pkg-config --cflags --libs sqlite3) -o "$work/csv_floor" 2> "$work/csv-floor.build.log"; then
    attached=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["records"]["attached"])' \
        "$work/out-csv/reconciliation.json")
    mapfile -t outputs < <(find "$work/out-csv" -type f | sort)
    floors=()
    for ((attempt = 1; attempt <= REPEAT; attempt++)); do
        "$work/csv_floor" "$data/bookings.csv" "$lookup" "$attached" "$work/run-csv.sqlite" "${outputs[@]}" \
            > "$work/csv-floor.log" 2>&1 || die "csv_floor failed: see $work/csv-floor.log"
        floors+=("$(sed -n 's/^two-core floor: \([0-9.]*\) s$/\1/p' "$work/csv-floor.log")")
    done
    sed 's/^/   /' "$work/csv-floor.log"
    floor=$(printf '%s\n' "${floors[@]}" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
    printf '   -> median two-core floor %.2f s of %s (%s)\n' "$floor" "${#floors[@]}" "${floors[*]}"
    # A figure like the steps': the floor as wall time, no RSS or CPU of its own.
    echo "csv-floor 0 $floor $PASSENGERS 0 0 ${floors[*]}" >> "$work/figures"
else
    echo "   SKIPPED: cannot compile Benchmarks/csv_floor.c (needs cc and libsqlite3-dev): see $work/csv-floor.build.log"
fi
rm -f "$work/run-csv.sqlite"*

if [ "${SKIP_XML:-0}" != 1 ]; then
    say "memberlink run, XML ($PASSENGERS passengers)"
    if measure run-xml "$PASSENGERS" 'fresh_run_directory run-xml out-xml' "$memberlink" run --pipeline "$data/pipeline-xml.yaml" \
        --directory "$work/run-xml.sqlite" --out "$work/out-xml" || [ -f "$work/out-xml/reconciliation.json" ]; then
        check_counts "$work/out-xml/reconciliation.json"
    else
        echo "   XML run SKIPPED: memberlink cannot run the XML pipeline yet: $(grep -m1 . "$work/run-xml.log")"
        sed -i '/^run-xml /d' "$work/figures"
    fi
    rm -f "$work/run-xml.sqlite"*

    # The XML readers: they read the same file and do nothing else (no rules, lookups or outputs).
    say "xmllint --stream --noout ($(xmllint --version 2>&1 | sed -n 's/.*using libxml version /libxml2 /p;q'))"
    measure xmllint-stream "$PASSENGERS" : xmllint --stream --noout "$data/bookings.xml" \
        || die "xmllint --stream failed on bookings.xml: see $work/xmllint-stream.log"
    say "libxml2's SAX2 push parser alone, callbacks that only count (Benchmarks/sax_floor.c)"
    if cc -O2 Benchmarks/sax_floor.c $(pkg-config --cflags --libs libxml-2.0) -o "$work/sax_floor" 2> "$work/sax-floor.build.log"; then
        measure sax-floor "$PASSENGERS" : "$work/sax_floor" "$data/bookings.xml" \
            || die "sax_floor failed on bookings.xml: see $work/sax-floor.log"
    else
        echo "   SKIPPED: cannot compile Benchmarks/sax_floor.c (needs cc and libxml2-dev): see $work/sax-floor.build.log"
    fi
    venv_module lxml "${LXML_VERSION:-6.2.1}"
    say "lxml iterparse into records (Benchmarks/lxml_peer.py)"
    measure lxml-iterparse "$PASSENGERS" : "$venv/bin/python" Benchmarks/lxml_peer.py "$data/bookings.xml" \
        || die "lxml_peer.py failed: see $work/lxml-iterparse.log"
    say "memberlink-read xml: MemberLink's XML reader alone, into records (Sources/memberlink-read)"
    if [ -x "$root/.build/release/memberlink-read" ]; then
        measure read-xml "$PASSENGERS" : "$root/.build/release/memberlink-read" xml "$data/bookings.xml" \
            || die "memberlink-read failed: see $work/read-xml.log"
    else
        echo "   SKIPPED: no .build/release/memberlink-read (Scripts/build-release.sh builds it)"
    fi
    read_xml=$(sed -n 's/.*iterparse: \([0-9]*\) records.*/\1/p' "$work/lxml-iterparse.log")
    if [ "$read_xml" = "$PASSENGERS" ]; then
        echo "   $read_xml records, as many as generate.py wrote"
    else
        echo "   lxml_peer.py read ${read_xml:-no} records, generate.py wrote $PASSENGERS"
    fi
fi

if [ "${SKIP_DUCKDB:-0}" != 1 ]; then
    venv_module duckdb "${DUCKDB_VERSION:-2.0.1}"
    threads=()
    [ -n "${DUCKDB_THREADS:-}" ] && threads=(--threads "$DUCKDB_THREADS")
    say "DuckDB $("$venv/bin/python" -c 'import duckdb; print(duckdb.__version__)'): import"
    measure duckdb-import "$MEMBERS" 'rm -f "$work/peer.duckdb"*' "$venv/bin/python" Benchmarks/duckdb_peer.py import \
        --members "$data/members.csv" --db "$work/peer.duckdb" "${threads[@]}" || die "DuckDB import failed"
    say "DuckDB: run, CSV"
    measure duckdb-run "$PASSENGERS" 'rm -rf "$work/out-duckdb"' "$venv/bin/python" Benchmarks/duckdb_peer.py run \
        --db "$work/peer.duckdb" --bookings "$data/bookings.csv" --out "$work/out-duckdb" "${threads[@]}" \
        || die "DuckDB run failed"
fi

# --- summary -------------------------------------------------------------------------------------
say "summary: $MEMBERS members, $PASSENGERS passengers, $(nproc) cores; wall s: the median of $REPEAT runs"
python3 - "$work/figures" <<'EOF'
import sys
rows = {}
for line in open(sys.argv[1]):
    name, rc, seconds, records, rss, cpu, *walls = line.split()
    rows[name] = (float(seconds), int(records), int(rss), walls, float(cpu))
# CPU s (user + system, the median of the runs) shows the machine's drift: the same instructions
# take more CPU seconds in a slow hour, and more cores' worth in a run that uses both.
print(f"{'step':<16}{'wall s':>9}{'records/s':>12}{'peak RSS MB':>13}{'CPU s':>8}   runs (s)")
for name, (s, n, rss, walls, cpu) in rows.items():
    if name == "csv-floor":  # no program of the job: no RSS or CPU of a run to show
        print(f"{name:<16}{s:>9.2f}{n / s if s else 0:>12,.0f}{'-':>13}{'-':>8}   {' '.join(walls)}")
        continue
    print(f"{name:<16}{s:>9.2f}{n / s if s else 0:>12,.0f}{rss:>13}{cpu:>8.2f}   {' '.join(walls)}")
for ours, peer in (("import", "duckdb-import"), ("run-csv", "duckdb-run")):
    if ours in rows and peer in rows and rows[peer][0]:
        print(f"ratio MemberLink/DuckDB, {ours}: {rows[ours][0] / rows[peer][0]:.2f}x wall time")
# MemberLink's XML run does the whole job (rules, member lookups, outputs); the peers only read the file.
# Like for like: MemberLink's XML reader alone (memberlink-read) against the two other readers.
for peer in ("xmllint-stream", "lxml-iterparse", "sax-floor"):
    if "read-xml" in rows and peer in rows and rows["read-xml"][0]:
        print(f"XML reading, {peer} / memberlink-read: {rows[peer][0] / rows['read-xml'][0]:.2f}x "
              f"(higher: MemberLink reads faster)")
for peer in ("xmllint-stream", "lxml-iterparse"):
    if "run-xml" in rows and peer in rows and rows[peer][0]:
        print(f"run-xml / {peer}: {rows['run-xml'][0] / rows[peer][0]:.2f}x wall time (lower is faster; "
              f"memberlink runs the whole job, {peer} only reads the XML)")
# The issue's targets, as speed-ups (the peer's wall time / MemberLink's), each with what it asks.
print("targets (speed-up = the peer's wall time / MemberLink's):")
for ours, peer, wanted in (("run-csv", "duckdb-run", 8), ("import", "duckdb-import", 2),
                           ("read-xml", "xmllint-stream", 1), ("read-xml", "lxml-iterparse", 10)):
    if ours in rows and peer in rows and rows[ours][0]:
        speedup = rows[peer][0] / rows[ours][0]
        met = speedup > 1 if wanted == 1 else speedup >= wanted
        wording = "more than 1x" if wanted == 1 else f"at least {wanted}x"
        print(f"  {ours} against {peer}: {speedup:.2f}x, target {wording}: {'met' if met else 'NOT met'}")
# The floor is no program that does the job: it says how far any design that reads the member
# records, writes the outputs and inserts the ledger as the contract asks could go on this machine.
if "csv-floor" in rows and "duckdb-run" in rows and rows["csv-floor"][0]:
    floor, peer = rows["csv-floor"][0], rows["duckdb-run"][0]
    print(f"  (the CSV run's floor is {floor:.2f} s: a run that reads its member records from the lookup file, "
          f"writes these outputs and inserts the ledger into SQLite reaches at most {peer / floor:.1f}x duckdb-run "
          f"here; 8x leaves {peer / 8 - floor:.2f} s of wall time for everything else)")
peaks = [rss for name, (_, _, rss, _, _) in rows.items() if name in ("import", "run-csv", "run-xml", "read-xml")]
if peaks:
    print(f"  peak RSS of MemberLink's steps: {max(peaks)} MB, target at most 256 MB: "
          f"{'met' if max(peaks) <= 256 else 'NOT met'}")
EOF
echo "logs and outputs: ${work#$root/}"
