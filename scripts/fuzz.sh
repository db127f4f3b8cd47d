#!/usr/bin/env bash
# The readers' fuzz targets: the plan file, the mapping rules and participant uploads
# (crates/core/fuzz) and SIE
# (crates/sie/fuzz).
#   scripts/fuzz.sh build        build them
#   scripts/fuzz.sh run [SECS]   fuzz each for SECS seconds (default 60) with cargo fuzz
# cargo fuzz needs nightly features; RUSTC_BOOTSTRAP lets the one stable toolchain here use them.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# One target folder for both fuzz crates: what they share (finsam-sie, serde, …) is built once.
export CARGO_TARGET_DIR="$root/target/fuzz"
mode=${1:-build}
secs=${2:-60}
if [ "$mode" = build ]; then
  (cd "$root/crates/core/fuzz" && cargo build --quiet --bins)
  (cd "$root/crates/sie/fuzz" && cargo build --quiet --bins)
  exit 0
fi
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
run() { # DIR TARGET SEEDS...
  local dir=$1 target=$2
  shift 2
  cd "$root/$dir"
  mkdir -p "corpus/$target"
  cp "$@" "corpus/$target/" 2>/dev/null || true
  echo "-- $target"
  RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" "corpus/$target" -- -max_total_time="$secs" \
    -max_len=65536 -print_final_stats=1 2>&1 | tail -n 12
}
run crates/core/fuzz plan_file "$root"/examples/*.toml
run crates/core/fuzz mapping_rules "$root"/examples/*kontokoppling.txt
run crates/core/fuzz participant_upload "$root"/examples/deltagare/*
run crates/sie/fuzz sie_read "$root"/crates/sie/tests/corpus/*.[sS][eEiI] "$root"/crates/sie/tests/lenient/*.se
