#!/usr/bin/env bash
# Query traffic on a Guardian database for the by-hand run (README, "Try every default schedule"):
# pgbench clients reading dashboards, changing medications (the triggers queue cache refreshes),
# running a ~150 ms report and a >1 s export, so pg_stat_statements has real statements to report.
#
#   ops/handrun/traffic.sh [seconds]     # PGHOST, PGPORT, PGUSER, PGDATABASE as for psql
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SECONDS_TO_RUN="${1:-600}"
PGBENCH="$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench | sort -V | tail -1)"
"$PGBENCH" -n -c 4 -j 2 -T "$SECONDS_TO_RUN" -R 40 \
    -f "$HERE/dashboard.sql@20" -f "$HERE/write.sql@4" -f "$HERE/report.sql@1" -f "$HERE/slow.sql@1"
