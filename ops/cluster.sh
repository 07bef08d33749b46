#!/usr/bin/env bash
# Local Guardian Orchestrator cluster: N nodes (default 3) sharing one PostgreSQL.
#
#   ops/cluster.sh start [N]   build the jar if missing or older than the sources, start the
#                              embedded PostgreSQL alone (unless ORCH_DB_URL is set), then N nodes,
#                              from a copy of the jar in the run directory (a rebuild leaves
#                              running nodes alone; a node started later runs the new build)
#   ops/cluster.sh status      each process, and each node's /healthcheck
#   ops/cluster.sh stop        stop the nodes, then the PostgreSQL this script started
#
# Node i (1..N) listens on HTTP port BASE+10*(i-1) and admin port BASE+10*(i-1)+1
# (8080/8081, 8090/8091, 8100/8101, ...) with ORCH_NODE_ID=node-i.
# Logs: $RUN_DIR/logs/{postgres,node-1,...}.log (node logs appended to across starts, the
# previous embedded PostgreSQL's log kept as postgres.previous.log); pid files: $RUN_DIR/pids/.
#
# Environment (all optional):
#   ORCH_DB_URL / ORCH_DB_USER / ORCH_DB_PASSWORD   use this PostgreSQL instead of the embedded one
#                           (the embedded one gets the Guardian demo schema; yours only with
#                           ORCH_MIGRATE_GUARDIAN=true)
#   ORCH_EMBEDDED_PG_PORT   embedded PostgreSQL port (default 5433)
#   ORCH_CLUSTER_BASE_PORT  first HTTP port (default 8080)
#   ORCH_CLUSTER_RUN_DIR    pids, logs and embedded data (default ops/cluster/run)
#   ORCH_CONFIG             node config file (default config.yml; ops/config-json-logs.yml for JSON logs)
#   any other ORCH_* variable (ORCH_DIAGNOSTICS, ORCH_ADMIN_PASSWORD, ...) is passed to every node
#   with no ORCH_ADMIN/OPERATOR/VIEWER_PASSWORD, admin's password is generated once into
#   $RUN_DIR/admin-password and used by every node
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUN_DIR="${ORCH_CLUSTER_RUN_DIR:-$ROOT/ops/cluster/run}"
NODE_JAR="$RUN_DIR/guardian-orchestrator.jar"
PIDS="$RUN_DIR/pids"
LOGS="$RUN_DIR/logs"
BASE_PORT="${ORCH_CLUSTER_BASE_PORT:-8080}"
PG_PORT="${ORCH_EMBEDDED_PG_PORT:-5433}"
CONFIG="${ORCH_CONFIG:-$ROOT/config.yml}"
START_TIMEOUT_S="${ORCH_CLUSTER_START_TIMEOUT_S:-180}"

http_port() { echo $((BASE_PORT + 10 * ($1 - 1))); }
admin_port() { echo $(($(http_port "$1") + 1)); }
alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_for() { # description, command...
  local what="$1"; shift
  local deadline=$((SECONDS + START_TIMEOUT_S))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS > deadline)); then
      echo "Timed out waiting for $what (see $LOGS)" >&2
      return 1
    fi
    sleep 1
  done
}

start_postgres() {
  if [[ -n "${ORCH_DB_URL:-}" ]]; then
    echo "Using ORCH_DB_URL=$ORCH_DB_URL"
    return
  fi
  if alive "$PIDS/postgres.pid"; then
    echo "Embedded PostgreSQL already running (pid $(cat "$PIDS/postgres.pid"))"
  else
    echo "Starting embedded PostgreSQL on port $PG_PORT (data in $RUN_DIR/pgdata)"
    [[ ! -s "$LOGS/postgres.log" ]] || mv -f "$LOGS/postgres.log" "$LOGS/postgres.previous.log"
    ORCH_DATA_DIR="$RUN_DIR/pgdata" ORCH_EMBEDDED_PG_PORT="$PG_PORT" \
      nohup java -jar "$NODE_JAR" embedded-db "$CONFIG" >"$LOGS/postgres.log" 2>&1 &
    echo $! >"$PIDS/postgres.pid"
    wait_for "embedded PostgreSQL" grep -q "Embedded PostgreSQL ready" "$LOGS/postgres.log"
  fi
  export ORCH_DB_URL="jdbc:postgresql://localhost:$PG_PORT/postgres" ORCH_DB_USER=postgres ORCH_DB_PASSWORD=
}

# Runs node i and, like a service supervisor, starts it again when it exits because its peers
# fenced it (exit status 75: it was frozen or cut off and declared dead). node-i.pid holds the JVM's
# pid (for kill -STOP, kill -9, ...), node-i.supervisor.pid the supervising shell's.
supervise_node() {
  local i="$1"
  while true; do
    ORCH_NODE_ID="node-$i" ORCH_HTTP_PORT="$(http_port "$i")" ORCH_ADMIN_PORT="$(admin_port "$i")" \
      java ${ORCH_JAVA_OPTS:-} -jar "$NODE_JAR" server "$CONFIG" >>"$LOGS/node-$i.log" 2>&1 &
    local pid=$!
    echo "$pid" >"$PIDS/node-$i.pid"
    local status=0
    wait "$pid" || status=$?
    [[ "$status" -eq 75 ]] || break
    echo "supervisor: node-$i exited fenced (status 75); starting it again" >>"$LOGS/node-$i.log"
  done
}

start_node() {
  local i="$1"
  if alive "$PIDS/node-$i.pid"; then
    echo "node-$i already running (pid $(cat "$PIDS/node-$i.pid"))"
    return
  fi
  echo "Starting node-$i: http $(http_port "$i"), admin $(admin_port "$i"), log $LOGS/node-$i.log"
  # appended to: what a node wrote before it died is what the operator restarting it needs
  echo "=== $(date -u +%Y-%m-%dT%H:%M:%SZ) ops/cluster.sh: starting node-$i ===" >>"$LOGS/node-$i.log"
  rm -f "$PIDS/node-$i.pid"
  supervise_node "$i" </dev/null >/dev/null 2>&1 &
  echo $! >"$PIDS/node-$i.supervisor.pid"
  local deadline=$((SECONDS + 10))
  until [[ -s "$PIDS/node-$i.pid" ]] || ((SECONDS > deadline)); do sleep 0.1; done
}

# With no password in the environment each node would generate its own admin password: the nodes
# of one cluster share one instead, kept (mode 600) in the run directory across restarts.
shared_admin_password() {
  [[ -z "${ORCH_ADMIN_PASSWORD:-}${ORCH_OPERATOR_PASSWORD:-}${ORCH_VIEWER_PASSWORD:-}" ]] || return 0
  local file="$RUN_DIR/admin-password"
  if [[ ! -s "$file" ]]; then
    (umask 077 && head -c 18 /dev/urandom | base64 | tr '+/' '-_' >"$file")
  fi
  export ORCH_ADMIN_PASSWORD; ORCH_ADMIN_PASSWORD="$(cat "$file")"
  echo "No ORCH_*_PASSWORD set: user admin, password in $file (the same on every node)"
}

start() {
  local n="${1:-3}"
  mkdir -p "$PIDS" "$LOGS"
  "$ROOT/ops/node-jar.sh" "$NODE_JAR" # a copy: a rebuild leaves running nodes alone
  start_postgres
  shared_admin_password
  echo "$n" >"$RUN_DIR/nodes"
  for ((i = 1; i <= n; i++)); do start_node "$i"; done
  for ((i = 1; i <= n; i++)); do
    wait_for "node-$i" curl -sf "http://127.0.0.1:$(admin_port "$i")/ping"
  done
  echo "Cluster of $n node(s) up. Metrics: http://127.0.0.1:$(admin_port 1)/prometheus; ops/cluster.sh status"
}

stop_pid() { # name, pid file, seconds before SIGKILL
  local name="$1" file="$2" grace="$3"
  alive "$file" || { rm -f "$file"; return 0; }
  local pid; pid="$(cat "$file")"
  echo "Stopping $name (pid $pid)"
  kill -TERM "$pid"
  local deadline=$((SECONDS + grace))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "$name did not stop within ${grace}s: SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

stop() {
  local file
  for file in "$PIDS"/node-*.supervisor.pid; do # first the supervisors, so that nothing is restarted
    [[ -e "$file" ]] && stop_pid "$(basename "$file" .pid)" "$file" 5
  done
  for file in "$PIDS"/node-*.pid; do
    [[ "$file" == *.supervisor.pid ]] && continue
    [[ -e "$file" ]] && stop_pid "$(basename "$file" .pid)" "$file" 45
  done
  stop_pid postgres "$PIDS/postgres.pid" 30
  # The postmaster outlives a killed JVM: stop it through its own pid file.
  local postmaster="$RUN_DIR/pgdata/postmaster.pid"
  if [[ -f "$postmaster" ]]; then
    local pg; pg="$(head -1 "$postmaster")"
    if kill -0 "$pg" 2>/dev/null; then
      echo "Stopping left-over postmaster (pid $pg)"
      kill -INT "$pg" || true
      for _ in $(seq 1 30); do kill -0 "$pg" 2>/dev/null || break; sleep 0.5; done
    fi
  fi
  rm -f "$RUN_DIR/nodes"
  echo "Cluster stopped."
}

status() {
  local n; n="$(cat "$RUN_DIR/nodes" 2>/dev/null || echo 0)"
  if [[ -f "$PIDS/postgres.pid" ]]; then
    alive "$PIDS/postgres.pid" && echo "postgres: running (pid $(cat "$PIDS/postgres.pid"), port $PG_PORT)" \
      || echo "postgres: NOT running (stale pid file)"
  fi
  local down=0
  for ((i = 1; i <= n; i++)); do
    if ! alive "$PIDS/node-$i.pid"; then
      echo "node-$i: NOT running"; down=1; continue
    fi
    local url="http://127.0.0.1:$(admin_port "$i")/healthcheck" body
    body="$(curl -s "$url" || true)"
    if [[ -z "$body" ]]; then
      echo "node-$i: running (pid $(cat "$PIDS/node-$i.pid")), $url not answering"; down=1
    elif command -v jq >/dev/null; then
      echo "node-$i: running (pid $(cat "$PIDS/node-$i.pid")), health:"
      jq -r 'to_entries[] | "    \(.key): \(if .value.healthy then "ok" else "UNHEALTHY" end)\(if (.value.message // "") == "" then "" else " - " + .value.message end)"' <<<"$body"
    else
      echo "node-$i: running (pid $(cat "$PIDS/node-$i.pid")), health: $body"
    fi
  done
  ((n > 0)) || echo "No cluster started from $RUN_DIR."
  return "$down"
}

case "${1:-}" in
  start) start "${2:-3}" ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start [N] | stop | status" >&2; exit 2 ;;
esac
