//! The host's limits: a timeout stops an endless loop; the heap's own bound is a MemoryError
//! Python can catch; so is the host's memory cap when the host also passes it in config
//! (`upy.memory.max_pages`); without that, the cap stops the call (Extism traps with "oom"
//! when the module asks to grow past it, before the allocator could fail softly). In every
//! case the same instance serves the next call.

mod common;

use common::*;
use extism::{Manifest, PluginBuilder, Wasm};

const PLUGIN: &str = r#"
from extism_pdk import host

def spin():
    while True:
        pass

def hog():
    try:
        blocks = []
        while True:
            blocks.append(bytearray(256 * 1024))
    except MemoryError:
        blocks = None
        host.set_output_string("MemoryError")

def ok():
    host.set_output_string("ok " + host.get_input_string())

def size():
    host.set_output_string(str(len(host.get_input_string())))

def work():
    # Needs a few heap areas, but far less than the bound.
    rows = [str(i) * 10 for i in range(20000)]
    host.set_output_string(str(sum(len(r) for r in rows)))
"#;

fn limited(wasm: &[u8], manifest: impl FnOnce(Manifest) -> Manifest) -> extism::Plugin {
    let manifest = manifest(Manifest::new([Wasm::data(wasm.to_vec())]));
    PluginBuilder::new(manifest).build().unwrap()
}

#[test]
fn a_timeout_stops_an_endless_loop_and_the_instance_recovers() {
    let wasm = build_source("timeout", "plugin.py", PLUGIN);
    // The timeout also covers the calls that must succeed (Extism sets it per instance): 3 s,
    // a thousand times what they take, so that a busy machine cannot fail them.
    let mut plugin = limited(&wasm, |m| m.with_timeout(std::time::Duration::from_secs(3)));
    let (error, _) = call(&mut plugin, "spin", b"").unwrap_err();
    assert!(error.contains("timeout"), "{error}");
    for i in 0..3 {
        let out = call(&mut plugin, "ok", i.to_string().as_bytes()).unwrap();
        assert_eq!(text(&out), format!("ok {i}"));
    }
}

#[test]
fn the_heap_bound_is_a_catchable_memory_error() {
    let wasm = build_source("heapcap", "plugin.py", PLUGIN);
    let mut plugin = limited(&wasm, |m| m);
    for _ in 0..2 {
        assert_eq!(text(&call(&mut plugin, "hog", b"").unwrap()), "MemoryError");
        assert_eq!(
            text(&call(&mut plugin, "ok", b"after").unwrap()),
            "ok after"
        );
    }
}

const HEAP_BOUND: &str = r#"
import extism, _upy

@extism.plugin_fn
def fill():
    blocks = []
    try:
        while True:
            blocks.append(bytearray(256 * 1024))
    except MemoryError:
        n = len(blocks)
        blocks = None
        extism.output_json([n * 256 * 1024, _upy.heap_size()])
"#;

/// The README's bound: the GC heap grows to 64 MiB and no further; what fills it is a
/// MemoryError, and the heap is then (nearly) all in use.
#[test]
fn the_heap_is_bounded_at_64_mib() {
    let wasm = build_source("heap-64mib", "plugin.py", HEAP_BOUND);
    let mut plugin = limited(&wasm, |m| m);
    for round in 0..2 {
        let out: serde_json::Value =
            serde_json::from_slice(&call(&mut plugin, "fill", b"").unwrap()).unwrap();
        let (filled, heap) = (out[0].as_u64().unwrap(), out[1].as_u64().unwrap());
        assert_eq!(heap, 64 << 20, "round {round}: heap {heap} bytes");
        assert!(
            filled >= 60 << 20,
            "round {round}: MemoryError after only {filled} bytes"
        );
    }
}

#[test]
fn the_host_memory_cap_stops_the_call_and_the_instance_recovers() {
    let wasm = build_source("memcap", "plugin.py", PLUGIN);
    // The snapshot starts at about 2 MiB; 8 MiB leaves room for a few heap areas only.
    let mut plugin = limited(&wasm, |m| m.with_memory_max(128));
    for _ in 0..2 {
        let (error, _) = call(&mut plugin, "hog", b"").unwrap_err();
        assert!(error.contains("oom"), "{error}");
        assert_eq!(
            text(&call(&mut plugin, "ok", b"after").unwrap()),
            "ok after"
        );
    }
}

fn capped(wasm: &[u8], pages: u32) -> extism::Plugin {
    limited(wasm, |m| {
        m.with_memory_max(pages)
            .with_config_key("upy.memory.max_pages", pages.to_string())
    })
}

/// What `work` outputs: the digits of 0..20000, each written 10 times.
fn work_total() -> String {
    ((0..20000).map(|i: u32| i.to_string().len()).sum::<usize>() * 10).to_string()
}

#[test]
fn a_host_memory_cap_passed_in_config_is_a_catchable_memory_error() {
    let wasm = build_source("memcap-config", "plugin.py", PLUGIN);
    let mut plugin = capped(&wasm, 128);
    for _ in 0..3 {
        assert_eq!(text(&call(&mut plugin, "hog", b"").unwrap()), "MemoryError");
        assert_eq!(text(&call(&mut plugin, "work", b"").unwrap()), work_total());
        assert_eq!(
            text(&call(&mut plugin, "ok", b"after").unwrap()),
            "ok after"
        );
    }
}

#[test]
fn an_input_larger_than_the_capped_heap_is_a_memory_error() {
    let wasm = build_source("memcap-input", "plugin.py", PLUGIN);
    // 4 MiB cap: the heap stops at 2 MiB, and a 3 MB input cannot be read into it.
    let mut plugin = capped(&wasm, 64);
    let (error, _) = call(&mut plugin, "size", &vec![b'x'; 3_000_000]).unwrap_err();
    assert!(error.contains("MemoryError"), "{error}");
    assert_eq!(
        text(&call(&mut plugin, "size", &vec![b'x'; 500_000]).unwrap()),
        "500000"
    );
}

#[test]
fn the_cli_passes_timeout_and_memory_flags() {
    let dir = scratch("cli-limits");
    let py = dir.join("plugin.py");
    std::fs::write(&py, PLUGIN).unwrap();
    let wasm = dir.join("plugin.wasm");
    build_file(&py, &wasm);
    let wasm = wasm.to_str().unwrap();
    let out = cli(&["call", wasm, "spin", "--timeout-ms", "300"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains("timeout"),
        "{}",
        text(&out.stderr)
    );
    // The CLI tells the plug-in its cap, so Python sees MemoryError.
    let out = cli(&["call", wasm, "hog", "--memory-max-pages", "128"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim(), "MemoryError");
}

/// Measures how deep each kind of recursion goes before the RuntimeError the README
/// promises ("Recursion", in "Limits, failures, and what a host should do"): Python calls,
/// recursion through native code (closures, `__init__`, `__repr__`, generators) and nested
/// data in `repr`, `==`, `<`, `hash` and `json.dumps`. Each export outputs `{kind: depth}`.
const DEPTHS: &str = r#"
import extism, json

depth = 0

def python(n):
    global depth
    depth = n
    python(n + 1)

def closure(start):
    k = 1
    def f(n):
        global depth
        depth = n
        return f(n + k)
    return f(start)

class Init:
    def __init__(self, n):
        global depth
        depth = n
        Init(n + 1)

class Repr:
    def __init__(self, n):
        self.n = n
    def __repr__(self):
        global depth
        depth = self.n
        return repr(Repr(self.n + 1))

def generator(n):
    global depth
    depth = n
    yield from generator(n + 1)

@extism.plugin_fn
def calls():
    global depth
    out = {}
    for name, start in (("python", lambda: python(1)), ("closure", lambda: closure(1)),
                        ("__init__", lambda: Init(1)), ("__repr__", lambda: repr(Repr(1))),
                        ("generator", lambda: list(generator(1)))):
        depth = 0
        try:
            start()
            out[name] = "no error"
        except RuntimeError as e:
            out[name] = depth
    extism.output_json(out)

def nested(kind, d):
    v = 1
    for _ in range(d):
        v = (v,) if kind == "tuple" else [v]
    return v

@extism.plugin_fn
def data():
    out = {}
    for name in ("repr", "==", "<", "hash", "json.dumps"):
        out[name] = 0
        for d in range(100, 3000, 10):
            a, b = nested("tuple" if name == "hash" else "list", d), nested("list", d)
            try:
                if name == "repr": repr(a)
                elif name == "==": a == b
                elif name == "<": a < b
                elif name == "hash": hash(a)
                else: json.dumps(a)
            except RuntimeError:
                break
            out[name] = d
    extism.output_json(out)
"#;

/// The depths each kind of recursion reaches: (kind, depth), calls then data.
fn depths() -> Vec<(String, u64)> {
    let wasm = build_source("depths", "plugin.py", DEPTHS);
    let mut p = limited(&wasm, |m| m);
    let mut all = Vec::new();
    for export in ["calls", "data"] {
        let out: serde_json::Value =
            serde_json::from_slice(&call(&mut p, export, b"").unwrap()).unwrap();
        for (kind, depth) in out.as_object().unwrap() {
            let depth = depth
                .as_u64()
                .unwrap_or_else(|| panic!("{kind}: {depth} (a RuntimeError was expected)"));
            all.push((kind.clone(), depth));
        }
    }
    assert_eq!(all.len(), 10, "{all:?}");
    all
}

/// What the README can promise whatever the exact numbers: every kind of recursion ends in a
/// RuntimeError Python catches (not a trap of the host's stack), deeper than a program needs.
#[test]
fn every_kind_of_recursion_is_a_runtime_error_past_a_useful_depth() {
    for (kind, depth) in depths() {
        let floor = if kind == "python" { 2000 } else { 200 };
        assert!(depth >= floor, "{kind}: only {depth} levels");
    }
}

/// The README's figures ("Limits"): Python recursion about 6,500 frames; recursion through
/// native code 245-680 levels; nested data about 670 levels, `json.dumps` about 870 ("about":
/// within 20%).
#[test]
fn recursion_depths_are_as_the_readme_says() {
    let wrong: Vec<String> = depths()
        .into_iter()
        .filter(|(kind, depth)| {
            let (low, high) = match kind.as_str() {
                "python" => (5200, 7800),
                "closure" | "__init__" | "__repr__" | "generator" => (196, 816),
                "json.dumps" => (696, 1044),
                _ => (536, 804),
            };
            !(low..=high).contains(depth)
        })
        .map(|(kind, depth)| format!("{kind}: {depth}"))
        .collect();
    assert!(wrong.is_empty(), "outside the README's figures: {wrong:?}");
}

/// `print`'s line buffer has a fixed size (src/port/hal.rs, `LINE_BUFFER`, 4096 bytes): a
/// longer line moves to the heap and still reaches the log whole, and so do the lines after it.
#[test]
fn a_print_line_longer_than_the_buffer_reaches_the_log_whole() {
    let dir = scratch("long-print-line");
    let py = dir.join("plugin.py");
    std::fs::write(
        &py,
        "def long_line():\n    print('ab' * 5000 + '|end')\n    print('next line')\n    \
         print('x' * 4096)\n    print('y' * 4097, end='')\n",
    )
    .unwrap();
    let wasm = dir.join("plugin.wasm");
    build_file(&py, &wasm);
    let (records, out) = call_logging(&wasm, "long_line");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let messages: Vec<String> = records.into_iter().map(|(_, m)| m).collect();
    let expected = [
        "ab".repeat(5000) + "|end",
        "next line".to_string(),
        "x".repeat(4096),
        "y".repeat(4097),
    ];
    assert_eq!(messages, expected);
}
