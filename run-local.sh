#!/usr/bin/env bash
# Builds what is needed and starts the whole system locally (no Docker): Kafka, PostgreSQL, the portal simulator,
# the token issuer and the three services. Ctrl-C stops everything. `./run-local.sh --clean` starts from empty data;
# `--instances 2` runs two of each service; `--secure-kafka` runs the broker as production does (SCRAM sign-in, ACLs).
set -euo pipefail
cd "$(dirname "$0")"
echo "[local-stack] building (./mvnw install -DskipTests) ..."
./mvnw -q -B install -DskipTests -DskipFormat=true
exec java -Dbcci.root="$PWD" -jar local-stack/target/local-stack.jar "$@"
