#!/usr/bin/env bash
# Starts one Guardian Orchestrator node with config.yml, building the jar first if needed.
# Without ORCH_DB_URL the node runs its own embedded PostgreSQL in ORCH_DATA_DIR (./data).
set -euo pipefail
cd "$(dirname "$0")/.."
jar=orchestrator/target/guardian-orchestrator.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml jobs orchestrator/src orchestrator/pom.xml sql -newer "$jar" -type f 2>/dev/null | head -1)" ]; then
  echo "Building $jar ..." >&2
  mvn -B -q -DskipTests package
fi
exec java ${JAVA_OPTS:-} -jar "$jar" server config.yml
