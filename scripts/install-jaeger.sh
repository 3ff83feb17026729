#!/usr/bin/env bash
# Installs Jaeger (all-in-one, in-memory storage) into ~/.cache/llmobserve/bin/jaeger, once.
#
# First choice: Jaeger v2.20.0. Its go.mod carries no /v2 suffix, so `go install …@v2.20.0`
# fails; the v2.20.0 commit installs as a pseudo-version. Some module proxies do not serve
# that commit ("This module version is not available"); then we fall back to
# cmd/all-in-one@v1.48.0, the last v1 tag whose go.mod has no replace directive. Both accept
# OTLP/HTTP on 4318 and serve /api/traces/{id} on 16686, which is what the tests use.
# Idempotent: a second run returns at once.
set -euo pipefail
V2_COMMIT="798e4b0fcf22609e381df764a01461affd813e1e" # v2.20.0
V1_TAG="v1.48.0"
CACHE="${LLMOBSERVE_CACHE:-$HOME/.cache/llmobserve}"
BIN="$CACHE/bin"
if [ -x "$BIN/jaeger" ] && [ -f "$BIN/jaeger.version" ]; then
  echo "jaeger: already installed ($(cat "$BIN/jaeger.version")) at $BIN/jaeger"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "jaeger: Go is missing; install Go >= 1.26 and rerun $0" >&2
  exit 1
fi
mkdir -p "$BIN"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
echo "jaeger: building v2.20.0 (commit $V2_COMMIT) with go install (first run only, several minutes)"
if GOBIN="$tmp" go install "github.com/jaegertracing/jaeger/cmd/jaeger@$V2_COMMIT"; then
  mv "$tmp/jaeger" "$BIN/jaeger"; echo "v2.20.0" > "$BIN/jaeger.version"
else
  echo "jaeger: v2.20.0 is not available from this module proxy; building all-in-one@$V1_TAG instead"
  GOBIN="$tmp" go install "github.com/jaegertracing/jaeger/cmd/all-in-one@$V1_TAG"
  mv "$tmp/all-in-one" "$BIN/jaeger"; echo "$V1_TAG" > "$BIN/jaeger.version"
fi
echo "jaeger: installed $(cat "$BIN/jaeger.version") at $BIN/jaeger"
