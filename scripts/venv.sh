#!/usr/bin/env bash
# Makes a Python virtual environment at DIR when it is not there, installing Debian's
# python3-venv first when python3 has no venv module (a fresh Debian has none). Used by the
# scripts that install Python tools for the tests (pytools.sh, schemathesis.sh).
#   bash scripts/venv.sh DIR
set -euo pipefail
venv=$1
[ -x "$venv/bin/python" ] && exit 0
if ! python3 -m venv "$venv" >/dev/null 2>&1; then
  rm -rf "$venv"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null; }
  python3 -m venv "$venv"
fi
