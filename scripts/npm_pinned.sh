#!/usr/bin/env bash
# One npm package at exactly the version DIR/package-lock.json pins, into DIR/node_modules
# (npm ci), for the set-up steps that need one (install_vnu.sh, install_lighthouse.sh).
# Node.js and npm, and any other COMMAND:DEBIAN-PACKAGE given, come from Debian's packages
# where apt is available (scripts/apt_install.sh).
# Usage: scripts/npm_pinned.sh DIR PACKAGE [COMMAND:DEBIAN-PACKAGE ...]
set -euo pipefail
dir=$1 package=$2
shift 2
cd "$(dirname "$0")/../$dir"

missing=()
for need in node:nodejs npm:npm "$@"; do
  command -v "${need%%:*}" >/dev/null 2>&1 || missing+=("${need#*:}")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    ../scripts/apt_install.sh "${missing[@]}"
  else
    echo "No apt-get: install ${missing[*]} (Debian's package names; Node.js 18.16 or newer), then run make again"
    exit 1
  fi
fi

wanted=$(node -p "require('./package-lock.json').packages['node_modules/$package'].version")
have=$(node -p "try { require('./node_modules/$package/package.json').version } catch (e) { '' }")
if [ "$have" != "$wanted" ]; then
  echo "Installing $package $wanted into $dir/node_modules (npm ci)"
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
fi
