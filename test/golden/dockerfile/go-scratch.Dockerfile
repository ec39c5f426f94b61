############################
# STEP 1 build executable binary
############################
FROM cgr.dev/ORG/go:1.26-dev AS builder

# git is required for fetching the dependencies;
# ca-certificates and tzdata are copied into the final scratch image.
RUN apk add --no-cache git ca-certificates tzdata && update-ca-certificates

WORKDIR $GOPATH/src/github.com/example/notifier/

# Fetch dependencies first so they are cached
COPY go.mod go.sum ./
RUN go mod download && go mod verify

COPY . .

# Build a fully static binary
RUN CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build \
    -ldflags='-w -s -extldflags "-static"' -a \
    -o /go/bin/notifier .

############################
# STEP 2 build a small image
############################
FROM scratch

# Stage 0 is the builder above; numeric reference kept from the original upstream template
COPY --from=0 /usr/share/zoneinfo /usr/share/zoneinfo
COPY --from=0 /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --from=builder /go/bin/notifier /go/bin/notifier

ENV TZ=Europe/Berlin

# nobody:nogroup — scratch has no /etc/passwd, so use numeric ids
USER 65534:65534

EXPOSE 9090

ENTRYPOINT ["/go/bin/notifier"]
