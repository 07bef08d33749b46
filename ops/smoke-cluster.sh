#!/usr/bin/env bash
# Smoke test of ops/cluster.sh: three nodes up on one embedded PostgreSQL, a schedule fires (exactly
# once per fire time), the metrics show it, everything stops and nothing is left running.
# Uses its own ports and run directory, so it does not disturb a cluster started by hand.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="$ROOT/orchestrator/target/guardian-orchestrator.jar"
export ORCH_CLUSTER_RUN_DIR="${ORCH_CLUSTER_RUN_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/guardian-smoke.XXXXXX")}"
export ORCH_CLUSTER_BASE_PORT="${ORCH_CLUSTER_BASE_PORT:-18080}"
export ORCH_EMBEDDED_PG_PORT="${ORCH_EMBEDDED_PG_PORT:-15433}"
export ORCH_DIAGNOSTICS=true ORCH_ADMIN_PASSWORD="${ORCH_ADMIN_PASSWORD:-smoke-$RANDOM$RANDOM}"
unset ORCH_DB_URL ORCH_DB_USER ORCH_DB_PASSWORD
DB_URL="jdbc:postgresql://localhost:$ORCH_EMBEDDED_PG_PORT/postgres"
CLUSTER="$ROOT/ops/cluster.sh"
PIDS="$ORCH_CLUSTER_RUN_DIR/pids"

sql() { java -cp "$JAR" "$ROOT/ops/cluster/Sql.java" "$DB_URL" postgres "" "$1"; }
fail() { echo "SMOKE FAILED: $*" >&2; tail -n 30 "$ORCH_CLUSTER_RUN_DIR"/logs/*.log >&2 || true; exit 1; }
started_pids=()
cleanup() { "$CLUSTER" stop >/dev/null 2>&1 || true; }
trap cleanup EXIT

"$CLUSTER" start 3 || fail "cluster did not start"
for f in "$PIDS"/*.pid; do started_pids+=("$(cat "$f")"); done
postmaster="$(head -1 "$ORCH_CLUSTER_RUN_DIR/pgdata/postmaster.pid")"

sql "INSERT INTO orchestrator.maintenance_schedules (operation_name, operation, cron_schedule)
     VALUES ('smoke_noop', 'noop', '*/2 * * * * ?') ON CONFLICT (operation_name) DO NOTHING"
echo "Schedule smoke_noop inserted (noop every 2 s); waiting for runs..."
deadline=$((SECONDS + 90))
until [[ "$(sql "SELECT count(*) FROM orchestrator.job_runs WHERE schedule_name = 'smoke_noop' AND status = 'SUCCESS'")" -ge 3 ]]; do
  ((SECONDS < deadline)) || fail "smoke_noop did not run three times within 90 s"
  sleep 2
done
doubled="$(sql "SELECT count(*) FROM (SELECT scheduled_fire_time FROM orchestrator.job_runs
               WHERE schedule_name = 'smoke_noop' AND trigger_kind = 'CRON' AND attempt = 1
               GROUP BY scheduled_fire_time HAVING count(*) > 1) d")"
[[ "$doubled" == 0 ]] || fail "$doubled fire time(s) ran twice"
nodes="$(sql "SELECT count(DISTINCT node_id) FROM orchestrator.job_runs WHERE schedule_name = 'smoke_noop'")"
echo "smoke_noop ran on $nodes node(s), no fire time twice"

total=0
for port in $((ORCH_CLUSTER_BASE_PORT + 1)) $((ORCH_CLUSTER_BASE_PORT + 11)) $((ORCH_CLUSTER_BASE_PORT + 21)); do
  n="$(curl -sf "http://127.0.0.1:$port/prometheus" \
        | awk '/^orchestrator_schedule_runs_total\{schedule="smoke_noop",status="success"/ {s += $2} END {print s + 0}')"
  total=$((total + ${n%.*}))
done
((total >= 3)) || fail "/prometheus of the three nodes counts $total successful smoke_noop runs"
echo "/prometheus counts $total successful smoke_noop runs across the nodes"
"$CLUSTER" status || true

"$CLUSTER" stop
for pid in "${started_pids[@]}" "$postmaster"; do
  ! kill -0 "$pid" 2>/dev/null || fail "process $pid still running after stop"
done
trap - EXIT
rm -rf "$ORCH_CLUSTER_RUN_DIR"
echo "SMOKE OK: 3 nodes up, smoke_noop fired, metrics exported, everything stopped"
