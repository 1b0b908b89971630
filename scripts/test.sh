#!/usr/bin/env bash
# The whole test suite: set-up, formatting and lints, then every test (plug-ins built by the
# real CLI and called through the Extism runtime).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
# With RUST_BACKTRACE set, wasmtime captures a backtrace at every wasm exception (every
# Python raise), which makes exception-heavy tests ~10x slower.
unset RUST_BACKTRACE
# A core given by EXTISM_UPY_CORE (cli/build.rs) would be embedded instead of the one built
# from this tree: the suite would test a prebuilt core.
unset EXTISM_UPY_CORE
# wasmtime 49 (under the extism crate) declares rust-version 1.96 but builds with 1.95.
flags=(--release --ignore-rust-version)
cargo fmt --all --check
cargo clippy "${flags[@]}" -p extism-upy -p extism-upy-contract --all-targets -- -D warnings
cargo clippy --profile core -p extism-upy-core --target wasm32-unknown-unknown -- -D warnings
log=$(mktemp)
trap 'rm -f "$log"' EXIT
cargo test "${flags[@]}" -p extism-upy -p extism-upy-contract 2>&1 | tee "$log"
# One line for the whole suite (cargo prints one per test binary).
awk '/^test result:/ { p += $4; f += $6 } END { printf "%d passed, %d failed\n", p, f }' "$log"
