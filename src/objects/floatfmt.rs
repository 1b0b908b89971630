//! Float formatting as CPython's, in place of MicroPython's `py/formatfloat.c` (left out by
//! build.rs): `repr` gives the shortest text that reads back as the same float, and `%f`,
//! `%e`, `%g` and `format()` give correctly rounded digits at any magnitude. MicroPython's
//! own routine rounds with floating-point arithmetic and can be an ulp off
//! (`repr(0.937)` was '0.9370000000000001').
//!
//! `unsafe` here: these functions are C's to call (src/port/upy.h declares them), with
//! pointers C owns and objects alive for the call, and they use MicroPython's C API.

use crate::ffi;
use std::fmt::Write;

/// MicroPython's `prec` value for `repr` (MP_FLOAT_REPR_PREC in formatfloat.h).
const REPR_PREC: i32 = 99;

/// `mp_format_float`: writes `value` formatted by `fmt` (one of `eEfFgG`) with `prec` digits
/// into `buf` (NUL-terminated, at most `size` bytes with the NUL) and returns its length.
/// `sign` is the character for non-negative values (`'+'`, `' '` or 0 for none).
#[no_mangle]
unsafe extern "C" fn mp_format_float(
    value: f64,
    buf: *mut u8,
    size: usize,
    fmt: u8,
    prec: i32,
    sign: u8,
) -> i32 {
    if size == 0 {
        return 0;
    }
    let mut text = format_float(value, fmt, prec, sign);
    if text.len() >= size {
        // Too long for the caller's buffer (a huge `%f`): scientific notation fits.
        text = format_float(
            value,
            if fmt.is_ascii_uppercase() { b'E' } else { b'e' },
            prec.min(17),
            sign,
        );
        text.truncate(size - 1);
    }
    let out = core::slice::from_raw_parts_mut(buf, size);
    out[..text.len()].copy_from_slice(text.as_bytes());
    out[text.len()] = 0;
    text.len() as i32
}

fn format_float(value: f64, fmt: u8, prec: i32, sign: u8) -> String {
    let mut out = String::new();
    if value.is_sign_negative() && !value.is_nan() {
        out.push('-');
    } else if sign != 0 {
        out.push(sign as char);
    }
    let value = value.abs();
    let upper = fmt.is_ascii_uppercase();
    if !value.is_finite() {
        let word = if value.is_nan() { "nan" } else { "inf" };
        out.push_str(&if upper {
            word.to_ascii_uppercase()
        } else {
            word.into()
        });
        return out;
    }
    let prec = if prec < 0 { 6 } else { prec as usize };
    let body = match fmt.to_ascii_lowercase() {
        b'f' => format!("{value:.prec$}"),
        b'e' => scientific(value, prec),
        _ if prec == REPR_PREC as usize => repr(value),
        _ => general(value, prec.max(1)),
    };
    out.push_str(&if upper {
        body.to_ascii_uppercase()
    } else {
        body
    });
    out
}

/// `{:.prec$e}` as C writes it: a signed exponent of at least two digits.
fn scientific(value: f64, prec: usize) -> String {
    let text = format!("{value:.prec$e}");
    let (mantissa, exponent) = split_exponent(&text);
    with_exponent(mantissa, exponent)
}

/// Splits Rust's `d.ddde-5` into the mantissa and the exponent.
fn split_exponent(text: &str) -> (&str, i32) {
    let (mantissa, exponent) = text.split_once('e').unwrap_or((text, "0"));
    let (negative, digits) = match exponent.strip_prefix('-') {
        Some(digits) => (true, digits),
        None => (false, exponent.trim_start_matches('+')),
    };
    let value = digits.bytes().fold(0i32, |n, d| n * 10 + (d - b'0') as i32);
    (mantissa, if negative { -value } else { value })
}

/// A float from decimal text, by MicroPython's own parser (Rust's would add ~17 KB of
/// code and tables to every plug-in).
fn parse_float(text: &str) -> f64 {
    unsafe {
        let obj = ffi::mp_parse_num_decimal(
            text.as_ptr() as *const _,
            text.len(),
            false,
            false,
            core::ptr::null_mut(),
        );
        ffi::mp_obj_get_float(obj)
    }
}

fn with_exponent(mantissa: &str, exponent: i32) -> String {
    let sign = if exponent < 0 { '-' } else { '+' };
    format!("{mantissa}e{sign}{:02}", exponent.abs())
}

/// The shortest digits that read back as `value`, and their exponent. Rust's `{:e}` finds
/// how many digits that takes; of the strings that long, CPython's is the nearest to the
/// exact value, ties to even, which is what Rust's fixed-precision formatting gives.
fn shortest(value: f64) -> (String, i32) {
    let count = split_exponent(&format!("{value:e}"))
        .0
        .replace('.', "")
        .len();
    let text = format!("{value:.prec$e}", prec = count - 1);
    let (mantissa, exponent) = split_exponent(&text);
    (mantissa.replace('.', ""), exponent)
}

/// CPython's `repr`: the shortest digits, positional for exponents -4..=15, else scientific.
fn repr(value: f64) -> String {
    let (digits, exponent) = shortest(value);
    if !(-4..16).contains(&exponent) {
        let mantissa = match digits.split_at(1) {
            (first, "") => first.to_string(),
            (first, rest) => format!("{first}.{rest}"),
        };
        return with_exponent(&mantissa, exponent);
    }
    positional(&digits, exponent)
}

/// `digits` (d.ddd) times 10^exponent, written out without an exponent.
fn positional(digits: &str, exponent: i32) -> String {
    let mut out = String::new();
    if exponent < 0 {
        out.push_str("0.");
        out.extend(core::iter::repeat_n('0', (-exponent - 1) as usize));
        out.push_str(digits);
    } else {
        let point = exponent as usize + 1;
        if digits.len() <= point {
            out.push_str(digits);
            out.extend(core::iter::repeat_n('0', point - digits.len()));
        } else {
            let _ = write!(out, "{}.{}", &digits[..point], &digits[point..]);
        }
    }
    out
}

/// C's `%g`: `prec` significant digits, positional when the exponent is in -4..prec, and no
/// trailing zeros.
fn general(value: f64, prec: usize) -> String {
    let text = scientific(value, prec - 1);
    let (mantissa, exponent) = split_exponent(&text);
    let trim = |s: String| -> String {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    };
    if exponent >= -4 && exponent < prec as i32 {
        let decimals = (prec as i32 - 1 - exponent) as usize;
        trim(format!("{value:.decimals$}"))
    } else {
        with_exponent(&trim(mantissa.to_string()), exponent)
    }
}

/// `round(x, digits)` as CPython's: the exact value of `x` rounded half to even at `digits`
/// decimal places (tens, hundreds... when negative). MicroPython multiplies by a power of
/// ten first, which moves ties: `round(2.675, 2)` gave 2.68 (2.675 is 2.67499999...).
#[no_mangle]
extern "C" fn upy_round_float(x: f64, digits: isize) -> f64 {
    if !x.is_finite() || x == 0.0 || digits > 330 {
        return x;
    }
    if digits >= 0 {
        let digits = digits as usize;
        return parse_float(&format!("{x:.digits$}"));
    }
    // Round the integer digits at position `places` from the right; a fraction makes an
    // exact half impossible (sticky), so only integer-valued `x` can tie.
    let places = digits.unsigned_abs();
    let integer = format!("{:.0}", x.abs().trunc());
    let has_fraction = x.fract() != 0.0;
    if places > integer.len() {
        return 0.0 * x;
    }
    if integer.len() - places > 17 {
        return x; // the change is far below the float's precision
    }
    let (kept, dropped) = integer.split_at(integer.len() - places);
    let mut kept: u64 = kept.parse().unwrap_or(0);
    let first = dropped.as_bytes()[0];
    let rest_zero = dropped[1..].bytes().all(|d| d == b'0') && !has_fraction;
    if first > b'5' || (first == b'5' && (!rest_zero || kept % 2 == 1)) {
        kept += 1;
    }
    let magnitude = parse_float(&format!("{kept}e{places}"));
    magnitude.copysign(x)
}
