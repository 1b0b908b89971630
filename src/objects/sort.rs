//! `list.sort()` and `sorted()` as CPython has them: stable (equal keys keep their order,
//! with `reverse=True` too) and calling `key` once per item. MicroPython's quicksort is
//! neither; build.rs patches `list.sort` into a call here.
//!
//! A bottom-up merge sort over (key, item) pairs. Its buffers are GC memory: a comparison
//! may raise, and a raise skips Rust destructors.
//!
//! `unsafe` here: these functions are C's to call (src/port/upy.h declares them), with
//! pointers C owns and objects alive for the call, and they use MicroPython's C API.

use crate::ffi::{self, mp_obj_t, NONE, TRUE};

#[no_mangle]
unsafe extern "C" fn upy_list_sort(items: *mut mp_obj_t, len: usize, key: mp_obj_t, reverse: bool) {
    let items = core::slice::from_raw_parts_mut(items, len);
    // pairs[2i] is item i's key, pairs[2i + 1] the item; `spare` is the merge buffer.
    let pairs = gc_slice(2 * len);
    let spare = gc_slice(2 * len);
    for (i, &item) in items.iter().enumerate() {
        pairs[2 * i] = if key == NONE {
            item
        } else {
            ffi::mp_call_function_1(key, item)
        };
        pairs[2 * i + 1] = item;
    }
    let less = |a: mp_obj_t, b: mp_obj_t| {
        let (a, b) = if reverse { (b, a) } else { (a, b) };
        ffi::mp_binary_op(ffi::MP_BINARY_OP_LESS, a, b) == TRUE
    };
    let (mut from, mut to) = (pairs, spare);
    let mut width = 1;
    while width < len {
        let mut start = 0;
        while start < len {
            let mid = (start + width).min(len);
            let end = (start + 2 * width).min(len);
            let (mut l, mut r) = (start, mid);
            for out in start..end {
                // Take from the right run only if strictly less: equal keys keep their order.
                let take_right = r < end && (l >= mid || less(from[2 * r], from[2 * l]));
                let src = if take_right { &mut r } else { &mut l };
                to[2 * out] = from[2 * *src];
                to[2 * out + 1] = from[2 * *src + 1];
                *src += 1;
            }
            start = end;
        }
        core::mem::swap(&mut from, &mut to);
        width *= 2;
    }
    for (i, item) in items.iter_mut().enumerate() {
        *item = from[2 * i + 1];
    }
}

/// A new GC array of `len` objects, reachable only from this native frame (no collection
/// runs inside native code in this port).
unsafe fn gc_slice<'a>(len: usize) -> &'a mut [mp_obj_t] {
    let ptr = ffi::m_malloc(len * core::mem::size_of::<mp_obj_t>()) as *mut mp_obj_t;
    core::slice::from_raw_parts_mut(ptr, len)
}
