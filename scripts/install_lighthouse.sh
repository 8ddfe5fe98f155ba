#!/usr/bin/env bash
# What `make bench` needs for its Lighthouse part: Node.js and npm (Debian's packages where
# apt is available; Debian 12 ships Node 18.20, new enough for the pinned Lighthouse 12),
# then the exact Lighthouse of bench/package-lock.json. Lighthouse fetches no browser of its
# own: it drives the system Chromium that `make browser` installs.
set -euo pipefail
here="$(dirname "$0")"
"$here/npm_pinned.sh" bench lighthouse
"$here/../bench/node_modules/.bin/lighthouse" --version >/dev/null
