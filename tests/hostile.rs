//! Hostile input: each case gives a clean Python exception (or a correct value), never a
//! trap, and the same instance serves the next call.

mod common;

use common::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

const PLUGIN: &str = r#"
import json

from extism_pdk import host

def parse():
    value = host.get_input_json()
    depth = 0
    while isinstance(value, list) and value:
        value, depth = value[0], depth + 1
    host.set_output_string(type(value).__name__ + " " + str(depth) + " " + str(len(str(value))))

def text():
    host.set_output_string(str(len(host.get_input_string())))

def size():
    host.set_output_string(str(len(host.get_input())))

def round_trip():
    # What fuzz/ checks of json (json_codec): loads gives a ValueError or a value that dumps
    # and loads back to itself.
    try:
        value = json.loads(host.get_input())
    except ValueError:
        host.set_output_string("error")
        return
    text = json.dumps(value)
    again = json.loads(text)
    assert json.dumps(again) == text, (text, json.dumps(again))
    assert "NaN" in text or again == value, (value, again)
    host.set_output_string("ok")

def ok():
    host.set_output_string("ok")
"#;

#[test]
fn bad_and_huge_inputs_fail_cleanly_and_the_instance_recovers() {
    let wasm = build_source("hostile", "plugin.py", PLUGIN);
    let mut p = plugin(&wasm, &[], &[]);
    let deep = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
    let digits = "7".repeat(10_000);
    let huge = vec![b'a'; 64 * 1024 * 1024];
    let cases: Vec<(&str, &[u8], Result<String, &str>)> = vec![
        (
            "text",
            b"caf\xc3",
            Err("UnicodeError: 'utf-8' codec can't decode byte 0xc3"),
        ),
        ("text", b"\xff\xfe", Err("invalid start byte")),
        (
            "parse",
            b"",
            Err("ValueError: Expecting value: line 1 column 1 (char 0)"),
        ),
        (
            "parse",
            b"{\"a\": }",
            Err("ValueError: Expecting value: line 1 column 7"),
        ),
        ("parse", b"[1, 2", Err("ValueError")),
        ("parse", deep.as_bytes(), Ok("int 100000 1".into())),
        ("parse", digits.as_bytes(), Ok("int 0 10000".into())),
        ("parse", b"1e999999", Ok("float 0 3".into())),
        ("text", b"", Ok("0".into())),
        // Found by fuzzing: bytes were parsed as they are, so a JSON string gave a str
        // holding invalid UTF-8 (fuzz/regressions/json_codec/invalid-utf8-in-string).
        (
            "parse",
            b"\"cacaff\xc1\xa9\"",
            Err("UnicodeError: 'utf-8' codec can't decode byte 0xc1 in position 7: invalid start byte"),
        ),
        ("parse", b"[\"\xf0\"]", Err("UnicodeError")),
        ("size", &huge, Err("MemoryError")),
        ("text", &huge, Err("MemoryError")),
    ];
    for (function, input, expected) in cases {
        let got = call(&mut p, function, input);
        let shown = &input[..input.len().min(20)];
        match (&got, &expected) {
            (Ok(out), Ok(want)) => assert_eq!(&text(out), want, "{function}({shown:?})"),
            (Err((message, code)), Err(want)) => {
                assert_eq!(*code, 1, "{function}({shown:?})");
                assert!(message.contains(want), "{function}({shown:?}): {message}");
                assert!(
                    message.contains("Traceback"),
                    "not a Python error: {message}"
                );
            }
            _ => panic!("{function}({shown:?}): got {got:?}, expected {expected:?}"),
        }
        assert_eq!(text(&call(&mut p, "ok", b"").unwrap()), "ok");
    }
}

/// Every crasher the fuzz targets found (fuzz/regressions/json_codec/) passes json_codec's
/// check through the real host, and the instance serves the next call.
#[test]
fn json_fuzz_regressions_pass() {
    let wasm = build_source("hostile_fuzz", "plugin.py", PLUGIN);
    let mut p = plugin(&wasm, &[], &[]);
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/regressions/json_codec");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let input = std::fs::read(&path).unwrap();
        match call(&mut p, "round_trip", &input) {
            Ok(out) => assert!(
                ["ok", "error"].contains(&text(&out).as_str()),
                "{}",
                path.display()
            ),
            Err((message, _)) => panic!("{}: {message}", path.display()),
        }
        assert_eq!(text(&call(&mut p, "ok", b"").unwrap()), "ok");
    }
}

/// The io_conversion fuzz target's table (fuzz/src/lib.rs, `CONVERSIONS`), read from its source
/// so that the two cannot drift apart: per export of fuzz/src/harness.py, the exceptions it
/// may raise on bad input.
fn io_conversions() -> Vec<(String, Vec<String>)> {
    let lib = std::fs::read_to_string(tests_dir().join("../fuzz/src/lib.rs")).unwrap();
    let table = lib
        .split_once("const CONVERSIONS")
        .and_then(|(_, rest)| rest.split_once("];"))
        .expect("CONVERSIONS in fuzz/src/lib.rs")
        .0;
    table
        .lines()
        .filter(|l| l.trim_start().starts_with("(\""))
        .map(|l| {
            let mut quoted = l.split('"').skip(1).step_by(2).map(str::to_string);
            (quoted.next().unwrap(), quoted.collect())
        })
        .collect()
}

/// The exception type of a Python traceback: the first line after its indented `File` lines.
fn exception_of(traceback: &str) -> &str {
    let line = traceback
        .lines()
        .find(|l| !l.starts_with("Traceback") && !l.starts_with(' '))
        .unwrap_or("");
    line.split(':').next().unwrap_or(line)
}

/// Every crasher of the io_conversion fuzz target (fuzz/regressions/io_conversion/) passes the
/// target's check through the real host: fuzz/src/harness.py built by the CLI, called through
/// the Extism runtime. The first byte picks the conversion, the rest is the input; the call
/// gives its output or an exception its contract names, and the instance serves the next call.
#[test]
fn io_conversion_fuzz_regressions_pass_through_the_real_host() {
    let source = std::fs::read_to_string(tests_dir().join("../fuzz/src/harness.py")).unwrap();
    let wasm = build_source("hostile-io-conversion", "harness.py", &source);
    let mut p = plugin(&wasm, &[], &[]);
    let conversions = io_conversions();
    assert_eq!(conversions.len(), 9, "{conversions:?}");
    let dir = tests_dir().join("../fuzz/regressions/io_conversion");
    let mut replayed = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        let Some((&pick, input)) = data.split_first() else {
            continue;
        };
        let (name, allowed) = &conversions[pick as usize % conversions.len()];
        let at = format!("{} ({name})", path.display());
        match call(&mut p, name, input) {
            Ok(output) => {
                if ["io_bytes", "io_str", "seed_str"].contains(&name.as_str()) {
                    assert_eq!(output, input, "{at}: the output is not the input");
                }
            }
            Err((error, _)) => {
                let exception = exception_of(&error);
                // A JSON key longer than a qstr cannot be a keyword argument (README,
                // differences: names longer than 255 bytes).
                let long_name = name == "io_typed"
                    && exception == "RuntimeError"
                    && error.ends_with("name too long");
                assert!(
                    allowed.iter().any(|a| a == exception) || long_name,
                    "{at}: unexpected {error}"
                );
                if exception == "UnicodeError" {
                    assert!(std::str::from_utf8(input).is_err(), "{at}: {error}");
                }
            }
        }
        assert_eq!(call(&mut p, "io_bytes", b"ok").unwrap(), b"ok", "{at}");
        replayed += 1;
    }
    assert!(replayed >= 2, "no crashers in {}", dir.display());
}

const NESTED: &str = r#"
import extism, json

def nested(kind, depth):
    v = 1
    for _ in range(depth):
        v = {"a": v} if kind == "dict" else (v,) if kind == "tuple" else [v]
    return v

@extism.plugin_fn
def deep():
    depth = int(extism.input_str())
    results = []
    for kind, op in [("list", repr), ("dict", str), ("list", lambda v: v == nested("list", depth)),
                     ("list", lambda v: v < nested("list", depth)), ("tuple", hash),
                     ("list", json.dumps), ("dict", json.dumps)]:
        try:
            op(nested(kind, depth))
            results.append("ok")
        except RuntimeError as e:
            results.append(str(e))
    extism.output_json(results)
"#;

/// Recursion in native code over deeply nested data (repr, str, ==, <, hash, json.dumps) is
/// a RuntimeError Python catches, not an overflow of the host's wasm stack (a trap).
#[test]
fn deeply_nested_data_is_a_recursion_error_in_native_code_too() {
    let wasm = build_source("hostile-nested", "plugin.py", NESTED);
    let mut p = plugin(&wasm, &[], &[]);
    for (depth, expected) in [
        ("500", "ok"),
        ("100000", "maximum recursion depth exceeded"),
        ("50", "ok"),
    ] {
        let out: serde_json::Value =
            serde_json::from_slice(&call(&mut p, "deep", depth.as_bytes()).unwrap()).unwrap();
        let results = out.as_array().unwrap();
        assert_eq!(results.len(), 7);
        for result in results {
            assert_eq!(result, expected, "depth {depth}: {out}");
        }
    }
}

const SANDBOX: &str = r#"
import extism
from extism import Config, Var

@extism.plugin_fn
def escape():
    found = []
    try:
        open("/etc/passwd")
        found.append("open")
    except OSError as e:
        assert "no file system" in str(e)
    for name in ("os", "socket", "subprocess", "select", "ssl", "time"):
        try:
            __import__(name)
            found.append(name)
        except ImportError:
            pass
    extism.output_json(found)

@extism.plugin_fn
def remember():
    Var.set("secret", extism.input_str())
    extism.output_str(Config.get_str("who") or "nobody")

@extism.plugin_fn
def recall():
    extism.output_str(Var.get_str("secret") or "nothing")
"#;

/// A plug-in has no files, no sockets, no processes; the config and vars of one instance
/// are invisible to another, even of the same plug-in.
#[test]
fn the_sandbox_has_no_files_or_network_and_instances_share_nothing() {
    let wasm = build_source("hostile-sandbox", "plugin.py", SANDBOX);
    let mut alice = plugin(&wasm, &[("who", "alice")], &[]);
    let mut bob = plugin(&wasm, &[("who", "bob")], &[]);
    assert_eq!(text(&call(&mut alice, "escape", b"").unwrap()), "[]");
    assert_eq!(
        text(&call(&mut alice, "remember", b"a-secret").unwrap()),
        "alice"
    );
    assert_eq!(text(&call(&mut bob, "recall", b"").unwrap()), "nothing");
    assert_eq!(
        text(&call(&mut bob, "remember", b"b-secret").unwrap()),
        "bob"
    );
    assert_eq!(text(&call(&mut alice, "recall", b"").unwrap()), "a-secret");
    assert_eq!(text(&call(&mut bob, "recall", b"").unwrap()), "b-secret");
}

const CHURN: &str = r#"
import extism

table = {}

@extism.plugin_fn
def churn():
    # Allocation-heavy without end: the host stops it at an arbitrary point,
    # inside the allocator or a collection as likely as anywhere.
    i = 0
    while True:
        table[i % 5000] = [str(i)] * 8 + [{"k": i}]
        i += 1

@extism.plugin_fn
def check():
    n = int(extism.input_str())
    rows = {i: [str(i)] * 8 for i in range(n)}
    assert all(rows[i][7] == str(i) for i in range(n))
    extism.output_str(str(sum(len(v) for v in rows.values())) + " " + str(len(table) <= 5000))
"#;

const COLLECT_FOREVER: &str = r#"
import extism
import _upy

live = {i: (str(i), [i] * 3) for i in range(20000)}

@extism.plugin_fn
def collect_forever():
    # A collection at every safe point, over 20,000 live entries: most of the time goes to
    # collecting, so the host's cancel mostly lands inside a collection.
    _upy.gc_torture(True)
    i = 0
    while True:
        garbage = [str(i)] * 4
        i += 1

@extism.plugin_fn
def check():
    _upy.gc_torture(False)  # the trap skipped any way of turning it off
    rows = {i: [str(i)] * 8 for i in range(300)}
    ok = all(live[i][0] == str(i) and live[i][1] == [i] * 3 for i in range(20000))
    extism.output_str(str(ok) + " " + str(sum(len(v) for v in rows.values())))
"#;

/// A trap that stops a collection half way leaves blocks marked whose children were never
/// traced; unless the next call undoes the marks (heap.rs, `repair_after_trap`), the next
/// collection frees live objects.
#[test]
fn traps_in_the_middle_of_a_collection_lose_no_live_object() {
    cancels_then_checks(COLLECT_FOREVER, "collect_forever", 12, b"", "True 2400");
}

/// `rounds` times: `export`, which never ends, is cancelled from another thread (the host's
/// `CancelHandle`, the same epoch interruption as a timeout), then `check` with `input` must
/// answer `expected` in the same instance. No timeout is set, so `check` has all the time it
/// needs; the delay before the cancel varies from round to round so that the trap lands at
/// different points, and no assertion depends on it.
fn cancels_then_checks(source: &str, export: &str, rounds: u64, input: &[u8], expected: &str) {
    let wasm = build_source(&format!("hostile-{export}"), "plugin.py", source);
    let mut p = plugin(&wasm, &[], &[]);
    let handle = p.cancel_handle();
    for round in 0..rounds {
        let done = Arc::new(AtomicBool::new(false));
        let canceller = {
            let (done, handle) = (done.clone(), handle.clone());
            let delay = Duration::from_millis(5 + (round * 37) % 120);
            // A cancel sent before the call starts, or after it ended, is dropped by Extism's
            // timer thread; so it is sent again until the call has returned, and the thread is
            // joined before `check` starts.
            std::thread::spawn(move || {
                while !done.load(Ordering::SeqCst) {
                    std::thread::sleep(delay);
                    handle.cancel().unwrap();
                }
            })
        };
        let result = call(&mut p, export, b"");
        done.store(true, Ordering::SeqCst);
        canceller.join().unwrap();
        let (error, _) = result.unwrap_err();
        assert!(error.contains("timeout"), "round {round}: {error}");
        let out = call(&mut p, "check", input).unwrap_or_else(|e| panic!("round {round}: {e:?}"));
        assert_eq!(text(&out), expected, "round {round}");
    }
}

/// Traps (here, cancellations) land anywhere, the allocator and the collector included.
/// Extism keeps the instance and its memory after a trap; the runtime resets its own state at
/// the next call, so allocation-heavy calls keep giving right answers.
#[test]
fn traps_in_the_middle_of_allocation_leave_a_working_instance() {
    cancels_then_checks(CHURN, "churn", 15, b"300", "2400 True");
}
