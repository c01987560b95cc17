#!/usr/bin/env bash
# The queue-mode tests start their own Redis from Debian's redis-server: install it when missing
# (as root, the way CI and these machines run), or say how.
set -euo pipefail
command -v "${TGL_REDIS_SERVER:-redis-server}" >/dev/null 2>&1 && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "redis-server is missing: install Debian's redis-server (sudo apt-get install -y redis-server) and run npm test again" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq redis-server >/dev/null
