# The binary stage is chosen per platform: binaries-linux, binaries-windows …
ARG TARGETOS

FROM cgr.dev/ORG/go:1.26-dev AS build
WORKDIR /src
COPY go.mod main.go ./
ARG TARGETARCH
RUN CGO_ENABLED=0 GOOS=linux GOARCH=$TARGETARCH go build -o /out/relay .

FROM build AS binaries-linux
RUN cp /out/relay /relay

FROM scratch
ARG TARGETOS
COPY --from=binaries-${TARGETOS} /relay /relay
USER 65532
ENTRYPOINT ["/relay"]
