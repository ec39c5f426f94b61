#!/bin/bash
set -euo pipefail

case "${1:-serve}" in
  serve) exec python3 /opt/exporter/exporter.py --port "${EXPORTER_PORT:-9187}" ;;
  dump)  exec pg_dump --format=custom --file "${DUMP_DIR}/$(date +%F).dump" "${DATABASE_URL}" ;;
  *)     exec "$@" ;;
esac
