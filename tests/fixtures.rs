//! Fixture-driven tests: each `tests/fixtures/<case>/` holds a plug-in (`plugin.py`) and a
//! `calls.json` describing the calls to make, in order, on one plug-in instance, and what
//! each must produce. Plug-ins are built by the real CLI and called through Extism.
//!
//! `calls.json`: `{"config": {K: V}, "exports": [names], "calls": [call]}` where a call is
//! `{"call": name, "input": str | "input_hex": hex, "output": str | "output_json": value,
//!   "error": [substrings], "code": int}`; without "error" the call must succeed (code 0).

mod common;

use common::*;
use serde_json::Value;

fn exported_functions(wasm: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let wasmparser::Payload::ExportSection(reader) = payload.unwrap() {
            for export in reader {
                let export = export.unwrap();
                if export.kind == wasmparser::ExternalKind::Func {
                    names.push(export.name.to_string());
                }
            }
        }
    }
    names.sort();
    names
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// Panics if `value` holds a number that `serde_json::Value` cannot compare exactly: an
/// integer past 2**53 in magnitude, read as a float (so 2**100 + 1 would equal 2**100). Such
/// values are compared as text ("output").
fn exact(value: &Value, at: &str) {
    match value {
        Value::Number(n) if n.is_f64() => {
            let f = n.as_f64().unwrap();
            assert!(
                f.fract() != 0.0 || f.abs() < 2f64.powi(53),
                "{at}: {n} is not compared exactly as JSON; compare it as text (\"output\")"
            );
        }
        Value::Array(items) => items.iter().for_each(|v| exact(v, at)),
        Value::Object(map) => map.values().for_each(|v| exact(v, at)),
        _ => {}
    }
}

fn run_fixture(name: &str) {
    let dir = tests_dir().join("fixtures").join(name);
    let spec: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("calls.json")).unwrap())
            .unwrap_or_else(|e| panic!("{name}/calls.json: {e}"));
    let wasm = build_file(
        &dir.join("plugin.py"),
        &scratch(&format!("fixture-{name}")).join("plugin.wasm"),
    );

    if let Some(expected) = spec.get("exports") {
        let expected: Vec<String> = serde_json::from_value(expected.clone()).unwrap();
        assert_eq!(exported_functions(&wasm), expected, "{name}: exports");
    }
    let config: Vec<(String, String)> = spec
        .get("config")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
                .collect()
        })
        .unwrap_or_default();
    let config: Vec<(&str, &str)> = config
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let mut plugin = plugin(&wasm, &config, &[]);

    for (i, c) in spec["calls"].as_array().unwrap().iter().enumerate() {
        let function = c["call"].as_str().unwrap();
        let at = format!("{name}: call #{i} ({function})");
        let input = match (c.get("input"), c.get("input_hex")) {
            (Some(s), _) => s.as_str().unwrap().as_bytes().to_vec(),
            (None, Some(h)) => hex(h.as_str().unwrap()),
            (None, None) => Vec::new(),
        };
        let result = call(&mut plugin, function, &input);
        match c.get("error") {
            None => {
                let output =
                    result.unwrap_or_else(|(e, code)| panic!("{at}: failed with code {code}: {e}"));
                if let Some(expected) = c.get("output") {
                    assert_eq!(text(&output), expected.as_str().unwrap(), "{at}: output");
                }
                if let Some(expected) = c.get("output_json") {
                    let got: Value = serde_json::from_slice(&output).unwrap_or_else(|e| {
                        panic!("{at}: output is not JSON ({e}): {}", text(&output))
                    });
                    exact(expected, &format!("{at}: calls.json"));
                    exact(&got, &format!("{at}: the output"));
                    assert_eq!(&got, expected, "{at}: output");
                }
            }
            Some(parts) => {
                let (message, code) = match result {
                    Ok(output) => panic!(
                        "{at}: succeeded with {:?}, expected an error",
                        text(&output)
                    ),
                    Err(e) => e,
                };
                for part in parts.as_array().unwrap() {
                    let part = part.as_str().unwrap();
                    assert!(
                        message.contains(part),
                        "{at}: error {message:?} lacks {part:?}"
                    );
                }
                let expected_code = c.get("code").and_then(Value::as_i64).unwrap_or(1) as i32;
                assert_eq!(code, expected_code, "{at}: code (error: {message})");
            }
        }
    }
}

macro_rules! fixtures {
    ($($name:ident),* $(,)?) => {
        $( #[test] fn $name() { run_fixture(stringify!($name)); } )*
        const ALL: &[&str] = &[$(stringify!($name)),*];
    };
}

fixtures!(seed, host_api, errors, recursion, exports, plugin_fn, language);

#[test]
fn every_fixture_has_a_test() {
    let mut on_disk: Vec<String> = std::fs::read_dir(tests_dir().join("fixtures"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = ALL.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed, "add new fixtures to the fixtures! list");
}
