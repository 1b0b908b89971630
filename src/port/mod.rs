//! The port layer: what MicroPython's core needs from the platform, in Rust. The few C
//! pieces (setjmp helpers, the nlr guard, module registration) sit beside these files.

pub mod alloc;
pub mod case_tables;
pub mod hal;
pub mod heap;
// Natively (the fuzz targets) the system's libc has these.
#[cfg(target_arch = "wasm32")]
mod libc;
mod qstr_index;
pub mod unicode;
pub mod vfs;
