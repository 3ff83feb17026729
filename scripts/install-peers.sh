#!/usr/bin/env bash
# Installs every peer the tests talk to, once, into ~/.cache/llmobserve (idempotent;
# a second run takes about a second): Jaeger (built from Go modules), and a Python
# venv with the OpenTelemetry SDK, requests and Arize Phoenix, and Debian's redis-server
# for the queue-worker example.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
bash "$HERE/install-jaeger.sh"
bash "$HERE/install-python-peers.sh" --phoenix
bash "$HERE/install-redis.sh"
