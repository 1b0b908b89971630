#!/usr/bin/env bash
# What each standard-library module adds to a plug-in that imports it: builds a minimal
# plug-in, then one per module with `import <module>`, and prints the difference in bytes
# (raw and gzipped). A native module (json, binascii, the Rust halves of re, hashlib and
# random) is in the core, and in a plug-in only if a file of the build imports it, so its code
# counts here too. Usage: scripts/stdlib_sizes.sh [module ...]
set -euo pipefail
cd "$(dirname "$0")/.."
cli=target/release/extism-upy
[ -x "$cli" ] || cargo build --release --ignore-rust-version -p extism-upy >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
size() { stat -c %s "$1"; }
gzsize() { gzip -9 -c "$1" | wc -c; }
build() { # build <name> <python source>
    printf '%s\n\ndef run():\n    pass\n' "$2" > "$work/$1.py"
    "$cli" build "$work/$1.py" -o "$work/$1.wasm" 2>/dev/null
}
build base ""
base=$(size "$work/base.wasm"); base_gz=$(gzsize "$work/base.wasm")
modules=("$@")
if [ ${#modules[@]} -eq 0 ]; then
    for f in python/stdlib/*.py; do
        name=$(basename "$f" .py)
        case "$name" in _*) ;; *) modules+=("$name") ;; esac
    done
    modules+=(json binascii)
fi
printf '%-14s %10s %10s\n' "module" "+bytes" "+gzipped"
printf '%-14s %10s %10s\n' "(base)" "$base" "$base_gz"
for m in "${modules[@]}"; do
    if build "m_$m" "import $m"; then
        printf '%-14s %10d %10d\n' "$m" $(($(size "$work/m_$m.wasm") - base)) \
            $(($(gzsize "$work/m_$m.wasm") - base_gz))
    else
        printf '%-14s %10s\n' "$m" "(build failed)"
    fi
done
