#!/usr/bin/env bash
# Rewrites package-lock.json from scratch (no node_modules involved), so it records
# the optional platform packages of every platform and `npm ci` accepts it anywhere.
# npm 11 leaves such records out when it updates a lock next to an existing
# node_modules (npm/cli#4828). Two root `overrides` pin unrs-resolver (jest) and
# msgpackr-extract (bullmq) to releases whose platform packages all exist on the
# registry this project is built from; npm silently omits the ones it cannot fetch.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
cd "$ROOT"
for f in package.json $(git ls-files --cached --others --exclude-standard '*/package.json' | grep -E '^(packages|examples)/[^/]+/package.json$'); do
  mkdir -p "$TMP/$(dirname "$f")"; cp "$f" "$TMP/$f"
done
(cd "$TMP" && npm install --package-lock-only --no-audit --no-fund --loglevel=error)
cp "$TMP/package-lock.json" "$ROOT/package-lock.json"
echo "package-lock.json regenerated"
