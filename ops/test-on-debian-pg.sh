#!/usr/bin/env bash
# The integration tests on Debian's PostgreSQL: installs postgresql-<major> if its server binaries
# are missing (apt-get, as root), starts throw-away clusters of it on their own ports (one per test
# JVM, ORCH_TEST_PG_FORKS, default 2: the data in a temporary directory, a password role for the
# tests), runs the ITs against them as external servers (-Dtest.db=external -Dtest.pg=<major>, each
# JVM its own server; unit tests skipped), and stops and removes the clusters at the end, even on
# failure. .ci/run runs it with 15.
#
#   ops/test-on-debian-pg.sh [major] [more mvn arguments, e.g. -Dit.test=ClusterIT]
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
MAJOR=${1:-15}
shift || true
PGBIN=/usr/lib/postgresql/$MAJOR/bin
PGPORT=${ORCH_TEST_PG_PORT:-$((55400 + MAJOR))}
FORKS=${ORCH_TEST_PG_FORKS:-2}
log() { echo "[debian-pg$MAJOR $(date -u +%H:%M:%S)] $*" >&2; }

if [[ ! -x $PGBIN/initdb ]]; then
  [[ $(id -u) == 0 ]] || { log "$PGBIN/initdb missing: run as root, or apt-get install postgresql-$MAJOR first"; exit 1; }
  log "installing postgresql-$MAJOR"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$MAJOR" >/dev/null
fi

as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
PGDIR=$(mktemp -d "${TMPDIR:-/tmp}/guardian-test-pg$MAJOR.XXXXXX")
cleanup() {
  for data in "$PGDIR"/data*; do
    [[ -d $data ]] && { as_pg "$PGBIN/pg_ctl" -D "$data" -m fast stop >/dev/null 2>&1 || true; }
  done
  rm -rf "$PGDIR"
}
trap cleanup EXIT
[[ $(id -u) == 0 ]] && chown postgres "$PGDIR"
# the role the tests log in as; SUPERUSER lets DatabaseRolesIT and GuardianIndexesIT run too
# (with only CREATEDB CREATEROLE they are skipped, saying so)
ROLE=guardian_test
PASSWORD="test-$RANDOM$RANDOM$RANDOM"
as_pg bash -c "umask 077; head -c 24 /dev/urandom | base64 > '$PGDIR/superuser.pw'"

# cluster number $1 (1..FORKS) on port PGPORT + 100 * ($1 - 1); prints its JDBC URL
start_cluster() {
  local data=$PGDIR/data$1 port=$((PGPORT + 100 * ($1 - 1)))
  as_pg "$PGBIN/initdb" -D "$data" -U postgres --pwfile="$PGDIR/superuser.pw" --auth-local=trust \
    --auth-host=scram-sha-256 --no-locale -E UTF8 >/dev/null
  cat >> "$data/postgresql.conf" <<CONF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PGDIR'
max_connections = 400
fsync = off
CONF
  log "starting PostgreSQL $MAJOR on 127.0.0.1:$port"
  as_pg "$PGBIN/pg_ctl" -D "$data" -l "$PGDIR/server$1.log" -w start >/dev/null
  as_pg "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PGDIR" -p "$port" -U postgres -d postgres \
    -c "CREATE ROLE $ROLE LOGIN SUPERUSER CREATEDB CREATEROLE PASSWORD '$PASSWORD'" >/dev/null
  echo "jdbc:postgresql://127.0.0.1:$port/postgres"
}
URLS=()
for ((i = 1; i <= FORKS; i++)); do URLS+=("$(start_cluster "$i")"); done

export ORCH_TEST_DB_URL=$(IFS=,; echo "${URLS[*]}") ORCH_TEST_DB_USER=$ROLE
export ORCH_TEST_DB_PASSWORD=$PASSWORD
log "integration tests on PostgreSQL $MAJOR (test.db=external; test JVMs: $FORKS, each on a server of its own)"
mvn -B verify -DskipUTs -Dtest.db=external -Dtest.pg="$MAJOR" -Dit.forks="$FORKS" "$@"
