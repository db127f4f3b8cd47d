#!/usr/bin/env bash
# All of Finsam's tests, as CI runs them. Installs what the tests need when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== formatting"
cargo fmt --all -- --check

echo "== lints"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== PostgreSQL for the storage conformance suite"
if url=$(scripts/postgres.sh); then
  export FINSAM_TEST_POSTGRES_URL="$url"
  echo "PostgreSQL: $url"
else
  echo "VARNING: PostgreSQL kunde inte startas; konformitetstesterna körs bara mot SQLite." >&2
fi

echo "== Chromium and chromedriver for the browser tests"
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi

echo "== Python's icalendar, the real calendar parser the ICS tests read Finsam's files with"
bash scripts/pytools.sh >/dev/null

echo "== tests"
log=$(mktemp)
cargo test --workspace --locked 2>&1 | tee "$log"

echo "== fuzzing the plan, mapping-rule, participant-upload and SIE readers for 25 seconds each"
scripts/fuzz.sh run 25

echo "== benchmarks (recorded in BENCHMARKS.md; printed here, never a pass/fail timing)"
# At a reduced size that still prints every ratio, to keep CI short; FINSAM_BENCH_FULL=1 runs
# the sizes BENCHMARKS.md records.
if [ "${FINSAM_BENCH_FULL:-0}" = 1 ]; then
  plan_lines=10000 web_secs=10 sie_rows=1000000 sie_runs=5 web_apps="75 10 40"
else
  plan_lines=2000 web_secs=3 sie_rows=200000 sie_runs=2 web_apps="5 10 40"
fi
bash bench/plan-check.sh "$plan_lines"
FINSAM_BENCH_APPLICATIONS="$web_apps" bash bench/web.sh "$web_secs"
bash bench/sie.sh "$sie_rows" "$sie_runs"

echo "== load and fault run: readers, writers and an upload while the server is killed (asserts)"
if [ "${FINSAM_BENCH_FULL:-0}" = 1 ]; then
  load=(--seconds 20 --kills 3 --readers 50 --upload-mb 30)
else
  load=(--seconds 4 --kills 1 --readers 20 --upload-mb 5)
fi
python3 bench/load-fault.py "${load[@]}" --binary target/release/finsam
if [ -n "${FINSAM_TEST_POSTGRES_URL:-}" ]; then
  python3 bench/load-fault.py "${load[@]}" --binary target/release/finsam --db postgres \
    --postgres "$FINSAM_TEST_POSTGRES_URL"
fi

echo "== schemathesis against the OpenAPI document with an API token (asserts: no 5xx, answers as documented)"
if [ "${FINSAM_BENCH_FULL:-0}" = 1 ]; then examples=100; else examples=10; fi
bash scripts/schemathesis.sh "$examples" target/release/finsam

# One closing line for the whole run, counted from cargo test's own result lines.
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i) ~ /^passed;?$/) p += $(i-1); if ($(i) ~ /^failed;?$/) f += $(i-1) } }
     END { printf "tests: %d passed, %d failed\n", p, f }' "$log"
rm -f "$log"
