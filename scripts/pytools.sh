#!/usr/bin/env bash
# A Python with the packages the tests use to check Finsam's files with other people's
# readers (today: icalendar, for the ICS calendar, and tzdata, the time zone database its check
# compares with, for a machine without /usr/share/zoneinfo). Made once in target/pytools; prints
# the interpreter's path.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=$PWD/target/pytools
if ! "$venv/bin/python" -c "import icalendar, tzdata" 2>/dev/null; then
  bash scripts/venv.sh "$venv" >&2
  "$venv/bin/pip" install -q "icalendar>=6,<8" tzdata >&2
fi
echo "$venv/bin/python"
