// The runtime half of the match statement (PEP 634; patches/0038 compiles it). The compiled code
// builds each case's pattern as nested tuples tagged with UPY_PATTERN_* (upy.h), and calls
// upy_match(subject, pattern, n_names): a tuple of the n names' values if the pattern matches,
// else None. A name's slot is a small int in the pattern, the wildcard `_` is None.
#include "py/runtime.h"
#include "py/objtuple.h"
#include "py/objarray.h"
#include "py/objstr.h"
#include "py/objtype.h"
#include "upy.h"

static bool upy_match_pattern(mp_obj_t subject, mp_obj_t pattern, mp_obj_t *names);

static bool upy_has_attr(mp_obj_t obj, qstr attr) {
    mp_obj_t dest[2];
    mp_load_method_maybe(obj, attr, dest);
    return dest[0] != MP_OBJ_NULL;
}

static bool upy_is_instance(mp_obj_t obj, const mp_obj_type_t *type) {
    return mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(mp_obj_get_type(obj)), MP_OBJ_FROM_PTR(type));
}

// CPython asks collections.abc.Sequence: here the builtin sequences and their subclasses, and
// a class of ours with __len__ and __getitem__ that is no mapping; never str, bytes, bytearray.
static bool upy_is_sequence(mp_obj_t obj) {
    if (mp_obj_is_str_or_bytes(obj) || upy_is_instance(obj, &mp_type_str) || upy_is_instance(obj, &mp_type_bytes)
        || upy_is_instance(obj, &mp_type_bytearray) || upy_is_instance(obj, &mp_type_dict)) {
        return false;
    }
    if (upy_is_instance(obj, &mp_type_list) || upy_is_instance(obj, &mp_type_tuple)
        || mp_obj_is_type(obj, &mp_type_range) || mp_obj_is_type(obj, &mp_type_memoryview)
        || mp_obj_is_type(obj, &mp_type_array)) {
        return true;
    }
    return mp_obj_is_instance_type(mp_obj_get_type(obj))
           && upy_has_attr(obj, MP_QSTR___len__) && upy_has_attr(obj, MP_QSTR___getitem__)
           && !upy_has_attr(obj, MP_QSTR_keys);
}

// CPython asks collections.abc.Mapping: here dicts and a class of ours with keys, get and
// __getitem__.
static bool upy_is_mapping(mp_obj_t obj) {
    if (upy_is_instance(obj, &mp_type_dict)) {
        return true;
    }
    return mp_obj_is_instance_type(mp_obj_get_type(obj))
           && upy_has_attr(obj, MP_QSTR_keys) && upy_has_attr(obj, MP_QSTR_get)
           && upy_has_attr(obj, MP_QSTR___getitem__);
}

static mp_obj_t *upy_pattern_items(mp_obj_t pattern, size_t *len) {
    mp_obj_tuple_t *tuple = MP_OBJ_TO_PTR(pattern);
    *len = tuple->len;
    return tuple->items;
}

// (SEQUENCE, star index or -1, sub-patterns...); the star's sub-pattern is a slot or None.
static bool upy_match_sequence(mp_obj_t subject, const mp_obj_t *items, size_t n_items, mp_obj_t *names) {
    if (!upy_is_sequence(subject)) {
        return false;
    }
    mp_int_t star = MP_OBJ_SMALL_INT_VALUE(items[1]);
    size_t n = n_items - 2;
    size_t len = mp_obj_get_int(mp_obj_len(subject));
    if (star < 0 ? len != n : len < n - 1) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        mp_obj_t pattern = items[2 + i];
        if ((mp_int_t)i == star) {
            if (pattern != mp_const_none) {
                size_t stop = len - (n - 1 - i);
                mp_obj_t rest = mp_obj_new_list(0, NULL);
                for (size_t k = i; k < stop; k++) {
                    mp_obj_list_append(rest, mp_obj_subscr(subject, MP_OBJ_NEW_SMALL_INT(k), MP_OBJ_SENTINEL));
                }
                names[MP_OBJ_SMALL_INT_VALUE(pattern)] = rest;
            }
            continue;
        }
        size_t index = star < 0 || (mp_int_t)i < star ? i : len - (n - i);
        mp_obj_t item = mp_obj_subscr(subject, MP_OBJ_NEW_SMALL_INT(index), MP_OBJ_SENTINEL);
        if (!upy_match_pattern(item, pattern, names)) {
            return false;
        }
    }
    return true;
}

// (MAPPING, keys, rest slot or None, value sub-patterns...): keys are looked up with get().
static bool upy_match_mapping(mp_obj_t subject, const mp_obj_t *items, size_t n_items, mp_obj_t *names) {
    if (!upy_is_mapping(subject)) {
        return false;
    }
    size_t n_keys;
    mp_obj_t *keys = upy_pattern_items(items[1], &n_keys);
    mp_obj_t get[4];
    mp_load_method(subject, MP_QSTR_get, get);
    mp_obj_t missing = MP_OBJ_FROM_PTR(&upy_match_obj); // a value no mapping holds
    for (size_t i = 0; i < n_keys && 3 + i < n_items; i++) {
        get[2] = keys[i];
        get[3] = missing;
        mp_obj_t value = mp_call_method_n_kw(2, 0, get);
        if (value == missing || !upy_match_pattern(value, items[3 + i], names)) {
            return false;
        }
    }
    if (items[2] != mp_const_none) {
        mp_obj_t rest = mp_call_function_1(MP_OBJ_FROM_PTR(&mp_type_dict), subject);
        for (size_t i = 0; i < n_keys; i++) {
            mp_obj_dict_delete(rest, keys[i]);
        }
        names[MP_OBJ_SMALL_INT_VALUE(items[2])] = rest;
    }
    return true;
}

// obj.attr, or NULL if it has none (an AttributeError is a failed match, as in CPython).
static mp_obj_t upy_attr_or_null(mp_obj_t obj, qstr attr) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t value = mp_load_attr(obj, attr);
        nlr_pop();
        return value;
    }
    if (!mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(((mp_obj_base_t *)nlr.ret_val)->type), MP_OBJ_FROM_PTR(&mp_type_AttributeError))) {
        nlr_jump(nlr.ret_val);
    }
    return MP_OBJ_NULL;
}

// The builtins whose one positional sub-pattern matches the subject itself.
static bool upy_matches_self(mp_obj_t cls) {
    static const mp_obj_type_t *const types[] = {
        &mp_type_bool, &mp_type_bytearray, &mp_type_bytes, &mp_type_dict, &mp_type_float,
        &mp_type_frozenset, &mp_type_int, &mp_type_list, &mp_type_set, &mp_type_str, &mp_type_tuple,
    };
    for (size_t i = 0; i < MP_ARRAY_SIZE(types); i++) {
        if (cls == MP_OBJ_FROM_PTR(types[i])) {
            return true;
        }
    }
    return false;
}

// (CLASS, cls, n positional, keyword names, sub-patterns: positional then keyword).
static bool upy_match_class(mp_obj_t subject, const mp_obj_t *items, size_t n_items, mp_obj_t *names) {
    mp_obj_t cls = items[1];
    if (!mp_obj_is_type(cls, &mp_type_type)) {
        mp_raise_TypeError(MP_ERROR_TEXT("called match pattern must be a type"));
    }
    if (!mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(mp_obj_get_type(subject)), cls)) {
        return false;
    }
    size_t n_pos = MP_OBJ_SMALL_INT_VALUE(items[2]);
    size_t n_kw;
    mp_obj_t *kw_names = upy_pattern_items(items[3], &n_kw);
    const mp_obj_t *subs = items + 4;
    qstr cls_name = ((mp_obj_type_t *)MP_OBJ_TO_PTR(cls))->name;
    size_t first_attr = 0;
    mp_obj_t *match_args = NULL;
    if (n_pos > 0 && upy_matches_self(cls)) {
        if (n_pos > 1) {
            mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT("%q() accepts 1 positional sub-pattern (%d given)"), cls_name, (int)n_pos);
        }
        if (!upy_match_pattern(subject, subs[0], names)) {
            return false;
        }
        first_attr = 1;
    } else if (n_pos > 0) {
        mp_obj_t args = upy_attr_or_null(cls, MP_QSTR___match_args__);
        size_t n_args = 0;
        if (args != MP_OBJ_NULL) {
            if (!mp_obj_is_type(args, &mp_type_tuple)) {
                mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT("%q.__match_args__ must be a tuple (got %s)"), cls_name, mp_obj_get_type_str(args));
            }
            match_args = upy_pattern_items(args, &n_args);
        }
        if (n_args < n_pos) {
            mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT("%q() accepts %d positional sub-pattern%s (%d given)"),
                cls_name, (int)n_args, n_args == 1 ? "" : "s", (int)n_pos);
        }
    }
    for (size_t i = first_attr; i < n_pos + n_kw && 4 + i < n_items; i++) {
        mp_obj_t name = i < n_pos ? match_args[i] : kw_names[i - n_pos];
        if (!mp_obj_is_str(name)) {
            mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT("__match_args__ elements must be strings (got %s)"), mp_obj_get_type_str(name));
        }
        mp_obj_t value = upy_attr_or_null(subject, mp_obj_str_get_qstr(name));
        if (value == MP_OBJ_NULL || !upy_match_pattern(value, subs[i], names)) {
            return false;
        }
    }
    return true;
}

static bool upy_match_pattern(mp_obj_t subject, mp_obj_t pattern, mp_obj_t *names) {
    if (pattern == mp_const_none) {
        return true; // `_`
    }
    if (mp_obj_is_small_int(pattern)) {
        names[MP_OBJ_SMALL_INT_VALUE(pattern)] = subject; // a capture
        return true;
    }
    size_t n;
    mp_obj_t *items = upy_pattern_items(pattern, &n);
    switch (MP_OBJ_SMALL_INT_VALUE(items[0])) {
        case UPY_PATTERN_EQUAL:
            return mp_obj_equal(subject, items[1]);
        case UPY_PATTERN_IDENTICAL:
            return subject == items[1];
        case UPY_PATTERN_SEQUENCE:
            return upy_match_sequence(subject, items, n, names);
        case UPY_PATTERN_MAPPING:
            return upy_match_mapping(subject, items, n, names);
        case UPY_PATTERN_CLASS:
            return upy_match_class(subject, items, n, names);
        case UPY_PATTERN_OR:
            for (size_t i = 1; i < n; i++) {
                if (upy_match_pattern(subject, items[i], names)) {
                    return true;
                }
            }
            return false;
        default: // UPY_PATTERN_AS
            if (!upy_match_pattern(subject, items[1], names)) {
                return false;
            }
            names[MP_OBJ_SMALL_INT_VALUE(items[2])] = subject;
            return true;
    }
}

static mp_obj_t upy_match(mp_obj_t subject, mp_obj_t pattern, mp_obj_t n_names) {
    mp_obj_tuple_t *names = MP_OBJ_TO_PTR(mp_obj_new_tuple(MP_OBJ_SMALL_INT_VALUE(n_names), NULL));
    for (size_t i = 0; i < names->len; i++) {
        names->items[i] = mp_const_none;
    }
    return upy_match_pattern(subject, pattern, names->items) ? MP_OBJ_FROM_PTR(names) : mp_const_none;
}
MP_DEFINE_CONST_FUN_OBJ_3(upy_match_obj, upy_match);
