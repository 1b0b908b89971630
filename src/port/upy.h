// Everything our C and our Rust share, in either direction: the functions and objects one
// side defines and the other uses, and the constants Rust builds its view of MicroPython's
// object representation from. The port's C, MicroPython's patched files (patches/) and
// bindgen (api.h, for src/ffi) all read this one file. Where C calls a function Rust
// defines, the linker checks that the two signatures agree (--fatal-warnings, build/main.rs).
//
// mpconfigport.h includes the first part before MicroPython's types exist; a file that
// includes this header itself gets the rest too.

#ifndef UPY_H_BASIC
#define UPY_H_BASIC

#include <stddef.h>

// src/port/heap.rs: heap areas, and the collection a VM safe point runs.
void *upy_heap_area_alloc(size_t size);
void upy_heap_area_free(void *ptr);
void upy_gc_safe_point(void);

// vmhook.c: the state the VM hooks (mpconfigport.h) share with heap.rs.
extern volatile char upy_gc_pending;
extern volatile char upy_vm_armed;
extern void *volatile upy_vm_base;
void upy_recursion_check(char *frame);

// builtins.c: builtins MicroPython lacks (MICROPY_PORT_EXTRA_BUILTINS).
extern const struct _mp_obj_fun_builtin_var_t upy_builtin_vars_obj;
extern const struct _mp_obj_fun_builtin_var_t upy_builtin_format_obj;
extern const struct _mp_obj_fun_builtin_fixed_t upy_builtin_ascii_obj;

#endif // UPY_H_BASIC

#if !defined(UPY_H_BASIC_ONLY) && !defined(UPY_H_FULL)
#define UPY_H_FULL

#include "py/obj.h"
#include "py/unicode.h"

// src/ffi re-codes the object representation from the constants below; they hold for
// representation A only.
MP_STATIC_ASSERT(MICROPY_OBJ_REPR == MICROPY_OBJ_REPR_A);
MP_STATIC_ASSERT(MICROPY_OBJ_IMMEDIATE_OBJS);

// What src/ffi derives MicroPython's object macros from (clang folds the casts).
enum {
    UPY_OBJ_NONE = (uintptr_t)mp_const_none,
    UPY_OBJ_FALSE = (uintptr_t)mp_const_false,
    UPY_OBJ_TRUE = (uintptr_t)mp_const_true,
    UPY_OBJ_SENTINEL = (uintptr_t)MP_OBJ_SENTINEL,
    UPY_SMALL_INT_0 = (uintptr_t)MP_OBJ_NEW_SMALL_INT(0),
    UPY_SMALL_INT_1 = (uintptr_t)MP_OBJ_NEW_SMALL_INT(1),
    UPY_QSTR_0 = (uintptr_t)MP_OBJ_NEW_QSTR(0),
    UPY_QSTR_1 = (uintptr_t)MP_OBJ_NEW_QSTR(1),
    UPY_FUN_SIG_MIN_1 = MP_OBJ_FUN_MAKE_SIG(1, 0, false),
    UPY_FUN_SIG_MAX_1 = MP_OBJ_FUN_MAKE_SIG(0, 1, false),
    UPY_FUN_SIG_KW = MP_OBJ_FUN_MAKE_SIG(0, 0, true),
};

// ---- Defined in Rust, called from C ----

// src/port/heap.rs: MicroPython is about to raise MemoryError.
void upy_heap_exhausted(void);

// src/port/hal.rs: sys.stderr's bytes (stdout's go to mp_hal_stdout_tx_strn).
void upy_hal_stderr_tx_strn(const char *str, size_t len);

// src/port/qstr_index.rs: the qstr hash index (patches/0005).
void upy_qstr_index_add(size_t qstr, size_t hash, size_t len);
void upy_qstr_index_clear(void);
bool upy_qstr_index_ready(void);
bool upy_qstr_index_excludes(size_t len);
size_t upy_qstr_index_next(size_t hash, size_t *cursor);

// src/objects/strings.rs: str behaviour as CPython's.
mp_obj_t upy_str_caseconv(mp_obj_t self_in, bool upper);
mp_obj_t upy_str_is_case(mp_obj_t self_in, bool upper);
mp_obj_t upy_str_step_slice(mp_obj_t self_in, mp_obj_t index);
bool upy_unichar_is_printable(unichar ch);

// src/objects/floatfmt.rs: round(x, n) on the exact value.
mp_float_t upy_round_float(mp_float_t value, mp_int_t digits);

// src/objects/sort.rs: a stable list.sort calling key once per item.
void upy_list_sort(mp_obj_t *items, size_t len, mp_obj_t key, bool reverse);

// src/objects/annotations.rs: what the compiler's annotation code calls (patches/0006).
mp_obj_t upy_fn_annotations(mp_obj_t fun);
extern const mp_obj_fun_builtin_var_t upy_annotate_fn_obj;
extern const mp_obj_fun_builtin_fixed_t upy_annotate_class_obj;

// src/modules: the native modules' objects (modules.c registers them).
extern const mp_obj_module_t upy_module_extism_pdk;
extern const mp_obj_module_t upy_module_json;
extern const mp_obj_module_t upy_module_binascii;
extern const mp_obj_module_t upy_module_hashlib;
extern const mp_obj_module_t upy_module_random;
extern const mp_obj_module_t upy_module__re;
extern const mp_obj_module_t upy_module_upy;
extern const mp_obj_module_t upy_module_clock;
extern const mp_obj_module_t upy_module_entropy;

// ---- Defined in C, used by Rust or by the patches ----

// stdio.c: print() as CPython's (patches/0032 puts it in the builtins).
mp_obj_t upy_builtin_print(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args);

// builtins.c: slice() (patches/0034 makes it the slice type's constructor).
mp_obj_t upy_slice_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args);

// protect.c: runs fn(ctx) and returns the exception it raised, or NULL.
void *upy_protect(void (*fn)(void *), void *ctx);

// modules.c: what the Rust modules need of MicroPython's internals.
mp_obj_t upy_fun_param_names(mp_obj_t fun);
mp_obj_t upy_fun_annotations_key(mp_obj_t fun);
extern const mp_obj_type_t upy_type_binascii_Error;
extern const mp_obj_type_t upy_type_binascii_Incomplete;

// map.c: insertion-ordered dicts, CPython's tuple hash.
void upy_map_copy(mp_map_t *dst, const mp_map_t *src);
void upy_map_pop_last(mp_map_t *map, mp_obj_t *item);
mp_obj_t upy_dict_reversed(mp_obj_t dict);
mp_obj_t upy_tuple_hash(size_t len, const mp_obj_t *items);
void upy_set_copy(mp_set_t *dst, const mp_set_t *src);

// types.c: `list[int]`, `int | None`.
mp_obj_t upy_type_subscr(mp_obj_t self_in, mp_obj_t index, mp_obj_t value);
mp_obj_t upy_type_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs);
extern const mp_obj_type_t upy_type_union;

// match.c: the match statement's patterns (patches/0038 compiles them into calls of upy_match).
enum {
    UPY_PATTERN_EQUAL,     // (tag, value): subject == value
    UPY_PATTERN_IDENTICAL, // (tag, value): subject is value (None, True, False)
    UPY_PATTERN_SEQUENCE,  // (tag, star index or -1, sub-patterns...)
    UPY_PATTERN_MAPPING,   // (tag, keys, rest slot or None, sub-patterns...)
    UPY_PATTERN_CLASS,     // (tag, class, n positional, keyword names, sub-patterns...)
    UPY_PATTERN_OR,        // (tag, alternatives...)
    UPY_PATTERN_AS,        // (tag, sub-pattern, slot)
};
extern const mp_obj_fun_builtin_fixed_t upy_match_obj;

// strpad.c: ljust, rjust, center and zfill with CPython's arguments.
extern const mp_obj_fun_builtin_var_t upy_str_center_obj;
extern const mp_obj_fun_builtin_var_t upy_str_ljust_obj;
extern const mp_obj_fun_builtin_var_t upy_str_rjust_obj;
extern const mp_obj_fun_builtin_fixed_t upy_str_zfill_obj;

#endif // UPY_H_FULL
