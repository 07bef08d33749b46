#!/usr/bin/env bash
# A local PostgreSQL primary and hot standby, to try (and test) a failover of the orchestrator's
# database. Both servers come from the same binaries: Debian's (/usr/lib/postgresql/<v>/bin, the
# newest installed unless PGBIN says otherwise), the standby made with pg_basebackup -R (zonky's
# embedded binaries lack pg_basebackup, so this script does not use them). Their data, logs and
# sockets live under $HA_DIR; they listen on 127.0.0.1 only, with trust authentication: a test
# setup, never a production one. The shared cluster on 5432 is never touched.
#
#   ops/db/primary-standby.sh up [sync|async]  create and start both (sync: the primary waits for
#                                              the standby to apply each commit, synchronous_commit
#                                              = remote_apply; async: it does not); default sync
#   ops/db/primary-standby.sh url              the multi-host JDBC URL for ORCH_DB_URL
#   ops/db/primary-standby.sh stop-primary     stop the primary hard (pg_ctl stop -m immediate)
#   ops/db/primary-standby.sh promote          promote the standby (pg_ctl promote), wait until it writes
#   ops/db/primary-standby.sh start-old-primary  start the stopped old primary again, as a primary:
#                                              the split brain a failover manager must prevent
#   ops/db/primary-standby.sh status           each server: running, primary or standby, timeline
#   ops/db/primary-standby.sh down             stop both and remove $HA_DIR
#
# Environment: HA_DIR (default /tmp/guardian-ha), HA_PRIMARY_PORT (5641), HA_STANDBY_PORT (5642),
# HA_DB (database to create, default guardian), PGBIN.
set -euo pipefail

HA_DIR=${HA_DIR:-/tmp/guardian-ha}
P1=${HA_PRIMARY_PORT:-5641}
P2=${HA_STANDBY_PORT:-5642}
DB=${HA_DB:-guardian}
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[[ -x ${PGBIN:-}/pg_basebackup ]] || { echo "no pg_basebackup under '${PGBIN:-}': apt-get install postgresql-15 (or set PGBIN)" >&2; exit 1; }
log() { echo "[primary-standby $(date -u +%H:%M:%S)] $*" >&2; }
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
ctl() { as_pg "$PGBIN/pg_ctl" -D "$HA_DIR/$1" -l "$HA_DIR/$1.log" "${@:2}"; }
sql() { as_pg "$PGBIN/psql" -X -qAt -h 127.0.0.1 -p "$1" -U postgres -d postgres -c "$2"; }
running() { ctl "$1" status >/dev/null 2>&1; }

conf() { # $1 node, $2 port
  cat >> "$HA_DIR/$1/postgresql.conf" <<CONF
port = $2
listen_addresses = '127.0.0.1'
unix_socket_directories = '$HA_DIR'
max_connections = 200
wal_level = replica
max_wal_senders = 4
hot_standby = on
wal_log_hints = on
# a throw-away pair: no fsync (an immediate stop loses nothing the OS holds; an OS crash would)
fsync = off
CONF
}

up() {
  local mode=${1:-sync}
  [[ $mode == sync || $mode == async ]] || { echo "mode: sync or async, not '$mode'" >&2; exit 2; }
  [[ ! -e $HA_DIR ]] || { echo "$HA_DIR exists: run '$0 down' first" >&2; exit 1; }
  mkdir -p "$HA_DIR"
  [[ $(id -u) == 0 ]] && chown postgres "$HA_DIR"
  as_pg "$PGBIN/initdb" -D "$HA_DIR/a" -U postgres --auth=trust --no-locale -E UTF8 >/dev/null
  conf a "$P1"
  ctl a -w start >/dev/null
  sql "$P1" "CREATE DATABASE $DB"
  # the standby is a copy of the running primary that streams from it (-R writes standby.signal
  # and primary_conninfo); its name lets the primary wait for it in sync mode
  as_pg "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$P1" -U postgres -D "$HA_DIR/b" -R -X stream -c fast
  sed -i "s/^port = $P1\$/port = $P2/" "$HA_DIR/b/postgresql.conf"
  echo "primary_conninfo = 'host=127.0.0.1 port=$P1 user=postgres application_name=b'" >> "$HA_DIR/b/postgresql.auto.conf"
  ctl b -w start >/dev/null
  if [[ $mode == sync ]]; then
    # set on the primary only, after the copy: a promoted standby must not wait for a standby of its own
    printf "synchronous_standby_names = 'b'\nsynchronous_commit = remote_apply\n" >> "$HA_DIR/a/postgresql.conf"
    ctl a reload >/dev/null
  fi
  echo "$mode" > "$HA_DIR/mode"
  for _ in $(seq 1 100); do
    [[ $(sql "$P1" "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") == 1 ]] && break
    sleep 0.1
  done
  log "primary 127.0.0.1:$P1, standby 127.0.0.1:$P2 streaming ($mode; $PGBIN)"
  url
}

url() {
  echo "jdbc:postgresql://127.0.0.1:$P1,127.0.0.1:$P2/$DB?targetServerType=primary&connectTimeout=3"
}

promote() {
  ctl b promote -w >/dev/null
  log "standby promoted: 127.0.0.1:$P2 is the primary"
}

status() {
  for node in a b; do
    local port=$P1; [[ $node == b ]] && port=$P2
    if running "$node"; then
      echo "$node 127.0.0.1:$port running $(sql "$port" "SELECT CASE WHEN pg_is_in_recovery() THEN 'standby' ELSE 'primary' END, 'timeline ' || CASE WHEN pg_is_in_recovery() THEN (SELECT timeline_id FROM pg_control_checkpoint()) ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int END" | tr '|' ' ')"
    else
      echo "$node 127.0.0.1:$port stopped"
    fi
  done
}

down() {
  for node in a b; do running "$node" && ctl "$node" -m immediate stop >/dev/null || true; done
  rm -rf "$HA_DIR"
  log "removed $HA_DIR"
}

case ${1:-} in
  up) up "${2:-sync}" ;;
  url) url ;;
  stop-primary) ctl a -m immediate stop >/dev/null; log "primary 127.0.0.1:$P1 stopped (immediate)" ;;
  promote) promote ;;
  start-old-primary) ctl a -w start >/dev/null; log "old primary 127.0.0.1:$P1 running again, as a primary" ;;
  status) status ;;
  down) down ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
