//! Plug-ins built by the real CLI, unchanged, and called through Extism's other host SDKs, each
//! driven by a small host program in tests/hosts/:
//! - Python: the `extism` package from PyPI (libextism, with wasmtime inside, comes prebuilt in
//!   the `extism-sys` wheel), by `python_host.py`;
//! - JS: `@extism/extism` from npm on Node.js (V8), by `js_host.mjs`.
//!
//! scripts/setup.sh installs both under target/hosts/ at pinned versions and checks that they
//! run. A host that does not run (its SDK missing, or its interpreter broken) fails every test
//! when `EXTISM_UPY_REQUIRE_HOSTS=1` (which .ci/run sets); otherwise it is skipped with a note on
//! stderr. One that runs must pass.

mod common;

use common::*;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long one host program may take (it makes a handful of calls).
const HOST_TIMEOUT: Duration = Duration::from_secs(180);

#[derive(Clone, Copy, Debug)]
enum Sdk {
    Python,
    Js,
}

const SDKS: [Sdk; 2] = [Sdk::Python, Sdk::Js];

fn hosts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/hosts")
}

impl Sdk {
    /// The interpreter that scripts/setup.sh installs for this SDK.
    fn interpreter(self) -> PathBuf {
        match self {
            Sdk::Python => hosts_dir().join("python/bin/python"),
            Sdk::Js => hosts_dir().join("js/node_modules/.bin/node"),
        }
    }

    /// Why this SDK's host cannot run here, or `None` if it can: its interpreter must start and
    /// load the SDK (`python -c 'import extism'`; `node --version` and the SDK's folder).
    fn missing(self) -> Option<String> {
        let interpreter = self.interpreter();
        let probe = match self {
            Sdk::Python => Command::new(&interpreter)
                .args(["-c", "import extism"])
                .output(),
            Sdk::Js => Command::new(&interpreter).arg("--version").output(),
        };
        let sdk_dir = hosts_dir().join("js/node_modules/@extism/extism");
        match probe {
            Err(e) => Some(format!("{} cannot be run: {e}", interpreter.display())),
            Ok(out) if !out.status.success() => Some(format!(
                "{} fails: {}",
                interpreter.display(),
                text(&out.stderr)
            )),
            Ok(_) if matches!(self, Sdk::Js) && !sdk_dir.is_dir() => {
                Some(format!("{} is missing", sdk_dir.display()))
            }
            Ok(_) => None,
        }
    }

    /// The command that runs this SDK's host program, or `None` (with a note on the real
    /// stderr, which the test harness does not capture) when the host does not run here and
    /// `EXTISM_UPY_REQUIRE_HOSTS` is not `1`; then it panics instead.
    fn command(self) -> Option<Command> {
        if let Some(why) = self.missing() {
            assert!(
                std::env::var("EXTISM_UPY_REQUIRE_HOSTS").as_deref() != Ok("1"),
                "the {self:?} host SDK does not run ({why}), and EXTISM_UPY_REQUIRE_HOSTS=1: \
                 run scripts/setup.sh"
            );
            let _ = writeln!(
                std::io::stderr(),
                "\n*** hosts: SKIPPED the {self:?} host SDK: {why} (scripts/setup.sh installs \
                 it; EXTISM_UPY_REQUIRE_HOSTS=1 makes this a failure) ***\n"
            );
            return None;
        }
        let interpreter = self.interpreter();
        let mut command = Command::new(interpreter);
        match self {
            Sdk::Python => {
                command.arg(tests_dir().join("hosts/python_host.py"));
            }
            Sdk::Js => {
                // The SDK imports node:wasi, which warns on stderr even when WASI is unused.
                command
                    .arg("--disable-warning=ExperimentalWarning")
                    .arg(tests_dir().join("hosts/js_host.mjs"))
                    .env("EXTISM_JS_SDK", hosts_dir().join("js/node_modules"));
            }
        }
        Some(command)
    }
}

/// What a host program printed for one scenario.
struct Run {
    /// Which SDK and runtime, as the host program names them (for failure messages).
    banner: String,
    /// One result per call, in order: the output, or the error message.
    calls: Vec<Result<String, String>>,
    /// What the plug-in logged: `(level, message)`.
    logs: Vec<(String, String)>,
    /// What the host functions of namespace "example" received.
    host_calls: Value,
}

impl Run {
    fn output(&self, i: usize) -> &str {
        match &self.calls[i] {
            Ok(output) => output,
            Err(error) => panic!("{}: call {i} failed: {error}", self.banner),
        }
    }

    fn json(&self, i: usize) -> Value {
        let output = self.output(i);
        serde_json::from_str(output)
            .unwrap_or_else(|e| panic!("{}: call {i}: {e}: {output}", self.banner))
    }

    fn error(&self, i: usize) -> &str {
        match &self.calls[i] {
            Ok(output) => panic!("{}: call {i} should fail, gave {output:?}", self.banner),
            Err(error) => error,
        }
    }
}

/// Runs `sdk`'s host program on `wasm` with `scenario` (see tests/hosts/python_host.py), or
/// returns `None` when the SDK is not installed. Panics if the program fails or misbehaves.
fn run(sdk: Sdk, wasm: &Path, scenario: &Value) -> Option<Run> {
    let mut command = sdk.command()?;
    command.arg(wasm).arg(scenario.to_string());
    let (success, stdout, stderr) = run_with_timeout(command, HOST_TIMEOUT);
    let what = format!("the {sdk:?} host on {}", wasm.display());
    assert!(
        success,
        "{what} failed\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );
    let lines: Vec<Value> = stdout
        .lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{what}: {e} in line {line:?}"))
        })
        .collect();
    let calls = scenario["calls"].as_array().unwrap();
    assert_eq!(
        lines.len(),
        calls.len() + 2,
        "{what}: one banner, one line per call and a summary expected:\n{stdout}\n{stderr}"
    );
    let banner = format!(
        "{sdk:?} host ({}, {})",
        lines[0]["sdk"], lines[0]["runtime"]
    );
    let results = calls
        .iter()
        .zip(&lines[1..=calls.len()])
        .map(|(call, line)| {
            assert_eq!(line["function"], call["function"], "{banner}");
            match line["ok"].as_bool() {
                Some(true) => Ok(line["output"].as_str().unwrap().to_string()),
                _ => Err(line["error"].as_str().unwrap().to_string()),
            }
        })
        .collect();
    let summary = &lines[calls.len() + 1];
    let logs = summary["logs"]
        .as_array()
        .unwrap_or_else(|| panic!("{banner}: no logs in {summary}"))
        .iter()
        .map(|log| {
            let field = |k: &str| log[k].as_str().unwrap().to_string();
            (field("level"), field("message"))
        })
        .collect();
    Some(Run {
        banner,
        calls: results,
        logs,
        host_calls: summary["host_calls"].clone(),
    })
}

/// Runs `command` to its end, or kills it and panics after `timeout`: (success, stdout, stderr).
fn run_with_timeout(mut command: Command, timeout: Duration) -> (bool, String, String) {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env_remove("RUST_BACKTRACE")
        .spawn()
        .unwrap_or_else(|e| panic!("starting {command:?}: {e}"));
    let reader = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            text(&bytes)
        })
    };
    let stdout = reader(Box::new(child.stdout.take().unwrap()));
    let stderr = reader(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{command:?} took longer than {timeout:?}\n--- stdout\n{}\n--- stderr\n{}",
                stdout.join().unwrap(),
                stderr.join().unwrap()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    (
        status.success(),
        stdout.join().unwrap(),
        stderr.join().unwrap(),
    )
}

/// Builds `py` with the CLI into the test's scratch folder.
fn build(test: &str, py: &Path) -> PathBuf {
    let wasm = scratch(test).join("plugin.wasm");
    build_file(py, &wasm);
    wasm
}

fn example(name: &str) -> PathBuf {
    tests_dir().join("../examples").join(name)
}

fn calls(function: &str, inputs: &[&str]) -> Value {
    inputs
        .iter()
        .map(|input| json!({"function": function, "input": input}))
        .collect()
}

#[test]
fn count_vowels_reads_config_and_keeps_vars_across_calls() {
    let wasm = build("hosts-count-vowels", &example("count_vowels.py"));
    let scenario = json!({
        "config": {"vowels": "aeiouy"},
        "calls": calls("count_vowels", &["Hello, World yes", "Hello, World yes", "xyz"]),
    });
    for sdk in SDKS {
        let Some(run) = run(sdk, &wasm, &scenario) else {
            continue;
        };
        let b = &run.banner;
        assert_eq!(
            run.json(0),
            json!({"count": 5, "total": 5, "vowels": "aeiouy"}),
            "{b}"
        );
        // Same instance: the var written by the first call is read by the second.
        assert_eq!(
            run.json(1),
            json!({"count": 5, "total": 10, "vowels": "aeiouy"}),
            "{b}"
        );
        assert_eq!(
            run.json(2),
            json!({"count": 1, "total": 11, "vowels": "aeiouy"}),
            "{b}"
        );
        let info = |m: &str| ("info".to_string(), m.to_string());
        assert_eq!(
            run.logs,
            [
                info("counted 5 vowels"),
                info("counted 5 vowels"),
                info("counted 1 vowels")
            ],
            "{b}"
        );
    }
}

#[test]
fn host_functions_get_and_return_strings_and_dicts() {
    let wasm = build("hosts-host-function", &example("host_function.py"));
    let scenario = json!({"calls": calls("run", &["héllo wörld", "x"])});
    for sdk in SDKS {
        let Some(run) = run(sdk, &wasm, &scenario) else {
            continue;
        };
        let b = &run.banner;
        assert_eq!(
            run.json(0),
            json!({"text": "héllo wörld", "length": 11, "updated": true}),
            "{b}"
        );
        assert_eq!(
            run.json(1),
            json!({"text": "x", "length": 1, "updated": true}),
            "{b}"
        );
        assert_eq!(
            run.host_calls,
            json!({
                "reflect": ["héllo wörld", "x"],
                "update_dict": [{"text": "héllo wörld", "length": 11}, {"text": "x", "length": 1}],
                "do_something": 2,
            }),
            "{b}"
        );
    }
}

/// The body the loopback server answers `path` with.
fn echo_body(path: &str, accept: &str) -> String {
    json!({"path": path, "accept": accept}).to_string()
}

/// Serves HTTP on 127.0.0.1 until the test process ends: a JSON body (see `echo_body`), status
/// 404 for paths under /missing.
fn serve() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            let _ = reader.read_line(&mut request_line);
            let mut accept = String::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim_end().is_empty() {
                    break;
                }
                if let Some((k, v)) = line.split_once(':') {
                    if k.trim().eq_ignore_ascii_case("accept") {
                        accept = v.trim().to_string();
                    }
                }
            }
            let path = request_line.split_whitespace().nth(1).unwrap_or("");
            let status = if path.starts_with("/missing") {
                "404 Not Found"
            } else {
                "200 OK"
            };
            let body = echo_body(path, &accept);
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    port
}

#[test]
fn http_fetch_reaches_only_allowed_hosts() {
    let port = serve();
    let url = format!("http://127.0.0.1:{port}");
    let wasm = build("hosts-http-fetch", &example("http_fetch.py"));
    let scenario = json!({
        "allowed_hosts": ["127.0.0.1"],
        "calls": calls("fetch", &[
            &format!("{url}/hello"),
            &format!("{url}/missing"),
            // Same server, but by a name allowed_hosts does not list.
            &format!("http://localhost:{port}/denied"),
            &format!("{url}/again"),
        ]),
    });
    for sdk in SDKS {
        let Some(run) = run(sdk, &wasm, &scenario) else {
            continue;
        };
        let b = &run.banner;
        let fetched = |path: &str, status: u16| {
            json!({"status": status, "bytes": echo_body(path, "*/*").len(),
                   "content_type": "application/json"})
        };
        assert_eq!(run.json(0), fetched("/hello", 200), "{b}");
        assert_eq!(run.json(1), fetched("/missing", 404), "{b}");
        let error = run.error(2);
        if let Sdk::Js = sdk {
            assert!(error.contains("not allowed"), "{b}: {error}");
        }
        // The Python SDK's message is only wasmtime's "error while executing at wasm
        // backtrace: ..." (libextism's root cause is not in it), so only the failure is checked.
        assert_eq!(run.json(3), fetched("/again", 200), "{b}");
    }
}

#[test]
fn uncaught_exception_gives_the_traceback_and_the_plugin_goes_on() {
    let py = tests_dir().join("hosts/greet.py");
    let source = std::fs::read_to_string(&py).unwrap();
    let line_of = |needle: &str| 1 + source.lines().position(|l| l.contains(needle)).unwrap();
    let (raise_line, call_line) = (line_of("raise ValueError"), line_of("extism.output_str"));
    let wasm = build("hosts-greet", &py);
    let scenario = json!({"calls": calls("greet", &["", "Ada", "", "Bob"])});
    for sdk in SDKS {
        let Some(run) = run(sdk, &wasm, &scenario) else {
            continue;
        };
        let b = &run.banner;
        for i in [0, 2] {
            let error = run.error(i);
            for part in [
                "Traceback (most recent call last):".to_string(),
                format!("File \"greet.py\", line {call_line}, in greet"),
                format!("File \"greet.py\", line {raise_line}, in _checked"),
                "ValueError: a name is needed".to_string(),
            ] {
                assert!(error.contains(&part), "{b}: {part:?} not in {error:?}");
            }
        }
        // The same instance serves the next calls, its vars kept.
        assert_eq!(run.output(1), "Hello, Ada (call 2)", "{b}");
        assert_eq!(run.output(3), "Hello, Bob (call 4)", "{b}");
    }
}

#[test]
fn seed_style_plugin_says_hello() {
    let wasm = build("hosts-my-plugin", &example("my_plugin.py"));
    let scenario = json!({"calls": calls("my_function", &["World", "élan ✓"])});
    for sdk in SDKS {
        let Some(run) = run(sdk, &wasm, &scenario) else {
            continue;
        };
        assert_eq!(run.output(0), "Hello, World", "{}", run.banner);
        assert_eq!(run.output(1), "Hello, élan ✓", "{}", run.banner);
    }
}

#[test]
fn json_transform_with_dataclasses() {
    let wasm = build("hosts-json-transform", &example("json_transform.py"));
    let order = json!({"customer": "Ada", "items": [
        {"sku": "tea", "qty": 2, "price": 3.5},
        {"sku": "cake", "qty": 1, "price": 4.25},
    ]});
    let empty = json!({"customer": "Bob", "items": []});
    let scenario = json!({"calls": calls("invoice", &[&order.to_string(), &empty.to_string(),
                                                      &order.to_string()])});
    for sdk in SDKS {
        let Some(run) = run(sdk, &wasm, &scenario) else {
            continue;
        };
        let b = &run.banner;
        let invoice = json!({
            "customer": "Ada",
            "lines": [{"sku": "cake", "qty": 1, "total": 4.25},
                      {"sku": "tea", "qty": 2, "total": 7.0}],
            "total": 11.25,
        });
        assert_eq!(run.json(0), invoice, "{b}");
        let error = run.error(1);
        assert!(
            error.contains("File \"json_transform.py\", line"),
            "{b}: {error}"
        );
        assert!(
            error.contains("ValueError: an order needs at least one item"),
            "{b}: {error}"
        );
        assert_eq!(run.json(2), invoice, "{b}");
    }
}
