# syntax=docker/dockerfile:1

FROM cgr.dev/ORG/rust:1.96-dev AS builder

# openssl-sys needs pkg-config and the OpenSSL headers
USER root
RUN apk add --no-cache pkgconf openssl-dev

WORKDIR /usr/src/ingest

# Build dependencies against a stub main so they are cached separately from our code.
COPY Cargo.toml Cargo.lock ./
RUN --mount=type=cache,target=/usr/local/cargo/registry <<EOF
set -eu
mkdir -p src
echo 'fn main() {}' > src/main.rs
cargo build --release --locked
rm -rf src target/release/deps/ingest*
EOF

COPY src ./src
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    cargo build --release --locked \
    && strip target/release/ingest

FROM cgr.dev/ORG/wolfi-base:latest

LABEL org.opencontainers.image.title="ingest" \
      org.opencontainers.image.description="Event ingestion worker" \
      org.opencontainers.image.version="0.14.2" \
      org.opencontainers.image.licenses="MIT OR Apache-2.0"

# libssl3 for reqwest/native-tls, ca-certificates for outbound TLS
RUN apk add --no-cache ca-certificates-bundle libssl3

# Debian's adduser: a system user with a matching group, no login shell
RUN addgroup -S ingest && adduser -D -S -H -G ingest ingest \
    && mkdir -p /var/lib/ingest \
    && chown ingest:ingest /var/lib/ingest

COPY --from=builder /usr/src/ingest/target/release/ingest /usr/local/bin/ingest

ENV RUST_LOG=info

USER ingest
VOLUME ["/var/lib/ingest"]
EXPOSE 7878
STOPSIGNAL SIGINT

ENTRYPOINT ["ingest"]
CMD ["--config", "/etc/ingest/config.toml"]
