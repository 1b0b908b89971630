//! `_clock` and `_entropy`: what CPython takes from the OS for `time.time()`,
//! `datetime.now()`, `os.urandom()`, `uuid4()` and `secrets`, here from WASI (Extism's host
//! API has no clock and no random source). Each is a part a plug-in carries only if its files
//! need it (contract/ PARTS, cli/src/imports.rs), so that other plug-ins import nothing of
//! WASI and run in hosts without it.
//!
//! `unsafe` here: each builtin is called by MicroPython with live objects, as many as its
//! function object declares, and works on them through MicroPython's C API.

use crate::ffi::kernel::wasi;
use crate::ffi::{self, mp_obj_t, nlr};
use crate::objects::{new_bytes, py_fn, py_module};

// Each module in its own namespace: py_module! names its tables.
mod clock {
    use super::*;
    py_module!(upy_module_clock, MP_QSTR__clock, [
        MP_QSTR_time_ns => &TIME_NS_OBJ,
    ]);
}

mod entropy {
    use super::*;
    py_module!(upy_module_entropy, MP_QSTR__entropy, [
        MP_QSTR_random_bytes => &RANDOM_BYTES_OBJ,
    ]);
}

/// OSError for a failed WASI call (WASI's errno numbers are not the C library's).
fn wasi_error(function: &str, errno: u16) -> ! {
    let why = if errno == wasi::ENOSYS {
        "the host does not provide it".to_string()
    } else {
        format!("WASI errno {errno}")
    };
    nlr::raise_msg(
        unsafe { &ffi::mp_type_OSError },
        format!("{function} failed: {why}"),
    )
}

/// `time_ns(clock_id) -> int`: nanoseconds on WASI clock `clock_id` (0 realtime, 1 monotonic,
/// 2 process CPU time, 3 thread CPU time).
unsafe extern "C" fn time_ns(clock: mp_obj_t) -> mp_obj_t {
    let id = ffi::mp_obj_get_int(clock);
    if !(0..=3).contains(&id) {
        nlr::raise_msg(&ffi::mp_type_ValueError, "invalid clock id");
    }
    match wasi::clock(id as u32) {
        Ok(ns) => ffi::mp_obj_new_int_from_ull(ns),
        Err(errno) => wasi_error("clock_time_get", errno),
    }
}
py_fn!(TIME_NS_OBJ, 1, time_ns);

/// `random_bytes(n) -> bytes`: `n` bytes from the host's random source.
unsafe extern "C" fn random_bytes(n: mp_obj_t) -> mp_obj_t {
    let n = ffi::mp_obj_get_int(n);
    if n < 0 {
        nlr::raise_msg(&ffi::mp_type_ValueError, "negative argument not allowed");
    }
    let mut buf = vec![0u8; n as usize];
    if let Err(errno) = wasi::random(&mut buf) {
        wasi_error("random_get", errno);
    }
    new_bytes(&buf)
}
py_fn!(RANDOM_BYTES_OBJ, 1, random_bytes);
