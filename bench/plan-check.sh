#!/usr/bin/env bash
# Benchmark: `finsam check` on a generated plan of 10 000 lines over 10 years, next to a bare
# TOML parse of the same file into untyped values (the peer), in the same hyperfine run.
# Target: the whole check at most 2x the bare parse. Results go in BENCHMARKS.md by hand,
# with the date and the machine.
#   bash bench/plan-check.sh [LINES] [YEARS]
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-10000}
years=${2:-10}
if ! command -v hyperfine >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null
fi
cargo build --release --locked -p finsam-cli -p finsam-bench
out=bench/out
mkdir -p "$out"
plan="$out/plan-${lines}x${years}.toml"
./target/release/gen-plan "$lines" "$years" > "$plan"
echo "plan: $plan ($(wc -c < "$plan") bytes)"
# The generated plan is clean: check must exit 0, or the benchmark measures something else.
./target/release/finsam check "$plan"
hyperfine --warmup 5 --runs 50 -N \
  --export-json "$out/plan-check.json" \
  -n "toml::Table parse (peer)" "./target/release/toml-parse $plan" \
  -n "finsam check" "./target/release/finsam check $plan"
python3 - "$out/plan-check.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
peer, ours = r["toml::Table parse (peer)"], r["finsam check"]
print(f"mean: peer {peer['mean']*1000:.1f} ms, finsam check {ours['mean']*1000:.1f} ms, "
      f"ratio {ours['mean']/peer['mean']:.2f}x (target <= 2x)")
PY

# A plan with 140 000 bad years (issue 9): the first hundred errors and a count, next to the bare
# TOML parse of the same file. Target: under a second, and within 2x of the parse.
bad="$out/plan-140000-errors.toml"
python3 - "$bad" <<'PY'
import sys
text = open("examples/sofint-2024.toml").read()
years = ", ".join(str(y) for y in range(1, 140_001))
open(sys.argv[1], "w").write(text.replace("years = [2024, 2025, 2026]", f"years = [2024, 2025, 2026, {years}]", 1))
PY
hyperfine --warmup 2 --runs 10 -N -i \
  --export-json "$out/plan-errors.json" \
  -n "toml::Table parse (peer)" "./target/release/toml-parse $bad" \
  -n "finsam check (140 000 errors)" "./target/release/finsam check $bad"
python3 - "$out/plan-errors.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
peer, ours = r["toml::Table parse (peer)"], r["finsam check (140 000 errors)"]
print(f"140 000 errors: peer {peer['mean']*1000:.1f} ms, finsam check {ours['mean']*1000:.1f} ms "
      f"(target < 1000 ms), ratio {ours['mean']/peer['mean']:.2f}x")
PY
