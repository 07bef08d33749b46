#!/usr/bin/env bash
# Creates the database roles of Guardian Orchestrator (ops/db/roles.sql; README, "Database roles")
# in one database, with psql, as a superuser. Run it once before the first `db migrate`.
#
#   ORCH_OWNER_DB_PASSWORD='...' ORCH_NODE_DB_PASSWORD='...' \
#     ops/db/create-roles.sh "host=db.example.internal dbname=guardian user=postgres"
#
# The argument is psql's connection string; the passwords are read from the environment and
# passed on standard input, never on a command line. ORCH_OWNER_ROLE / ORCH_NODE_ROLE change the
# role names (default orchestrator_owner / orchestrator_node). For a database migrated before,
# set ORCH_OWNER_ROLE to the role that ran those migrations (it owns their objects): an existing
# owner keeps its password unless ORCH_OWNER_DB_PASSWORD is set.
set -euo pipefail

if [[ -z "${ORCH_OWNER_ROLE:-}" ]]; then
  : "${ORCH_OWNER_DB_PASSWORD:?set ORCH_OWNER_DB_PASSWORD, the password of the migration owner}"
fi
: "${ORCH_NODE_DB_PASSWORD:?set ORCH_NODE_DB_PASSWORD, the password the nodes connect with}"
here=$(cd "$(dirname "$0")" && pwd)

literal() {
  local quote="'"
  printf "'%s'" "${1//$quote/$quote$quote}"
}

{
  echo "SET client_min_messages = warning;"
  echo "SET orchestrator.owner_role = $(literal "${ORCH_OWNER_ROLE:-orchestrator_owner}");"
  echo "SET orchestrator.node_role = $(literal "${ORCH_NODE_ROLE:-orchestrator_node}");"
  echo "SET orchestrator.owner_password = $(literal "${ORCH_OWNER_DB_PASSWORD:-}");"
  echo "SET orchestrator.node_password = $(literal "$ORCH_NODE_DB_PASSWORD");"
  cat "$here/roles.sql"
} | psql -X -q -v ON_ERROR_STOP=1 "$@"
echo "Roles ${ORCH_OWNER_ROLE:-orchestrator_owner} (migrations) and ${ORCH_NODE_ROLE:-orchestrator_node} (nodes) are ready."
