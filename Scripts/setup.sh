#!/usr/bin/env bash
# Installs what MemberLink needs on a fresh Debian machine (the C libraries it links against, and
# strace for the crash-safety tests), then builds it. Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

needed=()
for package in pkg-config libxml2-dev zlib1g-dev libsqlite3-dev libssl-dev libjemalloc-dev strace; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || needed+=("$package")
done
if [ ${#needed[@]} -gt 0 ]; then
    echo "setup: installing ${needed[*]}"
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${needed[@]}"
fi
swift build --product memberlink
