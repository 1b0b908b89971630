//! Running wasm in the Extism runtime: plug-in calls (`extism-upy call`) and scripts
//! (`extism-upy run`, through the core's `__upy_run`).

use anyhow::{anyhow, Result};
use extism::{Manifest, Plugin, PluginBuilder, Wasm};
use extism_upy_contract::{self as contract, exports};
use std::collections::BTreeMap;

/// The config entry through which a plug-in learns the host's memory cap (the core's
/// `heap::MAX_PAGES_KEY`).
pub const MAX_PAGES_KEY: &str = "upy.memory.max_pages";
/// The config entry through which a plug-in learns the allowed hosts (the core's
/// `ALLOWED_HOSTS_KEY`).
pub const ALLOWED_HOSTS_KEY: &str = "upy.allowed_hosts";

/// How to set up the plug-in for a call (the flags of `extism call`).
#[derive(Default, Clone)]
pub struct CallOptions {
    pub config: BTreeMap<String, String>,
    pub allowed_hosts: Vec<String>,
    pub timeout_ms: Option<u64>,
    pub memory_max_pages: Option<u32>,
    pub wasi: bool,
}

/// What of WASI a plug-in imports, by the name the build and the errors use: `clock`
/// (`clock_time_get`, for `_clock`) and `entropy` (`random_get`, for `_entropy`).
pub fn wasi_needs(wasm: &[u8]) -> Result<Vec<String>> {
    use wasmparser::{Parser, Payload};
    let mut needs = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        if let Payload::ImportSection(reader) = payload? {
            for import in reader.into_imports() {
                let import = import?;
                if import.module == "wasi_snapshot_preview1" {
                    needs.push(match import.name {
                        "clock_time_get" => "clock".to_string(),
                        "random_get" => "entropy".to_string(),
                        other => other.to_string(),
                    });
                }
            }
            break;
        }
    }
    Ok(needs)
}

pub fn load(wasm: &[u8], options: &CallOptions) -> Result<Plugin> {
    let mut manifest = Manifest::new([Wasm::data(wasm.to_vec())]);
    manifest.config = options.config.clone();
    if !options.allowed_hosts.is_empty() {
        manifest.allowed_hosts = Some(options.allowed_hosts.clone());
    }
    // Tell the plug-in too, so that a refused request is an OSError Python can catch rather
    // than Extism's trap.
    manifest
        .config
        .entry(ALLOWED_HOSTS_KEY.to_string())
        .or_insert_with(|| options.allowed_hosts.join(","));
    if let Some(ms) = options.timeout_ms {
        manifest.timeout_ms = Some(ms);
    }
    if let Some(pages) = options.memory_max_pages {
        manifest = manifest.with_memory_max(pages);
        // Tell the plug-in too, so that its heap stops short of the cap with a MemoryError
        // Python can catch, rather than Extism's "oom" trap.
        manifest
            .config
            .entry(MAX_PAGES_KEY.to_string())
            .or_insert_with(|| pages.to_string());
    }
    // Response headers reach the plug-in only if the host allows it (an Extism option).
    PluginBuilder::new(manifest)
        .with_wasi(options.wasi)
        .with_http_response_headers(true)
        .build()
}

/// The outcome of one call: the function's return code, its output and its error.
pub struct CallResult {
    pub code: i32,
    pub output: Vec<u8>,
    pub error: Option<String>,
}

pub fn call(plugin: &mut Plugin, function: &str, input: &[u8]) -> CallResult {
    if !plugin.function_exists(function) {
        return CallResult {
            code: 1,
            output: Vec::new(),
            error: Some(format!("the plug-in has no function `{function}`")),
        };
    }
    match plugin.call_get_error_code::<&[u8], Vec<u8>>(function, input) {
        Ok(output) => CallResult {
            code: 0,
            output,
            error: None,
        },
        // A trap's own message is its root cause; the context above it is a wasm backtrace.
        Err((e, code)) => CallResult {
            code: if code == 0 { 1 } else { code },
            output: Vec::new(),
            error: Some(e.root_cause().to_string()),
        },
    }
}

/// The outcome of `extism-upy run`.
pub struct RunResult {
    pub code: i32,
    pub stdout: Vec<u8>,
    pub traceback: String,
}

/// Runs the files `files_for` picks (the script first) as `__main__` inside the core.
pub fn run(core: &[u8], files_for: crate::codegen::FilesFor) -> Result<RunResult> {
    // A script may use the clock and the random source (`_clock`, `_entropy`): WASI's.
    let options = CallOptions {
        wasi: true,
        ..Default::default()
    };
    let mut plugin = load(core, &options)?;
    let builtins = plugin.call::<(), Vec<u8>>(exports::RUN_BUILTINS, ())?;
    let input = contract::encode_files(&files_for(&String::from_utf8_lossy(&builtins))?);
    let out = plugin.call::<&[u8], Vec<u8>>(exports::RUN, &input)?;
    let result = contract::RunResult::decode(&out)
        .ok_or_else(|| anyhow!("the core returned a malformed run result"))?;
    Ok(RunResult {
        code: result.code,
        stdout: result.stdout,
        traceback: String::from_utf8_lossy(&result.traceback).into_owned(),
    })
}
