// `list[int]`, `dict[str, int]` and `int | None`: annotations plug-in code writes, which
// MicroPython's `type` does not support (build.rs patches these two slots into `type`).
// - Subscripting a class calls its `__class_getitem__` if it has one; otherwise it gives
//   the class itself, which is all an annotation needs at run time.
// - `|` between classes and None gives a `UnionType` with `__args__`, as in CPython.
#include "py/runtime.h"
#include "py/objtuple.h"
#include "upy.h"

typedef struct {
    mp_obj_base_t base;
    mp_obj_t args; // a tuple of classes
} upy_union_t;


static bool is_union_part(mp_obj_t o) {
    return o == mp_const_none || mp_obj_is_type(o, &mp_type_type) || mp_obj_is_type(o, &upy_type_union);
}

static void add_part(mp_obj_t list, mp_obj_t part) {
    if (mp_obj_is_type(part, &upy_type_union)) {
        size_t len;
        mp_obj_t *items;
        mp_obj_tuple_get(((upy_union_t *)MP_OBJ_TO_PTR(part))->args, &len, &items);
        for (size_t i = 0; i < len; i++) {
            add_part(list, items[i]);
        }
        return;
    }
    if (part == mp_const_none) {
        part = MP_OBJ_FROM_PTR(&mp_type_NoneType);
    }
    size_t len;
    mp_obj_t *items;
    mp_obj_list_get(list, &len, &items);
    for (size_t i = 0; i < len; i++) {
        if (items[i] == part) {
            return;
        }
    }
    mp_obj_list_append(list, part);
}

static mp_obj_t make_union(mp_obj_t first, mp_obj_t second) {
    mp_obj_t parts = mp_obj_new_list(0, NULL);
    add_part(parts, first);
    add_part(parts, second);
    size_t len;
    mp_obj_t *items;
    mp_obj_list_get(parts, &len, &items);
    upy_union_t *u = mp_obj_malloc(upy_union_t, &upy_type_union);
    u->args = mp_obj_new_tuple(len, items);
    return MP_OBJ_FROM_PTR(u);
}

// `a | b` where `a` (this side) is a class or a union; reflected ops come with the operands
// swapped back by the runtime, so the order is kept.
static mp_obj_t union_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    if (!is_union_part(rhs)) {
        return MP_OBJ_NULL;
    }
    if (op == MP_BINARY_OP_OR) {
        return make_union(lhs, rhs);
    }
    #if MICROPY_PY_REVERSE_SPECIAL_METHODS
    if (op == MP_BINARY_OP_REVERSE_OR) {
        return make_union(rhs, lhs);
    }
    #endif
    return MP_OBJ_NULL;
}

mp_obj_t upy_type_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    return union_op(op, lhs, rhs);
}

mp_obj_t upy_type_subscr(mp_obj_t self_in, mp_obj_t index, mp_obj_t value) {
    if (value != MP_OBJ_SENTINEL) {
        return MP_OBJ_NULL; // no item assignment or deletion on classes
    }
    mp_obj_t method[3];
    mp_load_method_maybe(self_in, MP_QSTR___class_getitem__, method);
    if (method[0] != MP_OBJ_NULL) {
        method[2] = index;
        return mp_call_method_n_kw(1, 0, method);
    }
    return self_in;
}

static mp_obj_t union_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    if (op == MP_BINARY_OP_EQUAL) {
        return mp_obj_new_bool(mp_obj_is_type(rhs, &upy_type_union)
            && mp_obj_equal(((upy_union_t *)MP_OBJ_TO_PTR(lhs))->args, ((upy_union_t *)MP_OBJ_TO_PTR(rhs))->args));
    }
    return union_op(op, lhs, rhs);
}

static void union_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    size_t len;
    mp_obj_t *items;
    mp_obj_tuple_get(((upy_union_t *)MP_OBJ_TO_PTR(self_in))->args, &len, &items);
    for (size_t i = 0; i < len; i++) {
        if (i > 0) {
            mp_print_str(print, " | ");
        }
        if (items[i] == MP_OBJ_FROM_PTR(&mp_type_NoneType)) {
            mp_print_str(print, "None");
        } else {
            mp_printf(print, "%q", ((mp_obj_type_t *)MP_OBJ_TO_PTR(items[i]))->name);
        }
    }
}

static void union_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    if (dest[0] == MP_OBJ_NULL && attr == MP_QSTR___args__) {
        dest[0] = ((upy_union_t *)MP_OBJ_TO_PTR(self_in))->args;
    }
}

MP_DEFINE_CONST_OBJ_TYPE(
    upy_type_union,
    MP_QSTR_UnionType,
    MP_TYPE_FLAG_NONE,
    print, union_print,
    binary_op, union_binary_op,
    attr, union_attr
    );
