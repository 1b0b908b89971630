//! Hostile input: each case gives a clean Python exception (or a correct value), never a
//! trap, and the same instance serves the next call.

mod common;

use common::*;

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
