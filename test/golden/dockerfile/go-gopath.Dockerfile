# A GOPATH-style build: the golang image sets GOPATH=/go and WORKDIR /go.
FROM cgr.dev/ORG/go:1.26-dev AS build
COPY . ${GOPATH}/src/github.com/example/notifier
WORKDIR ${GOPATH}/src/github.com/example/notifier
RUN CGO_ENABLED=0 go build -o /go/bin/notifier .

FROM cgr.dev/ORG/static:latest
COPY --from=build /go/bin/notifier /usr/bin/notifier
ENTRYPOINT ["/usr/bin/notifier"]
