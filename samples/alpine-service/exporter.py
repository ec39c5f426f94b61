"""pg-exporter-lite: PostgreSQL metrics for Prometheus, and nightly dumps into DUMP_DIR."""

import os
import subprocess
import sys
import time

import psycopg2
from prometheus_client import Gauge, start_http_server

UP = Gauge("pg_up", "Whether the last scrape reached PostgreSQL")
CONNECTIONS = Gauge("pg_connections", "Open connections by state", ["state"])


def scrape(dsn):
    try:
        with psycopg2.connect(dsn) as conn, conn.cursor() as cur:
            cur.execute("SELECT state, count(*) FROM pg_stat_activity GROUP BY state")
            for state, count in cur.fetchall():
                CONNECTIONS.labels(state or "unknown").set(count)
        UP.set(1)
    except psycopg2.Error:
        UP.set(0)


def dump(dsn):
    target = os.path.join(os.environ.get("DUMP_DIR", "/backups"), time.strftime("%Y%m%d.sql"))
    subprocess.run(["pg_dump", "--dbname", dsn, "--file", target], check=True)


def main(argv):
    dsn = os.environ["DATABASE_URL"]
    if argv[:1] == ["dump"]:
        dump(dsn)
        return
    start_http_server(int(os.environ.get("EXPORTER_PORT", "9187")))
    while True:
        scrape(dsn)
        time.sleep(15)


if __name__ == "__main__":
    main(sys.argv[1:])
