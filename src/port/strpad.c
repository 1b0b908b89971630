// str, bytes and bytearray methods MicroPython lacks or cuts short, as CPython has them:
// ljust, rjust and zfill, and center with a fill character. patches/0025 puts them in the
// str/bytes/bytearray method table (objstr.c). Widths count characters of a str, bytes of
// bytes; a bytearray gets a new bytearray back.
#include <string.h>
#include "py/runtime.h"
#include "py/objstr.h"
#include "upy.h"

enum { PAD_RIGHT, PAD_LEFT, PAD_BOTH };

// The result, of self's type: a str, bytes, or (a copy, even when unchanged) a bytearray.
static mp_obj_t result_like(mp_obj_t self, bool is_str, vstr_t *out) {
    if (is_str) {
        return mp_obj_new_str_from_vstr(out);
    }
    if (mp_obj_is_type(self, &mp_type_bytearray)) {
        mp_obj_t copy = mp_obj_new_bytearray(out->len, out->buf);
        vstr_clear(out);
        return copy;
    }
    return mp_obj_new_bytes_from_vstr(out);
}

// Self unchanged: the object itself, or a copy of a bytearray (a mutable result is new).
static mp_obj_t unchanged(mp_obj_t self, const byte *data, size_t len) {
    if (mp_obj_is_type(self, &mp_type_bytearray)) {
        return mp_obj_new_bytearray(len, data);
    }
    return self;
}

static mp_obj_t pad(size_t n_args, const mp_obj_t *args, int where) {
    mp_obj_t self = args[0];
    bool is_str = mp_obj_is_str(self);
    GET_STR_DATA_LEN(self, data, len);
    mp_int_t width = mp_obj_get_int(args[1]);
    const byte *fill = (const byte *)" ";
    size_t fill_len = 1;
    if (n_args > 2) {
        if (mp_obj_is_str(args[2]) != is_str) {
            mp_raise_TypeError(is_str
                ? MP_ERROR_TEXT("The fill character must be a unicode character, not bytes")
                : MP_ERROR_TEXT("argument 2 must be a byte string of length 1"));
        }
        GET_STR_DATA_LEN(args[2], f, f_len);
        if ((is_str ? utf8_charlen(f, f_len) : f_len) != 1) {
            mp_raise_TypeError(MP_ERROR_TEXT("The fill character must be exactly one character long"));
        }
        fill = f;
        fill_len = f_len;
    }
    size_t chars = is_str ? utf8_charlen(data, len) : len;
    if (width <= (mp_int_t)chars) {
        return unchanged(self, data, len);
    }
    size_t margin = width - chars;
    // CPython's centring: the odd character goes left when the width is odd.
    size_t left = where == PAD_LEFT ? margin
        : where == PAD_BOTH ? margin / 2 + (margin & width & 1) : 0;
    vstr_t out;
    vstr_init(&out, len + margin * fill_len);
    for (size_t i = 0; i < left; i++) {
        vstr_add_strn(&out, (const char *)fill, fill_len);
    }
    vstr_add_strn(&out, (const char *)data, len);
    for (size_t i = left; i < margin; i++) {
        vstr_add_strn(&out, (const char *)fill, fill_len);
    }
    return result_like(self, is_str, &out);
}

static mp_obj_t upy_str_ljust(size_t n_args, const mp_obj_t *args) {
    return pad(n_args, args, PAD_RIGHT);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(upy_str_ljust_obj, 2, 3, upy_str_ljust);

static mp_obj_t upy_str_rjust(size_t n_args, const mp_obj_t *args) {
    return pad(n_args, args, PAD_LEFT);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(upy_str_rjust_obj, 2, 3, upy_str_rjust);

static mp_obj_t upy_str_center(size_t n_args, const mp_obj_t *args) {
    return pad(n_args, args, PAD_BOTH);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(upy_str_center_obj, 2, 3, upy_str_center);

// zfill(width): zeros on the left, after a leading sign.
static mp_obj_t upy_str_zfill(mp_obj_t self, mp_obj_t width_in) {
    bool is_str = mp_obj_is_str(self);
    GET_STR_DATA_LEN(self, data, len);
    mp_int_t width = mp_obj_get_int(width_in);
    size_t chars = is_str ? utf8_charlen(data, len) : len;
    if (width <= (mp_int_t)chars) {
        return unchanged(self, data, len);
    }
    size_t sign = len > 0 && (data[0] == '+' || data[0] == '-');
    vstr_t out;
    vstr_init(&out, len + width - chars);
    vstr_add_strn(&out, (const char *)data, sign);
    for (size_t i = chars; i < (size_t)width; i++) {
        vstr_add_byte(&out, '0');
    }
    vstr_add_strn(&out, (const char *)data + sign, len - sign);
    return result_like(self, is_str, &out);
}
MP_DEFINE_CONST_FUN_OBJ_2(upy_str_zfill_obj, upy_str_zfill);
