#!/bin/sh
# Debian's Chromium for the browser tests (playwright drives it; `playwright install` cannot download here).
set -e
if [ "$(id -u)" != 0 ]; then
  echo "The browser tests need Debian's chromium: run 'sudo apt-get install -y chromium' and retry." >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
command -v chromium
