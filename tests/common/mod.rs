//! Helpers shared by the integration tests: every plug-in is built by the real CLI binary and
//! called through the real Extism runtime (the `extism` crate).
#![allow(dead_code)]

use extism::{Manifest, Plugin, Wasm};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const CLI: &str = env!("CARGO_BIN_EXE_extism-upy");

/// The repository's `tests/` folder.
pub fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests")
}

/// A scratch folder for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
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
