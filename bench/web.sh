#!/usr/bin/env bash
# Benchmark: the web app under load from wrk (a second process on loopback), 50 connections.
# Measures requests per second and p99 latency for the dashboard page, the budget page, the
# follow-up page of a half-year, the plan's tables as an XLSX workbook and the JSON budget, each
# next to the app's own trivial /healthz in the same run, and the server's peak memory, on
# SQLite and on PostgreSQL. Targets: on SQLite every page and file >= 30 % of /healthz's
# requests per second, on PostgreSQL the dashboard >= 20 %; p99 < 20 ms. Results go in
# BENCHMARKS.md by hand, with date and machine.
#   bash bench/web.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
if ! command -v wrk >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
cargo build --release --locked -p finsam-cli
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

# One backend: start the demo on it, log in as the förbundschef, load the pages, stop.
backend() {
  local engine=$1
  shift
  ./target/release/finsam serve --demo --listen "127.0.0.1:$port" "$@" > bench/out-serve.log 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done
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
  run "$engine /healthz (peer)" /healthz
  run "$engine dashboard page" /forbund/1/versioner/1
  run "$engine budget page" /forbund/1/versioner/1/budget
  run "$engine follow-up page (h1)" "/forbund/1/uppfoljning/2024?period=h1"
  run "$engine XLSX export (plan)" /forbund/1/versioner/1/export/plan.xlsx
  run "$engine JSON budget" /api/forbund/1/versioner/1
  run "$engine /healthz (peer, again)" /healthz
  echo "$engine peak memory (VmHWM): $(awk '/VmHWM/ { print $2, $3 }' /proc/$pid/status)"
  kill $pid
  wait $pid 2>/dev/null || true
}
trap 'kill $pid 2>/dev/null || true' EXIT

backend sqlite
# PostgreSQL: the test server (scripts/postgres.sh starts it when it is not running) and a
# fresh database for the demo.
if pg=$(scripts/postgres.sh 2>/dev/null); then
  psql -q "$pg" -c "DROP DATABASE IF EXISTS finsam_bench_web" -c "CREATE DATABASE finsam_bench_web"
  backend postgres --db "${pg%/*}/finsam_bench_web"
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
    target = 30 if engine == "sqlite" else 20
    for k, v in rps.items():
        if "/healthz" not in k:
            print(f"{k}: {100 * v / health:.0f} % of /healthz (target >= {target} %)")
PY
