//! Plug-ins written for Extism's official Python PDK (`import extism`), built unchanged and
//! called through the Rust `extism` host: exports, I/O conversions, config, vars, logging,
//! host functions, memory, shared exports and error tracebacks.

mod common;

use common::*;
use extism::{CurrentPlugin, Function, Manifest, Plugin, UserData, Val, Wasm, PTR};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

fn example(name: &str) -> Vec<u8> {
    let dir = scratch(&format!("pdk-{name}"));
    build_file(
        &tests_dir().join(format!("../examples/{name}.py")),
        &dir.join("plugin.wasm"),
    )
}

fn json_of(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{e}: {}", text(bytes)))
}

#[test]
fn count_vowels_example_reads_config_and_keeps_vars() {
    let wasm = example("count_vowels");
    let mut configured = plugin(&wasm, &[("vowels", "aeiouy")], &[]);
    let first = json_of(&call(&mut configured, "count_vowels", b"Hello, pygmy world").unwrap());
    assert_eq!(first, json!({"count": 5, "total": 5, "vowels": "aeiouy"}));
    let second = json_of(&call(&mut configured, "count_vowels", b"yay").unwrap());
    assert_eq!(second, json!({"count": 3, "total": 8, "vowels": "aeiouy"}));
    // Without the config entry the default vowels apply.
    let mut default = plugin(&wasm, &[], &[]);
    let out = json_of(&call(&mut default, "count_vowels", b"Hello, World!").unwrap());
    assert_eq!(out["count"], 3);
}

/// The host functions of examples/host_function.py, counting `do_something` calls.
fn example_functions(calls: Arc<Mutex<u32>>) -> Vec<Function> {
    let reflect = Function::new(
        "reflect",
        [PTR],
        [PTR],
        UserData::new(()),
        |plugin: &mut CurrentPlugin, inputs: &[Val], outputs: &mut [Val], _: UserData<()>| {
            let text: String = plugin.memory_get_val(&inputs[0])?;
            plugin.memory_set_val(&mut outputs[0], text)?;
            Ok(())
        },
    )
    .with_namespace("example");
    let update_dict = Function::new(
        "update_dict",
        [PTR],
        [PTR],
        UserData::new(()),
        |plugin: &mut CurrentPlugin, inputs: &[Val], outputs: &mut [Val], _: UserData<()>| {
            let text: String = plugin.memory_get_val(&inputs[0])?;
            let mut value: Value = serde_json::from_str(&text)?;
            value["updated"] = json!(true);
            plugin.memory_set_val(&mut outputs[0], value.to_string())?;
            Ok(())
        },
    )
    .with_namespace("example");
    let do_something = Function::new(
        "do_something",
        [],
        [],
        UserData::new(calls),
        |_: &mut CurrentPlugin, _: &[Val], _: &mut [Val], calls: UserData<Arc<Mutex<u32>>>| {
            *calls.get()?.lock().unwrap().lock().unwrap() += 1;
            Ok(())
        },
    )
    .with_namespace("example");
    vec![reflect, update_dict, do_something]
}

#[test]
fn import_fn_calls_host_functions_with_converted_values() {
    let wasm = example("host_function");
    let calls = Arc::new(Mutex::new(0));
    let mut plugin = Plugin::new(
        Manifest::new([Wasm::data(wasm)]),
        example_functions(calls.clone()),
        false,
    )
    .unwrap();
    for input in ["héllo", "again"] {
        let out = json_of(&call(&mut plugin, "run", input.as_bytes()).unwrap());
        assert_eq!(
            out,
            json!({"text": input, "length": input.chars().count(), "updated": true})
        );
    }
    assert_eq!(*calls.lock().unwrap(), 2);
}

/// The rest of the API, from one plug-in.
const API: &str = r#"
import extism
from extism import Config, Var, LogLevel, memory

@extism.plugin_fn
def io_kinds():
    kind = Config.get_str("kind")
    if kind == "bytes":
        data = extism.input(bytes)
        extism.output(data[::-1])
    elif kind == "str":
        extism.output(extism.input(str).upper())
    elif kind == "json":
        doc = extism.input(dict)
        doc["seen"] = True
        extism.output(doc)
    elif kind == "list":
        extism.output(sorted(extism.input(list)))
    else:
        extism.output_str(repr(Config.get_json("nums")) + " " + repr(Config.get_str("missing")))

@extism.plugin_fn
def vars_roundtrip():
    Var.set("blob", b"\x00\x01")
    Var.set("doc", '{"a": [1, 2]}')
    extism.output_json([list(Var.get_bytes("blob")), Var.get_json("doc"), Var.get_str("none")])

@extism.plugin_fn
def memory_api():
    h = memory.alloc(b"abc")
    found = memory.find(h.offset)
    text = memory.string(found)
    memory.free(h)
    extism.output_json([h.length, found.length, text, memory.bytes(memory.alloc("xy")).decode()])

@extism.plugin_fn
def logs():
    for level in [LogLevel.Trace, LogLevel.Debug, LogLevel.Info, LogLevel.Warn, LogLevel.Error]:
        extism.log(level, "level " + level.name)
    extism.output_str(str(LogLevel.Warn) + " " + str(LogLevel.Warn.value))

class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

@extism.plugin_fn
def objects():
    extism.output_json({"p": Point(1, 2)})

@extism.plugin_fn
def fails():
    helper()

def helper():
    raise KeyError("missing thing")

@extism.shared_fn
def add(a: int, b: int) -> int:
    return a + b

def not_exported():
    pass
"#;

#[test]
fn python_pdk_api() {
    let wasm = build_source("pdk-api", "api.py", API);
    let with = |kind: &str, input: &[u8]| {
        let mut p = plugin(&wasm, &[("kind", kind), ("nums", "[1, 2.5]")], &[]);
        text(&call(&mut p, "io_kinds", input).unwrap())
    };
    assert_eq!(with("bytes", b"abc"), "cba");
    assert_eq!(with("str", "grüß".as_bytes()), "GRÜSS");
    assert_eq!(
        json_of(with("json", br#"{"a": 1}"#).as_bytes()),
        json!({"a": 1, "seen": true})
    );
    assert_eq!(with("list", b"[3, 1, 2]"), "[1, 2, 3]");
    assert_eq!(with("none", b""), "[1, 2.5] None");

    let mut p = plugin(&wasm, &[], &[]);
    let out = json_of(&call(&mut p, "vars_roundtrip", b"").unwrap());
    assert_eq!(out, json!([[0, 1], {"a": [1, 2]}, null]));
    let out = json_of(&call(&mut p, "memory_api", b"").unwrap());
    assert_eq!(out, json!([3, 3, "abc", "xy"]));
    assert_eq!(
        json_of(&call(&mut p, "objects", b"").unwrap()),
        json!({"p": {"x": 1, "y": 2}})
    );

    // An uncaught exception fails the call with its traceback; the next call works.
    let (message, code) = call(&mut p, "fails", b"").unwrap_err();
    assert_eq!(code, 1);
    assert!(
        message.contains("File \"api.py\", line 53, in fails"),
        "{message}"
    );
    assert!(message.contains("line 56, in helper"), "{message}");
    assert!(message.contains("KeyError"), "{message}");
    assert_eq!(text(&call(&mut p, "logs", b"").unwrap()), "LogLevel.Warn 3");
    assert!(!p.function_exists("not_exported"));
}

/// `extism.input(t)` for the types beyond str, bytes and JSON: a dataclass (from a JSON object),
/// an Enum (by value), `extism.Json` and a Codec subclass (their `decode`); bad input is the
/// exception the type's conversion raises, and the instance goes on.
const TYPED: &str = r#"
import extism
from dataclasses import dataclass
from enum import Enum

@dataclass
class Order:
    item: str
    qty: int = 1

class Color(Enum):
    RED = 1
    GREEN = "green"

@dataclass
class Point(extism.Json):
    x: int
    y: int

class Reversed(extism.Codec):
    def encode(self):
        return self.value[::-1].encode()

    @classmethod
    def decode(cls, data):
        return cls(data.decode()[::-1])

@extism.plugin_fn
def order():
    o = extism.input(Order)
    extism.output_json([type(o).__name__, o.item, o.qty])

@extism.plugin_fn
def color():
    c = extism.input(Color)
    extism.output_json([c.name, c is Color(c.value)])

@extism.plugin_fn
def json_value():
    v = extism.input(extism.Json)
    extism.output_json([type(v).__name__, v.value])

@extism.plugin_fn
def point():
    p = extism.input(Point)
    extism.output(Point(p.x + 1, p.y * 2))

@extism.plugin_fn
def codec():
    r = extism.input(Reversed)
    extism.output(Reversed(r.value + "!"))
"#;

#[test]
fn input_of_dataclasses_enums_and_codecs() {
    let wasm = build_source("pdk-typed", "typed.py", TYPED);
    let mut p = plugin(&wasm, &[], &[]);
    let mut ok =
        |function: &str, input: &str| text(&call(&mut p, function, input.as_bytes()).unwrap());
    assert_eq!(
        ok("order", r#"{"item": "tea", "qty": 3}"#),
        r#"["Order", "tea", 3]"#
    );
    assert_eq!(
        ok("order", r#"{"item": "cake"}"#),
        r#"["Order", "cake", 1]"#
    );
    assert_eq!(ok("color", "1"), r#"["RED", true]"#);
    assert_eq!(ok("color", r#""green""#), r#"["GREEN", true]"#);
    assert_eq!(
        ok("json_value", r#"{"a": [1, 2]}"#),
        r#"["Json", {"a": [1, 2]}]"#
    );
    assert_eq!(
        json_of(ok("point", r#"{"x": 1, "y": 2}"#).as_bytes()),
        json!({"x": 2, "y": 4})
    );
    assert_eq!(ok("codec", "cba"), "!cba");
    for (function, input, error) in [
        ("order", &br#"{"qty": 2}"#[..], "TypeError"),
        ("order", br#"{"item": "x", "colour": 1}"#, "TypeError"),
        ("color", b"3", "ValueError"),
        ("json_value", b"{", "ValueError"),
        ("point", b"\xff", "UnicodeError"),
    ] {
        let (message, code) = call(&mut p, function, input).unwrap_err();
        assert!(
            code == 1 && message.contains(error),
            "{function}({input:?}): {message}"
        );
        assert_eq!(call(&mut p, "codec", b"ab").unwrap(), b"!ab");
    }
}

const HOST_ERRORS: &str = r#"
import extism

@extism.import_fn("test", "checked")
def checked(text: str) -> str: ...

@extism.plugin_fn
def run():
    rows = {str(i): [i] * 3 for i in range(2000)}
    extism.output_str(checked(extism.input_str()) + " " + str(len(rows)))
"#;

/// A host function that returns an error traps the call (README, "Timeouts and traps"); the
/// same instance serves the next calls, host functions and allocation included.
#[test]
fn a_host_function_error_leaves_the_instance_usable() {
    let wasm = build_source("pdk-host-errors", "plugin.py", HOST_ERRORS);
    let checked = Function::new(
        "checked",
        [PTR],
        [PTR],
        UserData::new(()),
        |plugin: &mut CurrentPlugin, inputs: &[Val], outputs: &mut [Val], _: UserData<()>| {
            let text: String = plugin.memory_get_val(&inputs[0])?;
            if text == "fail" {
                anyhow::bail!("the host refuses {text:?}");
            }
            plugin.memory_set_val(&mut outputs[0], format!("checked {text}"))?;
            Ok(())
        },
    )
    .with_namespace("test");
    let mut p = Plugin::new(Manifest::new([Wasm::data(wasm)]), [checked], false).unwrap();
    for round in 0..5 {
        let (error, _) = call(&mut p, "run", b"fail").unwrap_err();
        assert!(error.contains("the host refuses"), "round {round}: {error}");
        let out = call(&mut p, "run", format!("x{round}").as_bytes())
            .unwrap_or_else(|e| panic!("round {round}: {e:?}"));
        assert_eq!(text(&out), format!("checked x{round} 2000"));
    }
}

/// A shared export takes and returns i64s (here plain ints), for other wasm modules to call.
#[test]
fn shared_fn_exports_take_parameters() {
    let wasm = build_source("pdk-shared", "api.py", API);
    let engine = wasmtime::Engine::new(wasmtime::Config::new().wasm_exceptions(true)).unwrap();
    let module = wasmtime::Module::new(&engine, &wasm).unwrap();
    let add = module.get_export("add").unwrap();
    let ty = add.func().unwrap();
    assert_eq!(ty.params().collect::<Vec<_>>().len(), 2);
    let mut linker = wasmtime::Linker::new(&engine);
    linker.define_unknown_imports_as_traps(&module).unwrap();
    let mut store = wasmtime::Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let add = instance
        .get_typed_func::<(i64, i64), i64>(&mut store, "add")
        .unwrap();
    assert_eq!(add.call(&mut store, (40, 2)).unwrap(), 42);
    assert_eq!(add.call(&mut store, (-5, 1 << 40)).unwrap(), (1 << 40) - 5);
}

/// examples/imports_example.py linked as module "example" into examples/imports.py, in one
/// manifest: shared functions with and without a result, strings and dicts through memory.
#[test]
fn shared_functions_link_into_another_plugin() {
    let provider = example("imports_example");
    let consumer = example("imports");
    let manifest = Manifest::new([
        Wasm::data(provider.clone()).with_name("example"),
        Wasm::data(consumer),
    ]);
    let mut linked = Plugin::new(manifest, [], false).expect("linking the two plug-ins");
    let out = linked
        .call::<&str, Vec<u8>>("count_vowels", "Hello, world")
        .unwrap();
    assert_eq!(json_of(&out), json!({"count": 3, "checked": true}));
    // `announce` has no return annotation: exported with no result.
    let engine = wasmtime::Engine::new(wasmtime::Config::new().wasm_exceptions(true)).unwrap();
    let module = wasmtime::Module::new(&engine, &provider).unwrap();
    let announce = module.get_export("announce").unwrap();
    let ty = announce.func().unwrap();
    assert_eq!((ty.params().count(), ty.results().count()), (0, 0));
    let shout = module.get_export("shout").unwrap();
    assert_eq!(shout.func().unwrap().results().count(), 1);
}

/// `output_json` of a number writes python-pdk's JSON string of its str(); `input_json(int)`
/// takes a number or such a string.
#[test]
fn output_json_of_numbers_is_python_pdks() {
    let wasm = build_source(
        "pdk-json-numbers",
        "plugin.py",
        r#"import extism

@extism.plugin_fn
def number():
    extism.output_json(extism.input_json(float) * 2)

@extism.plugin_fn
def integer():
    extism.output_json(extism.input_json(int) + 1)
"#,
    );
    let mut p = plugin(&wasm, &[], &[]);
    assert_eq!(text(&call(&mut p, "number", b"1.25").unwrap()), "\"2.5\"");
    assert_eq!(text(&call(&mut p, "integer", b"\"41\"").unwrap()), "\"42\"");
    assert_eq!(text(&call(&mut p, "integer", b"7").unwrap()), "\"8\"");
}

/// examples/json_transform.py: dataclasses, typing and `extism.Json` output.
#[test]
fn json_transform_example() {
    let wasm = example("json_transform");
    let mut p = plugin(&wasm, &[], &[]);
    let order = br#"{"customer": "Ada", "items": [{"sku": "tea", "qty": 2, "price": 3.5},
                     {"sku": "cake", "qty": 1, "price": 4.25}]}"#;
    let out = json_of(&call(&mut p, "invoice", order).unwrap());
    assert_eq!(
        out,
        json!({"customer": "Ada", "total": 11.25, "lines": [
            {"sku": "cake", "qty": 1, "total": 4.25}, {"sku": "tea", "qty": 2, "total": 7.0}]})
    );
    let (message, _) = call(&mut p, "invoice", br#"{"customer": "Bo"}"#).unwrap_err();
    assert!(
        message.contains("ValueError: an order needs at least one item"),
        "{message}"
    );
    assert!(call(&mut p, "invoice", b"not json").is_err());
    assert_eq!(
        json_of(&call(&mut p, "invoice", order).unwrap())["total"],
        11.25
    );
}

/// The editor stubs in stubs/ name exactly the public API the frozen modules define.
#[test]
fn stubs_match_the_modules() {
    for module in ["extism", "extism_pdk"] {
        let stub = tests_dir().join(format!("../stubs/{module}.pyi"));
        let listed = std::process::Command::new("python3")
            .args([
                "-c",
                "import ast, sys\n\
                 tree = ast.parse(open(sys.argv[1]).read())\n\
                 names = set()\n\
                 for n in tree.body:\n\
                 \x20   if isinstance(n, (ast.FunctionDef, ast.ClassDef)): names.add(n.name)\n\
                 \x20   elif isinstance(n, ast.AnnAssign): names.add(n.target.id)\n\
                 print(' '.join(sorted(x for x in names if not x.startswith('_'))))",
                stub.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(listed.status.success(), "{}", text(&listed.stderr));
        let dir = scratch(&format!("stubs-{module}"));
        let script = dir.join("names.py");
        std::fs::write(
            &script,
            format!(
                "import {module}\nprint(' '.join(sorted(n for n in dir({module}) \
                 if not n.startswith('_') and type(getattr({module}, n)).__name__ != 'module')))\n"
            ),
        )
        .unwrap();
        let (code, stdout, stderr) = run_script(&script);
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(stdout.trim(), text(&listed.stdout).trim(), "{module}");
    }
}
