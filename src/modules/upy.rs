//! `_upy`: introspection of the runtime itself, for tests and diagnostics.
//!
//! `unsafe` here: each builtin is called by MicroPython with live objects, as many as its
//! function object declares, and works on them through MicroPython's C API, which is C
//! and so `unsafe` to call; data borrowed from an object is used before anything that
//! could collect it.

use crate::ffi::{self, mp_obj_t};
use crate::objects::{py_fn, py_module};

py_module!(upy_module_upy, MP_QSTR__upy, [
    MP_QSTR_heap_size => &HEAP_SIZE_OBJ,
    MP_QSTR_stack_usage => &STACK_USAGE_OBJ,
    MP_QSTR_gc_torture => &GC_TORTURE_OBJ,
    MP_QSTR_memory_size => &MEMORY_SIZE_OBJ,
    MP_QSTR_collections => &COLLECTIONS_OBJ,
]);

/// `gc_torture(on: bool)`: collect at every safe point (slow; for tests).
unsafe extern "C" fn gc_torture(on: mp_obj_t) -> mp_obj_t {
    crate::port::heap::set_torture(ffi::mp_obj_is_true(on));
    ffi::NONE
}
py_fn!(GC_TORTURE_OBJ, 1, gc_torture);

/// `stack_usage() -> int`: bytes of the shadow stack in use below the current call's entry
/// (what MICROPY_STACK_CHECK compares with its limit).
unsafe extern "C" fn stack_usage() -> mp_obj_t {
    ffi::mp_obj_new_int_from_uint(ffi::mp_cstack_usage())
}
py_fn!(STACK_USAGE_OBJ, 0, stack_usage);

/// `heap_size() -> int`: bytes in all GC heap areas (what `gc.mem_alloc()` counts from,
/// without the room left to grow).
unsafe extern "C" fn heap_size() -> mp_obj_t {
    ffi::mp_obj_new_int_from_uint(crate::port::heap::heap_bytes())
}
py_fn!(HEAP_SIZE_OBJ, 0, heap_size);

/// `memory_size() -> int`: bytes of the plug-in's linear memory (it only grows).
unsafe extern "C" fn memory_size() -> mp_obj_t {
    #[cfg(target_arch = "wasm32")]
    let bytes = core::arch::wasm32::memory_size(0) * 65536;
    // Natively (the fuzz targets) there is no linear memory; the heap areas stand for it.
    #[cfg(not(target_arch = "wasm32"))]
    let bytes = crate::port::heap::heap_bytes();
    ffi::mp_obj_new_int_from_uint(bytes)
}
py_fn!(MEMORY_SIZE_OBJ, 0, memory_size);

/// `collections() -> int`: collections run since the instance started (the bench reports
/// them next to the heap's size).
unsafe extern "C" fn collections() -> mp_obj_t {
    ffi::mp_obj_new_int_from_uint(crate::port::heap::collections())
}
py_fn!(COLLECTIONS_OBJ, 0, collections);
