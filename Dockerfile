# Build the server and the seed command, then run on a small Debian image.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/skillcert ./server \
 && CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/skillcert-seed ./seed

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates tzdata curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home /app skillcert
COPY --from=build /out/ /usr/local/bin/
USER skillcert
WORKDIR /app
ENV SKILLCERT_ADDR=:8080 TZ=Asia/Shanghai
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s CMD curl -fsS http://127.0.0.1:8080/readyz || exit 1
ENTRYPOINT ["/usr/local/bin/skillcert"]
