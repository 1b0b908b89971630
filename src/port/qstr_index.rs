//! A hash index over all qstrs: the core's, the names of a plug-in's modules and the strings
//! interned while it runs.
//!
//! MicroPython's `qstr_find_strn` binary-searches one of the core's pools, but walks the others
//! one entry at a time, the pools added at run time among them. Every str that C code makes
//! (slices, split, iteration by character, JSON) first asks it whether its text is already a
//! qstr, so with the few thousand names a plug-in's modules bring, that walk was the biggest
//! cost of a loop over the characters of a string. build.rs patches py/qstr.c to index the
//! core's qstrs at start-up (a plug-in's snapshot keeps the index), to add each new qstr, and
//! to look here instead of in the pools.
//!
//! The index must hold every added qstr, or a lookup would miss one and the same text would
//! get a second id (and interned strs compare by id). If it ever cannot take one (no memory to
//! grow, a qstr id beyond 16 bits, or more than 49,152 qstrs), it turns itself off for good
//! and MicroPython's walk takes over.
//!
//! A slot is 4 bytes, since the table is part of every plug-in's snapshot: the qstr in the low
//! half (0 marks an empty slot), a 16-bit tag of its hash in the high half. The tag's top bits
//! are also the slot the probe starts from, so that the table can grow without the hashes.
//!
//! `unsafe` here: these functions are C's to call (src/port/upy.h declares them), with
//! pointers C owns and objects alive for the call, and they use MicroPython's C API.

use core::cell::UnsafeCell;

/// Open addressing with linear probing, at most three quarters full.
struct Index {
    slots: Vec<u32>,
    len: usize,
    off: bool,
    /// Which lengths below 256 some qstr has, and the longest: a str of another length is no
    /// qstr, and needs no hashing to tell (most strs that C code makes are longer than names).
    lengths: [u32; 8],
    longest: usize,
}

const EMPTY: Index = Index {
    slots: Vec::new(),
    len: 0,
    off: false,
    lengths: [0; 8],
    longest: 0,
};

struct Global(UnsafeCell<Index>);
// The core is single-threaded.
unsafe impl Sync for Global {}

static INDEX: Global = Global(UnsafeCell::new(EMPTY));

const MIN_SLOTS: usize = 1024;
/// A tag has 16 bits, so the probe's start can use at most 16.
const MAX_SLOTS: usize = 1 << 16;

fn index() -> &'static mut Index {
    // SAFETY: single-threaded, and no caller keeps the reference across another call here.
    unsafe { &mut *INDEX.0.get() }
}

/// 16 well-mixed bits of a qstr hash (Fibonacci hashing: the bits of djb2 differ little
/// between similar short names).
fn tag(hash: usize) -> u32 {
    (hash as u32).wrapping_mul(0x9E37_79B9) >> 16
}

/// The slot a probe for `tag` starts from, in a table of `slots` (a power of two).
fn home(tag: u32, slots: usize) -> usize {
    (tag >> (16 - slots.trailing_zeros())) as usize
}

fn insert(slots: &mut [u32], tag: u32, qstr: u32) {
    let mask = slots.len() - 1;
    let mut at = home(tag, slots.len());
    while slots[at] != 0 {
        at = (at + 1) & mask;
    }
    slots[at] = tag << 16 | qstr;
}

impl Index {
    fn add(&mut self, qstr: usize, hash: usize, len: usize) {
        // qstr 0 (MP_QSTRnull) marks an empty slot; no text looks it up.
        if self.off || qstr == 0 {
            return;
        }
        let full = 4 * (self.len + 1) > 3 * self.slots.len();
        if qstr > 0xffff || (full && !self.grow()) {
            self.off = true;
            self.slots = Vec::new();
            return;
        }
        insert(&mut self.slots, tag(hash), qstr as u32);
        self.len += 1;
        if len < 256 {
            self.lengths[len / 32] |= 1 << (len % 32);
        }
        self.longest = self.longest.max(len);
    }

    fn may_hold(&self, len: usize) -> bool {
        if len < 256 {
            self.lengths[len / 32] & 1 << (len % 32) != 0
        } else {
            len <= self.longest
        }
    }

    fn grow(&mut self) -> bool {
        let size = (2 * self.slots.len()).max(MIN_SLOTS);
        let mut slots = Vec::new();
        if size > MAX_SLOTS || slots.try_reserve_exact(size).is_err() {
            return false;
        }
        slots.resize(size, 0);
        for &slot in self.slots.iter().filter(|s| **s != 0) {
            insert(&mut slots, slot >> 16, slot & 0xffff);
        }
        self.slots = slots;
        true
    }
}

/// Records a qstr with its hash and length (a qstr of the core at start-up, or one just added).
#[no_mangle]
extern "C" fn upy_qstr_index_add(qstr: usize, hash: usize, len: usize) {
    index().add(qstr, hash, len);
}

/// Whether the index knows that no qstr is `len` bytes long.
#[no_mangle]
extern "C" fn upy_qstr_index_excludes(len: usize) -> bool {
    let index = index();
    !index.off && !index.may_hold(len)
}

/// Forgets every qstr (MicroPython's pools were reset).
#[no_mangle]
extern "C" fn upy_qstr_index_clear() {
    *index() = EMPTY;
}

/// Whether the index holds every qstr.
#[no_mangle]
extern "C" fn upy_qstr_index_ready() -> bool {
    !index().off
}

/// The next qstr whose hash may be `hash`, or 0 after the last. `*cursor` starts at 0 and
/// keeps the probe's place between calls.
#[no_mangle]
unsafe extern "C" fn upy_qstr_index_next(hash: usize, cursor: *mut usize) -> usize {
    let slots = &index().slots;
    if slots.is_empty() {
        return 0;
    }
    let tag = tag(hash);
    let mask = slots.len() - 1;
    let mut at = match *cursor {
        0 => home(tag, slots.len()),
        next => next - 1,
    };
    loop {
        let slot = slots[at];
        if slot == 0 {
            return 0;
        }
        at = (at + 1) & mask;
        if slot >> 16 == tag {
            *cursor = at + 1;
            return (slot & 0xffff) as usize;
        }
    }
}
