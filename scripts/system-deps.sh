#!/usr/bin/env bash
# System packages the app needs (and, with TEST=1, the tests). Installs only what is missing.
set -euo pipefail
need=()
ldconfig -p 2>/dev/null | grep -q 'libzbar\.so\.0' || need+=(libzbar0)
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
if [ "${TEST:-0}" = 1 ]; then
  command -v chromium >/dev/null || need+=(chromium)
  command -v psql >/dev/null || need+=(postgresql-client)
  command -v pdftoppm >/dev/null || need+=(poppler-utils)
fi
if [ "${BENCH:-0}" = 1 ]; then
  command -v wrk >/dev/null || need+=(wrk)
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "Missing system packages: ${need[*]}. Install them with: sudo apt-get install ${need[*]}" >&2
    exit 1
  fi
  echo "Installing system packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi
