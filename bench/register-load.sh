#!/usr/bin/env bash
# Registration load against a running local stack (./run-local.sh): wrk (Debian package `wrk`, installed if missing),
# CONNECTIONS concurrent clients for DURATION, then dossier-service's RSS.
set -euo pipefail
cd "$(dirname "$0")"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
CONNECTIONS=${CONNECTIONS:-16}
DURATION=${DURATION:-30s}
TOKEN=$(curl -s -X POST http://127.0.0.1:8088/oauth2/token -d grant_type=client_credentials \
  -d client_id=agency-h22 -d client_secret=agency-h22-secret | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
export TOKEN
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s register.lua http://127.0.0.1:8081
pid=$(pgrep -f 'dossier-service/target/quarkus-app/quarkus-run.jar' | head -1)
echo "dossier-service RSS after the run: $(( $(awk '/VmRSS/{print $2}' /proc/$pid/status) / 1024 )) MB"
