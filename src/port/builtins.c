// Builtins MicroPython lacks, added to `builtins` by MICROPY_PORT_EXTRA_BUILTINS
// (mpconfigport.h).
#include "py/runtime.h"
#include "upy.h"

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

// ascii(object): repr(object) with every non-ASCII character escaped (\xhh, \uhhhh,
// \Uhhhhhhhh), as CPython's.
static mp_obj_t upy_builtin_ascii(mp_obj_t obj) {
    vstr_t repr;
    mp_print_t print;
    vstr_init_print(&repr, 16, &print);
    mp_obj_print_helper(&print, obj, PRINT_REPR);
    vstr_t out;
    mp_print_t out_print;
    vstr_init_print(&out, repr.len, &out_print);
    const byte *s = (const byte *)repr.buf, *top = s + repr.len;
    while (s < top) {
        unichar ch = utf8_get_char(s);
        s = utf8_next_char(s);
        if (ch < 0x80) {
            vstr_add_byte(&out, ch);
        } else if (ch < 0x100) {
            mp_printf(&out_print, "\\x%02x", (unsigned)ch);
        } else if (ch < 0x10000) {
            mp_printf(&out_print, "\\u%04x", (unsigned)ch);
        } else {
            mp_printf(&out_print, "\\U%08x", (unsigned)ch);
        }
    }
    vstr_clear(&repr);
    return mp_obj_new_str_from_vstr(&out);
}
MP_DEFINE_CONST_FUN_OBJ_1(upy_builtin_ascii_obj, upy_builtin_ascii);

// slice(stop), slice(start, stop[, step]): MicroPython makes slices only from `a[i:j:k]`
// (patches/0034 gives the type this constructor).
mp_obj_t upy_slice_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    (void)type;
    mp_arg_check_num(n_args, n_kw, 1, 3, false);
    if (n_args == 1) {
        return mp_obj_new_slice(mp_const_none, args[0], mp_const_none);
    }
    return mp_obj_new_slice(args[0], args[1], n_args == 3 ? args[2] : mp_const_none);
}

// open(): a plug-in has no file system. MicroPython's builtins table names this object
// whenever `io` is enabled (we keep io for StringIO and BytesIO), and leaves it to the port.
static mp_obj_t upy_builtin_open(size_t n_args, const mp_obj_t *args, mp_map_t *kw_args) {
    (void)n_args;
    (void)args;
    (void)kw_args;
    mp_raise_msg(&mp_type_OSError, MP_ERROR_TEXT("open() is not available: an Extism plug-in has no file system"));
}
MP_DEFINE_CONST_FUN_OBJ_KW(mp_builtin_open_obj, 0, upy_builtin_open);
