#!/usr/bin/env bash
# Builds each libFuzzer target of Fuzz/ and runs it once over its committed corpus (-runs=0): every
# seed and every input that once broke an invariant must still pass. CI calls this; see Fuzz/README.md
# for fuzzing proper. Exit status non-zero when a target does not build or an input fails.
set -euo pipefail
cd "$(dirname "$0")/../Fuzz"
export SWIFT_BACKTRACE=enable=no   # else a spurious ASan report and a hung backtracer (RELIABILITY.md)
for target in FuzzCSV FuzzXML FuzzGzip; do
    corpus="corpus/$(echo "${target#Fuzz}" | tr '[:upper:]' '[:lower:]')"
    echo "== $target over $corpus"
    swift build -c debug --product "$target" --sanitize=fuzzer \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
    "./.build/debug/$target" -runs=0 "$corpus"
done
echo "== all fuzz corpora pass"
