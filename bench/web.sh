#!/usr/bin/env bash
# Benchmark: the web app under load from wrk (a second process on loopback), 50 connections.
# Measures requests per second and p99 latency for the dashboard page, the budget page, the
# follow-up page of a half-year, the plan's tables as an XLSX workbook and the JSON budget, and
# (over FORBUND × YEARS × PER_YEAR generated applications with their whole way, by default
# 75 × 10 × 40 = 30 000) a förbund's application list with its table of overdue deadlines and one
# application's page, the table of reports due and the year's calendar as ICS, each next to the app's own trivial /healthz in the same run, and the
# server's peak memory, on SQLite and on PostgreSQL. Targets: on SQLite every page and file
# >= 30 % of /healthz's requests per second, on PostgreSQL the dashboard and the application
# pages, the reports-due table and the calendar >= 20 %; p99 < 20 ms. Results go in BENCHMARKS.md by hand, with date and machine.
#   FINSAM_BENCH_APPLICATIONS="FORBUND YEARS PER_YEAR" bash bench/web.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
if ! command -v wrk >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
read -r apps_forbund apps_years apps_per_year <<< "${FINSAM_BENCH_APPLICATIONS:-75 10 40}"
cargo build --release --locked -p finsam-cli -p finsam-bench
mkdir -p bench/out
port=${FINSAM_BENCH_PORT:-18080}
base="http://127.0.0.1:$port"
: > bench/out-web.txt

run() {
  local name=$1 path=$2
  local out
  out=$(wrk -t2 -c50 -d"${secs}s" --latency -H "Cookie: finsam_session=$session" "$base$path")
  local rps p99
  rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
  p99=$(echo "$out" | awk '$1 == "99%" { print $2 }')
  errors=$(echo "$out" | awk '/Non-2xx/ { print $5 }')
  printf '%-40s %10s req/s   p99 %8s   non-2xx %s\n' "$name" "$rps" "$p99" "${errors:-0}"
  echo "$name|$rps|$p99" >> bench/out-web.txt
}

# One backend (its database URL): start the demo on it, add the generated applications, log in
# as the förbundschef, load the pages, stop.
backend() {
  local engine=$1 db=$2
  # Today is today (the demo's own day is 2024-11-04): the generated applications run to now.
  ./target/release/finsam serve --demo --idag "$(date +%F)" --listen "127.0.0.1:$port" --db "$db" > bench/out-serve.log 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done
  local started=$SECONDS
  read -r forbund application <<< "$(./target/release/gen-applications "$db" "$apps_forbund" "$apps_years" "$apps_per_year")"
  echo "$engine: $apps_forbund förbund × $apps_years years × $apps_per_year applications generated in $((SECONDS - started)) s"
  jar=$(mktemp)
  token=$(curl -s -c "$jar" -b "$jar" "$base/logga-in" | sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' | head -n 1)
  curl -s -o /dev/null -c "$jar" -b "$jar" --data "_csrf=$token&username=demo&password=finsam-demo" "$base/logga-in"
  session=$(awk '$6 == "finsam_session" { print $7 }' "$jar")
  [ -n "$session" ] || { echo "inloggningen misslyckades ($engine)" >&2; kill $pid; exit 1; }
  # Read whole before grep: `grep -q` leaving early would make curl fail on a closed pipe.
  page=$(curl -sf -H "Cookie: finsam_session=$session" "$base/forbund/1/versioner/1")
  grep -q "Nyckeltal" <<< "$page" || { echo "översikten saknar nyckeltal ($engine)" >&2; exit 1; }
  page=$(curl -sf -H "Cookie: finsam_session=$session" "$base/api/forbund/1/versioner/1")
  grep -q '"nyckeltal"' <<< "$page" || { echo "JSON-budgeten saknar nyckeltal ($engine)" >&2; exit 1; }
  page=$(curl -sf -H "Cookie: finsam_session=$session" "$base/forbund/1/uppfoljning/2024?period=h1")
  grep -q "1 803 005" <<< "$page" || { echo "uppföljningen saknar halvårets kostnader ($engine)" >&2; exit 1; }
  curl -sf -H "Cookie: finsam_session=$session" -o bench/out-plan.xlsx "$base/forbund/1/versioner/1/export/plan.xlsx"
  [ "$(head -c 2 bench/out-plan.xlsx)" = "PK" ] || { echo "exporten är ingen XLSX-fil ($engine)" >&2; exit 1; }
  page=$(curl -sf -H "Cookie: finsam_session=$session" "$base/forbund/$forbund/insatser")
  grep -q "Att hantera" <<< "$page" || { echo "ansökningslistan saknar fristtabellen ($engine)" >&2; exit 1; }
  page=$(curl -sf -H "Cookie: finsam_session=$session" "$base/forbund/$forbund/insatser/$application")
  grep -q "Ärendets gång" <<< "$page" || { echo "ansökans sida saknar ärendets gång ($engine)" >&2; exit 1; }
  page=$(curl -sf -H "Cookie: finsam_session=$session" "$base/forbund/$forbund/rapporter")
  grep -q "rapporter, efter sista dag" <<< "$page" || { echo "rapporttabellen saknas ($engine)" >&2; exit 1; }
  page=$(curl -sf -H "Cookie: finsam_session=$session" "$base/forbund/$forbund/kalender.ics")
  grep -q "BEGIN:VEVENT" <<< "$page" || { echo "kalendern saknar händelser ($engine)" >&2; exit 1; }
  run "$engine /healthz (peer)" /healthz
  run "$engine dashboard page" /forbund/1/versioner/1
  run "$engine budget page" /forbund/1/versioner/1/budget
  run "$engine follow-up page (h1)" "/forbund/1/uppfoljning/2024?period=h1"
  run "$engine XLSX export (plan)" /forbund/1/versioner/1/export/plan.xlsx
  run "$engine JSON budget" /api/forbund/1/versioner/1
  run "$engine application list + overdue" "/forbund/$forbund/insatser"
  run "$engine application page" "/forbund/$forbund/insatser/$application"
  run "$engine reports due table" "/forbund/$forbund/rapporter"
  run "$engine calendar (ICS, the year)" "/forbund/$forbund/kalender.ics"
  run "$engine /healthz (peer, again)" /healthz
  echo "$engine peak memory (VmHWM): $(awk '/VmHWM/ { print $2, $3 }' /proc/$pid/status)"
  kill $pid
  wait $pid 2>/dev/null || true
}
trap 'kill $pid 2>/dev/null || true' EXIT

rm -f bench/out/web.db bench/out/web.db-wal bench/out/web.db-shm
backend sqlite sqlite:bench/out/web.db
# PostgreSQL: the test server (scripts/postgres.sh starts it when it is not running) and a
# fresh database for the demo.
if pg=$(scripts/postgres.sh 2>/dev/null); then
  psql -q "$pg" -c "DROP DATABASE IF EXISTS finsam_bench_web" -c "CREATE DATABASE finsam_bench_web"
  backend postgres "${pg%/*}/finsam_bench_web"
else
  echo "VARNING: PostgreSQL kunde inte startas; bara SQLite mättes." >&2
fi

python3 - <<'PY'
rows = [l.rstrip("\n").split("|") for l in open("bench/out-web.txt")]
for engine in ("sqlite", "postgres"):
    rps = {name: float(v) for name, v, _ in rows if name.startswith(engine + " ")}
    if not rps:
        continue
    health = max(v for k, v in rps.items() if "/healthz" in k)
    for k, v in rps.items():
        if "/healthz" in k:
            continue
        if engine == "sqlite":
            target = "30 %"
        elif "dashboard" in k or "application" in k or "reports" in k or "calendar" in k:
            target = "20 %"
        else:
            target = "none"
        print(f"{k}: {100 * v / health:.0f} % of /healthz (target >= {target})")
PY
