#!/usr/bin/env bash
# What the browser tests need: Chromium, and the libraries Playwright's bundled driver
# (a Node.js binary) links against. Debian's packages where apt is available (Playwright
# cannot download its own browser on every network), else Playwright's own browser.
set -euo pipefail
py=${1:-python3}
driver_node=$("$py" -c 'import os, playwright; print(os.path.join(os.path.dirname(playwright.__file__), "driver", "node"))')

have_chromium() { command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; }
driver_runs() { "$driver_node" --version >/dev/null 2>&1; }

if have_chromium && driver_runs; then exit 0; fi

if command -v apt-get >/dev/null 2>&1; then
  packages=(libatomic1)   # the Playwright driver's Node.js needs it; minimal Debian lacks it
  have_chromium || packages+=(chromium fonts-dejavu-core fonts-liberation)
  "$(dirname "$0")/apt_install.sh" "${packages[@]}"
else
  echo "No apt-get: installing Playwright's own Chromium"
  "$py" -m playwright install --with-deps chromium
fi
driver_runs || { echo "Playwright's driver still does not start: $driver_node"; exit 1; }
