# A worker whose entrypoint fixes the ownership of its data volume as root, then steps
# down to the worker user with gosu (the pattern of the official database images).
FROM cgr.dev/ORG/wolfi-base:latest

LABEL org.opencontainers.image.title="sync-worker" \
      org.opencontainers.image.version="1.2.0"

RUN apk add --no-cache gosu ca-certificates-bundle rsync

RUN addgroup -S -g 999 worker \
 && adduser -D -S -H -u 999 -G worker -h /var/lib/sync worker

COPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME /var/lib/sync
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["rsync", "--daemon", "--no-detach", "--config=/etc/rsyncd.conf"]
