#!/usr/bin/env bash
# Builds the Karaf distribution and starts the demo: PostgreSQL (data kept in data/demo), Karaf
# with Position Sync and the gateway simulator. `shutdown` at the Karaf prompt stops everything.
set -euo pipefail
cd "$(dirname "$0")"
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/java-17-openjdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
fi
mvn -B -q install -DskipTests -pl distribution/demo -am
exec java -jar distribution/demo/target/position-sync-demo.jar distribution/assembly/target/assembly
