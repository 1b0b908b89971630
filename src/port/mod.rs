//! The port layer: what MicroPython's core needs from the platform, in Rust. The few C
//! pieces (setjmp helpers, the nlr guard, module registration) sit beside these files.

pub mod alloc;
mod annotations;
mod case_tables;
mod floatfmt;
pub mod hal;
pub mod heap;
pub mod host;
// Natively (the fuzz targets) the system's libc has these.
#[cfg(target_arch = "wasm32")]
mod libc;
pub mod nlr;
mod qstr_index;
mod sort;
mod strings;
pub mod unicode;
pub mod vfs;
