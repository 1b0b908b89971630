#!/usr/bin/env bash
# Instructions per run of each throughput workload (valgrind's callgrind), ours against native
# MicroPython: a complement to scripts/bench.sh, whose timings move with the machine's load.
# Counts are not times (the two sides' instruction mixes differ), but they are the same from
# run to run, so they show what a change did. Needs valgrind, and scripts/bench.sh to have run
# once (it builds the plug-ins under target/bench/plugins and the native venv).
#
#   scripts/instructions.sh [workload ...]     (default: all of them)
set -euo pipefail
cd "$(dirname "$0")/.."
unset RUST_BACKTRACE # wasmtime would record a backtrace at every wasm exception
cargo build --release --ignore-rust-version -p extism-upy --example call_export -q
runner=target/release/examples/call_export
plugins=target/bench/plugins
python=target/bench/venv/bin/python
[ -x "$python" ] && [ -d "$plugins" ] || { echo "run scripts/bench.sh first" >&2; exit 2; }

count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 |
        sed -n 's/.*Collected : //p' | tr -d ,
}
# Ours: only the instructions under wasmtime's entry into wasm (calls, not compilation).
ours() {
    count --collect-atstart=no '--toggle-collect=wasmtime::runtime::vm::traphandlers::catch_traps*' \
        "$runner" "$plugins/w_$1.wasm" run "$2"
}
native() {
    count "$python" -c 'import sys, micropython_module as m; sys.exit(m.run_main(sys.argv[1:]))' \
        micropython -X heapsize=64M \
        -c "import sys
sys.path.insert(0, 'benches/workloads')
import $1
for _ in range($2): $1.bench()"
}
# Per run: (3 runs - 1 run) / 2, which leaves out start-up and the first call's extra work.
per_run() { echo $(( ($("$1" "$2" 3) - $("$1" "$2" 1)) / 2 )); }

workloads=("$@")
[ ${#workloads[@]} -gt 0 ] || workloads=(pystone fib strings dicts json_roundtrip count_vowels exceptions)
echo "| workload | ours, instructions per run | native MicroPython | ours / native |"
echo "|---|--:|--:|--:|"
for w in "${workloads[@]}"; do
    o=$(per_run ours "$w")
    n=$(per_run native "$w")
    printf '| %s | %s | %s | %s |\n' "$w" "$o" "$n" "$(awk -v o="$o" -v n="$n" 'BEGIN { printf "%.2fx", o / n }')"
done
