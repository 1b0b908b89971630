//! `binascii`: hex, base64 and CRCs with CPython's results and error messages. `Error` (a
//! ValueError) and `Incomplete` are defined in src/port/modules.c, where MicroPython's
//! exception-type macro is at hand.
//!
//! Outputs are written straight into a GC buffer (`vstr`), so an error part-way through
//! leaves only garbage for the collector.
//!
//! `unsafe` here: each builtin is called by MicroPython with live objects, as many as its
//! function object declares, and works on them through MicroPython's C API, which is C
//! and so `unsafe` to call; data borrowed from an object is used before anything that
//! could collect it.

use crate::ffi::nlr::raise_msg;
use crate::ffi::{self, mp_obj_t, NONE};
use crate::objects::{py_fn_kw, py_module, Rom};
use core::ptr;

py_module!(upy_module_binascii, MP_QSTR_binascii, [
    MP_QSTR_Error => &raw const ffi::upy_type_binascii_Error,
    MP_QSTR_Incomplete => &raw const ffi::upy_type_binascii_Incomplete,
    MP_QSTR_hexlify => &HEXLIFY_OBJ,
    MP_QSTR_b2a_hex => &HEXLIFY_OBJ,
    MP_QSTR_unhexlify => &UNHEXLIFY_OBJ,
    MP_QSTR_a2b_hex => &UNHEXLIFY_OBJ,
    MP_QSTR_b2a_base64 => &B2A_BASE64_OBJ,
    MP_QSTR_a2b_base64 => &A2B_BASE64_OBJ,
    MP_QSTR_crc32 => &CRC32_OBJ,
    MP_QSTR_crc_hqx => &CRC_HQX_OBJ,
]);

unsafe fn error(msg: impl AsRef<str>) -> ! {
    raise_msg(&ffi::upy_type_binascii_Error, msg)
}

// --- Arguments ---

const fn arg(name: u32, flags: u32, default: mp_obj_t) -> ffi::mp_arg_t {
    ffi::mp_arg_t {
        qst: name as u16,
        flags: (flags | ffi::MP_ARG_OBJ) as u16,
        defval: ffi::mp_arg_val_t { u_obj: default },
    }
}
const REQUIRED: u32 = ffi::MP_ARG_REQUIRED;
const KW_ONLY: u32 = ffi::MP_ARG_KW_ONLY;

/// The arguments as objects, in `allowed` order (MicroPython's `mp_arg_parse_all`).
unsafe fn parse<const N: usize>(
    n_args: usize,
    args: *const mp_obj_t,
    kw: *mut ffi::mp_map_t,
    allowed: &[ffi::mp_arg_t; N],
) -> [mp_obj_t; N] {
    let mut vals = [ffi::mp_arg_val_t { u_obj: NONE }; N];
    ffi::mp_arg_parse_all(n_args, args, kw, N, allowed.as_ptr(), vals.as_mut_ptr());
    vals.map(|v| v.u_obj)
}

fn type_name(o: mp_obj_t) -> &'static str {
    unsafe { core::ffi::CStr::from_ptr(ffi::mp_obj_get_type_str(o)) }
        .to_str()
        .unwrap_or("?")
}

fn is_str(o: mp_obj_t) -> bool {
    ffi::is_qstr(o) || unsafe { ffi::is_type(o, &ffi::mp_type_str) }
}

unsafe fn buffer<'a>(o: mp_obj_t) -> Option<&'a [u8]> {
    let mut info = ffi::mp_buffer_info_t {
        buf: ptr::null_mut(),
        len: 0,
        typecode: 0,
    };
    ffi::mp_get_buffer(o, &mut info, ffi::MP_BUFFER_READ as _)
        .then(|| core::slice::from_raw_parts(info.buf as *const u8, info.len))
}

/// Input of the b2a_* functions and the CRCs: any buffer but a str.
unsafe fn binary<'a>(o: mp_obj_t) -> &'a [u8] {
    if !is_str(o) {
        if let Some(data) = buffer(o) {
            return data;
        }
    }
    raise_msg(
        &ffi::mp_type_TypeError,
        format!("a bytes-like object is required, not '{}'", type_name(o)),
    )
}

/// Input of the a2b_* functions: a buffer or an ASCII str.
unsafe fn ascii<'a>(o: mp_obj_t) -> &'a [u8] {
    if is_str(o) {
        let data = crate::objects::bytes_of(o);
        if !data.is_ascii() {
            raise_msg(
                &ffi::mp_type_ValueError,
                "string argument should contain only ASCII characters",
            );
        }
        return data;
    }
    match buffer(o) {
        Some(data) => data,
        None => raise_msg(
            &ffi::mp_type_TypeError,
            format!(
                "argument should be bytes, buffer or ASCII string, not '{}'",
                type_name(o)
            ),
        ),
    }
}

/// An int argument (bool counts), or TypeError worded as CPython's.
unsafe fn int_arg(o: mp_obj_t) -> mp_obj_t {
    if ffi::is_small_int(o)
        || ffi::is_type(o, &ffi::mp_type_int)
        || o == ffi::TRUE
        || o == ffi::FALSE
    {
        return o;
    }
    raise_msg(
        &ffi::mp_type_TypeError,
        format!(
            "'{}' object cannot be interpreted as an integer",
            type_name(o)
        ),
    )
}

/// A new `bytes` of at most `len` bytes, written by `fill` (which returns the length used).
unsafe fn new_bytes_with(len: usize, fill: impl FnOnce(&mut [u8]) -> usize) -> mp_obj_t {
    let mut vstr = ffi::vstr_t {
        alloc: 0,
        len: 0,
        buf: ptr::null_mut(),
        fixed_buf: false,
    };
    ffi::vstr_init_len(&mut vstr, len);
    vstr.len = fill(core::slice::from_raw_parts_mut(vstr.buf as *mut u8, len));
    ffi::mp_obj_new_bytes_from_vstr(&mut vstr)
}

// --- Hex ---

const HEX: &[u8; 16] = b"0123456789abcdef";

static HEXLIFY_ARGS: Rom<[ffi::mp_arg_t; 3]> = Rom([
    arg(ffi::MP_QSTR_data, REQUIRED, NONE),
    arg(ffi::MP_QSTR_sep, 0, NONE),
    arg(ffi::MP_QSTR_bytes_per_sep, 0, ffi::small_int(1)),
]);

/// `hexlify(data, sep=None, bytes_per_sep=1) -> bytes` (also `b2a_hex`): with a separator,
/// groups of `bytes_per_sep` bytes counted from the right (from the left if negative).
unsafe extern "C" fn hexlify(
    n_args: usize,
    args: *const mp_obj_t,
    kw: *mut ffi::mp_map_t,
) -> mp_obj_t {
    let [data, sep, per_sep] = parse(n_args, args, kw, &HEXLIFY_ARGS.0);
    let data = binary(data);
    let per_sep = ffi::mp_obj_get_int(int_arg(per_sep));
    let sep = if sep == NONE {
        None
    } else {
        Some(separator(sep))
    };
    let sep = sep.filter(|_| per_sep != 0);
    let group = per_sep.unsigned_abs();
    let n_seps = match sep {
        Some(_) if !data.is_empty() => (data.len() - 1) / group,
        _ => 0,
    };
    new_bytes_with(data.len() * 2 + n_seps, |out| {
        let mut at = 0;
        for (i, b) in data.iter().enumerate() {
            out[at] = HEX[(b >> 4) as usize];
            out[at + 1] = HEX[(b & 15) as usize];
            at += 2;
            if let Some(sep) = sep {
                let before_next = if per_sep > 0 {
                    data.len() - 1 - i
                } else {
                    i + 1
                };
                if i + 1 < data.len() && before_next % group == 0 {
                    out[at] = sep;
                    at += 1;
                }
            }
        }
        at
    })
}
py_fn_kw!(HEXLIFY_OBJ, 1, hexlify);

/// The separator byte of `hexlify`: a str or bytes of length 1, checked as CPython does.
unsafe fn separator(sep: mp_obj_t) -> u8 {
    let (len, first) = if is_str(sep) {
        let s = core::str::from_utf8_unchecked(crate::objects::bytes_of(sep));
        (s.chars().count(), s.chars().next().map_or(0, |c| c as u32))
    } else if ffi::is_type(sep, &ffi::mp_type_bytes) {
        let b = crate::objects::bytes_of(sep);
        (b.len(), b.first().map_or(0, |&b| b as u32))
    } else {
        let len = ffi::mp_obj_len_maybe(sep);
        if len.is_null() {
            raise_msg(
                &ffi::mp_type_TypeError,
                format!("object of type '{}' has no len()", type_name(sep)),
            );
        }
        (ffi::mp_obj_get_int(len) as usize, 0)
    };
    if len != 1 {
        raise_msg(&ffi::mp_type_ValueError, "sep must be length 1.");
    }
    if !is_str(sep) && !ffi::is_type(sep, &ffi::mp_type_bytes) {
        raise_msg(&ffi::mp_type_TypeError, "sep must be str or bytes.");
    }
    // CPython takes a str separator's code point as the byte, up to U+00FF.
    if first > 0xff {
        raise_msg(&ffi::mp_type_ValueError, "sep must be ASCII.");
    }
    first as u8
}

fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// `unhexlify(hexstr) -> bytes` (also `a2b_hex`)
unsafe extern "C" fn unhexlify(
    n_args: usize,
    args: *const mp_obj_t,
    kw: *mut ffi::mp_map_t,
) -> mp_obj_t {
    static ARGS: Rom<[ffi::mp_arg_t; 1]> = Rom([arg(ffi::MP_QSTR_hexstr, REQUIRED, NONE)]);
    let [data] = parse(n_args, args, kw, &ARGS.0);
    let data = ascii(data);
    if data.len() % 2 != 0 {
        error("Odd-length string");
    }
    new_bytes_with(data.len() / 2, |out| {
        for (o, pair) in out.iter_mut().zip(data.chunks_exact(2)) {
            match (hex_value(pair[0]), hex_value(pair[1])) {
                (Some(hi), Some(lo)) => *o = hi << 4 | lo,
                _ => error("Non-hexadecimal digit found"),
            }
        }
        data.len() / 2
    })
}
py_fn_kw!(UNHEXLIFY_OBJ, 1, unhexlify);

// --- Base64 ---

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/// The value of a base64 digit, or 64 for bytes outside the alphabet.
fn b64_value(c: u8) -> u8 {
    match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => 64,
    }
}

/// `b2a_base64(data, *, newline=True) -> bytes`
unsafe extern "C" fn b2a_base64(
    n_args: usize,
    args: *const mp_obj_t,
    kw: *mut ffi::mp_map_t,
) -> mp_obj_t {
    static ARGS: Rom<[ffi::mp_arg_t; 2]> = Rom([
        arg(ffi::MP_QSTR_data, REQUIRED, NONE),
        arg(ffi::MP_QSTR_newline, KW_ONLY, ffi::TRUE),
    ]);
    let [data, newline] = parse(n_args, args, kw, &ARGS.0);
    let data = binary(data);
    let newline = ffi::mp_obj_is_true(newline);
    new_bytes_with(data.len().div_ceil(3) * 4 + newline as usize, |out| {
        let mut at = 0;
        for chunk in data.chunks(3) {
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
            for (k, o) in out[at..at + 4].iter_mut().enumerate() {
                *o = if k <= chunk.len() {
                    B64[(n >> (18 - 6 * k)) as usize & 63]
                } else {
                    b'='
                };
            }
            at += 4;
        }
        if newline {
            out[at] = b'\n';
            at += 1;
        }
        at
    })
}
py_fn_kw!(B2A_BASE64_OBJ, 1, b2a_base64);

/// `a2b_base64(data, *, strict_mode=False) -> bytes`. Not strict: bytes outside the alphabet
/// are skipped and decoding stops at the padding that completes a group. Strict: those are
/// errors, as are misplaced padding and data after it.
unsafe extern "C" fn a2b_base64(
    n_args: usize,
    args: *const mp_obj_t,
    kw: *mut ffi::mp_map_t,
) -> mp_obj_t {
    static ARGS: Rom<[ffi::mp_arg_t; 2]> = Rom([
        arg(ffi::MP_QSTR_data, REQUIRED, NONE),
        arg(ffi::MP_QSTR_strict_mode, KW_ONLY, ffi::FALSE),
    ]);
    let [data, strict] = parse(n_args, args, kw, &ARGS.0);
    let data = ascii(data);
    let strict = ffi::mp_obj_is_true(strict);
    if strict && data.first() == Some(&b'=') {
        error("Leading padding not allowed");
    }
    new_bytes_with(data.len().div_ceil(4) * 3, |out| {
        let mut len = 0;
        let mut in_group = 0; // 6-bit digits seen in the current group of 4
        let mut bits = 0u32;
        let mut pads = 0;
        let mut padding = false;
        for (i, &c) in data.iter().enumerate() {
            if c == b'=' {
                padding = true;
                if strict && in_group == 0 {
                    error("Excess padding not allowed");
                }
                if in_group >= 2 {
                    pads += 1;
                    if in_group + pads >= 4 {
                        if strict && i + 1 < data.len() {
                            error("Excess data after padding");
                        }
                        return len;
                    }
                }
                continue;
            }
            let v = b64_value(c);
            if v == 64 {
                if strict {
                    error("Only base64 data is allowed");
                }
                continue;
            }
            if strict && padding {
                error("Discontinuous padding not allowed");
            }
            pads = 0;
            bits = bits << 6 | v as u32;
            in_group += 1;
            if in_group > 1 {
                // Each digit after the first completes a byte.
                out[len] = (bits >> (2 * (4 - in_group))) as u8;
                len += 1;
            }
            if in_group == 4 {
                in_group = 0;
                bits = 0;
            }
        }
        match in_group {
            0 => len,
            1 => error(format!(
                "Invalid base64-encoded string: number of data characters ({}) cannot be 1 \
                 more than a multiple of 4",
                len / 3 * 4 + 1
            )),
            _ => error("Incorrect padding"),
        }
    })
}
py_fn_kw!(A2B_BASE64_OBJ, 1, a2b_base64);

// --- CRCs ---

/// CRC-32 (ISO-HDLC, reflected polynomial 0xEDB88320), a byte at a time from a 1 KiB table
/// made on first use (so that it is not in the core's data).
static mut CRC32_TABLE: [u32; 256] = [0; 256];

unsafe fn crc32_table() -> &'static [u32; 256] {
    let table = &mut *ptr::addr_of_mut!(CRC32_TABLE);
    if table[1] == 0 {
        for (i, entry) in table.iter_mut().enumerate() {
            let mut c = i as u32;
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xedb8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
            *entry = c;
        }
    }
    table
}

/// The CRC's start value: an int, taken modulo 2**32 (as CPython does) or 2**16.
unsafe fn crc_arg(o: mp_obj_t) -> u32 {
    ffi::mp_obj_get_int_truncated(int_arg(o)) as u32
}

/// `crc32(data, crc=0) -> int`
unsafe extern "C" fn crc32(
    n_args: usize,
    args: *const mp_obj_t,
    kw: *mut ffi::mp_map_t,
) -> mp_obj_t {
    static ARGS: Rom<[ffi::mp_arg_t; 2]> = Rom([
        arg(ffi::MP_QSTR_data, REQUIRED, NONE),
        arg(ffi::MP_QSTR_crc, 0, ffi::small_int(0)),
    ]);
    let [data, crc] = parse(n_args, args, kw, &ARGS.0);
    let data = binary(data);
    let mut crc = !crc_arg(crc);
    let table = crc32_table();
    for &b in data {
        crc = table[((crc ^ b as u32) & 0xff) as usize] ^ (crc >> 8);
    }
    ffi::mp_obj_new_int_from_uint(!crc as usize)
}
py_fn_kw!(CRC32_OBJ, 1, crc32);

/// `crc_hqx(data, crc) -> int`: CRC-CCITT (polynomial 0x1021, not reflected), as binhex uses.
unsafe extern "C" fn crc_hqx(
    n_args: usize,
    args: *const mp_obj_t,
    kw: *mut ffi::mp_map_t,
) -> mp_obj_t {
    static ARGS: Rom<[ffi::mp_arg_t; 2]> = Rom([
        arg(ffi::MP_QSTR_data, REQUIRED, NONE),
        arg(ffi::MP_QSTR_crc, REQUIRED, NONE),
    ]);
    let [data, crc] = parse(n_args, args, kw, &ARGS.0);
    let data = binary(data);
    let mut crc = crc_arg(crc) as u16;
    for &b in data {
        crc ^= (b as u16) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                crc << 1 ^ 0x1021
            } else {
                crc << 1
            };
        }
    }
    ffi::small_int(crc as isize)
}
py_fn_kw!(CRC_HQX_OBJ, 2, crc_hqx);
