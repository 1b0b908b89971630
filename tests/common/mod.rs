//! Helpers shared by the integration tests: every plug-in is built by the real CLI binary and
//! called through the real Extism runtime (the `extism` crate).
#![allow(dead_code)]

use extism::{Manifest, Plugin, Wasm};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, OnceLock};

pub const CLI: &str = env!("CARGO_BIN_EXE_extism-upy");

/// The repository's `tests/` folder.
pub fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests")
}

/// A fresh scratch folder, never handed out twice: it lies under the test binary's own folder
/// (tests of different binaries may use the same name), and a name asked for again in the same
/// process gets a numbered folder of its own (tests run in parallel threads, so two tests
/// sharing one would delete each other's files).
pub fn scratch(name: &str) -> PathBuf {
    static TAKEN: Mutex<BTreeMap<String, u32>> = Mutex::new(BTreeMap::new());
    let n = {
        let mut taken = TAKEN.lock().unwrap_or_else(|e| e.into_inner());
        let n = taken.entry(name.to_string()).or_insert(0);
        *n += 1;
        *n
    };
    let folder = if n == 1 {
        name.to_string()
    } else {
        format!("{name}.{n}")
    };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(env!("CARGO_CRATE_NAME"))
        .join(folder);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the CLI with `args`.
pub fn cli(args: &[&str]) -> Output {
    Command::new(CLI)
        .args(args)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("running extism-upy")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Builds `source` (a plug-in's Python file) with `extism-upy build`; panics with the CLI's
/// stderr if the build fails.
pub fn build_source(test: &str, file_name: &str, source: &str) -> Vec<u8> {
    let dir = scratch(test);
    let py = dir.join(file_name);
    std::fs::write(&py, source).unwrap();
    build_file(&py, &dir.join("plugin.wasm"))
}

/// Builds `source` as plugin.py in a scratch folder with extra build flags: the wasm's path
/// and the CLI's output; panics with its stderr if the build fails.
pub fn build_with_flags(test: &str, source: &str, flags: &[&str]) -> (PathBuf, Output) {
    let dir = scratch(test);
    let py = dir.join("plugin.py");
    std::fs::write(&py, source).unwrap();
    let wasm = dir.join("plugin.wasm");
    let mut args = vec!["build", py.to_str().unwrap(), "-o", wasm.to_str().unwrap()];
    args.extend(flags);
    let out = cli(&args);
    assert!(out.status.success(), "build failed: {}", text(&out.stderr));
    (wasm, out)
}

pub fn build_file(py: &Path, wasm: &Path) -> Vec<u8> {
    let out = cli(&["build", py.to_str().unwrap(), "-o", wasm.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "build of {} failed:\n{}",
        py.display(),
        text(&out.stderr)
    );
    std::fs::read(wasm).unwrap()
}

/// Instantiates a plug-in in the Extism runtime, with `config` and HTTP allowed to `hosts`.
pub fn plugin(wasm: &[u8], config: &[(&str, &str)], hosts: &[&str]) -> Plugin {
    let mut manifest = Manifest::new([Wasm::data(wasm.to_vec())]);
    for (k, v) in config {
        manifest.config.insert(k.to_string(), v.to_string());
    }
    if !hosts.is_empty() {
        manifest.allowed_hosts = Some(hosts.iter().map(|h| h.to_string()).collect());
    }
    extism::PluginBuilder::new(manifest)
        .with_http_response_headers(true)
        .build()
        .expect("instantiating the plug-in")
}

/// One call: `Ok(output)` or `Err((message, code))`.
pub fn call(plugin: &mut Plugin, function: &str, input: &[u8]) -> Result<Vec<u8>, (String, i32)> {
    plugin
        .call_get_error_code::<&[u8], Vec<u8>>(function, input)
        .map_err(|(e, code)| (e.root_cause().to_string(), code))
}

/// Runs a script with `extism-upy run`: (exit code, stdout, stderr).
pub fn run_script(path: &Path) -> (i32, String, String) {
    let out = cli(&["run", path.to_str().unwrap()]);
    (
        out.status.code().unwrap_or(-1),
        text(&out.stdout),
        text(&out.stderr),
    )
}

/// The CPython the oracle tests compare with: `python3`, which must be CPython 3.11 (the
/// scripts use 3.11's `re` and `enum`; other versions print other things). Panics naming the
/// version found otherwise.
pub fn cpython() -> Command {
    cpython_version();
    Command::new("python3")
}

/// The oracle's version, e.g. "CPython 3.11.7" (for failure messages); panics naming the
/// version found if it is not CPython 3.11.x.
pub fn cpython_version() -> &'static str {
    static VERSION: OnceLock<Result<String, String>> = OnceLock::new();
    let version = VERSION.get_or_init(|| {
        let out = Command::new("python3")
            .args([
                "-c",
                "import platform, sys; print(platform.python_implementation(), \
                 '%d.%d.%d' % sys.version_info[:3])",
            ])
            .output()
            .map_err(|e| format!("python3 cannot be run: {e}"))?;
        let found = text(&out.stdout).trim().to_string();
        if found.starts_with("CPython 3.11.") {
            Ok(found)
        } else {
            Err(format!(
                "the oracle must be CPython 3.11.x; python3 is {found:?} {}",
                text(&out.stderr)
            ))
        }
    });
    match version {
        Ok(version) => version,
        Err(e) => panic!("{e}"),
    }
}

/// Runs `script` under CPython (the oracle): its stdout, panicking with its stderr and the
/// version check's verdict if it fails.
pub fn cpython_output(script: &Path) -> String {
    let out = cpython().arg(script).output().expect("python3");
    assert!(
        out.status.success(),
        "CPython failed on {}: {}",
        script.display(),
        text(&out.stderr)
    );
    text(&out.stdout)
}

/// Builds `script` (a script for `extism-upy run`) as a plug-in into `dir`: its body in the
/// export `main` (tests/oracle/as_plugin.py), compiled at build time and trimmed like any
/// plug-in. Returns the plug-in's path.
pub fn script_as_plugin(script: &Path, dir: &Path) -> PathBuf {
    let out = cpython()
        .arg(tests_dir().join("oracle/as_plugin.py"))
        .arg(script)
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "as_plugin.py {}: {}",
        script.display(),
        text(&out.stderr)
    );
    let py = dir.join(script.file_name().unwrap());
    std::fs::write(&py, &out.stdout).unwrap();
    let wasm = py.with_extension("wasm");
    build_file(&py, &wasm);
    wasm
}

/// Calls `function` of the plug-in at `wasm` through `extism-upy call --log-level info` (the
/// Extism runtime): (exit code, what the plug-in printed, the rest of stderr). `print` goes to
/// the host's log at info level, a message per line; the CLI writes each log message as
/// `<time>  INFO extism::pdk: <message> plugin="<id>"`.
/// `extism-upy call PLUGIN FUNC --log-level info`.
fn call_with_info_log(wasm: &Path, function: &str) -> Output {
    cli(&[
        "call",
        wasm.to_str().unwrap(),
        function,
        "--log-level",
        "info",
    ])
}

/// What `extism-upy call PLUGIN FUNC --log-level info` logged, as (level, message) records,
/// one per line of its stderr: `<time>  LEVEL extism::pdk: <message> plugin="<id>"`; and the
/// call's output and exit code.
pub fn call_logging(wasm: &Path, function: &str) -> (Vec<(String, String)>, Output) {
    let out = call_with_info_log(wasm, function);
    let records = text(&out.stderr)
        .lines()
        .filter_map(|l| {
            let (head, rest) = l.split_once(" extism::pdk: ")?;
            let level = head.split_whitespace().last()?.to_string();
            let message = rest.rsplit_once(" plugin=\"").map_or(rest, |(m, _)| m);
            Some((level, message.to_string()))
        })
        .collect();
    (records, out)
}

pub fn call_printing(wasm: &Path, function: &str) -> (i32, String, String) {
    let out = call_with_info_log(wasm, function);
    let (mut printed, mut rest) = (String::new(), String::new());
    for line in text(&out.stderr).split_inclusive('\n') {
        let message = line
            .split_once("  INFO extism::pdk: ")
            .and_then(|(_, m)| m.trim_end_matches('\n').rsplit_once(" plugin=\""));
        match message {
            Some((message, _)) => {
                printed.push_str(message);
                printed.push('\n');
            }
            None => rest.push_str(line),
        }
    }
    assert!(
        out.stdout.is_empty(),
        "{}: unexpected output {:?}",
        wasm.display(),
        text(&out.stdout)
    );
    (out.status.code().unwrap_or(-1), printed, rest)
}
