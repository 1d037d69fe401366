#!/usr/bin/env bash
# The main job on the bundled sample data: import the sample member extract into the member
# directory, then run each sample partner's pipeline. Outputs go to out/PIPELINE/.
set -uo pipefail
cd "$(dirname "$0")/.."
memberlink=.build/debug/memberlink
[ -x "$memberlink" ] || swift build --product memberlink

"$memberlink" members import SampleData/members.csv --directory .memberlink/members.sqlite || exit $?
status=0
for pipeline in Pipelines/vn-agency.yaml Pipelines/eu-gds.yaml Pipelines/sky-partner.yaml; do
    [ -f "$pipeline" ] || continue
    echo "== $pipeline"
    "$memberlink" run --pipeline "$pipeline"
    code=$?
    # 65 is expected for a sample pipeline that carries a deliberately unreadable file.
    if [ $code -ne 0 ] && [ $code -ne 65 ]; then status=$code; fi
done
exit $status
