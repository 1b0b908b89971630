//! The GC heap and when it is collected.
//!
//! A conservative collector finds roots by scanning the C stack, but wasm keeps locals in
//! its own value stack, invisible to any scan. So a collection while C frames are live could
//! free objects only those frames point at. The rule here, as in MicroPython's webassembly
//! port: `gc_collect()` (called by the allocator when full, or by `gc.collect()`) only
//! flags a collection; the allocator then grows the heap by a new area (split heap); the
//! flagged collection runs at the next call boundary, where no C frame exists. The heap
//! is bounded by [`HEAP_LIMIT`]; past it, allocation raises MemoryError.

use crate::ffi;
use std::alloc::{alloc, dealloc, Layout};
use std::cell::Cell;

/// The first heap area; more are added as needed (MICROPY_GC_SPLIT_HEAP_AUTO).
const FIRST_AREA: usize = 256 * 1024;
/// Upper bound on all heap areas together.
pub const HEAP_LIMIT: usize = 256 * 1024 * 1024;
const AREA_ALIGN: usize = 16;

struct HeapState {
    in_use: Cell<usize>,
    collect_pending: Cell<bool>,
}
// SAFETY: wasm32-unknown-unknown is single-threaded.
unsafe impl Sync for HeapState {}
static STATE: HeapState = HeapState {
    in_use: Cell::new(0),
    collect_pending: Cell::new(false),
};

/// Sets up the GC with its first area. Called once, at start-up.
pub fn init() {
    let area = upy_heap_area_alloc(FIRST_AREA) as *mut u8;
    assert!(!area.is_null(), "cannot allocate the first heap area");
    unsafe { ffi::gc_init(area.cast(), area.add(FIRST_AREA).cast()) };
}

/// Runs the collection flagged since the last call boundary. Call only where no C frame
/// (and so no wasm local) can hold a heap pointer: between plug-in calls.
pub fn collect_at_boundary() {
    if STATE.collect_pending.replace(false) {
        collect_now();
    }
}

/// A full collection; the same precondition as [`collect_at_boundary`].
pub fn collect_now() {
    unsafe {
        ffi::gc_collect_start();
        ffi::gc_collect_end();
    }
}

/// Bytes of heap areas currently allocated (for tests and reports).
pub fn heap_bytes() -> usize {
    STATE.in_use.get()
}

#[no_mangle]
extern "C" fn gc_collect() {
    STATE.collect_pending.set(true);
}

#[no_mangle]
extern "C" fn gc_get_max_new_split() -> usize {
    HEAP_LIMIT.saturating_sub(STATE.in_use.get())
}

// Heap areas carry their size in a header so that MP_PLAT_FREE_HEAP(ptr) can free them.
#[no_mangle]
extern "C" fn upy_heap_area_alloc(size: usize) -> *mut core::ffi::c_void {
    if size > gc_get_max_new_split() {
        return core::ptr::null_mut();
    }
    let Ok(layout) = Layout::from_size_align(size + AREA_ALIGN, AREA_ALIGN) else {
        return core::ptr::null_mut();
    };
    let base = unsafe { alloc(layout) };
    if base.is_null() {
        return core::ptr::null_mut(); // the host's memory limit: MemoryError
    }
    unsafe { (base as *mut usize).write(size) };
    STATE.in_use.set(STATE.in_use.get() + size);
    unsafe { base.add(AREA_ALIGN).cast() }
}

#[no_mangle]
extern "C" fn upy_heap_area_free(ptr: *mut core::ffi::c_void) {
    let base = unsafe { (ptr as *mut u8).sub(AREA_ALIGN) };
    let size = unsafe { (base as *const usize).read() };
    STATE.in_use.set(STATE.in_use.get() - size);
    unsafe {
        dealloc(
            base,
            Layout::from_size_align_unchecked(size + AREA_ALIGN, AREA_ALIGN),
        )
    };
}
