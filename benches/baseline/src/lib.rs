//! Rust-PDK baselines for benches/compare.rs: the plug-ins of benches/hello.py, written the
//! way the Extism Rust PDK's documentation writes them.

use extism_pdk::*;

/// `input` → `"Hello, " + input`, as benches/hello.py's `hello`.
#[plugin_fn]
pub fn hello(input: String) -> FnResult<String> {
    Ok(format!("Hello, {input}"))
}
