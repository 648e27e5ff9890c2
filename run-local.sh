#!/usr/bin/env bash
# Builds what is needed and starts the whole system locally (no Docker): Kafka, PostgreSQL, the portal simulator,
# the token issuer and the three services. Ctrl-C stops everything. `./run-local.sh --clean` starts from empty data.
set -euo pipefail
cd "$(dirname "$0")"
echo "[local-stack] building (./mvnw install -DskipTests) ..."
./mvnw -q -B install -DskipTests -DskipFormat=true
exec java -Dbcci.root="$PWD" -jar local-stack/target/local-stack.jar "$@"
