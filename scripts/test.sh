#!/usr/bin/env bash
# All of Finsam's tests, as CI runs them. Installs what the tests need when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== formatting"
cargo fmt --all -- --check

echo "== lints"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== tests"
cargo test --workspace --locked

echo "== fuzzing the plan reader for 30 seconds"
scripts/fuzz.sh run 30

echo "== benchmark (recorded in BENCHMARKS.md; printed here, never a pass/fail timing)"
bash bench/plan-check.sh
