// Builtins MicroPython lacks, added to `builtins` by MICROPY_PORT_EXTRA_BUILTINS
// (mpconfigport.h).
#include "py/runtime.h"

// vars([object]): the object's __dict__ (for an instance, MicroPython's read-only copy), or
// locals() without an argument.
static mp_obj_t upy_builtin_vars(size_t n_args, const mp_obj_t *args) {
    if (n_args == 0) {
        return MP_OBJ_FROM_PTR(mp_locals_get());
    }
    mp_obj_t dest[2];
    mp_load_method_maybe(args[0], MP_QSTR___dict__, dest);
    if (dest[0] == MP_OBJ_NULL) {
        mp_raise_TypeError(MP_ERROR_TEXT("vars() argument must have __dict__ attribute"));
    }
    return dest[0];
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(upy_builtin_vars_obj, 0, 1, upy_builtin_vars);

// format(value[, spec]): what "{:spec}".format(value) gives.
static mp_obj_t upy_builtin_format(size_t n_args, const mp_obj_t *args) {
    vstr_t template;
    vstr_init(&template, 8);
    vstr_add_str(&template, "{:");
    if (n_args > 1) {
        size_t len;
        const char *spec = mp_obj_str_get_data(args[1], &len);
        vstr_add_strn(&template, spec, len);
    }
    vstr_add_byte(&template, '}');
    mp_obj_t call[3];
    mp_load_method(mp_obj_new_str_from_vstr(&template), MP_QSTR_format, call);
    call[2] = args[0];
    return mp_call_method_n_kw(1, 0, call);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(upy_builtin_format_obj, 1, 2, upy_builtin_format);
