#!/usr/bin/env bash
# What `make bench` needs for its Lighthouse part: Node.js and npm (Debian's packages where
# apt is available; Debian 12 ships Node 18.20, new enough for the pinned Lighthouse 12),
# then the exact Lighthouse of bench/package-lock.json. Lighthouse fetches no browser of its
# own: it drives the system Chromium that `make browser` installs.
set -euo pipefail
cd "$(dirname "$0")/../bench"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    missing=()
    command -v node >/dev/null 2>&1 || missing+=(nodejs)
    command -v npm >/dev/null 2>&1 || missing+=(npm)
    ../scripts/apt_install.sh "${missing[@]}"
  else
    echo "No Node.js and no apt-get: install Node.js 18.16 or newer, then run make bench again"
    exit 1
  fi
fi

wanted=$(node -p 'require("./package-lock.json").packages["node_modules/lighthouse"].version')
have=$(node -p 'try { require("./node_modules/lighthouse/package.json").version } catch (e) { "" }')
if [ "$have" != "$wanted" ]; then
  echo "Installing Lighthouse $wanted into bench/node_modules (npm ci)"
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
fi
node_modules/.bin/lighthouse --version >/dev/null
