//! Long runs in one plug-in instance: every answer right, and nothing grows with the number
//! of calls: not the GC heap (collections run between calls and at safe points within them),
//! not the wasm memory, not the Extism memory blocks a call leaves allocated.

mod common;

use common::*;
use extism::{CurrentPlugin, Function, Manifest, Plugin, UserData, Val, Wasm, PTR};
use serde_json::{json, Value};
use std::time::Instant;

const PLUGIN: &str = r#"
from extism_pdk import host
import json, _upy

kept = []

def work():
    n = int(host.get_input_string())
    words = [str(i) * (i % 7 + 1) for i in range(n)]
    table = {w: len(w) for w in words}
    doc = json.loads(json.dumps({"words": words[:50], "total": sum(table.values())}))
    if n % 100 == 0:
        kept.append(doc["total"])   # a little long-lived state
    host.set_output_json({"total": doc["total"], "first": doc["words"][0], "heap": _upy.heap_size(),
                          "kept": len(kept)})
"#;

fn expected_total(n: usize) -> usize {
    (0..n).map(|i| i.to_string().len() * (i % 7 + 1)).sum()
}

#[test]
fn thousands_of_calls_in_one_instance() {
    let wasm = build_source("soak", "plugin.py", PLUGIN);
    let mut plugin = plugin(&wasm, &[], &[]);
    let mut heaps = Vec::new();
    for call_number in 0..3000 {
        let n = 200 + call_number % 300;
        let out = call(&mut plugin, "work", n.to_string().as_bytes())
            .unwrap_or_else(|e| panic!("call {call_number}: {e:?}"));
        let got: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(got["total"], expected_total(n), "call {call_number}");
        assert_eq!(got["first"], "0");
        heaps.push(got["heap"].as_u64().unwrap());
    }
    // Long-lived state grows by 10 small ints; the heap must not grow with the call count.
    let early = heaps[100..500].iter().max().unwrap();
    let late = heaps[2500..].iter().max().unwrap();
    eprintln!("soak: 3000 calls, heap {} bytes after the first call, at most {early} early and {late} late", heaps[0]);
    assert!(
        late <= early,
        "heap grew from {early} to {late} bytes over the soak"
    );
    assert!(*late <= 2 * 1024 * 1024, "heap reached {late} bytes");
}

/// Every kind of work a plug-in does, each export a workload of the fixtures: text, JSON,
/// vars, config, host functions, exceptions, recursion, garbage, Extism memory.
const MIXED: &str = r#"
import extism, gc, _upy
from extism import Config, Var, memory

@extism.import_fn("example", "reflect")
def reflect(text: str) -> str: ...

kept = []

@extism.plugin_fn
def greet():
    extism.output_str("Hello, " + extism.input_str() + "!")

@extism.plugin_fn
def vowels():
    text = extism.input_str()
    extism.output_json({"count": sum(1 for c in text if c in "aeiouAEIOU")})

@extism.plugin_fn
def transform():
    doc = extism.input_json()
    items = sorted(doc["items"], key=lambda x: -x["n"])
    extism.output_json({"top": items[0]["name"], "sum": sum(i["n"] for i in items),
                        "names": [i["name"].upper() for i in items]})

@extism.plugin_fn
def counter():
    n = int(Var.get_str("count") or "0") + 1
    Var.set("count", str(n))
    extism.output_str(str(n))

@extism.plugin_fn
def configured():
    extism.output_str(Config.get_str("greeting") or "missing")

@extism.plugin_fn
def fail():
    raise ValueError("bad value: " + extism.input_str())

@extism.plugin_fn
def recurse():
    def down(n):
        return down(n + 1)
    try:
        down(0)
    except RuntimeError as e:
        extism.output_str(type(e).__name__)

@extism.plugin_fn
def garbage():
    n = int(extism.input_str())
    rows = [{"i": i, "s": str(i) * 5} for i in range(n)]
    if n % 97 == 0:
        kept.append(n)
    extism.output_str(str(sum(len(r["s"]) for r in rows)))

@extism.plugin_fn
def host():
    extism.output_str(reflect(extism.input_str()))

@extism.plugin_fn
def blocks():
    # Everything that takes Extism memory blocks, k times; then where a new block lands.
    for i in range(int(extism.input_str())):
        Config.get_str("greeting")
        Var.set("scratch", "x" * 100)
        Var.get_str("scratch")
        extism.input_bytes()
        extism.log(extism.LogLevel.Trace, "k")
        memory.free(memory.alloc(b"y" * 64))
    probe = memory.alloc(b"z")
    extism.output_json({"offset": probe.offset})

@extism.plugin_fn
def stats():
    extism.output_json({"heap": _upy.heap_size(), "memory": _upy.memory_size(), "kept": len(kept)})
"#;

fn reflect_function() -> Function {
    Function::new(
        "reflect",
        [PTR],
        [PTR],
        UserData::new(()),
        |plugin: &mut CurrentPlugin, inputs: &[Val], outputs: &mut [Val], _: UserData<()>| {
            let text: String = plugin.memory_get_val(&inputs[0])?;
            plugin.memory_set_val(&mut outputs[0], text.chars().rev().collect::<String>())?;
            Ok(())
        },
    )
    .with_namespace("example")
}

fn mixed_plugin() -> Plugin {
    let wasm = build_source("soak-mixed", "plugin.py", MIXED);
    let manifest =
        Manifest::new([Wasm::data(wasm)]).with_config_key("greeting", "bonjour".to_string());
    Plugin::new(manifest, [reflect_function()], false).unwrap()
}

fn stats(plugin: &mut Plugin) -> Value {
    serde_json::from_slice(&call(plugin, "stats", b"").unwrap()).unwrap()
}

/// A small deterministic generator, so that a failure names a call that can be replayed.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

/// One call of the mix: checks its answer, panicking with the call number if wrong.
/// Returns the workload's name.
fn mixed_call(plugin: &mut Plugin, rng: &mut Lcg, number: usize, count: &mut u64) -> &'static str {
    let pick = rng.next() % 100;
    let n = rng.next() % 200;
    let fail =
        |what: &str, got: &dyn std::fmt::Debug| -> ! { panic!("call {number}: {what}: {got:?}") };
    match pick {
        0..=19 => {
            let name = format!("wörld {n}");
            let out = call(plugin, "greet", name.as_bytes()).unwrap();
            if text(&out) != format!("Hello, {name}!") {
                fail("greet", &text(&out));
            }
        }
        20..=34 => {
            let input = "Hello, vowels! ".repeat(n as usize);
            let out: Value =
                serde_json::from_slice(&call(plugin, "vowels", input.as_bytes()).unwrap()).unwrap();
            if out != json!({"count": 4 * n}) {
                fail("vowels", &out);
            }
        }
        35..=49 => {
            let items: Vec<Value> = (0..=n)
                .map(|i| json!({"name": format!("item{i}"), "n": i}))
                .collect();
            let input = json!({ "items": items }).to_string();
            let out: Value =
                serde_json::from_slice(&call(plugin, "transform", input.as_bytes()).unwrap())
                    .unwrap();
            let names: Vec<String> = (0..=n).rev().map(|i| format!("ITEM{i}")).collect();
            if out != json!({"top": format!("item{n}"), "sum": n * (n + 1) / 2, "names": names}) {
                fail("transform", &out);
            }
        }
        50..=59 => {
            *count += 1;
            let out = call(plugin, "counter", b"").unwrap();
            if text(&out) != count.to_string() {
                fail("counter", &text(&out));
            }
        }
        60..=64 => {
            if text(&call(plugin, "configured", b"").unwrap()) != "bonjour" {
                fail("configured", &"");
            }
        }
        65..=69 => {
            let (error, _) = call(plugin, "fail", n.to_string().as_bytes()).unwrap_err();
            if !error.contains(&format!("ValueError: bad value: {n}")) {
                fail("fail", &error);
            }
        }
        70..=79 => {
            let out = call(plugin, "garbage", n.to_string().as_bytes()).unwrap();
            let expected: u64 = (0..n).map(|i| 5 * i.to_string().len() as u64).sum();
            if text(&out) != expected.to_string() {
                fail("garbage", &text(&out));
            }
        }
        80..=89 => {
            let input = format!("abc{n}é");
            let out = call(plugin, "host", input.as_bytes()).unwrap();
            if text(&out) != input.chars().rev().collect::<String>() {
                fail("host", &text(&out));
            }
        }
        90..=93 => {
            // Bad input: invalid UTF-8 and invalid JSON are Python exceptions.
            let (error, _) = call(plugin, "greet", b"\xff\xfe").unwrap_err();
            if !error.contains("UnicodeError") {
                fail("invalid UTF-8", &error);
            }
            let (error, _) = call(plugin, "transform", b"{\"items\": [").unwrap_err();
            if !error.contains("ValueError") {
                fail("invalid JSON", &error);
            }
        }
        94 => {
            if text(&call(plugin, "recurse", b"").unwrap()) != "RuntimeError" {
                fail("recurse", &"");
            }
        }
        _ => {
            let out = call(plugin, "greet", b"").unwrap();
            if text(&out) != "Hello, !" {
                fail("empty input", &text(&out));
            }
        }
    }
    match pick {
        0..=19 => "greet",
        20..=34 => "vowels",
        35..=49 => "json transform",
        50..=59 => "var counter",
        60..=64 => "config",
        65..=69 => "exception",
        70..=79 => "garbage",
        80..=89 => "host function",
        90..=93 => "bad input (2 calls)",
        94 => "unbounded recursion",
        _ => "empty input",
    }
}

#[test]
fn a_hundred_thousand_mixed_calls_in_one_instance() {
    const CALLS: usize = 100_000;
    let mut plugin = mixed_plugin();
    let mut rng = Lcg(2026);
    let mut count = 0;
    // Warm up, so that the heap and memory reach their working size.
    for number in 0..2_000 {
        mixed_call(&mut plugin, &mut rng, number, &mut count);
    }
    let before = stats(&mut plugin);
    let started = Instant::now();
    let mut heap_max = 0;
    let mut by_kind = std::collections::BTreeMap::new();
    for number in 2_000..CALLS {
        let t = Instant::now();
        let kind = mixed_call(&mut plugin, &mut rng, number, &mut count);
        let entry = by_kind
            .entry(kind)
            .or_insert((0u32, std::time::Duration::ZERO));
        entry.0 += 1;
        entry.1 += t.elapsed();
        if number % 1000 == 0 {
            heap_max = heap_max.max(stats(&mut plugin)["heap"].as_u64().unwrap());
        }
    }
    let elapsed = started.elapsed();
    let after = stats(&mut plugin);
    for (kind, (n, t)) in &by_kind {
        let mean = t.as_secs_f64() * 1e6 / *n as f64;
        eprintln!("soak: {kind}: {n} calls, {mean:.0} µs each");
    }
    eprintln!(
        "soak: {} mixed calls in {:.1} s ({:.1} µs/call); heap {} → {} bytes (at most {heap_max}), \
         wasm memory {} → {} bytes",
        CALLS - 2_000,
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1e6 / (CALLS - 2_000) as f64,
        before["heap"],
        after["heap"],
        before["memory"],
        after["memory"],
    );
    assert!(
        heap_max <= 2 * before["heap"].as_u64().unwrap().max(1 << 20),
        "the heap grew from {} to {heap_max} bytes",
        before["heap"]
    );
    assert_eq!(
        before["memory"], after["memory"],
        "wasm memory grew during the soak"
    );
}

#[test]
fn a_call_leaves_no_extism_memory_blocks_allocated() {
    let mut plugin = mixed_plugin();
    let probe = |plugin: &mut Plugin, k: u32| -> u64 {
        let out: Value =
            serde_json::from_slice(&call(plugin, "blocks", k.to_string().as_bytes()).unwrap())
                .unwrap();
        out["offset"].as_u64().unwrap()
    };
    // Each round takes blocks for config, vars, input, logs and memory.alloc; if any stayed
    // allocated, a new block would land further on after 500 rounds than after one.
    let one = probe(&mut plugin, 1);
    let many = probe(&mut plugin, 500);
    assert!(
        many <= one + 1024,
        "blocks left allocated: a new block lands at {many} after 500 rounds, at {one} after one"
    );
}
