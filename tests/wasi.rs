//! WASI's clock and random source, in a plug-in only when its files need them: a plug-in that
//! uses neither imports nothing but `extism:host/env` and runs in any Extism host; one that
//! does imports just what it uses, says so at build time, and `extism-upy call` asks for
//! `--wasi` rather than failing to link.

mod common;

use common::*;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

/// The (module, name) pairs a plug-in imports.
fn imports(wasm: &[u8]) -> Vec<(String, String)> {
    let mut imports = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let wasmparser::Payload::ImportSection(reader) = payload.unwrap() {
            for import in reader.into_imports() {
                let import = import.unwrap();
                imports.push((import.module.to_string(), import.name.to_string()));
            }
        }
    }
    imports
}

fn wasi_imports(wasm: &[u8]) -> Vec<String> {
    imports(wasm)
        .into_iter()
        .filter(|(module, _)| module == "wasi_snapshot_preview1")
        .map(|(_, name)| name)
        .collect()
}

/// Builds `source` with extra build flags: (wasm path, build stderr).
fn build_with(test: &str, source: &str, flags: &[&str]) -> (std::path::PathBuf, String) {
    let (wasm, out) = build_with_flags(test, source, flags);
    (wasm, text(&out.stderr))
}

fn call_cli(wasm: &Path, function: &str, wasi: bool) -> (i32, String, String) {
    let mut args = vec!["call", wasm.to_str().unwrap(), function];
    if wasi {
        args.push("--wasi");
    }
    let out = cli(&args);
    (
        out.status.code().unwrap_or(-1),
        text(&out.stdout),
        text(&out.stderr),
    )
}

const CLOCK: &str = "\
import _clock
from extism_pdk import host

def now():
    host.set_output_string(str(_clock.time_ns(0) // 10**9))
";

#[test]
fn a_plugin_without_clock_or_entropy_imports_no_wasi() {
    let source = "\
import json, re, random, hashlib, base64, functools, collections
from extism_pdk import host

def run():
    random.seed(1)
    host.set_output_string(json.dumps([random.random(), re.sub('a', 'b', 'aa')]))
";
    let (wasm, stderr) = build_with("wasi-none", source, &[]);
    let wasm = std::fs::read(wasm).unwrap();
    let imports = imports(&wasm);
    assert!(!imports.is_empty());
    assert!(
        imports
            .iter()
            .all(|(module, _)| module == "extism:host/env"),
        "imports: {imports:?}"
    );
    assert!(!stderr.contains("WASI"), "{stderr}");
    let mut plugin = plugin(&wasm, &[], &[]);
    assert!(call(&mut plugin, "run", b"").is_ok());
}

#[test]
fn the_clock_comes_with_what_uses_it() {
    let (wasm, stderr) = build_with("wasi-clock", CLOCK, &[]);
    assert!(
        stderr.contains("needs a host with WASI enabled: clock"),
        "{stderr}"
    );
    assert_eq!(
        wasi_imports(&std::fs::read(&wasm).unwrap()),
        ["clock_time_get"]
    );

    let (code, _, stderr) = call_cli(&wasm, "now", false);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("needs a host with WASI enabled (clock): call it with --wasi"),
        "{stderr}"
    );

    let (code, stdout, stderr) = call_cli(&wasm, "now", true);
    assert_eq!(code, 0, "{stderr}");
    let seconds: u64 = stdout.trim().parse().expect("seconds since the epoch");
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(seconds.abs_diff(now) < 3600, "{seconds} vs {now}");
}

#[test]
fn entropy_can_be_kept_by_flag_and_differs_per_call() {
    let source = "\
_entropy = __import__('_entropy')
from extism_pdk import host

def draw():
    host.set_output_string(_entropy.random_bytes(16).hex())
";
    let (wasm, _) = build_with("wasi-entropy", source, &["--keep-module", "_entropy"]);
    assert_eq!(wasi_imports(&std::fs::read(&wasm).unwrap()), ["random_get"]);
    let (code, first, stderr) = call_cli(&wasm, "draw", true);
    assert_eq!(code, 0, "{stderr}");
    let (_, second, _) = call_cli(&wasm, "draw", true);
    assert_eq!(first.trim().len(), 32);
    assert_ne!(first, second);
}

#[test]
fn a_clock_the_build_left_out_says_how_to_keep_it() {
    let source = "\
from extism_pdk import host

def now():
    host.set_output_string(str(__import__('_c' + 'lock').time_ns(0)))
";
    let (wasm, _) = build_with("wasi-left-out", source, &[]);
    assert!(wasi_imports(&std::fs::read(&wasm).unwrap()).is_empty());
    let (code, _, stderr) = call_cli(&wasm, "now", false);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("WASI's clock was left out of this plug-in")
            && stderr.contains("--keep-module _clock"),
        "{stderr}"
    );
}

#[test]
fn run_provides_the_clock_and_entropy() {
    let dir = scratch("wasi-run");
    let script = dir.join("script.py");
    std::fs::write(
        &script,
        "import _clock, _entropy\n\
         a = _clock.time_ns(1)\n\
         b = _clock.time_ns(1)\n\
         print(b >= a, len(_entropy.random_bytes(5)), _clock.time_ns(0) > 1_700_000_000 * 10**9)\n\
         try:\n    _clock.time_ns(9)\nexcept ValueError as e:\n    print(e)\n",
    )
    .unwrap();
    let (code, stdout, stderr) = run_script(&script);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "True 5 True\ninvalid clock id\n");
}
