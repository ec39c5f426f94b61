# An image whose configuration and helper scripts live in a rootfs/ tree, copied over /.
FROM cgr.dev/ORG/wolfi-base:latest
RUN apk add --no-cache bash curl jq
COPY rootfs /
RUN chmod +x /usr/local/bin/healthcheck.sh
USER 65534
ENTRYPOINT ["/usr/local/bin/healthcheck.sh"]
