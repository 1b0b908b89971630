//! The plug-in call path through the real host: a plug-in built by the CLI
//! (src/call_path.py), loaded with the `extism` crate, called with a fuzzed sequence of
//! exports and inputs. Each call gives its known answer or a clean error, and the next call
//! works. libFuzzer sees coverage of the host side only (the core runs as wasm in wasmtime).
//!
//! Input: repeated `[export][len][len bytes of input]`.
#![no_main]

use extism::{Manifest, Plugin, Wasm};
use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock};

const EXPORTS: &[&str] = &[
    "echo",
    "count",
    "parse",
    "fail",
    "code",
    "set_error",
    "deep",
    "grow",
    "log",
    "var",
    "no_such_export",
];

/// The plug-in, built once with the CLI (`UPY_CLI`, else ../target/release/extism-upy).
fn plugin() -> &'static Mutex<Plugin> {
    static PLUGIN: OnceLock<Mutex<Plugin>> = OnceLock::new();
    PLUGIN.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let cli = std::env::var_os("UPY_CLI")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("../target/release/extism-upy"));
        let wasm = root.join("target/call_path.wasm");
        let status = Command::new(&cli)
            .arg("build")
            .arg(root.join("src/call_path.py"))
            .arg("-o")
            .arg(&wasm)
            .status()
            .unwrap_or_else(|e| panic!("{}: {e}", cli.display()));
        assert!(status.success(), "building call_path.py failed");
        let manifest =
            Manifest::new([Wasm::file(&wasm)]).with_timeout(std::time::Duration::from_secs(10));
        Mutex::new(Plugin::new(manifest, [], false).expect("loading call_path.wasm"))
    })
}

fn error_of(result: Result<&[u8], extism::Error>) -> Result<Vec<u8>, String> {
    result.map(<[u8]>::to_vec).map_err(|e| format!("{e:?}"))
}

/// Checks one call's result against what the export must give for `input`.
fn check(name: &str, input: &[u8], result: Result<Vec<u8>, String>) {
    let text = std::str::from_utf8(input);
    let fails_with = |r: &Result<Vec<u8>, String>, what: &str| match r {
        Err(e) => assert!(
            e.contains(what),
            "{name}({input:?}): expected {what}, got {e}"
        ),
        Ok(out) => panic!("{name}({input:?}): expected {what}, got {out:?}"),
    };
    match name {
        "echo" => assert_eq!(result.as_deref(), Ok(input), "echo"),
        "count" => match text {
            Ok(t) => assert_eq!(result, Ok(t.chars().count().to_string().into_bytes())),
            Err(_) => fails_with(&result, "UnicodeError: 'utf-8' codec can't decode"),
        },
        "parse" => {
            if let Err(e) = &result {
                assert!(
                    e.contains("ValueError") || e.contains("UnicodeError"),
                    "parse({input:?}): {e}"
                );
            }
        }
        "fail" => fails_with(&result, &format!("ValueError: boom {}", input.len())),
        "code" => match input.len() % 7 {
            0 => assert_eq!(result, Ok(vec![]), "code"),
            n => fails_with(&result, &format!("the plug-in function returned {n}")),
        },
        "set_error" => {
            let hex: String = input.iter().map(|b| format!("{b:02x}")).collect();
            fails_with(&result, &format!("failed: {hex}"));
        }
        "deep" => {
            let depth: u32 = input.iter().map(|&b| b as u32).sum();
            if let Err(e) = &result {
                assert!(e.contains("RuntimeError"), "deep({depth}): {e}");
            } else {
                assert_eq!(result, Ok(depth.to_string().into_bytes()), "deep");
            }
        }
        "grow" => {
            let n = input.len();
            let total = n * 50 * 10 + n * n * 1024;
            if let Err(e) = &result {
                assert!(e.contains("MemoryError"), "grow({n}): {e}");
            } else {
                assert_eq!(result, Ok(total.to_string().into_bytes()), "grow");
            }
        }
        "log" => assert_eq!(result, Ok(b"logged".to_vec()), "log"),
        "var" => assert_eq!(result.as_deref(), Ok(input), "var"),
        _ => assert!(result.is_err(), "{name}: a missing export succeeded"),
    }
}

fuzz_target!(|data: &[u8]| {
    let mut plugin = plugin().lock().unwrap();
    let mut rest = data;
    while let [pick, len, tail @ ..] = rest {
        let (input, next) = tail.split_at((*len as usize).min(tail.len()));
        rest = next;
        let name = EXPORTS[*pick as usize % EXPORTS.len()];
        let result = error_of(plugin.call::<&[u8], &[u8]>(name, input));
        check(name, input, result);
        let ok = error_of(plugin.call::<&[u8], &[u8]>("ok", b""));
        assert_eq!(ok, Ok(b"ok".to_vec()), "the call after {name}");
    }
});
