#!/usr/bin/env bash
# Failover figures: a 3-node cluster from the built jar (ops/cluster.sh) on a primary and hot standby
# (ops/db/primary-standby.sh) with a multi-host ORCH_DB_URL, a noop schedule every second; the
# primary is stopped hard (-m immediate) and the standby promoted at once. Per run it prints, read
# on the promoted server: the time from the promotion to the first attempt started after it, the
# fire times of the switch without a run (misfired or lost), the outcomes seen on the primary just
# before the stop that the promoted server lacks (lost by asynchronous replication), and the fire
# times run twice. One TSV line per run on stdout; progress and node logs under $RUN_DIR.
#
# Mode async-lag is async with a standby that lags: the primary's WAL sender is suspended (SIGSTOP)
# 2 s before the stop, so the last 2 s of commits never reach the standby, as when the link to it
# is slow; "rerun" then counts fire times the promoted server ran again under another run id.
#
# PROMOTE_DELAY=<seconds> waits that long between the stop of the primary and the promotion (default 0).
#
#   ops/bench/failover.sh [runs per mode, default 3] [modes, default "sync async"; also async-lag]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
RUNS=${1:-3}
MODES=${2:-sync async}
PAIR="$ROOT/ops/db/primary-standby.sh"
export HA_DIR=${HA_DIR:-/tmp/guardian-failover-bench} HA_PRIMARY_PORT=${HA_PRIMARY_PORT:-5651} HA_STANDBY_PORT=${HA_STANDBY_PORT:-5652}
export ORCH_CLUSTER_RUN_DIR=${ORCH_CLUSTER_RUN_DIR:-/tmp/guardian-failover-bench-nodes} ORCH_CLUSTER_BASE_PORT=${ORCH_CLUSTER_BASE_PORT:-18380}
export ORCH_DIAGNOSTICS=true ORCH_ADMIN_PASSWORD=${ORCH_ADMIN_PASSWORD:-bench-$RANDOM$RANDOM}
JAR="$ROOT/orchestrator/target/guardian-orchestrator.jar"
[[ -f $JAR ]] || { echo "build the jar first: mvn -B -pl orchestrator -am package -DskipTests" >&2; exit 1; }
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}
log() { echo "[failover $(date -u +%H:%M:%S)] $*" >&2; }
on() { "$PGBIN/psql" -X -qAt -h 127.0.0.1 -p "$1" -U postgres -d guardian -c "$2"; }
now() { date +%s.%N; }
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
ctl_stop_no_wait() { as_pg "$PGBIN/pg_ctl" -D "$HA_DIR/a" -m immediate -W stop >/dev/null 2>&1 || true; }
cleanup() { "$ROOT/ops/cluster.sh" stop >/dev/null 2>&1 || true; "$PAIR" down >/dev/null 2>&1 || true; }
trap cleanup EXIT

one_run() { # mode run
  local mode=$1 run=$2
  cleanup
  "$PAIR" up "${mode%-lag}" >/dev/null
  export ORCH_DB_URL; ORCH_DB_URL="$("$PAIR" url)"
  export ORCH_DB_USER=postgres ORCH_DB_PASSWORD=
  java -jar "$JAR" db migrate "$ROOT/config.yml" >"$HA_DIR/migrate.log" 2>&1
  on "$HA_PRIMARY_PORT" "INSERT INTO orchestrator.maintenance_schedules (operation_name, operation, cron_schedule)
      VALUES ('fo_tick', 'noop', '* * * * * ?')" >/dev/null
  "$ROOT/ops/cluster.sh" start 3 >/dev/null
  until [[ $(on "$HA_PRIMARY_PORT" "SELECT count(*) FROM orchestrator.job_runs WHERE schedule_name = 'fo_tick' AND status = 'SUCCESS'") -ge 5 ]]; do sleep 0.5; done
  local seen stopped promoted sender="" fired
  if [[ $mode == async-lag ]]; then
    sender=$(on "$HA_PRIMARY_PORT" "SELECT pid FROM pg_stat_replication")
    kill -STOP "$sender"
    sleep 2
  fi
  seen=$(on "$HA_PRIMARY_PORT" "SELECT string_agg(id::text, ',' ORDER BY id) FROM orchestrator.job_runs WHERE status <> 'RUNNING'")
  fired=$(on "$HA_PRIMARY_PORT" "SELECT string_agg(id || ':' || extract(epoch FROM scheduled_fire_time)::bigint, ',')
      FROM orchestrator.job_runs WHERE schedule_name = 'fo_tick'")
  stopped=$(now)
  if [[ -n $sender ]]; then # the stop's SIGQUIT reaches the suspended sender when it resumes: it sends nothing more
    ctl_stop_no_wait
    kill -CONT "$sender"
    sleep 1
  fi
  "$PAIR" stop-primary 2>/dev/null || true
  sleep "${PROMOTE_DELAY:-0}"
  "$PAIR" promote 2>/dev/null
  promoted=$(now)
  local first=""
  for _ in $(seq 1 300); do
    first=$(on "$HA_STANDBY_PORT" "SELECT extract(epoch FROM min(started_at)) FROM orchestrator.job_runs
        WHERE schedule_name = 'fo_tick' AND started_at > to_timestamp($promoted)")
    [[ -n $first ]] && break
    sleep 0.1
  done
  sleep 8 # let the fires of the switch settle before counting them
  local lost_outcomes missing doubled rerun
  rerun=$(on "$HA_STANDBY_PORT" "SELECT count(*) FROM (SELECT split_part(x, ':', 1)::bigint id,
      to_timestamp(split_part(x, ':', 2)::bigint) t FROM unnest(string_to_array('$fired', ',')) x) o
      WHERE NOT EXISTS (SELECT 1 FROM orchestrator.job_runs r WHERE r.id = o.id)
        AND EXISTS (SELECT 1 FROM orchestrator.job_runs r WHERE r.schedule_name = 'fo_tick' AND r.scheduled_fire_time = o.t)")
  lost_outcomes=$(on "$HA_STANDBY_PORT" "SELECT count(*) FROM unnest('{$seen}'::bigint[]) s(id)
      WHERE NOT EXISTS (SELECT 1 FROM orchestrator.job_runs r WHERE r.id = s.id AND r.status <> 'RUNNING')")
  missing=$(on "$HA_STANDBY_PORT" "SELECT count(*) FROM generate_series(date_trunc('second', to_timestamp($stopped)) - interval '2 s',
      date_trunc('second', to_timestamp($promoted)) + interval '5 s', interval '1 s') t
      WHERE NOT EXISTS (SELECT 1 FROM orchestrator.job_runs r WHERE r.schedule_name = 'fo_tick' AND r.scheduled_fire_time = t)")
  doubled=$(on "$HA_STANDBY_PORT" "SELECT count(*) FROM (SELECT scheduled_fire_time FROM orchestrator.job_runs
      WHERE schedule_name = 'fo_tick' AND attempt = 1 GROUP BY 1 HAVING count(*) > 1) d")
  printf '%s\t%s\t%.0f\t%s\t%s\t%s\t%s\n' "$mode" "$run" "$(echo "(${first:-$promoted} - $promoted) * 1000" | bc)" \
    "$missing" "$lost_outcomes" "$doubled" "$rerun"
  log "$mode run $run: first attempt after the promotion at +$(echo "${first:-$promoted} - $promoted" | bc) s"
}

printf 'mode\trun\tpromotion_to_first_fire_ms\tfire_times_without_run\toutcomes_lost\tfire_times_run_twice\trerun\n'
for mode in $MODES; do
  for ((r = 1; r <= RUNS; r++)); do one_run "$mode" "$r"; done
done
