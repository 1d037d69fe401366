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
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product memberlink -Xswiftc -enforce-exclusivity=unchecked "$@"
swift build -c release --product memberlink-read -Xswiftc -enforce-exclusivity=unchecked "$@"
