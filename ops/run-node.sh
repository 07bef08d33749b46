#!/usr/bin/env bash
# Starts one Guardian Orchestrator node with config.yml, building the jar first if needed.
# Without ORCH_DB_URL the node runs its own embedded PostgreSQL in ORCH_DATA_DIR (./data).
# The JVM runs a copy of the jar, put in place by a rename: a build while it runs (mvn verify
# rewrites target/guardian-orchestrator.jar) would otherwise change the classes under it.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=orchestrator/target/guardian-orchestrator.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml jobs/pom.xml jobs/src/main orchestrator/pom.xml orchestrator/src/main sql -newer "$jar" -type f 2>/dev/null | head -1)" ]; then
  echo "Building $jar ..." >&2
  mvn -B -q -DskipTests package
fi
mkdir -p orchestrator/target/node
cp "$jar" orchestrator/target/node/guardian-orchestrator.jar.new
mv -f orchestrator/target/node/guardian-orchestrator.jar.new orchestrator/target/node/guardian-orchestrator.jar
exec java ${JAVA_OPTS:-} -jar orchestrator/target/node/guardian-orchestrator.jar server config.yml
