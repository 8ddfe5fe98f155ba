#!/usr/bin/env bash
# What the HTML validity test (tests/html) needs: the Nu HTML Checker, exactly the vnu-jar of
# tools/package-lock.json (npm ci), and Java to run it. Debian's packages where apt is available:
# default-jre-headless (Java 17 on Debian 12), and nodejs + npm only to fetch the pinned jar.
set -euo pipefail
here="$(dirname "$0")"
"$here/npm_pinned.sh" tools vnu-jar java:default-jre-headless
java -jar "$here/../tools/node_modules/vnu-jar/build/dist/vnu.jar" --version >/dev/null
