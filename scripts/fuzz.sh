#!/usr/bin/env bash
# Fuzzes for a bounded time (not part of CI): json_codec and io_conversion run the core built
# natively (fuzz/core) under libFuzzer with coverage of its Rust and C; call_path calls a
# plug-in built by the CLI through the real Extism host. See README.md, "Fuzzing".
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET [TARGET...]]     default: 60 seconds, all three
#
# Saved crashers (fuzz/regressions/<target>/) are replayed first. New crashers land in
# fuzz/artifacts/<target>/; the script then exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(json_codec io_conversion call_path)

./scripts/setup.sh
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
# cargo-fuzz passes -Z flags (the sanitizer): nightly if installed, else stable told to
# accept them.
toolchain=()
if rustup toolchain list | grep -q '^nightly'; then
    toolchain=(+nightly)
else
    export RUSTC_BOOTSTRAP=1
fi
host=$(rustc -vV | sed -n 's/^host: //p')
if [[ " ${targets[*]} " == *" call_path "* ]]; then
    cargo build --release -p extism-upy --ignore-rust-version # the CLI builds its plug-in
    export UPY_CLI=$PWD/target/release/extism-upy
fi

cd fuzz
found=0
summary=()
for target in "${targets[@]}"; do
    options=()
    args=()
    case $target in
    call_path)
        # No AddressSanitizer: wasmtime's trap handling uses SIGSEGV, and the core runs as
        # wasm there anyway. Its own target directory keeps the other builds' flags apart.
        options=(--features host --sanitizer none --target-dir target/host)
        binary=target/host/$host/release/$target
        ;;
    *)
        args=(-dict=json.dict)
        binary=target/$host/release/$target
        ;;
    esac
    cargo "${toolchain[@]}" fuzz build "${options[@]}" "$target"
    if compgen -G "regressions/$target/*" >/dev/null &&
        ! "$binary" regressions/"$target"/* >"target/$target.replay.log" 2>&1; then
        echo "a saved crasher of $target fails again: fuzz/target/$target.replay.log" >&2
        exit 1
    fi
    mkdir -p "target/corpus/$target" "artifacts/$target"
    log=target/$target.log
    # New inputs go to target/corpus/ (not checked in); corpus/ holds the seeds.
    "$binary" "target/corpus/$target" "corpus/$target" "${args[@]}" \
        -max_total_time="$seconds" -artifact_prefix="artifacts/$target/" \
        -print_final_stats=1 >"$log" 2>&1 || true
    last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
    execs=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    summary+=("$target: ${last:-no progress line} (average exec/s ${execs:-?})")
    if compgen -G "artifacts/$target/*" >/dev/null; then
        found=1
        summary+=("  CRASHERS in fuzz/artifacts/$target/ (log: fuzz/$log):")
        while read -r f; do summary+=("    $f"); done < <(ls "artifacts/$target")
    fi
done
printf '%s\n' "${summary[@]}"
exit $found
