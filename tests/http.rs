//! `host.http_request` against a real HTTP server on loopback, through Extism's
//! `allowed_hosts`.

mod common;

use common::*;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;

const PLUGIN: &str = r#"
from extism_pdk import host

def fetch():
    req = host.get_input_json()
    r = host.http_request(req["url"], req.get("method", "GET"), req.get("headers"), req.get("body"))
    host.set_output_json({"status": r["status"], "body": r["body"], "reply": r["headers"].get("x-reply")})
"#;

/// Serves `count` requests, answering each with a JSON echo of what it received (status 404
/// for paths under /missing), and stops.
fn serve(count: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(count) {
            let mut stream = stream.unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            reader.read_line(&mut request_line).unwrap();
            let mut headers = serde_json::Map::new();
            let mut length = 0;
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                let (k, v) = line.split_once(':').unwrap();
                let (k, v) = (k.trim().to_lowercase(), v.trim().to_string());
                if k == "content-length" {
                    length = v.parse().unwrap();
                }
                headers.insert(k, Value::String(v));
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let mut parts = request_line.split_whitespace();
            let (method, path) = (parts.next().unwrap(), parts.next().unwrap());
            let echo = json!({"method": method, "path": path, "x-test": headers.get("x-test"),
                              "body": String::from_utf8_lossy(&body)})
            .to_string();
            let status = if path.starts_with("/missing") {
                "404 Not Found"
            } else {
                "200 OK"
            };
            write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nX-Reply: pong\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n{echo}",
                echo.len()
            )
            .unwrap();
        }
    });
    url
}

fn fetch(plugin: &mut extism::Plugin, request: Value) -> Result<Value, (String, i32)> {
    call(plugin, "fetch", request.to_string().as_bytes())
        .map(|out| serde_json::from_slice(&out).unwrap())
}

#[test]
fn get_post_and_status_codes() {
    let url = serve(3);
    let wasm = build_source("http", "plugin.py", PLUGIN);
    let mut plugin = plugin(&wasm, &[], &["127.0.0.1"]);

    let got = fetch(
        &mut plugin,
        json!({"url": format!("{url}/hello"), "headers": {"X-Test": "yes"}}),
    )
    .unwrap();
    assert_eq!(got["status"], 200);
    assert_eq!(got["reply"], "pong");
    let echo: Value = serde_json::from_str(got["body"].as_str().unwrap()).unwrap();
    assert_eq!(
        echo,
        json!({"method": "GET", "path": "/hello", "x-test": "yes", "body": ""})
    );

    let got = fetch(
        &mut plugin,
        json!({"url": format!("{url}/post"), "method": "POST", "body": "payload é"}),
    )
    .unwrap();
    let echo: Value = serde_json::from_str(got["body"].as_str().unwrap()).unwrap();
    assert_eq!(echo["method"], "POST");
    assert_eq!(echo["body"], "payload é");

    let got = fetch(&mut plugin, json!({"url": format!("{url}/missing")})).unwrap();
    assert_eq!(got["status"], 404);
}

#[test]
fn hosts_outside_allowed_hosts_are_refused_and_the_plugin_survives() {
    let url = serve(1);
    let wasm = build_source("http-denied", "plugin.py", PLUGIN);
    let mut plugin = plugin(&wasm, &[], &["example.invalid"]);
    let (error, _) = fetch(&mut plugin, json!({"url": format!("{url}/x")})).unwrap_err();
    assert!(error.contains("not allowed"), "{error}");

    // The same instance serves the next call (this one fails too, but as Python code).
    let (error, _) = fetch(&mut plugin, json!({})).unwrap_err();
    assert!(error.contains("KeyError"), "{error}");
}

const GUARDED: &str = r#"
from extism_pdk import host

def guarded():
    try:
        r = host.http_request(host.get_input_string(), "GET", None, None)
        host.set_output_json({"status": r["status"]})
    except OSError as e:
        host.set_output_json({"refused": str(e)})
"#;

/// With the allowed hosts repeated in config (`upy.allowed_hosts`, as `extism-upy call`
/// does), a refused request is an OSError Python catches, before Extism would trap.
#[test]
fn refused_hosts_are_a_python_error_when_the_host_passes_them_in_config() {
    let url = serve(1);
    let wasm = build_source("http-guarded", "plugin.py", GUARDED);
    let allowed = [("upy.allowed_hosts", "127.0.0.1, *.example.invalid")];
    let mut plugin = plugin(&wasm, &allowed, &["127.0.0.1", "*.example.invalid"]);
    for refused in [
        "http://evil.test/x",
        "https://user@other.invalid:8443/?q",
        "http://[::1]/",
    ] {
        let got: Value =
            serde_json::from_slice(&call(&mut plugin, "guarded", refused.as_bytes()).unwrap())
                .unwrap();
        let message = got["refused"]
            .as_str()
            .unwrap_or_else(|| panic!("{refused}: {got}"));
        assert!(message.contains("is not allowed"), "{message}");
    }
    let got: Value = serde_json::from_slice(
        &call(&mut plugin, "guarded", format!("{url}/ok").as_bytes()).unwrap(),
    )
    .unwrap();
    assert_eq!(got, json!({"status": 200}));

    // `extism-upy call --allow-host` passes the list on by itself.
    let dir = scratch("http-guarded-cli");
    std::fs::write(dir.join("plugin.py"), GUARDED).unwrap();
    build_file(&dir.join("plugin.py"), &dir.join("plugin.wasm"));
    let wasm = dir.join("plugin.wasm");
    let out = cli(&[
        "call",
        wasm.to_str().unwrap(),
        "guarded",
        "--input",
        "http://evil.test/",
        "--allow-host",
        "127.0.0.1",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("is not allowed"),
        "{}",
        text(&out.stdout)
    );
}

/// `upy.allowed_hosts` takes glob patterns, as Extism's `allowed_hosts` does: a pattern that
/// matches the host lets the request through, and refuses the hosts it does not match.
#[test]
fn allowed_host_globs_allow_the_hosts_they_match() {
    let patterns = ["127.0.0.*", "127.*", "*"];
    let url = serve(patterns.len());
    let wasm = build_source("http-globs", "plugin.py", GUARDED);
    for pattern in patterns {
        let mut plugin = plugin(&wasm, &[("upy.allowed_hosts", pattern)], &[pattern]);
        let mut get = |url: &str| -> Value {
            serde_json::from_slice(&call(&mut plugin, "guarded", url.as_bytes()).unwrap()).unwrap()
        };
        assert_eq!(
            get(&format!("{url}/ok")),
            json!({"status": 200}),
            "{pattern}"
        );
        if pattern != "*" {
            let refused = get("http://evil.test/");
            assert!(
                refused["refused"]
                    .as_str()
                    .is_some_and(|m| m.contains("is not allowed")),
                "{pattern}: {refused}"
            );
        }
    }
}

/// Response headers reach the plug-in only when the host enables them (README, differences:
/// "empty unless the host enables response headers").
#[test]
fn response_headers_are_empty_unless_the_host_enables_them() {
    let url = serve(1);
    let wasm = build_source("http-no-headers", "plugin.py", PLUGIN);
    let manifest = extism::Manifest::new([extism::Wasm::data(wasm)]).with_allowed_host("127.0.0.1");
    let mut plugin = extism::PluginBuilder::new(manifest).build().unwrap();
    let got = fetch(&mut plugin, json!({"url": format!("{url}/hello")})).unwrap();
    assert_eq!(
        (&got["status"], &got["reply"]),
        (&json!(200), &Value::Null),
        "{got}"
    );
}

/// examples/http_fetch.py, written for the official Python PDK (`extism.Http.request`).
#[test]
fn python_pdk_http_example() {
    let url = serve(2);
    let wasm = build_file(
        &tests_dir().join("../examples/http_fetch.py"),
        &scratch("http-pdk").join("plugin.wasm"),
    );
    let mut plugin = plugin(&wasm, &[], &["127.0.0.1"]);
    for (path, status) in [("/ok", 200), ("/missing/x", 404)] {
        let out = call(&mut plugin, "fetch", format!("{url}{path}").as_bytes()).unwrap();
        let got: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(got["status"], status);
        assert_eq!(got["content_type"], "application/json");
        assert!(got["bytes"].as_u64().unwrap() > 40, "{got}");
    }
}
