# Release binaries per architecture, picked by BuildKit's TARGETARCH and by dpkg.
FROM cgr.dev/ORG/wolfi-base:latest AS fetch
ARG TARGETARCH
ARG AGENT_VERSION=2.8.1
RUN apk add --no-cache ca-certificates-bundle curl
RUN mkdir -p /opt/agent/bin \
    && curl -fsSLo /opt/agent/bin/agent "https://downloads.example.com/agent/v${AGENT_VERSION}/agent_linux_${TARGETARCH}" \
    && chmod +x /opt/agent/bin/agent
RUN case "$(dpkg --print-architecture)" in \
      amd64) SHIPPER=shipper-x86_64 ;; \
      arm64) SHIPPER=shipper-aarch64 ;; \
      *) echo "unsupported architecture" >&2; exit 1 ;; \
    esac \
    && curl -fsSLo /opt/agent/bin/shipper "https://downloads.example.com/shipper/1.2.0/${SHIPPER}" \
    && chmod +x /opt/agent/bin/shipper

FROM cgr.dev/ORG/wolfi-base:latest
COPY --from=fetch /opt/agent/bin/ /opt/agent/bin/
COPY agent.yaml /etc/agent/agent.yaml
USER 65532:65532
ENTRYPOINT ["/opt/agent/bin/agent", "--config", "/etc/agent/agent.yaml"]
