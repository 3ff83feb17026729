#!/usr/bin/env bash
# Installs the Python peers the end-to-end tests talk to into one venv under
# ~/.cache/llmobserve/venv, once: the OpenTelemetry SDK (cross-language hops),
# requests (the proxy's Python caller) and, with --phoenix, Arize Phoenix.
# Idempotent: a stamp file per requirements set makes a second run instant.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
CACHE="${LLMOBSERVE_CACHE:-$HOME/.cache/llmobserve}"
VENV="$CACHE/venv"
PY="${PYTHON:-python3}"
want_phoenix=0
for arg in "$@"; do [ "$arg" = "--phoenix" ] && want_phoenix=1; done
if ! command -v "$PY" >/dev/null 2>&1; then
  echo "python peers: python3 is missing; install Python >= 3.10 and rerun $0" >&2
  exit 1
fi
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
install_set() {
  local req="$1" stamp
  stamp="$VENV/.stamp-$(sha256sum "$req" | cut -c1-16)"
  if [ -f "$stamp" ]; then echo "python peers: $(basename "$req") already installed"; return 0; fi
  echo "python peers: installing $(basename "$req") into $VENV"
  "$VENV/bin/python" -m pip install --disable-pip-version-check -q -r "$req"
  touch "$stamp"
}
install_set "$HERE/python/requirements-otel.txt"
if [ "$want_phoenix" = 1 ]; then install_set "$HERE/python/requirements-phoenix.txt"; fi
echo "python peers: ready in $VENV"
