#!/usr/bin/env bash
# Puts a copy of the orchestrator's jar at DEST, building the jar first when it is missing or older
# than the sources. The copy replaces DEST by a rename: a JVM running the previous copy keeps the file
# it opened, whereas a build rewrites target/guardian-orchestrator.jar in place under a running JVM.
#
#   ops/node-jar.sh DEST
set -euo pipefail
dest="$1"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="$ROOT/orchestrator/target/guardian-orchestrator.jar"
cd "$ROOT"
if [[ ! -f "$JAR" || -n "$(find pom.xml jobs/pom.xml jobs/src/main orchestrator/pom.xml orchestrator/src/main sql \
      -newer "$JAR" -type f 2>/dev/null | head -1)" ]]; then
  echo "Building $JAR ..." >&2
  mvn -B -q -DskipTests package
fi
mkdir -p "$(dirname "$dest")"
cp "$JAR" "$dest.new"
mv -f "$dest.new" "$dest"
