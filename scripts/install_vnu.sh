#!/usr/bin/env bash
# What the HTML validity test (tests/html) needs: the Nu HTML Checker, exactly the vnu-jar of
# tools/package-lock.json (npm ci), and Java to run it. Debian's packages where apt is available:
# default-jre-headless (Java 17 on Debian 12), and nodejs + npm only to fetch the pinned jar.
set -euo pipefail
cd "$(dirname "$0")/../tools"

missing=()
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    ../scripts/apt_install.sh "${missing[@]}"
  else
    echo "No apt-get: install ${missing[*]} (Java 11 or newer, Node.js and npm), then run make test again"
    exit 1
  fi
fi

wanted=$(node -p 'require("./package-lock.json").packages["node_modules/vnu-jar"].version')
have=$(node -p 'try { require("./node_modules/vnu-jar/package.json").version } catch (e) { "" }')
if [ "$have" != "$wanted" ]; then
  echo "Installing the Nu HTML Checker (vnu-jar $wanted) into tools/node_modules (npm ci)"
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
fi
java -jar node_modules/vnu-jar/build/dist/vnu.jar --version >/dev/null
