//! Thousands of allocation-heavy calls in one plug-in instance: every answer right, and the
//! GC heap bounded (collections run between calls and at safe points within them).

mod common;

use common::*;
use serde_json::Value;

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
