#!/usr/bin/env bash
# Installs Debian packages without questions: `scripts/apt_install.sh PACKAGE...`.
# Used by the set-up steps (install_browser.sh, npm_pinned.sh); via sudo when not root.
set -euo pipefail
[ "$#" -gt 0 ] || exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing $* with apt-get${sudo:+ (via sudo)}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
