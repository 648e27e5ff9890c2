#!/usr/bin/env bash
# Signs a VNPost push the Standard Webhooks way and prints the three headers as curl options:
#   webhook-signature = v1,base64(HMAC-SHA256(base64-decoded secret after "whsec_", "<id>.<timestamp>.<body>"))
# Usage: sign-push.sh BODY_FILE [SECRET]
#   SECRET defaults to $TRACKING_WEBHOOK_SECRET, else to the local stack's .local-stack/tracking-webhook-secret.
# Example (local stack):
#   echo '[{"eventId":"vnp-1","itemCode":"EB123456785VN","statusCode":"EMA","occurredAt":"2026-11-22T09:15:00+07:00"}]' > push.json
#   curl -s -X POST http://127.0.0.1:8082/api/v1/tracking-events -H "Authorization: Bearer $TOKEN" \
#     -H 'Content-Type: application/json' $(postal-tracking-service/sign-push.sh push.json) --data-binary @push.json
set -euo pipefail
body=${1:?usage: sign-push.sh BODY_FILE [SECRET]}
secret=${2:-${TRACKING_WEBHOOK_SECRET:-}}
if [ -z "$secret" ]; then
  secret=$(cat "$(dirname "$0")/../.local-stack/tracking-webhook-secret")
fi
id="msg_$(date +%s%N)"
ts=$(date +%s)
key_hex=$(printf '%s' "${secret#whsec_}" | base64 -d | od -An -v -tx1 | tr -d ' \n')
sig=$({ printf '%s.%s.' "$id" "$ts"; cat "$body"; } | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key_hex" -binary | base64 -w0)
echo "-H webhook-id:$id -H webhook-timestamp:$ts -H webhook-signature:v1,$sig"
