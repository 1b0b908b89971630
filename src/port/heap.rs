//! The GC heap and when it is collected.
//!
//! A conservative collector finds roots by scanning the C stack, but wasm keeps locals in
//! its own value stack, invisible to any scan. So a collection while C frames are live could
//! free objects only those frames point at. The rule here, as in MicroPython's webassembly
//! port: `gc_collect()` (called by the allocator when full, or by `gc.collect()`) only
//! flags a collection; the allocator then grows the heap by a new area (split heap). The
//! flagged collection runs at the next safe point:
//! - a call boundary, where no C frame exists;
//! - a backward jump in the outermost VM frame of a call (hooks in mpconfigport.h). With
//!   MICROPY_STACKLESS and the pystack, Python-to-Python calls stay in that one VM frame and
//!   keep every live value in the pystack, which the collector scans; frames of native code
//!   calling back into Python (map, sorted, generators) are nested VM frames, where a
//!   native caller may hold a fresh object in a wasm local, so no collection happens there.
//!
//! So a long loop that makes garbage runs in a bounded heap. The heap as a whole is bounded
//! by [`HEAP_LIMIT`], or by half the host's memory cap when the host tells it (config
//! [`MAX_PAGES_KEY`]); past it, allocation raises MemoryError.
//!
//! Why the host has to tell: Extism enforces `memory.max_pages` with a wasmtime resource
//! limiter that fails `memory.grow` with an error, which traps ("oom") instead of returning
//! -1, and nothing lets a module read the cap. So without the config entry a plug-in that
//! outgrows the cap stops with that trap (the instance still serves the next call).
//!
//! `unsafe` here: MicroPython's heap state (`mp_state_ctx.mem`, the allocation tables) is read
//! and written between collections, on the one thread there is, and its collector is called
//! only where the rule above allows.

use crate::ffi;
use crate::host;
use std::alloc::{alloc, dealloc, Layout};
use std::cell::Cell;

/// The first heap area; more are added as needed (MICROPY_GC_SPLIT_HEAP_AUTO).
const FIRST_AREA: usize = 256 * 1024;
/// Upper bound on all heap areas together.
pub const HEAP_LIMIT: usize = 64 * 1024 * 1024;
const AREA_ALIGN: usize = 16;

/// The config entry a host sets to the same number as its manifest's `memory.max_pages`.
pub const MAX_PAGES_KEY: &str = "upy.memory.max_pages";

struct HeapState {
    in_use: Cell<usize>,
    /// Whether the host's config can be read (not while a plug-in is built).
    follow_host: Cell<bool>,
    /// The bound for the current call, once read (0: not read yet).
    limit: Cell<usize>,
    /// An allocation failed since the last collection.
    exhausted: Cell<bool>,
    /// Testing aid: ask for a collection after every allocation.
    torture: Cell<bool>,
    /// A collection is running (see `repair_after_trap`).
    collecting: Cell<bool>,
    /// Collections so far.
    collections: Cell<usize>,
}
// SAFETY: wasm32-unknown-unknown is single-threaded.
unsafe impl Sync for HeapState {}
static STATE: HeapState = HeapState {
    in_use: Cell::new(0),
    follow_host: Cell::new(false),
    limit: Cell::new(0),
    exhausted: Cell::new(false),
    torture: Cell::new(false),
    collecting: Cell::new(false),
    collections: Cell::new(0),
};

/// Makes every allocation ask for a collection, so that one runs at every safe point: tests
/// use it to catch a live object the collector cannot see.
pub fn set_torture(on: bool) {
    STATE.torture.set(on);
    schedule_next_collection();
}

/// Sets up the GC with its first area. Called once, at start-up.
pub fn init() {
    let area = upy_heap_area_alloc(FIRST_AREA) as *mut u8;
    assert!(!area.is_null(), "cannot allocate the first heap area");
    unsafe { ffi::gc_init(area.cast(), area.add(FIRST_AREA).cast()) };
    schedule_next_collection();
}

/// MicroPython's default MICROPY_BYTES_PER_GC_BLOCK: four words.
const BYTES_PER_GC_BLOCK: usize = 4 * core::mem::size_of::<usize>();
/// The smallest allocation budget between collections.
const MIN_BUDGET: usize = 64 * 1024;
/// ... unless the heap is nearly at its bound.
const MIN_ROOM_BUDGET: usize = 4 * 1024;

/// Sets MicroPython's allocation threshold: allocating as much as the live data (or half the
/// free heap, if more) flags a collection, which then runs at the next safe point. Tying the
/// budget to the live data keeps collections amortized O(1) per allocation while the data
/// grows (a budget from the free heap alone shrinks as the heap fills, and collections, each
/// scanning all live data, would come ever more often); the heap grows to make room. Near the
/// heap's bound the budget shrinks to half the room left, so that garbage is collected
/// before an allocation finds no room (which, between safe points, is a MemoryError).
fn schedule_next_collection() {
    unsafe {
        let (used, free) = usage();
        let room = free + heap_limit().saturating_sub(STATE.in_use.get());
        let budget = if STATE.torture.get() {
            0
        } else {
            used.max(free / 2)
                .max(MIN_BUDGET)
                .min((room / 2).max(MIN_ROOM_BUDGET))
        };
        ffi::mp_state_ctx.mem.gc_alloc_threshold = budget / BYTES_PER_GC_BLOCK;
    }
}

/// The heap's (used, free) bytes: what `gc_info` reports of them, from one pass over the
/// allocation tables counting free entries four at a time (`gc_info` visits every block and
/// also measures free runs, which made it cost several times the sweep it followed).
fn usage() -> (usize, usize) {
    let (mut total, mut free) = (0, 0);
    for_each_area(|area| {
        // Two bits per block, 00 free; the table's last byte may have free entries past the
        // pool's end.
        let free_entries: usize = area
            .table
            .iter()
            .map(|&b| (!b & !b >> 1 & 0x55).count_ones() as usize)
            .sum();
        total += area.blocks;
        free += free_entries - (4 * area.table.len() - area.blocks);
    });
    (
        (total - free) * BYTES_PER_GC_BLOCK,
        free * BYTES_PER_GC_BLOCK,
    )
}

/// One heap area: its allocation table (two bits per block) and its blocks.
struct Area<'a> {
    table: &'a mut [u8],
    pool: *mut u8,
    blocks: usize,
}

/// Calls `f` with each heap area in turn.
fn for_each_area(mut f: impl FnMut(Area)) {
    unsafe {
        let mut area: *mut ffi::mp_state_mem_area_t = &raw mut ffi::mp_state_ctx.mem.area;
        while !area.is_null() {
            let a = &*area;
            f(Area {
                table: core::slice::from_raw_parts_mut(
                    a.gc_alloc_table_start,
                    a.gc_alloc_table_byte_len,
                ),
                pool: a.gc_pool_start,
                blocks: (a.gc_pool_end as usize - a.gc_pool_start as usize) / BYTES_PER_GC_BLOCK,
            });
            area = a.next;
        }
    }
}

/// At a call boundary: runs a flagged collection. If the call is about to enter a bytecode
/// function directly (`direct_bytecode`), arms the VM hook so that the VM frame it starts
/// becomes the one where collecting is safe; any other callable (a closure, a bound method,
/// a native wrapper) may hold fresh objects in its own frame, so then nothing is collected
/// until the call returns.
pub fn call_boundary(direct_bytecode: bool) {
    let exhausted = STATE.exhausted.replace(false);
    unsafe {
        if ffi::upy_gc_pending != 0 || exhausted {
            collect_now();
        }
        ffi::upy_vm_armed = direct_bytecode as _;
        ffi::upy_vm_base = core::ptr::null_mut();
    }
}

/// A full collection. Only where no C frame holds a heap pointer that the collector cannot
/// see (a call boundary, a VM safe point).
pub fn collect_now() {
    STATE.collecting.set(true);
    unsafe {
        ffi::upy_gc_pending = 0;
        ffi::gc_collect_start();
        ffi::gc_collect_end();
    }
    STATE.collecting.set(false);
    STATE.collections.set(STATE.collections.get() + 1);
    schedule_next_collection();
}

/// After a call that trapped (the host's timeout lands anywhere): a collection the trap cut
/// short left blocks marked whose children it never traced. The next collection would not
/// trace a marked block again, and would free what only it references. So every mark goes back
/// to a plain head, and a fresh collection runs at the next safe point.
pub fn repair_after_trap() {
    if !STATE.collecting.replace(false) {
        return;
    }
    for_each_area(|area| {
        // Two bits per block: 01 head, 10 tail, 11 marked head. Clear the high bit of every 11.
        for byte in area.table {
            let marked = *byte & (*byte >> 1) & 0x55;
            *byte &= !(marked << 1);
        }
    });
    unsafe { ffi::upy_gc_pending = 1 };
}

/// MicroPython is about to raise MemoryError.
#[no_mangle]
extern "C" fn upy_heap_exhausted() {
    STATE.exhausted.set(true);
}

#[no_mangle]
extern "C" fn upy_gc_safe_point() {
    collect_now();
}

/// Collections run so far (for tests and reports).
pub fn collections() -> usize {
    STATE.collections.get()
}

/// Bytes of heap areas currently allocated (for tests and reports).
pub fn heap_bytes() -> usize {
    STATE.in_use.get()
}

#[no_mangle]
extern "C" fn gc_collect() {
    unsafe { ffi::upy_gc_pending = 1 };
}

/// From now on the heap bound follows the host's config (calls and `run`; a build has no
/// host to ask).
pub fn follow_host_config() {
    STATE.follow_host.set(true);
}

/// A call starts: the host's config is read again, if needed (a host may change it).
pub fn new_call() {
    STATE.limit.set(0);
}

/// The bound on all heap areas together for this call.
fn heap_limit() -> usize {
    if STATE.limit.get() == 0 {
        STATE.limit.set(if STATE.follow_host.get() {
            host_limit().unwrap_or(HEAP_LIMIT)
        } else {
            HEAP_LIMIT
        });
    }
    STATE.limit.get()
}

/// Half the host's memory cap: Extism counts every page either of the plug-in's memories
/// (ours and its kernel's, which holds inputs, outputs and vars) grows by, and the Rust
/// allocator needs room around the heap areas.
fn host_limit() -> Option<usize> {
    let value = host::config_text(MAX_PAGES_KEY)?;
    match value.trim().parse::<usize>() {
        Ok(pages) => Some(
            HEAP_LIMIT
                .min(pages.saturating_mul(64 * 1024) / 2)
                .max(FIRST_AREA),
        ),
        Err(_) => {
            let message = format!("config {MAX_PAGES_KEY}='{value}' is not a page count; ignored");
            host::log(host::LogLevel::Warn, message.as_bytes());
            None
        }
    }
}

#[no_mangle]
extern "C" fn gc_get_max_new_split() -> usize {
    heap_limit().saturating_sub(STATE.in_use.get())
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

/// Zeroes the GC heap's free blocks. A built plug-in stores only the non-zero stretches of
/// its memory, so the build's garbage (freed, but still holding its old bytes) would
/// otherwise ship in every plug-in.
pub fn zero_free_blocks() {
    for_each_area(|area| {
        for block in 0..area.blocks {
            // Two bits per block in the allocation table; 0 is free.
            if (area.table[block / 4] >> (2 * (block % 4))) & 3 == 0 {
                unsafe {
                    let at = area.pool.add(block * BYTES_PER_GC_BLOCK);
                    core::ptr::write_bytes(at, 0, BYTES_PER_GC_BLOCK);
                }
            }
        }
    });
}
