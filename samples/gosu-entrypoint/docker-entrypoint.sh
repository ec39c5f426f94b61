#!/bin/bash
set -euo pipefail

# Runs as root: make the volume the worker's, then drop privileges for the real command.
if [ "$(id -u)" = '0' ]; then
	chown -R worker:worker /var/lib/sync
	exec gosu worker "$@"
fi

exec "$@"
