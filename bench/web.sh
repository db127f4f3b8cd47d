#!/usr/bin/env bash
# Benchmark: the web app under load from wrk (a second process on loopback), 50 connections.
# Measures requests per second and p99 latency for the dashboard page and the JSON budget,
# each next to the app's own trivial /healthz in the same run, and the server's peak memory.
# Targets: dashboard >= 30 % of /healthz's requests per second; p99 < 20 ms. Results go in
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
./target/release/finsam serve --demo --listen "127.0.0.1:$port" > bench/out-serve.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done

# Log in as the demo förbundschef and keep the session cookie for wrk.
jar=$(mktemp)
token=$(curl -s -c "$jar" -b "$jar" "$base/logga-in" | sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' | head -n 1)
curl -s -o /dev/null -c "$jar" -b "$jar" --data "_csrf=$token&username=demo&password=finsam-demo" "$base/logga-in"
session=$(awk '$6 == "finsam_session" { print $7 }' "$jar")
[ -n "$session" ] || { echo "inloggningen misslyckades" >&2; exit 1; }
curl -sf -H "Cookie: finsam_session=$session" "$base/forbund/1/versioner/1" | grep -q "Nyckeltal"
curl -sf -H "Cookie: finsam_session=$session" "$base/api/forbund/1/versioner/1" | grep -q '"nyckeltal"'

run() {
  local name=$1 path=$2
  local out
  out=$(wrk -t2 -c50 -d"${secs}s" --latency -H "Cookie: finsam_session=$session" "$base$path")
  local rps p99
  rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
  p99=$(echo "$out" | awk '$1 == "99%" { print $2 }')
  errors=$(echo "$out" | awk '/Non-2xx/ { print $5 }')
  printf '%-28s %10s req/s   p99 %8s   non-2xx %s\n' "$name" "$rps" "$p99" "${errors:-0}"
  echo "$name $rps $p99" >> bench/out-web.txt
}
: > bench/out-web.txt
run "/healthz (peer)" /healthz
run "dashboard page" /forbund/1/versioner/1
run "JSON budget" /api/forbund/1/versioner/1
run "/healthz (peer, again)" /healthz
echo "peak memory (VmHWM): $(awk '/VmHWM/ { print $2, $3 }' /proc/$pid/status)"
python3 - <<'PY'
rows = [l.split() for l in open("bench/out-web.txt")]
rps = {r[0] if len(r) == 3 else " ".join(r[:-2]): float(r[-2]) for r in rows}
health = max(v for k, v in rps.items() if k.startswith("/healthz"))
for k, v in rps.items():
    if not k.startswith("/healthz"):
        print(f"{k}: {100 * v / health:.0f} % of /healthz (target >= 30 %)")
PY
