#!/usr/bin/env bash
# Triggers every schedule of a running node once, in the dependency order of GET /api/dag (so no
# trigger is gated by a dependency that has not run yet), waits for each run to finish and prints
# its status and result JSON. Exits 1 if any run did not end SUCCESS.
#
#   API=http://localhost:8080/api OPERATOR='operator:secret' ops/handrun/trigger-all.sh [schedule ...]
set -euo pipefail
API="${API:-http://localhost:8080/api}"
OPERATOR="${OPERATOR:?set OPERATOR=operator:password}"
WAIT_S="${WAIT_S:-300}"
json() { python3 -c "import json,sys; d=json.load(sys.stdin); $1"; }
if [[ $# -gt 0 ]]; then names=("$@"); else
    mapfile -t names < <(curl -sf -u "$OPERATOR" "$API/dag" | json 'print("\n".join(d["topologicalOrder"]))')
fi
failed=0
for name in "${names[@]}"; do
    last="$(curl -sf -u "$OPERATOR" "$API/schedules/$name/runs?limit=1" | json 'r=d["runs"] if isinstance(d, dict) else d; print(r[0]["id"] if r else 0)')"
    curl -sf -u "$OPERATOR" -X POST "$API/schedules/$name/trigger" -o /dev/null
    run=""
    for _ in $(seq 1 "$WAIT_S"); do
        run="$(curl -sf -u "$OPERATOR" "$API/schedules/$name/runs?limit=5" | json "
rs=d["runs"] if isinstance(d, dict) else d
r=[x for x in rs if x['id'] > $last and x['trigger'] == 'MANUAL' and x['finishedAt']]
print(json.dumps(r[-1]) if r else '')")"
        [[ -n $run ]] && break
        sleep 1
    done
    if [[ -z $run ]]; then echo "$name: no finished run after ${WAIT_S}s"; failed=1; continue; fi
    echo "$run" | json 'print(d["schedule"], d["status"], str(d["durationMs"]) + " ms", d["error"] or "", json.dumps(d["result"]))'
    [[ "$(echo "$run" | json 'print(d["status"])')" == SUCCESS ]] || failed=1
done
exit "$failed"
