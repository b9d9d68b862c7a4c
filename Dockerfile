# accord's container image: a static binary on a Debian slim base, run as a
# non-root user. Not built in CI; see docs/deploying.md#container-image.
#
#   docker build -t accord .                                 no Chromium (PDF packets answer 503)
#   docker build --target pdf -t accord:pdf .                with Chromium for PDF check-in packets
#   docker build --build-arg POSTGRES_CLIENT=1 -t accord .   with pg_dump, for `accord backup` on PostgreSQL
#   docker build --build-arg VERSION=v1.4.0 -t accord .      what `accord version` prints

# The Go version of go.mod.
ARG GO_VERSION=1.26.8

FROM golang:${GO_VERSION}-trixie AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
# The SQLite driver is pure Go, so the binary needs no C library.
RUN CGO_ENABLED=0 go build -trimpath \
        -ldflags "-s -w -X github.com/accord-alliance/accord/internal/cli.Version=${VERSION}" \
        -o /out/accord ./cmd/accord

FROM debian:trixie-slim AS base
ARG POSTGRES_CLIENT=
# ca-certificates for SMTP over TLS, webhooks and FHIR servers; tzdata for
# calendar time zones.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates tzdata \
    && if [ -n "$POSTGRES_CLIENT" ]; then apt-get install -y --no-install-recommends postgresql-client; fi \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 accord \
    && useradd --system --uid 10001 --gid accord --home-dir /var/lib/accord --shell /usr/sbin/nologin accord \
    && install -d -o accord -g accord -m 0750 /var/lib/accord
COPY --from=build /out/accord /usr/local/bin/accord
ENV ACCORD_ADDR=0.0.0.0:8080 \
    ACCORD_DATABASE=/var/lib/accord/accord.db \
    ACCORD_LOG_FORMAT=json
WORKDIR /var/lib/accord
VOLUME /var/lib/accord
EXPOSE 8080
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/accord"]
CMD ["serve"]

# With Chromium, which prints check-in packets to PDF. accord starts it
# without its sandbox (the page is accord's own HTML and runs no script), so
# the container needs no extra privileges for it.
FROM base AS pdf
USER root
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium fonts-dejavu-core fonts-liberation \
    && rm -rf /var/lib/apt/lists/*
ENV ACCORD_CHROMIUM=/usr/bin/chromium
USER 10001:10001

# The default image, without Chromium.
FROM base AS accord
