//! Annotations where CPython keeps them: a class's `__annotations__` (dataclasses read field
//! order from it) and `f.__annotations__` of module-level functions (extism.import_fn and
//! shared_fn read types from it). The compiler patch (compile_annotations.inc) emits the calls.
//!
//! `unsafe` here: these functions are C's to call (src/port/upy.h declares them), with
//! pointers C owns and objects alive for the call, and they use MicroPython's C API.

use super::Rom;
use crate::ffi::{self, mp_obj_t, NONE};

/// `dict[key]`, or None if absent.
unsafe fn lookup(dict: mp_obj_t, key: mp_obj_t) -> Option<mp_obj_t> {
    let map = &raw mut (*(dict as *mut ffi::mp_obj_dict_t)).map;
    let elem = ffi::mp_map_lookup(map, key, ffi::MP_MAP_LOOKUP);
    (!elem.is_null()).then(|| (*elem).value)
}

/// `upy_annotate_class(name, annotation)`, called from a class body: records the annotation
/// in the body's `__annotations__`, made on first use.
unsafe extern "C" fn annotate_class(name: mp_obj_t, annotation: mp_obj_t) -> mp_obj_t {
    let locals = ffi::mp_state_ctx.thread.dict_locals as mp_obj_t;
    let key = ffi::qstr_obj(ffi::MP_QSTR___annotations__);
    let annotations = lookup(locals, key).unwrap_or_else(|| {
        let dict = ffi::mp_obj_new_dict(0);
        ffi::mp_obj_dict_store(locals, key, dict);
        dict
    });
    ffi::mp_obj_subscr(annotations, name, annotation);
    NONE
}

#[no_mangle]
pub static upy_annotate_class_obj: Rom<ffi::mp_obj_fun_builtin_fixed_t> =
    Rom(ffi::mp_obj_fun_builtin_fixed_t {
        base: ffi::mp_obj_base_t {
            type_: &raw const ffi::mp_type_fun_builtin_2,
        },
        fun: ffi::_mp_obj_fun_builtin_fixed_t__bindgen_ty_1 {
            _2: Some(annotate_class),
        },
    });

/// `upy_annotate_fn(f, name, annotation, ...)`: remembers `f`'s annotations.
unsafe extern "C" fn annotate_fn(n_args: usize, args: *const mp_obj_t) -> mp_obj_t {
    let args = core::slice::from_raw_parts(args, n_args);
    let annotations = ffi::mp_obj_new_dict(0);
    for pair in args[1..].chunks_exact(2) {
        ffi::mp_obj_subscr(annotations, pair[0], pair[1]);
    }
    let registry = &raw mut ffi::mp_state_ctx.vm.upy_fn_annotations;
    if (*registry).is_null() {
        *registry = ffi::mp_obj_new_dict(0);
    }
    ffi::mp_obj_dict_store(
        *registry,
        ffi::upy_fun_annotations_key(args[0]),
        annotations,
    );
    NONE
}

#[no_mangle]
pub static upy_annotate_fn_obj: Rom<ffi::mp_obj_fun_builtin_var_t> =
    Rom(ffi::mp_obj_fun_builtin_var_t {
        base: ffi::mp_obj_base_t {
            type_: &raw const ffi::mp_type_fun_builtin_var,
        },
        sig: ffi::fun_sig(1, u16::MAX as u32, false),
        fun: ffi::_mp_obj_fun_builtin_var_t__bindgen_ty_1 {
            var: Some(annotate_fn),
        },
    });

/// `f.__annotations__`: what `f`'s def recorded, or a new empty dict.
#[no_mangle]
unsafe extern "C" fn upy_fn_annotations(fun: mp_obj_t) -> mp_obj_t {
    let registry = ffi::mp_state_ctx.vm.upy_fn_annotations;
    (!registry.is_null())
        .then(|| lookup(registry, ffi::upy_fun_annotations_key(fun)))
        .flatten()
        .unwrap_or_else(|| ffi::mp_obj_new_dict(0))
}
