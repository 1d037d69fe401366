#!/usr/bin/env bash
# The production build of the memberlink command: .build/release/memberlink (and of
# .build/release/memberlink-read, the benchmark's reader-only tool).
#
#     Scripts/build-release.sh
#
# Release mode, with Swift's run-time exclusivity checks off (-enforce-exclusivity=unchecked).
# Those checks cost 5-20% of a run (most on XML input: every libxml2 callback mutates the reader's
# state), and they guard against a class of bugs that the debug builds of `swift test`, and the
# ASan and TSan runs of CI, check with them on. The flag is given on the command line, not in
# Package.swift, so the MemberLink library stays usable as a package dependency (SwiftPM refuses
# unsafe flags in dependencies).
#
# On Linux the release build links jemalloc (Package.swift says why): libjemalloc-dev, which
# Scripts/setup.sh installs.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(uname -s)" = Linux ] && ! pkg-config --exists jemalloc 2>/dev/null; then
    echo "build-release: the release build links jemalloc; install it with Scripts/setup.sh (apt: libjemalloc-dev)" >&2
    exit 1
fi
swift build -c release --product memberlink -Xswiftc -enforce-exclusivity=unchecked "$@"
swift build -c release --product memberlink-read -Xswiftc -enforce-exclusivity=unchecked "$@"
