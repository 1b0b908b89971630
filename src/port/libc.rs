//! The C library functions MicroPython's core references, for a target without a libc.
//! memcpy, memmove, memset and memcmp come from Rust's compiler-builtins.
//!
//! `unsafe` here: these functions are C's to call (src/port/upy.h declares them), with
//! pointers C owns and objects alive for the call, and they use MicroPython's C API.

use core::ffi::{c_char, c_int};

#[no_mangle]
unsafe extern "C" fn strlen(s: *const c_char) -> usize {
    let mut n = 0;
    while *s.add(n) != 0 {
        n += 1;
    }
    n
}

#[no_mangle]
unsafe extern "C" fn strncmp(a: *const c_char, b: *const c_char, n: usize) -> c_int {
    for i in 0..n {
        let (x, y) = (*a.add(i) as u8, *b.add(i) as u8);
        if x != y || x == 0 {
            return x as c_int - y as c_int;
        }
    }
    0
}

#[no_mangle]
unsafe extern "C" fn strcmp(a: *const c_char, b: *const c_char) -> c_int {
    strncmp(a, b, usize::MAX)
}

#[no_mangle]
unsafe extern "C" fn strchr(s: *const c_char, c: c_int) -> *mut c_char {
    let mut p = s;
    loop {
        if *p as u8 == c as u8 {
            return p as *mut c_char;
        }
        if *p == 0 {
            return core::ptr::null_mut();
        }
        p = p.add(1);
    }
}

#[no_mangle]
unsafe extern "C" fn memchr(s: *const u8, c: c_int, n: usize) -> *mut u8 {
    match core::slice::from_raw_parts(s, n)
        .iter()
        .position(|&b| b == c as u8)
    {
        Some(i) => s.add(i) as *mut u8,
        None => core::ptr::null_mut(),
    }
}

/// Exports libm's functions under their C names.
macro_rules! libm_exports {
    ($($name:ident($($arg:ident: $ty:ty),*) -> $ret:ty;)*) => {
        $(
            #[no_mangle]
            extern "C" fn $name($($arg: $ty),*) -> $ret {
                libm::$name($($arg),*)
            }
        )*
    };
}

libm_exports! {
    sqrt(x: f64) -> f64; exp(x: f64) -> f64; expm1(x: f64) -> f64; log(x: f64) -> f64;
    log2(x: f64) -> f64; log10(x: f64) -> f64; log1p(x: f64) -> f64; cos(x: f64) -> f64;
    sin(x: f64) -> f64; tan(x: f64) -> f64; acos(x: f64) -> f64; asin(x: f64) -> f64;
    atan(x: f64) -> f64; cosh(x: f64) -> f64; sinh(x: f64) -> f64; tanh(x: f64) -> f64;
    acosh(x: f64) -> f64; asinh(x: f64) -> f64; atanh(x: f64) -> f64; erf(x: f64) -> f64;
    erfc(x: f64) -> f64; tgamma(x: f64) -> f64; lgamma(x: f64) -> f64; ceil(x: f64) -> f64;
    floor(x: f64) -> f64; trunc(x: f64) -> f64; fabs(x: f64) -> f64; round(x: f64) -> f64;
    pow(x: f64, y: f64) -> f64; atan2(x: f64, y: f64) -> f64; fmod(x: f64, y: f64) -> f64;
    copysign(x: f64, y: f64) -> f64; nextafter(x: f64, y: f64) -> f64;
    hypot(x: f64, y: f64) -> f64; remainder(x: f64, y: f64) -> f64;
    ldexp(x: f64, n: i32) -> f64;
}

/// Round to nearest, ties to even (the default rounding mode, which is all wasm has).
#[no_mangle]
extern "C" fn nearbyint(x: f64) -> f64 {
    libm::rint(x)
}

#[no_mangle]
unsafe extern "C" fn frexp(x: f64, e: *mut c_int) -> f64 {
    let (m, exp) = libm::frexp(x);
    *e = exp;
    m
}

#[no_mangle]
unsafe extern "C" fn modf(x: f64, ip: *mut f64) -> f64 {
    let (frac, int) = libm::modf(x);
    *ip = int;
    frac
}
