#!/usr/bin/env bash
# The plan reader's fuzz target.
#   scripts/fuzz.sh build        build it (CI does this on every run)
#   scripts/fuzz.sh run [SECS]   fuzz for SECS seconds (default 60) with cargo fuzz
# cargo fuzz needs nightly features; RUSTC_BOOTSTRAP lets the one stable toolchain here use them.
set -euo pipefail
cd "$(dirname "$0")/../crates/core/fuzz"
mode=${1:-build}
if [ "$mode" = build ]; then
  cargo build --quiet --bins
  exit 0
fi
secs=${2:-60}
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
mkdir -p corpus/plan_file
cp ../../../examples/*.toml corpus/plan_file/ 2>/dev/null || true
RUSTC_BOOTSTRAP=1 cargo fuzz run plan_file corpus/plan_file -- -max_total_time="$secs" -print_final_stats=1 2>&1 | tail -n 20
