#!/usr/bin/env bash
# Regenerates the golden files of the sample runs: Tests/memberlinkTests/Golden/PIPELINE/ (first run)
# and PIPELINE-rerun/ (the same inputs again into the same output folder, as a nightly run does:
# ALREADY_ATTACHED, no new attachment, and reconciliation.html compares with the first run).
#
# This is the ONLY way golden files change. Run it on purpose after a deliberate change of output,
# then read the diff (git diff Tests/memberlinkTests/Golden) before committing it.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product memberlink >/dev/null
memberlink=$PWD/.build/debug/memberlink
golden=Tests/memberlinkTests/Golden
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

normalise() {  # the run id and timings are the only parts that differ between runs
    local folder=$1
    sed -E -i 's/"runId":"[^"]*"/"runId":"RUN-ID"/; s/"timings":\{[^}]*\}/"timings":{}/' "$folder/reconciliation.json"
    sed -E -i 's#<p class="meta">Run .*</p>#<p class="meta">RUN</p>#' "$folder/reconciliation.html"
}

for pipeline in vn-agency eu-gds sky-partner; do
    db=$work/$pipeline.sqlite
    "$memberlink" members import SampleData/members.csv --directory "$db" >/dev/null 2>&1
    for run in "" "-rerun"; do
        out=$work/out/$pipeline  # the rerun replaces the first run's outputs, as a nightly run does
        set +e
        "$memberlink" run --pipeline "Pipelines/$pipeline.yaml" --directory "$db" --out "$out" >/dev/null 2>&1
        status=$?
        set -e
        rm -rf "${golden:?}/$pipeline$run"
        mkdir -p "$golden/$pipeline$run"
        cp -R "$out/." "$golden/$pipeline$run/"
        normalise "$golden/$pipeline$run"  # the copy: the rerun reads the first run's real reconciliation.json
        echo "$status" > "$golden/$pipeline$run/exit-code"
        echo "$pipeline$run: exit $status"
    done
done
