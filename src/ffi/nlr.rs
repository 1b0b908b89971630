//! Raising and catching MicroPython exceptions from Rust.
//!
//! A raise is a longjmp, which here is a wasm exception that unwinds through Rust frames
//! without running their `Drop`s. So: Rust code calls MicroPython APIs that may raise
//! inside [`protect`], which turns the exception into an `Err`, and raises (with [`raise`])
//! only when it owns nothing that needs dropping.

use crate::ffi::{self, mp_obj_t};
use core::ffi::c_void;

/// A raised Python exception object (kept alive by the GC only while reachable, so use it
/// before the next collection point, i.e. within the current call).
#[derive(Clone, Copy)]
pub struct PyException(pub mp_obj_t);

/// Runs `f`; a Python exception raised inside becomes `Err`. `f` must not own values with
/// `Drop` across calls that may raise: they would leak.
pub fn protect<F: FnOnce() -> R, R>(f: F) -> Result<R, PyException> {
    struct Frame<F, R> {
        f: Option<F>,
        result: Option<R>,
    }
    unsafe extern "C" fn trampoline<F: FnOnce() -> R, R>(ctx: *mut c_void) {
        let frame = &mut *(ctx as *mut Frame<F, R>);
        let f = frame.f.take().unwrap();
        frame.result = Some(f());
    }
    let mut frame = Frame {
        f: Some(f),
        result: None,
    };
    let exc = unsafe {
        ffi::upy_protect(
            Some(trampoline::<F, R>),
            &mut frame as *mut Frame<F, R> as *mut c_void,
        )
    };
    if exc.is_null() {
        Ok(frame.result.take().unwrap())
    } else {
        // Whatever `f` captured was skipped by the unwind; forget it rather than drop it twice.
        core::mem::forget(frame);
        Err(PyException(exc as mp_obj_t))
    }
}

/// Raises `exc`. The caller must own nothing that needs dropping.
pub fn raise(exc: mp_obj_t) -> ! {
    unsafe { ffi::nlr_jump(exc) }
}

/// Raises `type(msg)`, e.g. `raise_msg(&ffi::mp_type_ValueError, "bad JSON")`. Takes the
/// message by value so that it is dropped before the raise.
pub fn raise_msg(exc_type: &'static ffi::mp_obj_type_t, msg: impl AsRef<str>) -> ! {
    let exc = {
        let msg = msg.as_ref();
        unsafe {
            let s = ffi::mp_obj_new_str(msg.as_ptr() as *const _, msg.len());
            ffi::mp_obj_new_exception_args(exc_type, 1, &s)
        }
    };
    drop(msg);
    raise(exc)
}

#[no_mangle]
extern "C" fn nlr_jump_fail(_val: *mut c_void) -> ! {
    // An exception with no handler: only a bug in the port can get here.
    #[cfg(target_arch = "wasm32")]
    core::arch::wasm32::unreachable();
    #[cfg(not(target_arch = "wasm32"))]
    std::process::abort()
}
