#!/usr/bin/env bash
# A Python with the packages the tests use to check Finsam's files with other people's
# readers (today: icalendar, for the ICS calendar). Made once in target/pytools; prints the
# interpreter's path.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=$PWD/target/pytools
if ! "$venv/bin/python" -c "import icalendar" 2>/dev/null; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q "icalendar>=6,<8" >&2
fi
echo "$venv/bin/python"
