#!/usr/bin/env bash
# Crash-safety sweep (README "Crash and rerun safety", RELIABILITY.md "Fault injection that works here").
#
#   Scripts/crash-test.sh [N]
#
# Builds the debug binary, prepares a member directory (SampleData/members.csv) and an inbox (the
# vn-agency sample plus generated copies of it, one of them gzipped: about a thousand records, many
# writes), and runs the pipeline once uninterrupted: the reference. Then, from the same starting
# state each time, it stops a run
#   (a) with SIGKILL at the K-th call of a syscall (strace -e inject=SYSCALL:signal=SIGKILL:when=K),
#       for K = 1, 1+N, 1+2N, ... up to the reference run's number of calls, or every K for a
#       syscall called 20 times or fewer (write, fsync, fdatasync, rename, unlink here: they bound
#       the publish, the ledger commit and the archive moves); pwrite64 and fdatasync are SQLite's
#       (the staging file and the ledger's WAL), unlink deletes the stage after the ledger commit;
#   (b) with kill -9 after a random delay;
# reruns it normally and asserts the final state equals the reference: exit 0 (or the reference's
# code), every output byte-identical (run id and timings normalised as regenerate-goldens.sh does),
# the ledger and processed_files rows identical (processedAt normalised), the same files in inbox,
# archive and quarantine, no temporary file left in the out folder, no stage left, the lock free.
# So no attachment is lost or doubled: attachments.jsonl and the ledger equal the reference's.
#
# Injected I/O errors (fsync EIO, write ENOSPC), on a fresh state and on one where a previous run's
# outputs exist: the run must exit 74 with one stderr line, leave every output absent or identical
# to a complete version (the previous one, or the new one for a file already renamed), leave the
# input in the inbox and the ledger unchanged; a rerun then gives the reference.
# A case where strace injected nothing (it counts a syscall's calls per thread) must give the
# reference as an uninterrupted run does.
#
# A kill between the ledger commit and the archive move leaves the inputs in the inbox: the rerun
# skips them (processed-file ledger), archives them and leaves the completed run's outputs as they
# were, which is the reference. A second inbox adds a file rejected whole (truncated gzip) and
# sweeps the end of the run (rename, unlink, openat) where the quarantine move happens.
#
# Environment: CRASH_COPIES (generated copies of the 35-record sample, default 10; the gzipped file
# gets half as many), CRASH_RANDOM_KILLS (default 30), CRASH_SEED (default 1), CRASH_SYSCALLS
# (default "openat write pwrite64 fsync fdatasync rename unlink"), CRASH_QUARANTINE=0 skips the
# second inbox, CRASH_KEEP=1 keeps the work folder (failed states are copied to WORK/failed/).
#
# Needs strace (apt-get install -y strace), python3 and flock. Exit: 0 all passed, 1 a failure,
# 2 a missing tool or a broken reference run.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD

step=${1:-3}
if ! [[ $step =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: Scripts/crash-test.sh [N]   (kill at every N-th call of each syscall; default 3)" >&2
    exit 64
fi
copies=${CRASH_COPIES:-10}
random_kills=${CRASH_RANDOM_KILLS:-30}
seed=${CRASH_SEED:-1}
syscalls=${CRASH_SYSCALLS:-"openat write pwrite64 fsync fdatasync rename unlink"}
with_quarantine=${CRASH_QUARANTINE:-1}
RANDOM=$seed

for tool in strace python3 flock timeout; do
    if ! command -v "$tool" >/dev/null; then
        echo "crash-test: $tool is needed (Debian: apt-get install -y ${tool/timeout/coreutils})" >&2
        exit 2
    fi
done

started=$SECONDS
echo "crash-test: building the debug binary"
swift build --product memberlink >/dev/null || exit 2
ml=$root/.build/debug/memberlink
work=$(mktemp -d "${TMPDIR:-/tmp}/memberlink-crash.XXXXXX")
cleanup() { if [ "${CRASH_KEEP:-0}" = 1 ]; then echo "crash-test: work folder kept: $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT
# A crashing run must not wait for the backtracer (it hangs when writes fail).
export SWIFT_BACKTRACE=enable=no

# ---------------------------------------------------------------------------------------------------
# State helper: fixtures, and a manifest of a workspace's whole state for comparison.
state=$work/state.py
cat >"$state" <<'PYTHON'
import gzip, hashlib, os, re, sqlite3, sys

TEMP = ".memberlink-tmp-"

def normalise(rel, data):
    # As Scripts/regenerate-goldens.sh: the run id and timings are the only parts that differ.
    if rel.endswith("out/reconciliation.json"):
        data = re.sub(rb'"runId":"[^"]*"', b'"runId":"RUN-ID"', data)
        data = re.sub(rb'"timings":\{[^}]*\}', b'"timings":{}', data)
    elif rel.endswith("out/reconciliation.html"):
        # Only its presence: the page compares with the previous report in the folder, which after a
        # kill between publishing and the ledger commit is the killed run's (same figures).
        data = b"present"
    return data

def files(ws, under=""):
    out = []
    for folder, dirs, names in os.walk(os.path.join(ws, under) if under else ws):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, ws)
            if rel == "pipeline.yaml" or rel.startswith("db/members.sqlite") or rel.startswith("db/locks/"):
                continue
            if rel.startswith("db/staging/"):
                out.append(f"stage-left {rel}")
                continue
            with open(path, "rb") as f:
                digest = hashlib.sha256(normalise(rel, f.read())).hexdigest()
            mode = os.stat(path).st_mode & 0o777
            out.append(f"file {rel} {digest}" + (f" mode={mode:o}" if rel.startswith("out/") else ""))
    return out

def ledger(ws):
    db = sqlite3.connect(os.path.join(ws, "db/members.sqlite"))
    out = ["ledger " + "|".join(r) for r in db.execute(
        "SELECT system, bookingCode, passengerId, airline, membershipId FROM ledger ORDER BY 1, 2, 3")]
    out += [f"processed {p}|{s}|{path}|{n}|AT" for p, s, path, n, _ in db.execute(
        "SELECT pipeline, sha256, path, records, processedAt FROM processed_files ORDER BY 1, 2")]
    db.close()
    return out

def generate(source, target, first, copies):
    """`copies` copies of a sample's records, each with its own booking codes (the first four
    characters of the sample's code, then two of the copy's number: bookings stay distinct)."""
    lines = open(source, "rb").read().split(b"\r\n")
    header, body = lines[0], [line for line in lines[1:] if line]
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    rows = [header]
    for copy in range(first, first + copies):
        tag = (digits[copy // 36 % 36] + digits[copy % 36]).encode()
        for line in body:
            system, code, rest = line.split(b",", 2)
            rows.append(b",".join([system, code[:4] + (tag.lower() if code.islower() else tag), rest]))
    blob = b"\r\n".join(rows) + b"\r\n"
    if target.endswith(".gz"):
        blob = gzip.compress(blob, mtime=0)
    open(target, "wb").write(blob)

command, args = sys.argv[1], sys.argv[2:]
if command == "manifest":            # WS: every file (normalised), ledger, processed files
    print("\n".join(files(args[0]) + ledger(args[0])))
elif command == "ledger":            # WS: ledger and processed files only
    print("\n".join(ledger(args[0])))
elif command == "inbox":             # WS: the inbox's files
    print("\n".join(files(args[0], "inbox")))
elif command == "outputs-complete":  # WS CANDIDATE...: each output absent or equal to a candidate's
    allowed = set()
    for candidate in args[1:]:
        allowed.update(l for l in files(candidate, "out") if TEMP not in l)
    bad = [l for l in files(args[0], "out") if TEMP not in l and l not in allowed]
    print("\n".join(bad))
    sys.exit(1 if bad else 0)
elif command == "generate":
    generate(args[0], args[1], int(args[2]), int(args[3]))
elif command == "truncated-gzip":    # SOURCE TARGET: a gzip file cut short (its trailer and more)
    blob = gzip.compress(open(args[0], "rb").read()[:60000], mtime=0)
    open(args[1], "wb").write(blob[:-12])
PYTHON

# ---------------------------------------------------------------------------------------------------
# Starting states. Paths are relative and every run starts in its workspace, so outputs, ledger
# rows and reasons are the same whichever folder a workspace is in.
sample=$root/SampleData/inbox/vn-agency/bookings-2026-11-23.csv
make_template() {  # FOLDER
    local t=$1
    mkdir -p "$t/db" "$t/inbox"
    "$ml" members import "$root/SampleData/members.csv" --directory "$t/db/members.sqlite" >/dev/null 2>&1 || return 1
    cp "$sample" "$t/inbox/a-bookings.csv"
    python3 "$state" generate "$sample" "$t/inbox/b-generated.csv" 100 "$copies"
    python3 "$state" generate "$sample" "$t/inbox/c-generated.csv.gz" 400 $(((copies + 1) / 2))
    cat >"$t/pipeline.yaml" <<'YAML'
name: crash-test
input: { format: csv, delimiter: ",", encoding: utf-8 }
directory: { sqlite: db/members.sqlite }
resolve: { strategy: ffn-then-document, programme: VN, matchName: true }
programmes:
  VN: { pattern: "^[0-9]{10}$", checkDigit: luhn }
  AF: { pattern: "^[0-9]{9}$", checkDigit: mod7 }
scopes: [member-tier, member-status, member-name, member-email, member-phone]
consent: DPA-2026-014
out: out
inputs: [inbox]
archive: archive
quarantine: quarantine
YAML
}

run_in() {  # WS [PREFIX...]: runs the pipeline in WS, stderr to $work/stderr; returns its exit code
    local ws=$1
    shift
    # The subshell waits for the run itself (no exec), so its "Killed" notice goes to /dev/null.
    (
        cd "$ws" || exit 2
        timeout 120 "$@" "$ml" run --pipeline pipeline.yaml --quiet >/dev/null 2>"$work/stderr"
        exit $?
    ) 2>/dev/null
}

reference() {  # NAME TEMPLATE: the uninterrupted run → $work/ref-NAME (workspace), .manifest, .code
    local name=$1 template=$2 ws=$work/ref-$1
    cp -a "$template" "$ws"
    local t0=$EPOCHREALTIME
    run_in "$ws"
    echo $? >"$work/ref-$name.code"
    ms=$(python3 -c "print(int(($EPOCHREALTIME - $t0) * 1000))")
    echo "$ms" >"$work/ref-$name.ms"
    python3 "$state" manifest "$ws" >"$work/ref-$name.manifest"
    if grep -qF .memberlink-tmp- "$work/ref-$name.manifest" || grep -q "^stage-left" "$work/ref-$name.manifest"; then
        echo "crash-test: the reference run $name left temporary files:" >&2
        cat "$work/ref-$name.manifest" >&2
        exit 2
    fi
    echo "crash-test: reference $name: exit $(cat "$work/ref-$name.code"), ${ms} ms, $(grep -c '^ledger ' "$work/ref-$name.manifest") ledger rows"
}

calls() {  # TEMPLATE SYSCALL: how many times an uninterrupted run from TEMPLATE calls it
    local ws=$work/count
    rm -rf "$ws"
    cp -a "$1" "$ws"
    run_in "$ws" strace -f -qq -c -o "$work/count.txt" -e trace="$2" >/dev/null
    # strace -c: % time, seconds, usecs/call, calls, [errors,] syscall
    awk -v s="$2" '$NF == s { n = $4 } END { print n + 0 }' "$work/count.txt"
}

kills=0
fired=0
not_a_file=0
not_injected=0
errors=0
failures=0
declare -a failed_labels=()

fail() {  # LABEL WS MESSAGE [DETAILS-FILE]
    local label=$1 ws=$2 message=$3 details=${4:-}
    failures=$((failures + 1))
    failed_labels+=("$label")
    echo "FAIL $label: $message"
    if [ -n "$details" ] && [ -s "$details" ]; then head -n 12 "$details" | sed 's/^/    /'; fi
    if [ "${CRASH_KEEP:-0}" = 1 ]; then
        mkdir -p "$work/failed"
        cp -a "$ws" "$work/failed/${label//[^A-Za-z0-9._-]/_}"
    fi
}

verify_final() {  # LABEL WS REF CODE: the state after the rerun equals the reference's
    local label=$1 ws=$2 ref=$3 code=$4 ok=0
    local refcode
    refcode=$(cat "$work/ref-$ref.code")
    if [ "$code" != "$refcode" ] && [ "$code" != 0 ]; then
        fail "$label" "$ws" "rerun exited $code (reference $refcode): $(head -c 300 "$work/stderr")"
        return 1
    fi
    python3 "$state" manifest "$ws" >"$work/final.manifest"
    if ! diff "$work/ref-$ref.manifest" "$work/final.manifest" >"$work/diff.txt"; then
        local temp
        temp=$(grep -cF .memberlink-tmp- "$work/diff.txt")
        fail "$label" "$ws" "final state differs from the reference ($(grep -c '^[<>]' "$work/diff.txt") lines, $temp temp files; < reference, > rerun)" "$work/diff.txt"
        return 1
    fi
    if ! flock -n -x "$ws/db/locks/crash-test.lock" true; then
        fail "$label" "$ws" "the lock is still held after the rerun"
        return 1
    fi
    return $ok
}

# crash_case LABEL TEMPLATE REF KILLER...: stop a run from TEMPLATE with KILLER, rerun, verify.
# KILLER is "strace ARGS" (a prefix) or "random MS" (kill -9 after MS milliseconds).
crash_case() {
    local label=$1 template=$2 ref=$3
    shift 3
    local ws=$work/ws first
    rm -rf "$ws"
    cp -a "$template" "$ws"
    if [ "$1" = random ]; then
        local delay
        delay=$(printf '%d.%03d' $(($2 / 1000)) $(($2 % 1000)))
        (cd "$ws" && exec "$ml" run --pipeline pipeline.yaml --quiet >/dev/null 2>"$work/stderr") &
        local pid=$!
        sleep "$delay"
        kill -9 "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        first=$?
    else
        run_in "$ws" "$@"
        first=$?
    fi
    kills=$((kills + 1))
    [ "$first" = 137 ] && fired=$((fired + 1))
    run_in "$ws"
    local code=$?
    verify_final "$label" "$ws" "$ref" "$code"
}

# error_case LABEL TEMPLATE REF INJECTION: an injected I/O error must exit 74 with one stderr line,
# leave each output absent or a complete version, the inputs in the inbox, the ledger unchanged;
# then a rerun gives REF.
error_case() {
    local label=$1 template=$2 ref=$3 injection=$4 ws=$work/ws
    rm -rf "$ws"
    cp -a "$template" "$ws"
    # One trace file per thread (-ff): with one file, a call another thread's line interrupts is
    # printed in two halves ("<unfinished ...>", then "<... write resumed>"), and the half marked
    # (INJECTED) may not name the file it wrote to.
    rm -f "$work"/injected.*
    run_in "$ws" strace -f -ff -qq -y -o "$work/injected" -e inject="$injection"
    local code=$?
    # The injected calls, read without a pipeline: under pipefail, `cat … | grep -q` fails when
    # grep stops at its first match and cat dies writing the rest (SIGPIPE), which made a found
    # injection look like none, depending on the traces' length.
    local injected
    injected=$(grep -h '(INJECTED)' "$work"/injected.* 2>/dev/null)
    # strace counts a syscall's calls per thread (`when=K` is each thread's K-th call), while the
    # cases go up to the calls of all threads together: when no thread made K calls, nothing was
    # injected and the run is an ordinary one, which must then be the reference's. Which thread
    # makes which write moves with scheduling, so whether a K injects anything varies from run to run.
    if [ -z "$injected" ]; then
        not_injected=$((not_injected + 1))
        verify_final "$label (nothing injected)" "$ws" "$ref" "$code"
        return
    fi
    # A write injected into libdispatch's eventfd (its wake-ups come before and after the file
    # writes, one or two depending on how its threads are scheduled) fails nothing: not a case.
    if ! grep -qv 'anon_inode:' <<<"$injected"; then
        not_a_file=$((not_a_file + 1))
        return
    fi
    errors=$((errors + 1))
    local lines
    lines=$(grep -c '' "$work/stderr")
    # When every write fails from some point on, stderr's writes fail too: the line may be lost,
    # but the run must still end with 74 (and never trap).
    local allowed="1"
    case "$injection" in write:error=*+) allowed="0 1" ;; esac
    if [ "$code" != 74 ] || [[ " $allowed " != *" $lines "* ]] \
        || { [ "$lines" = 1 ] && ! grep -q '^memberlink: ' "$work/stderr"; }; then
        fail "$label" "$ws" "exit $code with $lines stderr lines (expected 74 and one 'memberlink: ' line)" "$work/stderr"
    else
        local kind=${injection%%:*}
        [ -z "${first_error_line[$kind]:-}" ] && first_error_line[$kind]="$injection → $(cat "$work/stderr")"
    fi
    if ! python3 "$state" outputs-complete "$ws" "$template" "$work/ref-$ref" >"$work/diff.txt"; then
        fail "$label" "$ws" "an output is neither absent nor a complete version" "$work/diff.txt"
    fi
    if ! diff <(python3 "$state" inbox "$template") <(python3 "$state" inbox "$ws") >"$work/diff.txt"; then
        fail "$label" "$ws" "the inputs did not stay in the inbox" "$work/diff.txt"
    fi
    if ! diff <(python3 "$state" ledger "$template") <(python3 "$state" ledger "$ws") >"$work/diff.txt"; then
        fail "$label" "$ws" "the ledger changed" "$work/diff.txt"
    fi
    local temp
    temp=$(find "$ws/out" -name '.memberlink-tmp-*' 2>/dev/null | wc -l)
    [ "$temp" -gt 0 ] && temp_after_error=$((temp_after_error + 1))
    run_in "$ws"
    verify_final "$label (rerun)" "$ws" "$ref" $?
}
declare -A first_error_line=()
temp_after_error=0

# ---------------------------------------------------------------------------------------------------
echo "crash-test: preparing the workspaces (N=$step, $copies copies, seed $seed)"
make_template "$work/t-clean" || { echo "crash-test: cannot import the sample members" >&2; exit 2; }
reference clean "$work/t-clean"
[ "$(cat "$work/ref-clean.code")" = 0 ] || { echo "crash-test: the reference run failed: $(cat "$work/stderr")" >&2; exit 2; }

# A previous complete run's outputs and ledger, and a new inbox file: for the injected errors.
cp -a "$work/ref-clean" "$work/t-prev"
python3 "$state" generate "$sample" "$work/t-prev/inbox/e-generated.csv" 800 3
reference prev "$work/t-prev"

echo "crash-test: (a) SIGKILL at the K-th syscall"
for syscall in $syscalls; do
    total=$(calls "$work/t-clean" "$syscall")
    every=$step
    [ "$total" -le 20 ] && every=1
    before=$kills
    for ((k = 1; k <= total; k += every)); do
        crash_case "kill $syscall#$k" "$work/t-clean" clean strace -f -qq -o /dev/null -e inject="$syscall:signal=SIGKILL:when=$k"
    done
    echo "  $syscall: $total calls, $((kills - before)) kill points (every $every), failures so far $failures"
done

echo "crash-test: (b) kill -9 after random delays"
span=$(($(cat "$work/ref-clean.ms") * 12 / 10 + 1))
for ((i = 1; i <= random_kills; i++)); do
    delay=$(((RANDOM * 32768 + RANDOM) % span))
    crash_case "kill -9 after ${delay}ms" "$work/t-clean" clean random "$delay"
done
echo "  $random_kills random kills within ${span} ms, failures so far $failures"

if [ "$with_quarantine" = 1 ]; then
    echo "crash-test: inbox with a file rejected whole (quarantine)"
    cp -a "$work/t-clean" "$work/t-quarantine"
    python3 "$state" truncated-gzip "$work/t-clean/inbox/b-generated.csv" "$work/t-quarantine/inbox/d-truncated.csv.gz"
    reference quarantine "$work/t-quarantine"
    for syscall in rename unlink openat; do
        total=$(calls "$work/t-quarantine" "$syscall")
        # Only the end of the run (publish, ledger commit, moves, the reason note), at every K.
        first=$((total > 12 ? total - 12 : 1))
        before=$kills
        for ((k = first; k <= total; k++)); do
            crash_case "quarantine kill $syscall#$k" "$work/t-quarantine" quarantine strace -f -qq -o /dev/null -e inject="$syscall:signal=SIGKILL:when=$k"
        done
        echo "  $syscall: calls $first..$total, $((kills - before)) kill points, failures so far $failures"
    done
fi

echo "crash-test: injected I/O errors"
error_case "fresh: fsync EIO" "$work/t-clean" clean "fsync:error=EIO"
error_case "fresh: write ENOSPC from the 3rd" "$work/t-clean" clean "write:error=ENOSPC:when=3+"
error_case "previous: fsync EIO" "$work/t-prev" prev "fsync:error=EIO"
error_case "previous: write ENOSPC from the 3rd" "$work/t-prev" prev "write:error=ENOSPC:when=3+"
total=$(calls "$work/t-prev" fsync)
for ((k = 1; k <= total; k++)); do
    error_case "previous: fsync#$k EIO" "$work/t-prev" prev "fsync:error=EIO:when=$k"
done
# One failing write at a time (the error line to stderr then succeeds). The first and last writes
# are libdispatch's eventfd wake-ups, not file writes; error_case also skips a write that turns
# out to be one.
total=$(calls "$work/t-prev" write)
every=$step
[ "$total" -le 20 ] && every=1
for ((k = 2; k < total; k += every)); do
    error_case "previous: write#$k ENOSPC" "$work/t-prev" prev "write:error=ENOSPC:when=$k"
done

# ---------------------------------------------------------------------------------------------------
# Member imports: a re-import of the sample members into a used directory, stopped by a kill or an
# injected I/O error, must leave a directory the next run uses as before (it gives the clean
# reference), and the next import must succeed and leave one store file.
import_in() {  # WS [PREFIX...]: re-imports the sample members in WS; returns its exit code
    local ws=$1
    shift
    (
        cd "$ws" || exit 2
        timeout 120 "$@" "$ml" members import "$root/SampleData/members.csv" --directory db/members.sqlite \
            >/dev/null 2>"$work/stderr"
        exit $?
    ) 2>/dev/null
}

import_calls() {  # SYSCALL: how many times an uninterrupted re-import into the clean template calls it
    local ws=$work/count
    rm -rf "$ws"
    cp -a "$work/t-clean" "$ws"
    import_in "$ws" strace -f -qq -c -o "$work/count.txt" -e trace="$1"
    awk -v s="$1" '$NF == s { n = $4 } END { print n + 0 }' "$work/count.txt"
}

import_case() {  # LABEL INJECTION
    local label=$1 injection=$2 ws=$work/ws
    rm -rf "$ws"
    cp -a "$work/t-clean" "$ws"
    import_in "$ws" strace -f -qq -o /dev/null -e inject="$injection"
    local code=$?
    case "$injection" in
    *signal=SIGKILL*)
        kills=$((kills + 1))
        [ "$code" = 137 ] && fired=$((fired + 1))
        ;;
    *)
        errors=$((errors + 1))
        if [ "$code" = 0 ] || [ "$code" -ge 128 ] || [ "$(grep -c '' "$work/stderr")" != 1 ] \
            || ! grep -q '^memberlink: ' "$work/stderr"; then
            fail "$label" "$ws" "exit $code with $(grep -c '' "$work/stderr") stderr lines (expected a failure and one 'memberlink: ' line)" "$work/stderr"
            return
        fi
        [ -z "${first_error_line[import]:-}" ] && first_error_line[import]="import $injection → $(cat "$work/stderr")"
        ;;
    esac
    run_in "$ws"
    verify_final "$label" "$ws" clean $? || return
    if ! import_in "$ws"; then
        fail "$label" "$ws" "the next import failed: $(head -c 300 "$work/stderr")"
        return
    fi
    local stores lookups
    stores=$(find "$ws/db" -maxdepth 1 -name 'members.sqlite.members-*' ! -name '*.lookup' | wc -l)
    lookups=$(find "$ws/db" -maxdepth 1 -name 'members.sqlite.members-*.lookup' | wc -l)
    [ "$stores" = 1 ] && [ "$lookups" = 1 ] \
        || fail "$label" "$ws" "$stores store files and $lookups lookup files after the next import"
}

echo "crash-test: members import, killed at the K-th syscall or given an I/O error"
before=$kills
for syscall in pwrite64 fsync openat unlink; do
    total=$(import_calls "$syscall")
    every=$step
    [ "$total" -le 20 ] && every=1
    for ((k = 1; k <= total; k += every)); do
        import_case "import: kill $syscall#$k" "$syscall:signal=SIGKILL:when=$k"
    done
done
import_case "import: fsync EIO" "fsync:error=EIO"
import_case "import: pwrite64 ENOSPC from the 3rd" "pwrite64:error=ENOSPC:when=3+"
echo "  $((kills - before)) kill points and 2 injected errors, failures so far $failures"

elapsed=$((SECONDS - started))
echo
echo "crash-test summary: $kills kills ($fired reached their kill point, the others had finished), $errors injected errors ($not_a_file more hit an eventfd, not a file; $not_injected injected nothing: no thread made that many calls), $failures failures, ${elapsed}s"
for kind in "${!first_error_line[@]}"; do echo "  e.g. ${first_error_line[$kind]}"; done
[ "$temp_after_error" -gt 0 ] && echo "  note: $temp_after_error failed runs left temporary files in out/ (swept by the rerun, which passed)"
if [ "$failures" -gt 0 ]; then
    printf '  failed: %s\n' "${failed_labels[@]}" | head -n 40
    exit 1
fi
exit 0
