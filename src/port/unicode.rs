//! Lookups in the packed Unicode tables that scripts/gen_re_tables.py and
//! scripts/gen_case_tables.py generate (their docstrings give the encodings).

/// Whether `c` is in a table of sorted packed ranges (`start | (len - 1) << 21`).
pub fn in_ranges(table: &[u32], c: u32) -> bool {
    let i = table.partition_point(|&w| w & 0x1f_ffff <= c);
    i > 0 && c - (table[i - 1] & 0x1f_ffff) <= table[i - 1] >> 21
}

/// `c` mapped by a table of runs (two words each: `start | (len - 1) << 21 | every_other <<
/// 31`, then the delta); `c` itself where no run covers it.
pub fn map_runs(table: &[u32], c: u32) -> u32 {
    let (mut i, mut hi) = (0, table.len() / 2);
    while i < hi {
        let mid = (i + hi) / 2;
        if table[mid * 2] & 0x1f_ffff <= c {
            i = mid + 1;
        } else {
            hi = mid;
        }
    }
    if i == 0 {
        return c;
    }
    let (w, delta) = (table[i * 2 - 2], table[i * 2 - 1]);
    let (off, step) = (c - (w & 0x1f_ffff), 1 + (w >> 31));
    if off.is_multiple_of(step) && off / step <= (w >> 21 & 0x3ff) {
        c.wrapping_add(delta)
    } else {
        c
    }
}
