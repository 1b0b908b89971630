//! Character classes and case equivalence, with CPython's definitions (tables.rs is generated
//! from CPython by scripts/gen_re_tables.py).

use super::tables::{ALNUM, DECIMAL, EXTRA, LOWER};
use crate::port::unicode::{in_ranges as find, map_runs};

/// How a pattern element compares letters.
pub const FOLD_NONE: u32 = 0;
pub const FOLD_ASCII: u32 = 1;
pub const FOLD_UNICODE: u32 = 2;

/// `\w`: `str.isalnum()` or `_` (ASCII letters, digits and `_` only when not `unicode`).
pub fn is_word(c: u32, unicode: bool) -> bool {
    if c < 128 {
        let b = c as u8;
        return b.is_ascii_alphanumeric() || b == b'_';
    }
    unicode && find(&ALNUM, c)
}

/// `\d`: `str.isdecimal()` (0-9 only when not `unicode`).
pub fn is_digit(c: u32, unicode: bool) -> bool {
    if c < 128 {
        return (c as u8).is_ascii_digit();
    }
    unicode && find(&DECIMAL, c)
}

/// `\s`: `str.isspace()` (ASCII `[ \t\n\r\f\v]` only when not `unicode`).
pub fn is_space(c: u32, unicode: bool) -> bool {
    match c {
        0x09..=0x0d | 0x20 => true,
        _ if !unicode => false,
        0x1c..=0x1f
        | 0x85
        | 0xa0
        | 0x1680
        | 0x2000..=0x200a
        | 0x2028
        | 0x2029
        | 0x202f
        | 0x205f
        | 0x3000 => true,
        _ => false,
    }
}

/// The simple lowercase of `c` under `fold` (what case-insensitive backreferences compare).
pub fn lower(c: u32, fold: u32) -> u32 {
    if c < 128 || fold != FOLD_UNICODE {
        return if fold != FOLD_NONE && (c as u8).is_ascii_uppercase() && c < 128 {
            c + 32
        } else {
            c
        };
    }
    map_runs(&LOWER, c)
}

/// Calls `f` on each character other than `c` that matches `c` under `fold` (the same
/// lowercase, or a lowercase EXTRA relates), until `f` returns true; returns whether it did.
pub fn for_others(c: u32, fold: u32, mut f: impl FnMut(u32) -> bool) -> bool {
    if fold == FOLD_NONE {
        return false;
    }
    if fold == FOLD_ASCII {
        return c < 128 && (c as u8).is_ascii_alphabetic() && f(c ^ 0x20);
    }
    let first = lower(c, fold);
    let mut l = first;
    loop {
        // l, and every character whose lowercase is l.
        if l != c && f(l) {
            return true;
        }
        for run in LOWER.chunks_exact(2) {
            let d = l.wrapping_sub(run[1]);
            let (start, step) = (run[0] & 0x1f_ffff, 1 + (run[0] >> 31));
            let off = d.wrapping_sub(start);
            if d != c && off.is_multiple_of(step) && off / step <= (run[0] >> 21 & 0x3ff) && f(d) {
                return true;
            }
        }
        l = match EXTRA.iter().find(|&&w| w & 0xffff == l) {
            Some(w) => w >> 16,
            None => return false,
        };
        if l == first {
            return false;
        }
    }
}
