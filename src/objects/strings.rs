//! Where `str` and `bytes` behave as in CPython thanks to patches of MicroPython's core
//! (build.rs `PATCHES` call these):
//! - slices with a step (`s[::-1]`, `data[1::2]`), which the core refuses;
//! - `repr()` of printable non-ASCII characters, which the core escapes;
//! - `upper()`/`lower()` of non-ASCII text, which the core leaves as it is;
//! - `islower()`/`isupper()` of non-ASCII text.
//!
//! `unsafe` here: these functions are C's to call (src/port/upy.h declares them), with
//! pointers C owns and objects alive for the call, and they use MicroPython's C API.

use crate::ffi::{self, mp_obj_t};
use crate::port::case_tables::{IS_TITLE, LOWER, LOWER_SPECIAL, UPPER, UPPER_SPECIAL};
use crate::port::unicode::{in_ranges, map_runs};

/// `obj[slice]` for a str (stepping over code points) or bytes (over bytes).
#[no_mangle]
unsafe extern "C" fn upy_str_step_slice(obj: mp_obj_t, slice: mp_obj_t) -> mp_obj_t {
    let is_str = ffi::is_qstr(obj) || ffi::is_type(obj, &ffi::mp_type_str);
    let mut len = 0;
    let data = ffi::mp_obj_str_get_data(obj, &mut len);
    let data = core::slice::from_raw_parts(data as *const u8, len);
    // Each selectable unit (a code point or a byte) as a byte range of `data`.
    let units = || {
        let mut at = 0;
        core::iter::from_fn(move || {
            if at >= data.len() {
                return None;
            }
            let start = at;
            at += if is_str { utf8_width(data[at]) } else { 1 };
            Some(start..at.min(data.len()))
        })
    };
    let count = if is_str { units().count() } else { data.len() };
    let mut bound = ffi::mp_bound_slice_t {
        start: 0,
        stop: 0,
        step: 1,
    };
    ffi::mp_obj_slice_indices(slice, count as ffi::mp_int_t, &mut bound);
    let (start, stop, step) = (bound.start, bound.stop, bound.step);
    let chosen = |i: isize| {
        if step > 0 {
            i >= start && i < stop && (i - start) % step == 0
        } else {
            i <= start && i > stop && (start - i) % -step == 0
        }
    };
    let out_len: usize = units()
        .enumerate()
        .filter(|(i, _)| chosen(*i as isize))
        .map(|(_, r)| r.len())
        .sum();
    let mut vstr = ffi::vstr_empty();
    ffi::vstr_init_len(&mut vstr, out_len);
    let out = core::slice::from_raw_parts_mut(vstr.buf as *mut u8, out_len);
    // Units are visited in ascending order; a negative step places them from the end.
    let mut front = 0;
    let mut back = out_len;
    for (i, range) in units().enumerate() {
        if chosen(i as isize) {
            let unit = &data[range];
            if step > 0 {
                out[front..front + unit.len()].copy_from_slice(unit);
                front += unit.len();
            } else {
                out[back - unit.len()..back].copy_from_slice(unit);
                back -= unit.len();
            }
        }
    }
    if is_str {
        ffi::mp_obj_new_str_from_vstr(&mut vstr)
    } else {
        ffi::mp_obj_new_bytes_from_vstr(&mut vstr)
    }
}

/// The length of the UTF-8 sequence a lead byte starts.
fn utf8_width(lead: u8) -> usize {
    match lead {
        0xf0.. => 4,
        0xe0.. => 3,
        0xc0.. => 2,
        _ => 1,
    }
}

/// Whether `repr()` shows `ch` (not ASCII) as itself. CPython asks the Unicode database
/// (`str.isprintable`); this excludes the controls, separators, format and private-use
/// ranges and surrogates, which covers the characters text actually contains.
#[no_mangle]
extern "C" fn upy_unichar_is_printable(ch: u32) -> bool {
    !matches!(ch,
        0..=0x1f | 0x7f..=0xa0 | 0xad | 0x034f | 0x061c | 0x115f..=0x1160 | 0x1680 | 0x180e
        | 0x2000..=0x200f | 0x2028..=0x202f | 0x205f..=0x206f | 0x3000 | 0x3164
        | 0xd800..=0xf8ff | 0xfe00..=0xfe0f | 0xfeff | 0xfff0..=0xfffb | 0xfffe..=0xffff
        | 0x1bca0..=0x1bca3 | 0x1d173..=0x1d17a | 0xe0000..=0xe0fff | 0xf0000..)
}

/// `s.upper()` / `s.lower()` of a str with non-ASCII characters, with Unicode's full case
/// mappings as CPython uses (`"ß".upper() == "SS"`); NULL for ASCII text and bytes, which the
/// core converts itself.
#[no_mangle]
unsafe extern "C" fn upy_str_caseconv(obj: mp_obj_t, upper: bool) -> mp_obj_t {
    let is_str = ffi::is_qstr(obj) || ffi::is_type(obj, &ffi::mp_type_str);
    let mut len = 0;
    let data = ffi::mp_obj_str_get_data(obj, &mut len);
    let data = core::slice::from_raw_parts(data as *const u8, len);
    if !is_str || data.is_ascii() {
        return core::ptr::null_mut();
    }
    let text = core::str::from_utf8_unchecked(data);
    let each = |f: &mut dyn FnMut(char)| {
        let mut prev = ' ';
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if !upper && c == 'Σ' && is_cased(prev) && !chars.peek().is_some_and(|&n| is_cased(n))
            {
                f('ς'); // final sigma, as CPython does
            } else {
                map_case(c, upper, f);
            }
            prev = c;
        }
    };
    // Measure, then write straight into the new str's buffer: no Rust allocation may be
    // live if the GC allocation raises MemoryError (a raise skips destructors).
    let mut out_len = 0;
    each(&mut |c| out_len += c.len_utf8());
    let mut vstr = ffi::vstr_empty();
    ffi::vstr_init_len(&mut vstr, out_len);
    let out = core::slice::from_raw_parts_mut(vstr.buf as *mut u8, out_len);
    let mut at = 0;
    each(&mut |c| at += c.encode_utf8(&mut out[at..]).len());
    ffi::mp_obj_new_str_from_vstr(&mut vstr)
}

/// Calls `f` with the characters `c` upper- or lowercases to (CPython's full case mapping,
/// from scripts/gen_case_tables.py).
fn map_case(c: char, upper: bool, f: &mut dyn FnMut(char)) {
    let (special, runs) = if upper {
        (&UPPER_SPECIAL[..], &UPPER[..])
    } else {
        (&LOWER_SPECIAL[..], &LOWER[..])
    };
    let entries = special.len() / 4;
    let i = (0..entries).position(|e| special[e * 4] == c as u32);
    match i {
        Some(e) => special[e * 4 + 1..e * 4 + 4]
            .iter()
            .filter(|&&m| m != 0)
            .filter_map(|&m| char::from_u32(m))
            .for_each(f),
        None => f(char::from_u32(map_runs(runs, c as u32)).unwrap_or(c)),
    }
}

/// Uppercase, lowercase or titlecase (what the final-sigma rule and `islower()` look for).
fn is_cased(c: char) -> bool {
    c.is_uppercase() || c.is_lowercase() || is_title(c)
}

fn is_title(c: char) -> bool {
    in_ranges(&IS_TITLE, c as u32)
}

/// `str.islower()` / `str.isupper()` over Unicode case, as CPython's: true if there is a cased
/// character and none of the other case (MicroPython looks at ASCII letters only).
#[no_mangle]
unsafe extern "C" fn upy_str_is_case(obj: mp_obj_t, upper: bool) -> mp_obj_t {
    let text = core::str::from_utf8(crate::objects::bytes_of(obj)).unwrap_or("");
    let mut cased = false;
    for c in text.chars() {
        let (same, other) = if upper {
            (c.is_uppercase(), c.is_lowercase() || is_title(c))
        } else {
            (c.is_lowercase(), c.is_uppercase() || is_title(c))
        };
        if other {
            return ffi::FALSE;
        }
        cased |= same;
    }
    ffi::bool_obj(cased)
}
