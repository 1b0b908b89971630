//! `_random`: the Mersenne Twister (MT19937) exactly as CPython's `_random` runs it (seeding
//! from an int, `random()`, `getrandbits(k)`), so that a seeded sequence equals CPython's.
//! The native half of `random` (modules/random.py builds CPython's algorithms on it).
//!
//! A generator's state is a `bytearray` of 624 words and an index (`new()`), so that each
//! `random.Random` has its own. It is checked on every use (type, length, alignment); an index
//! altered from Python only restarts a block of the generator.
//!
//! `unsafe` here: each builtin is called by MicroPython with live objects, as many as its
//! function object declares, and works on them through MicroPython's C API, which is C
//! and so `unsafe` to call; data borrowed from an object is used before anything that
//! could collect it.

use crate::ffi::nlr::raise_msg;
use crate::ffi::{self, mp_obj_t};
use crate::objects::{py_fn, py_module};
use core::mem::size_of;

py_module!(upy_module_random, MP_QSTR__random, [
    MP_QSTR_new => &NEW_OBJ,
    MP_QSTR_seed => &SEED_OBJ,
    MP_QSTR_random => &RANDOM_OBJ,
    MP_QSTR_getrandbits => &GETRANDBITS_OBJ,
    MP_QSTR_randbelow => &RANDBELOW_OBJ,
    MP_QSTR_getstate => &GETSTATE_OBJ,
    MP_QSTR_setstate => &SETSTATE_OBJ,
]);

const N: usize = 624;
const M: usize = 397;

#[repr(C)]
struct Mt {
    words: [u32; N],
    /// The next word to temper; N or more: generate the next block first.
    index: u32,
}

impl Mt {
    fn init(&mut self, seed: u32) {
        self.words[0] = seed;
        for i in 1..N {
            let prev = self.words[i - 1];
            self.words[i] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        self.index = N as u32;
    }

    /// Seeds from a key of 32-bit words (`init_by_array` of the reference implementation).
    fn init_by_key(&mut self, key: &[u32]) {
        self.init(19_650_218);
        let w = &mut self.words;
        let (mut i, mut j) = (1, 0);
        for _ in 0..N.max(key.len()) {
            let prev = w[i - 1];
            w[i] = (w[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                w[0] = w[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = w[i - 1];
            w[i] =
                (w[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                w[0] = w[N - 1];
                i = 1;
            }
        }
        w[0] = 0x8000_0000;
    }

    fn next_u32(&mut self) -> u32 {
        if self.index as usize >= N {
            let w = &mut self.words;
            let twist = |upper: u32, lower: u32| {
                let y = (upper & 0x8000_0000) | (lower & 0x7fff_ffff);
                (y >> 1) ^ if y & 1 != 0 { 0x9908_b0df } else { 0 }
            };
            for k in 0..N {
                w[k] = w[(k + M) % N] ^ twist(w[k], w[(k + 1) % N]);
            }
            self.index = 0;
        }
        let mut y = self.words[self.index as usize];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// A float in [0, 1) with 53 random bits, from two words (as CPython).
    fn random(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `k` <= 64 random bits, as CPython draws them (low word first; the last word keeps its
    /// high bits).
    fn bits_u64(&mut self, k: u32) -> u64 {
        let mut value = 0u64;
        let mut shift = 0;
        while shift < k {
            let left = k - shift;
            let word = self.next_u32();
            let word = if left < 32 { word >> (32 - left) } else { word };
            value |= (word as u64) << shift;
            shift += 32;
        }
        value
    }

    /// `k` random bits as a Python int.
    unsafe fn bits(&mut self, k: usize) -> mp_obj_t {
        if k <= 64 {
            return ffi::mp_obj_new_int_from_ull(self.bits_u64(k as u32));
        }
        let words = k.div_ceil(32);
        let mut vstr = new_vstr(words * 4);
        let buf = vstr.buf as *mut u8;
        for i in 0..words {
            let left = k - 32 * i;
            let word = self.next_u32();
            let word = if left < 32 { word >> (32 - left) } else { word };
            core::ptr::copy_nonoverlapping(word.to_le_bytes().as_ptr(), buf.add(4 * i), 4);
        }
        let n = ffi::mp_obj_int_from_bytes_impl(false, words * 4, buf);
        ffi::vstr_clear(&mut vstr);
        n
    }
}

unsafe fn new_vstr(len: usize) -> ffi::vstr_t {
    let mut vstr = ffi::vstr_t {
        alloc: 0,
        len: 0,
        buf: core::ptr::null_mut(),
        fixed_buf: false,
    };
    ffi::vstr_init_len(&mut vstr, len);
    vstr
}

/// The generator whose state is `o`, checked.
unsafe fn state<'a>(o: mp_obj_t) -> &'a mut Mt {
    let mut info = ffi::mp_buffer_info_t {
        buf: core::ptr::null_mut(),
        len: 0,
        typecode: 0,
    };
    if ffi::is_type(o, &ffi::mp_type_bytearray)
        && ffi::mp_get_buffer(o, &mut info, ffi::MP_BUFFER_RW as _)
        && info.len == size_of::<Mt>()
        && (info.buf as usize).is_multiple_of(align_of::<Mt>())
    {
        return &mut *(info.buf as *mut Mt);
    }
    raise_msg(&ffi::mp_type_ValueError, "invalid random state")
}

fn is_int(o: mp_obj_t) -> bool {
    ffi::is_small_int(o) || unsafe { ffi::is_type(o, &ffi::mp_type_int) }
}

unsafe fn int_arg(o: mp_obj_t) -> mp_obj_t {
    if !is_int(o) {
        let name = core::ffi::CStr::from_ptr(ffi::mp_obj_get_type_str(o));
        raise_msg(
            &ffi::mp_type_TypeError,
            format!(
                "'{}' object cannot be interpreted as an integer",
                name.to_str().unwrap_or("?")
            ),
        );
    }
    o
}

/// |n| as little-endian bytes without high zero bytes (empty for 0), in a GC buffer.
unsafe fn magnitude<'a>(n: mp_obj_t) -> &'a [u8] {
    let n = if ffi::mp_obj_int_sign(n) < 0 {
        ffi::mp_unary_op(ffi::MP_UNARY_OP_NEGATIVE, n)
    } else {
        n
    };
    let len = if ffi::is_small_int(n) {
        size_of::<usize>()
    } else {
        (*(n as *const ffi::mp_obj_int_t)).mpz.len * size_of::<ffi::mpz_dig_t>()
    };
    let vstr = new_vstr(len);
    let buf = vstr.buf as *mut u8;
    ffi::mp_obj_int_to_bytes(n, len, buf, false, false, false);
    let bytes = core::slice::from_raw_parts(buf as *const u8, len);
    let used = bytes.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
    &bytes[..used]
}

/// `new() -> bytearray`: the state of a generator (to be seeded).
unsafe extern "C" fn new() -> mp_obj_t {
    let zeros = [0u8; size_of::<Mt>()];
    ffi::mp_obj_new_bytearray(zeros.len(), zeros.as_ptr() as *const _)
}
py_fn!(NEW_OBJ, 0, new);

/// `seed(state, n: int)`: seeds from the 32-bit words of |n|, as CPython's `random.seed(n)`.
unsafe extern "C" fn seed(state_obj: mp_obj_t, n: mp_obj_t) -> mp_obj_t {
    let bytes = magnitude(int_arg(n));
    let words = bytes.len().div_ceil(4).max(1);
    // The key in a GC buffer: nothing here may own memory across a raise.
    let vstr = new_vstr(words * 4);
    let key = core::slice::from_raw_parts_mut(vstr.buf as *mut u32, words);
    for (i, w) in key.iter_mut().enumerate() {
        let mut b = [0u8; 4];
        let chunk = bytes.get(4 * i..).unwrap_or(&[]);
        let len = chunk.len().min(4);
        b[..len].copy_from_slice(&chunk[..len]);
        *w = u32::from_le_bytes(b);
    }
    state(state_obj).init_by_key(key);
    ffi::NONE
}
py_fn!(SEED_OBJ, 2, seed);

/// `random(state) -> float` in [0, 1)
unsafe extern "C" fn random(state_obj: mp_obj_t) -> mp_obj_t {
    ffi::mp_obj_new_float(state(state_obj).random())
}
py_fn!(RANDOM_OBJ, 1, random);

/// `getrandbits(state, k) -> int` with `k` random bits.
unsafe extern "C" fn getrandbits(state_obj: mp_obj_t, k: mp_obj_t) -> mp_obj_t {
    let mt = state(state_obj);
    let k = ffi::mp_obj_get_int(int_arg(k));
    if k < 0 {
        raise_msg(
            &ffi::mp_type_ValueError,
            "number of bits must be non-negative",
        );
    }
    mt.bits(k as usize)
}
py_fn!(GETRANDBITS_OBJ, 2, getrandbits);

/// `randbelow(state, n) -> int` in [0, n), for n > 0: CPython's `_randbelow_with_getrandbits`
/// (draw n.bit_length() bits until the value is below n).
unsafe extern "C" fn randbelow(state_obj: mp_obj_t, n: mp_obj_t) -> mp_obj_t {
    let mt = state(state_obj);
    if ffi::mp_obj_int_sign(int_arg(n)) <= 0 {
        raise_msg(&ffi::mp_type_ValueError, "empty range");
    }
    let bytes = if ffi::is_small_int(n) {
        &[][..]
    } else {
        magnitude(n)
    };
    if ffi::is_small_int(n) || bytes.len() <= 8 {
        let mut b = [0u8; 8];
        b[..bytes.len()].copy_from_slice(bytes);
        let limit = if ffi::is_small_int(n) {
            ffi::small_int_value(n) as u64
        } else {
            u64::from_le_bytes(b)
        };
        let k = 64 - limit.leading_zeros();
        loop {
            let r = mt.bits_u64(k);
            if r < limit {
                return ffi::mp_obj_new_int_from_ull(r);
            }
        }
    }
    let k = bytes.len() * 8 - bytes[bytes.len() - 1].leading_zeros() as usize;
    loop {
        let r = mt.bits(k);
        if ffi::mp_binary_op(ffi::MP_BINARY_OP_LESS, r, n) == ffi::TRUE {
            return r;
        }
    }
}
py_fn!(RANDBELOW_OBJ, 2, randbelow);

/// `getstate(state) -> tuple`: the 624 words and the index, as CPython's `_random` gives them.
unsafe extern "C" fn getstate(state_obj: mp_obj_t) -> mp_obj_t {
    let mt = state(state_obj);
    let tuple = ffi::mp_obj_new_tuple(N + 1, core::ptr::null());
    let items = (*(tuple as *mut ffi::mp_obj_tuple_t)).items.as_mut_ptr();
    for i in 0..N {
        *items.add(i) = ffi::mp_obj_new_int_from_uint(mt.words[i] as usize);
    }
    *items.add(N) = ffi::mp_obj_new_int_from_uint(mt.index as usize);
    tuple
}
py_fn!(GETSTATE_OBJ, 1, getstate);

/// `setstate(state, words: tuple)`: the inverse of `getstate` (errors worded as CPython's).
unsafe extern "C" fn setstate(state_obj: mp_obj_t, words: mp_obj_t) -> mp_obj_t {
    let mt = state(state_obj);
    if !ffi::is_type(words, &ffi::mp_type_tuple) {
        raise_msg(&ffi::mp_type_TypeError, "state vector must be a tuple");
    }
    let mut len = 0;
    let mut items: *mut mp_obj_t = core::ptr::null_mut();
    ffi::mp_obj_get_array(words, &mut len, &mut items);
    if len != N + 1 {
        raise_msg(&ffi::mp_type_ValueError, "state vector is the wrong size");
    }
    let index = ffi::mp_obj_get_int(int_arg(*items.add(N)));
    if !(0..=N as isize).contains(&index) {
        raise_msg(&ffi::mp_type_ValueError, "invalid state");
    }
    for i in 0..N {
        // Checked before anything is stored, so that a bad tuple leaves the state as it was.
        int_arg(*items.add(i));
    }
    for i in 0..N {
        mt.words[i] = ffi::mp_obj_get_int_truncated(*items.add(i)) as u32;
    }
    mt.index = index as u32;
    ffi::NONE
}
py_fn!(SETSTATE_OBJ, 2, setstate);
