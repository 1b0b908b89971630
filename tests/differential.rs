//! Differential tests, CPython as the oracle (run here, not recorded): random expressions
//! evaluated by `extism-upy run` and by CPython print the same; random JSON documents
//! round-tripped through a plug-in (Extism host) give what CPython's
//! `json.dumps(json.loads(text))` gives. tests/differential/gen.py makes the cases from a
//! seed; set `DIFF_SEEDS` (e.g. `DIFF_SEEDS=7,8,9`) to try others.

mod common;

use common::*;
use serde_json::Value;
use std::process::Command;

fn seeds() -> Vec<u64> {
    std::env::var("DIFF_SEEDS")
        .map(|s| s.split(',').map(|x| x.trim().parse().unwrap()).collect())
        .unwrap_or_else(|_| vec![1, 2, 3])
}

/// Runs tests/differential/gen.py under CPython.
fn generate(mode: &str, seed: u64, count: usize) -> String {
    let out = Command::new("python3")
        .arg(tests_dir().join("differential/gen.py"))
        .args([mode, &seed.to_string(), &count.to_string()])
        .output()
        .expect("python3");
    assert!(out.status.success(), "gen.py: {}", text(&out.stderr));
    text(&out.stdout)
}

#[test]
fn random_expressions_evaluate_as_in_cpython() {
    for seed in seeds() {
        let script = generate("exprs", seed, 3000);
        let path = scratch("differential").join(format!("exprs_{seed}.py"));
        std::fs::write(&path, &script).unwrap();
        let cpython = Command::new("python3").arg(&path).output().unwrap();
        assert!(cpython.status.success(), "{}", text(&cpython.stderr));
        let (code, ours, stderr) = run_script(&path);
        assert_eq!(code, 0, "seed {seed}: {stderr}");
        let theirs = text(&cpython.stdout);
        for (line, (a, b)) in ours.lines().zip(theirs.lines()).enumerate() {
            if a != b {
                let case = script
                    .lines()
                    .find(|l| l.starts_with(&format!("check({line}, ")))
                    .unwrap_or("?");
                panic!("seed {seed}: {case}\n  ours:    {a}\n  CPython: {b}");
            }
        }
        assert_eq!(ours.lines().count(), theirs.lines().count(), "seed {seed}");
    }
}

const ROUNDTRIP: &str = r#"
import extism, json

@extism.plugin_fn
def plain():
    extism.output_str(json.dumps(json.loads(extism.input_str())))

@extism.plugin_fn
def sorted_indented():
    value = json.loads(extism.input_str())
    extism.output_str(json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False))
"#;

#[test]
fn random_json_round_trips_as_in_cpython() {
    let wasm = build_source("differential-json", "plugin.py", ROUNDTRIP);
    let mut plugin = plugin(&wasm, &[], &[]);
    let mut checked = 0;
    for seed in seeds() {
        for line in generate("json", seed, 1000).lines() {
            let case: Value = serde_json::from_str(line).unwrap();
            let input = case["input"].as_str().unwrap();
            let function = match case["variant"].as_str().unwrap() {
                "plain" => "plain",
                _ => "sorted_indented",
            };
            let out = call(&mut plugin, function, input.as_bytes())
                .unwrap_or_else(|e| panic!("seed {seed}: {function}({input}): {e:?}"));
            assert_eq!(
                text(&out),
                case["expected"].as_str().unwrap(),
                "seed {seed}: {function}({input})"
            );
            checked += 1;
        }
    }
    assert!(checked >= 1000);
}
