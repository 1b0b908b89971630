//! extism-upy: Extism plug-ins written in Python, on MicroPython.
//!
//! - [`codegen`] turns the core and a Python file into a pre-initialized plug-in.
//! - [`host`] calls plug-ins and runs scripts in the Extism runtime.
//! - [`CORE`] is the core itself (the workspace's root package, built for wasm32).

pub mod codegen;
pub mod host;

/// The core: MicroPython and the port layer, compiled for wasm32-unknown-unknown.
pub static CORE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/core.wasm"));

/// Reads a plug-in's Python file for [`codegen::build`]: the file's name (as tracebacks show
/// it) and its text.
pub fn read_plugin_files(path: &std::path::Path) -> anyhow::Result<Vec<(String, String)>> {
    use anyhow::Context;
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("plugin.py")
        .to_string();
    Ok(vec![(name, text)])
}
