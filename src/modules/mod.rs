//! Native modules written in Rust. Each is a `static` module object with a ROM dict, the
//! same shape MicroPython's C modules have (built with [`crate::objects`]);
//! src/port/modules.c registers them by name.

pub mod binascii;
pub mod extism_pdk;
pub mod hashlib;
pub mod json;
pub mod random;
pub mod re;
pub mod upy;
pub mod wasi;
