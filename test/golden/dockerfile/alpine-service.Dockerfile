# syntax=docker/dockerfile:1

FROM cgr.dev/ORG/wolfi-base:latest

LABEL org.opencontainers.image.title="pg-exporter-lite" \
      org.opencontainers.image.description="Small PostgreSQL metrics exporter and nightly dumper" \
      org.opencontainers.image.version="1.3.0" \
      org.opencontainers.image.licenses="MIT"

# Runtime dependencies only; --no-cache avoids leaving the apk index behind.
RUN apk add --no-cache \
        bash \
        ca-certificates \
        libpq-18 \
        postgresql-18-client \
        python-3.14 \
        tini \
        tzdata

WORKDIR /opt/exporter

# psycopg2 has no musl wheel for every arch: compile it, then drop the toolchain in the same layer.
COPY requirements.txt .
RUN apk add --no-cache --virtual .build-deps \
        gcc \
        glibc-2.43-dev \
        python-3.14-dev \
        postgresql-18-dev \
    && python3 -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-cache-dir -r requirements.txt \
    && apk del .build-deps

ENV PATH="/opt/venv/bin:${PATH}" \
    EXPORTER_PORT=9187 \
    DUMP_DIR=/backups

# busybox adduser: -S system user, -D no password, -H no home
RUN <<EOF
set -e
addgroup -S exporter
adduser -S -D -H -G exporter -s /sbin/nologin exporter
mkdir -p /backups
chown exporter:exporter /backups
EOF

COPY --chmod=0755 docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
COPY exporter.py .

USER exporter
VOLUME /backups
EXPOSE 9187

HEALTHCHECK --interval=1m --timeout=5s CMD wget -qO- "http://127.0.0.1:${EXPORTER_PORT:-9187}/metrics" >/dev/null || exit 1

ENTRYPOINT ["/sbin/tini", "--", "docker-entrypoint.sh"]
CMD ["serve"]
