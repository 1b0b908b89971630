//! `_hashlib`: MD5, SHA-1 and SHA-2 (RustCrypto's hashers), the native half of `hashlib`
//! (modules/hashlib.py defines the hash objects on it).
//!
//! A hasher's state is a plain `bytearray`, so copying a hash object is copying its state:
//!
//! ```text
//! [algorithm index] [pending length] [pending bytes: MAX_BLOCK] [core]
//! ```
//!
//! The core is RustCrypto's block-level hasher (`md5::Md5Core`, `sha2::Sha256VarCore`, ...): words of state and a
//! block counter, no pointers, no `Drop`, every bit pattern valid. It is stored with
//! `write_unaligned` and read back with `read_unaligned`. The partial block is buffered here,
//! once for all algorithms, with its length checked on every use, so a state altered from
//! Python can give a wrong digest but never undefined behaviour.
//!
//! `unsafe` here: each builtin is called by MicroPython with live objects, as many as its
//! function object declares, and works on them through MicroPython's C API, which is C
//! and so `unsafe` to call; data borrowed from an object is used before anything that
//! could collect it.

use crate::ffi::nlr::raise_msg;
use crate::ffi::{self, mp_obj_t};
use crate::objects::{py_fn, py_module};
use core::mem::size_of;
use core::ptr;
use digest::block_buffer::Eager;
use digest::core_api::{
    Block, Buffer, BufferKindUser, CoreProxy, FixedOutputCore, UpdateCore, VariableOutputCore,
};
use digest::typenum::{IsLess, Le, NonZero, Unsigned, U256};
use digest::Output;

py_module!(upy_module_hashlib, MP_QSTR__hashlib, [
    MP_QSTR_new => &NEW_OBJ,
    MP_QSTR_update => &UPDATE_OBJ,
    MP_QSTR_digest => &DIGEST_OBJ,
]);

/// The largest block size (SHA-384/512): the room kept for the pending bytes.
const MAX_BLOCK: usize = 128;
const HEADER: usize = 2 + MAX_BLOCK;
/// Room for the largest core in `new`.
const MAX_CORE: usize = 128;

/// One algorithm: its sizes and its core's operations, on the core's bytes. SHA-224/256 share
/// a core (and so its code), as do SHA-384/512: the output size picks the initial state, and
/// the digest is the left part of the full one.
struct Algorithm {
    name: &'static [u8],
    block: usize,
    core: usize,
    digest_size: usize,
    init: unsafe fn(*mut u8, usize),
    /// Hashes whole blocks.
    compress: unsafe fn(*mut u8, &[u8]),
    /// The digest of the core with the pending bytes (fewer than a block) after it.
    finish: unsafe fn(*const u8, &[u8], usize) -> mp_obj_t,
}

/// An algorithm whose core has one output size (MD5, SHA-1).
const fn fixed<C>(name: &'static [u8]) -> Algorithm
where
    C: FixedOutputCore + BufferKindUser<BufferKind = Eager> + Default,
    C::BlockSize: IsLess<U256>,
    Le<C::BlockSize, U256>: NonZero,
{
    Algorithm {
        name,
        block: C::BlockSize::USIZE,
        core: size_of::<C>(),
        digest_size: C::OutputSize::USIZE,
        init: init_fixed::<C>,
        compress: compress::<C>,
        finish: finish_fixed::<C>,
    }
}

/// An algorithm on a core of several output sizes (SHA-2).
const fn variable<C>(name: &'static [u8], digest_size: usize) -> Algorithm
where
    C: VariableOutputCore + BufferKindUser<BufferKind = Eager>,
    C::BlockSize: IsLess<U256>,
    Le<C::BlockSize, U256>: NonZero,
{
    Algorithm {
        name,
        block: C::BlockSize::USIZE,
        core: size_of::<C>(),
        digest_size,
        init: init_variable::<C>,
        compress: compress::<C>,
        finish: finish_variable::<C>,
    }
}

unsafe fn init_fixed<C: Default>(core: *mut u8, _digest_size: usize) {
    ptr::write_unaligned(core as *mut C, C::default());
}

unsafe fn init_variable<C>(core: *mut u8, digest_size: usize)
where
    C: VariableOutputCore,
    C::BlockSize: IsLess<U256>,
    Le<C::BlockSize, U256>: NonZero,
{
    if let Ok(c) = C::new(digest_size) {
        ptr::write_unaligned(core as *mut C, c);
    }
}

unsafe fn compress<C: UpdateCore>(core: *mut u8, blocks: &[u8]) {
    let mut c = ptr::read_unaligned(core as *const C);
    // A block is a `GenericArray<u8, _>`: bytes, alignment 1.
    let n = blocks.len() / C::BlockSize::USIZE;
    c.update_blocks(core::slice::from_raw_parts(
        blocks.as_ptr() as *const Block<C>,
        n,
    ));
    ptr::write_unaligned(core as *mut C, c);
}

unsafe fn finish_fixed<C>(core: *const u8, pending: &[u8], _digest_size: usize) -> mp_obj_t
where
    C: FixedOutputCore + BufferKindUser<BufferKind = Eager>,
    C::BlockSize: IsLess<U256>,
    Le<C::BlockSize, U256>: NonZero,
{
    let mut c = ptr::read_unaligned(core as *const C);
    let mut out = Output::<C>::default();
    c.finalize_fixed_core(&mut Buffer::<C>::new(pending), &mut out);
    crate::objects::new_bytes(&out)
}

unsafe fn finish_variable<C>(core: *const u8, pending: &[u8], digest_size: usize) -> mp_obj_t
where
    C: VariableOutputCore + BufferKindUser<BufferKind = Eager>,
    C::BlockSize: IsLess<U256>,
    Le<C::BlockSize, U256>: NonZero,
{
    let mut c = ptr::read_unaligned(core as *const C);
    let mut out = Output::<C>::default();
    c.finalize_variable_core(&mut Buffer::<C>::new(pending), &mut out);
    crate::objects::new_bytes(&out[..digest_size])
}

type Core<W> = <W as CoreProxy>::Core;

/// In algorithm-index order.
static ALGORITHMS: [Algorithm; 6] = [
    fixed::<Core<md5::Md5>>(b"md5"),
    fixed::<Core<sha1::Sha1>>(b"sha1"),
    variable::<sha2::Sha256VarCore>(b"sha224", 28),
    variable::<sha2::Sha256VarCore>(b"sha256", 32),
    variable::<sha2::Sha512VarCore>(b"sha384", 48),
    variable::<sha2::Sha512VarCore>(b"sha512", 64),
];
const _: () = {
    let mut i = 0;
    while i < ALGORITHMS.len() {
        assert!(ALGORITHMS[i].core <= MAX_CORE && ALGORITHMS[i].block <= MAX_BLOCK);
        i += 1;
    }
};

/// The state's bytes, checked: a bytearray whose algorithm index, length and pending length
/// are consistent.
unsafe fn state_of(o: mp_obj_t) -> (*mut u8, usize, &'static Algorithm) {
    let mut info = ffi::mp_buffer_info_t {
        buf: ptr::null_mut(),
        len: 0,
        typecode: 0,
    };
    if ffi::is_type(o, &ffi::mp_type_bytearray)
        && ffi::mp_get_buffer(o, &mut info, ffi::MP_BUFFER_RW as _)
        && info.len >= HEADER
    {
        let p = info.buf as *mut u8;
        if let Some(a) = ALGORITHMS.get(*p as usize) {
            if info.len == HEADER + a.core && (*p.add(1) as usize) < a.block {
                return (p, info.len, a);
            }
        }
    }
    raise_msg(&ffi::mp_type_ValueError, "invalid hash state")
}

/// `new(name: str) -> bytearray`: the state of a fresh hasher (ValueError for an unknown
/// name, worded as CPython's).
unsafe extern "C" fn new(name: mp_obj_t) -> mp_obj_t {
    let text = crate::objects::bytes_of(name);
    let Some(index) = ALGORITHMS.iter().position(|a| a.name == text) else {
        let name = core::str::from_utf8(text).unwrap_or("");
        raise_msg(
            &ffi::mp_type_ValueError,
            format!("unsupported hash type {name}"),
        );
    };
    let a = &ALGORITHMS[index];
    let mut buf = [0u8; HEADER + MAX_CORE];
    buf[0] = index as u8;
    (a.init)(buf.as_mut_ptr().add(HEADER), a.digest_size);
    ffi::mp_obj_new_bytearray(HEADER + a.core, buf.as_ptr() as *const _)
}
py_fn!(NEW_OBJ, 1, new);

/// The bytes to hash: any buffer but a str (TypeError worded as CPython's).
unsafe fn data_of<'a>(o: mp_obj_t) -> &'a [u8] {
    if ffi::is_qstr(o) || ffi::is_type(o, &ffi::mp_type_str) {
        raise_msg(
            &ffi::mp_type_TypeError,
            "Strings must be encoded before hashing",
        );
    }
    let mut info = ffi::mp_buffer_info_t {
        buf: ptr::null_mut(),
        len: 0,
        typecode: 0,
    };
    if !ffi::mp_get_buffer(o, &mut info, ffi::MP_BUFFER_READ as _) {
        raise_msg(
            &ffi::mp_type_TypeError,
            "object supporting the buffer API required",
        );
    }
    core::slice::from_raw_parts(info.buf as *const u8, info.len)
}

/// `update(state, data)`
unsafe extern "C" fn update(state: mp_obj_t, data: mp_obj_t) -> mp_obj_t {
    let (p, len, a) = state_of(state);
    let mut data = data_of(data);
    if data.as_ptr() < p.add(len) as *const u8 && p as *const u8 <= data.as_ptr().add(data.len()) {
        // Hashing the state itself: hash a copy, as the state changes under way.
        data = crate::objects::bytes_of(crate::objects::new_bytes(data));
    }
    let (pending, core) = (p.add(2), p.add(HEADER));
    let mut used = *p.add(1) as usize;
    if used > 0 {
        let take = (a.block - used).min(data.len());
        ptr::copy_nonoverlapping(data.as_ptr(), pending.add(used), take);
        used += take;
        data = &data[take..];
        if used == a.block {
            (a.compress)(core, core::slice::from_raw_parts(pending, a.block));
            used = 0;
        }
    }
    if !data.is_empty() {
        let whole = data.len() - data.len() % a.block;
        if whole > 0 {
            (a.compress)(core, &data[..whole]);
        }
        let rest = &data[whole..];
        ptr::copy_nonoverlapping(rest.as_ptr(), pending, rest.len());
        used = rest.len();
    }
    *p.add(1) = used as u8;
    ffi::NONE
}
py_fn!(UPDATE_OBJ, 2, update);

/// `digest(state) -> bytes`: the digest of what was hashed so far (the state is unchanged).
unsafe extern "C" fn digest(state: mp_obj_t) -> mp_obj_t {
    let (p, _, a) = state_of(state);
    let pending = core::slice::from_raw_parts(p.add(2), *p.add(1) as usize);
    (a.finish)(p.add(HEADER), pending, a.digest_size)
}
py_fn!(DIGEST_OBJ, 1, digest);
