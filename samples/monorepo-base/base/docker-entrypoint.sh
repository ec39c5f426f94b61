#!/bin/sh
# Waits until the database named by DATABASE_HOST accepts connections, then runs the command.
set -e
if [ -n "${DATABASE_HOST:-}" ]; then
  until python3 -c "import socket; socket.create_connection(('${DATABASE_HOST}', ${DATABASE_PORT:-5432}), 2)" 2>/dev/null; do
    echo "waiting for ${DATABASE_HOST}" >&2
    sleep 1
  done
fi
exec "$@"
