#!/usr/bin/env bash
# The benchmark harness (benches/compare.rs): builds what it needs (our plug-ins, the Rust-PDK
# baselines in benches/baseline/, native MicroPython in target/bench/venv), runs every row in
# one invocation and prints the table. Arguments go to the harness:
#   scripts/bench.sh [--rounds N] [--dict-budget SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
unset RUST_BACKTRACE RUST_LIB_BACKTRACE   # wasm exceptions capture backtraces with it: ~10x slower
exec cargo bench --ignore-rust-version -p extism-upy --bench compare -- "$@"
