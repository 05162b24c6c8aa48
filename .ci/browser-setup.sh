#!/usr/bin/env bash
# What the reading-view browser test (tests/e2e/test_ui.py) needs: Debian's chromium and
# playwright-core (driver only; no browser download) in tests/e2e/ui/node_modules.
# Idempotent; safe to run on every CI run. Without these the test skips with the reason.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

if [ ! -x /usr/bin/chromium ]; then
    echo "browser-setup: installing chromium (apt)"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "browser-setup: installing nodejs and npm (apt)"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends nodejs npm
fi

echo "browser-setup: playwright-core into tests/e2e/ui/node_modules"
# PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: playwright-core downloads nothing, but make sure of it
if [ -f tests/e2e/ui/package-lock.json ]; then npm_cmd=ci; else npm_cmd=install; fi
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm --prefix tests/e2e/ui "$npm_cmd" --no-audit --no-fund --loglevel=error

/usr/bin/chromium --version
node --version
node -e "require('./tests/e2e/ui/node_modules/playwright-core'); console.log('playwright-core: ok')"
