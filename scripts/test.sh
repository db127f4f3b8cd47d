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

echo "== fuzz target builds"
scripts/fuzz.sh build
