#!/usr/bin/env bash
# Builds extism-upy and runs the seed's example plug-in end to end:
#   extism-upy build examples/my_plugin.py -o target/my_plugin.wasm
#   extism-upy call target/my_plugin.wasm my_function --input World   → Hello, World
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cargo build --release -p extism-upy --ignore-rust-version
./target/release/extism-upy build examples/my_plugin.py -o target/my_plugin.wasm
./target/release/extism-upy call target/my_plugin.wasm my_function --input "${1:-World}"
echo
