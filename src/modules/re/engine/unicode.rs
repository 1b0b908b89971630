//! Character classes and case equivalence, with CPython's definitions (tables.rs is generated
//! from CPython by scripts/gen_re_tables.py).

use super::tables::{ALNUM, CASE, DECIMAL, LOWER};

/// How a pattern element compares letters.
pub const FOLD_NONE: u32 = 0;
pub const FOLD_ASCII: u32 = 1;
pub const FOLD_UNICODE: u32 = 2;

/// The index of the last packed range (`start | (len - 1) << 21`) starting at or before `c`,
/// searching every `stride`-th word.
fn find(table: &[u32], stride: usize, c: u32) -> Option<usize> {
    let (mut lo, mut hi) = (0, table.len() / stride);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if table[mid * stride] & 0x1f_ffff <= c {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    let i = lo.checked_sub(1)? * stride;
    let w = table[i];
    (c - (w & 0x1f_ffff) <= w >> 21).then_some(i)
}

/// `\w`: `str.isalnum()` or `_` (ASCII letters, digits and `_` only when not `unicode`).
pub fn is_word(c: u32, unicode: bool) -> bool {
    if c < 128 {
        let b = c as u8;
        return b.is_ascii_alphanumeric() || b == b'_';
    }
    unicode && find(&ALNUM, 1, c).is_some()
}

/// `\d`: `str.isdecimal()` (0-9 only when not `unicode`).
pub fn is_digit(c: u32, unicode: bool) -> bool {
    if c < 128 {
        return (c as u8).is_ascii_digit();
    }
    unicode && find(&DECIMAL, 1, c).is_some()
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

/// The next member of `c`'s case-equivalence class, in a cycle (`c` itself when alone).
pub fn case_next(c: u32, fold: u32) -> u32 {
    if fold == FOLD_ASCII {
        return if c < 128 && (c as u8).is_ascii_alphabetic() {
            c ^ 0x20
        } else {
            c
        };
    }
    if fold == FOLD_NONE {
        return c;
    }
    match find(&CASE, 2, c) {
        Some(i) => {
            let delta = CASE[i + 1] as i32;
            if delta != 0 {
                c.wrapping_add(delta as u32)
            } else if (c - (CASE[i] & 0x1f_ffff)).is_multiple_of(2) {
                c + 1
            } else {
                c - 1
            }
        }
        None => c,
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
    let (mut lo, mut hi) = (0, LOWER.len() / 2);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if LOWER[mid * 2] & 0x1f_ffff <= c {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if lo == 0 {
        return c;
    }
    let (w, delta) = (LOWER[lo * 2 - 2], LOWER[lo * 2 - 1]);
    let (off, step) = (c - (w & 0x1f_ffff), 1 + (w >> 31));
    if off % step == 0 && off / step <= (w >> 21 & 0x3ff) {
        c.wrapping_add(delta)
    } else {
        c
    }
}

/// Calls `f` on each member of `c`'s case class other than `c` (at most 3).
pub fn for_others(c: u32, fold: u32, mut f: impl FnMut(u32) -> bool) -> bool {
    let mut d = case_next(c, fold);
    let mut n = 0;
    while d != c && n < 4 {
        if f(d) {
            return true;
        }
        d = case_next(d, fold);
        n += 1;
    }
    false
}
