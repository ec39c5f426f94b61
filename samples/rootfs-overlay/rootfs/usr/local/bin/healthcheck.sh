#!/bin/bash
set -euo pipefail
. /etc/app/check.conf
while true; do curl -fsS "$url" | jq -e '.status == "ok"'; sleep "$interval"; done
