//! Rust's allocator, zeroing what is freed while a plug-in is built: a built plug-in stores
//! only the non-zero stretches of its memory, so freed build-time data (source files,
//! compiler buffers) would otherwise ship in every plug-in. Calls do not pay for it.
//!
//! `unsafe` here: `GlobalAlloc`'s contract, passed on unchanged to dlmalloc.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, Ordering};

static ZEROING: AtomicBool = AtomicBool::new(true);

/// Stops zeroing freed memory (once the build's snapshot state is final, or for `run`).
pub fn stop_zeroing() {
    ZEROING.store(false, Ordering::Relaxed);
}

struct ZeroOnFree;

unsafe impl GlobalAlloc for ZeroOnFree {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if ZEROING.load(Ordering::Relaxed) {
            core::ptr::write_bytes(ptr, 0, layout.size());
        }
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if !ZEROING.load(Ordering::Relaxed) {
            return System.realloc(ptr, layout, new_size);
        }
        // Moved blocks must not leave their old bytes behind.
        let new = System.alloc(Layout::from_size_align_unchecked(new_size, layout.align()));
        if !new.is_null() {
            core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
            self.dealloc(ptr, layout);
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: ZeroOnFree = ZeroOnFree;
