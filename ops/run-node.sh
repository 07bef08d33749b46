#!/usr/bin/env bash
# Starts one Guardian Orchestrator node with config.yml, building the jar first if needed.
# Without ORCH_DB_URL the node runs its own embedded PostgreSQL in ORCH_DATA_DIR (./data).
# The JVM runs a copy of the jar (ops/node-jar.sh), which a build while it runs leaves alone.
set -euo pipefail
cd "$(dirname "$0")/.."
ops/node-jar.sh orchestrator/target/node/guardian-orchestrator.jar
exec java ${JAVA_OPTS:-} -jar orchestrator/target/node/guardian-orchestrator.jar server config.yml
