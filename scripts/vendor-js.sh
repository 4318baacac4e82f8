#!/usr/bin/env bash
# Third-party browser code is installed from the npm registry (versions pinned in package.json)
# and copied under static/js/vendor/, so the app serves it itself and loads nothing from a CDN.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f package.json ] || exit 0
if [ ! -d node_modules ] || [ package.json -nt node_modules ]; then
  npm install --no-audit --no-fund --silent
  touch node_modules
fi
if [ -f scripts/copy-vendor.sh ]; then bash scripts/copy-vendor.sh; fi
