#!/usr/bin/env bash
# Chromium for the browser tests. Debian's package where apt is available (Playwright
# cannot download its own build on every network), else Playwright's own browser.
set -euo pipefail
py=${1:-python3}
for exe in chromium chromium-browser; do
  if command -v "$exe" >/dev/null 2>&1; then exit 0; fi
done
if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing Chromium from the Debian/Ubuntu package (needs apt-get${sudo:+ via sudo})"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core fonts-liberation >/dev/null \
    || $sudo apt-get install -y -qq chromium-browser >/dev/null
  exit 0
fi
echo "No apt-get: installing Playwright's own Chromium"
"$py" -m playwright install --with-deps chromium
