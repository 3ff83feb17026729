#!/usr/bin/env bash
# Installs Debian's redis-server for the queue-worker example (BullMQ), once.
# The example starts its own server on a free 127.0.0.1 port and stops it.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then
  echo "redis: already installed ($(redis-server --version | cut -d' ' -f3))"
  exit 0
fi
if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null 2>&1; then
  echo "redis: redis-server is missing; install it (Debian/Ubuntu: apt-get install redis-server) and rerun $0" >&2
  exit 1
fi
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
echo "redis: installing Debian package redis-server"
$SUDO apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends redis-server >/dev/null
# The package starts a system service on 6379 where systemd runs; the example does not use it.
echo "redis: installed ($(redis-server --version | cut -d' ' -f3))"
