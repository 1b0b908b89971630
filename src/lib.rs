//! The extism-upy core: MicroPython's `py/` on wasm32-unknown-unknown, run as an Extism plug-in.
//!
//! - [`port`]: what MicroPython asks of a port — heap areas and the GC policy, stdout, the
//!   libc pieces C needs, raising and catching (nlr) from Rust, and imports of frozen files.
//! - [`modules`]: native modules written in Rust (`_extism_pdk`, `json`).
//! - [`runtime`]: start-up, compiling and running a module, exceptions and tracebacks.
//! - [`entry`]: the wasm exports the CLI drives (build-time init, per-call invoke, `run`).
//!
//! The crate is empty on any target but wasm32, except in the native build the fuzz targets
//! link (`upy_native`, set by build.rs for fuzz/core; see README.md, "Fuzzing").
#![cfg(any(target_arch = "wasm32", upy_native))]

mod entry;
mod ffi;
mod host;
mod modules;
mod objects;
mod port;
mod runtime;
