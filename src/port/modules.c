// Registers the native modules written in Rust (src/modules/), and the port's root pointer.
// MicroPython finds MP_REGISTER_MODULE / MP_REGISTER_ROOT_POINTER by scanning C sources
// (see build.rs), so these lines must be C; the module objects themselves are Rust statics.
#include "py/obj.h"
#include "py/objexcept.h"
#include "upy.h"

MP_REGISTER_MODULE(MP_QSTR__extism_pdk, upy_module_extism_pdk);

MP_REGISTER_MODULE(MP_QSTR_json, upy_module_json);

MP_REGISTER_MODULE(MP_QSTR__re, upy_module__re);
// The last str subject re matched, kept alive while its positions are cached (src/modules/re).
MP_REGISTER_ROOT_POINTER(mp_obj_t upy_re_subject);

// The plug-in's exported functions, in export-index order (a list), kept alive for the GC.
MP_REGISTER_ROOT_POINTER(mp_obj_t upy_exports);

MP_REGISTER_MODULE(MP_QSTR__upy, upy_module_upy);

MP_REGISTER_MODULE(MP_QSTR__clock, upy_module_clock);

MP_REGISTER_MODULE(MP_QSTR__entropy, upy_module_entropy);

// Annotations of module-level functions, by function (see src/port/annotations.rs).
MP_REGISTER_ROOT_POINTER(mp_obj_t upy_fn_annotations);

// Exports registered by the plug-in's decorators: (name, function, n_params) tuples.
MP_REGISTER_ROOT_POINTER(mp_obj_t upy_plugin_fns);

#include "py/bc.h"
#include "py/objfun.h"
#include "py/objtuple.h"

// The names of a Python function's positional parameters, as a tuple (extism.import_fn and
// shared_fn size a host function or export by them), read from its bytecode's prelude.
mp_obj_t upy_fun_param_names(mp_obj_t fun) {
    const mp_obj_fun_bc_t *self = MP_OBJ_TO_PTR(fun);
    const byte *ip = self->bytecode;
    MP_BC_PRELUDE_SIG_DECODE(ip);
    MP_BC_PRELUDE_SIZE_DECODE(ip);
    const byte *names = mp_decode_uint_skip(ip); // skip the function's own name
    mp_obj_tuple_t *tuple = MP_OBJ_TO_PTR(mp_obj_new_tuple(n_pos_args, NULL));
    for (size_t i = 0; i < n_pos_args; i++) {
        qstr name = mp_decode_uint(&names);
        #if MICROPY_EMIT_BYTECODE_USES_QSTR_TABLE
        name = self->context->constants.qstr_table[name];
        #endif
        tuple->items[i] = MP_OBJ_NEW_QSTR(name);
    }
    return MP_OBJ_FROM_PTR(tuple);
}

// The key under which the annotations of function `fun` are kept: its code, which every function
// object its def makes shares, so the registry keeps no closure alive however often the def runs.
extern const mp_obj_type_t mp_type_closure;
mp_obj_t upy_fun_annotations_key(mp_obj_t fun) {
    if (mp_obj_is_type(fun, &mp_type_closure)) {
        // objclosure.c's mp_obj_closure_t: base, then the function
        fun = ((const mp_obj_t *)MP_OBJ_TO_PTR(fun))[1];
    }
    if (!mp_obj_is_type(fun, &mp_type_fun_bc) && !mp_obj_is_type(fun, &mp_type_gen_wrap)) {
        return fun;
    }
    const mp_obj_fun_bc_t *self = MP_OBJ_TO_PTR(fun);
    return MP_OBJ_NEW_SMALL_INT((uintptr_t)self->bytecode >> 2); // heap blocks: aligned, so it fits
}

MP_REGISTER_MODULE(MP_QSTR__hashlib, upy_module_hashlib);

MP_REGISTER_MODULE(MP_QSTR__random, upy_module_random);

// binascii's exception types, here for MicroPython's type-definition macro (the module itself
// is in src/modules/binascii.rs).
MP_DEFINE_CONST_OBJ_TYPE(upy_type_binascii_Error, MP_QSTR_Error, MP_TYPE_FLAG_NONE,
    make_new, mp_obj_exception_make_new, print, mp_obj_exception_print,
    attr, mp_obj_exception_attr, parent, &mp_type_ValueError);
MP_DEFINE_CONST_OBJ_TYPE(upy_type_binascii_Incomplete, MP_QSTR_Incomplete, MP_TYPE_FLAG_NONE,
    make_new, mp_obj_exception_make_new, print, mp_obj_exception_print,
    attr, mp_obj_exception_attr, parent, &mp_type_Exception);

MP_REGISTER_MODULE(MP_QSTR_binascii, upy_module_binascii);
