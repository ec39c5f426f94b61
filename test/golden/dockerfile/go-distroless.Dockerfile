# syntax=docker/dockerfile:1

FROM cgr.dev/ORG/go:1.26-dev AS build

WORKDIR /src

# Download modules in their own layer; the cache mount keeps them across builds.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download

COPY . .

# Lint inside the build so a broken image never gets pushed; the installer script pins the version.
RUN curl -sSfL https://raw.githubusercontent.com/golangci/golangci-lint/master/install.sh | sh -s -- -b /usr/local/bin v1.62.2 \
    && golangci-lint run --timeout=5m ./...

# VERSION and COMMIT are stamped into main.version / main.commit.
ARG VERSION=dev
ARG COMMIT=unknown
ARG TARGETOS=linux
ARG TARGETARCH=amd64

RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=${TARGETOS} GOARCH=${TARGETARCH} \
    go build -trimpath \
        -ldflags="-s -w -X main.version=${VERSION} -X main.commit=${COMMIT}" \
        -o /out/api ./cmd/api

# static-debian12 has CA certs, tzdata and /etc/passwd but no shell or libc.
FROM cgr.dev/ORG/static:latest

LABEL org.opencontainers.image.title="billing-api" \
      org.opencontainers.image.description="Billing HTTP API" \
      org.opencontainers.image.licenses="Apache-2.0"

# --link: this layer does not depend on the base, so it can be rebased without a rebuild.
COPY --link --from=build /out/api /usr/local/bin/api

EXPOSE 8080

# The :nonroot tag already sets this; repeated so it survives a base swap.
USER nonroot:nonroot

ENTRYPOINT ["/usr/local/bin/api"]
CMD ["serve", "--addr=:8080"]
