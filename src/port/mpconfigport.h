// MicroPython configuration for extism-upy: the core on wasm32-unknown-unknown, run as an
// Extism plug-in. Starts from the EXTRA ROM level and switches off what lives in extmod/
// (not in our source package) or needs an OS.
#include <stdint.h>

// What the macros below call: our functions, declared in the one header both C and Rust read.
#define UPY_H_BASIC_ONLY
#include "upy.h"
#undef UPY_H_BASIC_ONLY

#define MICROPY_CONFIG_ROM_LEVEL (MICROPY_CONFIG_ROM_LEVEL_EXTRA_FEATURES)

// Non-local return over wasm exceptions (setjmp/longjmp lowered by clang, see sjlj.c).
#define MICROPY_NLR_SETJMP (1)
// The compiler is needed at build time (freezing the plug-in) and for `extism-upy run`.
#define MICROPY_ENABLE_COMPILER (1)

// GC: wasm locals are invisible to a stack scan, so gc_collect() only flags a collection
// and the heap grows instead; the port collects between calls (see src/port/heap.rs).
#define MICROPY_ENABLE_GC (1)
#define MICROPY_GC_SPLIT_HEAP (1)
#define MICROPY_GC_SPLIT_HEAP_AUTO (1)
#define MP_PLAT_ALLOC_HEAP(size) upy_heap_area_alloc(size)
#define MP_PLAT_FREE_HEAP(ptr) upy_heap_area_free(ptr)
// Ask for a collection when half the free heap has been allocated (heap.rs sets the
// threshold after each collection), so that one usually runs at a safe point before the
// heap is full and has to grow.
#define MICROPY_GC_ALLOC_THRESHOLD (1)
// Safe points for collecting mid-call: a backward jump in the outermost VM frame of a call.
// There every live value sits in memory the collector scans (the pystack, root pointers),
// and no native frame between the host and the VM holds a fresh object. See vmhook.c.
#define MICROPY_VM_HOOK_INIT \
    volatile char upy_vm_marker; \
    if (upy_vm_armed) { upy_vm_armed = 0; upy_vm_base = (void *)&upy_vm_marker; }
#define MICROPY_VM_HOOK_LOOP \
    if (upy_gc_pending && upy_vm_base == (void *)&upy_vm_marker) { upy_gc_safe_point(); }

// Language features plug-in authors expect.
#define MICROPY_LONGINT_IMPL (MICROPY_LONGINT_IMPL_MPZ)
// 32-bit string hashes (build.rs patches qstr.h and qstr.c to allow them), so that big dicts
// and sets of strings do not share hashes.
#define MICROPY_QSTR_BYTES_IN_HASH (4)
#define MICROPY_FLOAT_IMPL (MICROPY_FLOAT_IMPL_DOUBLE)
#define MICROPY_ENABLE_SOURCE_LINE (1)
#define MICROPY_ERROR_REPORTING (MICROPY_ERROR_REPORTING_DETAILED)
#define MICROPY_PY_SYS_PLATFORM "extism"
#define MICROPY_PY_SYS_STDFILES (1)        // sys.stdout/stderr/stdin: src/port/stdio.c
#define MICROPY_PY_SYS_EXIT (1)
#define MICROPY_HELPER_REPL (0)
#define MICROPY_PY_BUILTINS_INPUT (0)       // no stdin in a plug-in
#define MICROPY_PY_BUILTINS_HELP (0)
#define MICROPY_ENABLE_EXTERNAL_IMPORT (1) // frozen python/stdlib/ and plug-in files, see vfs.rs
#define MICROPY_MODULE_FROZEN_STR (0)
#define MICROPY_MODULE_FROZEN_MPY (0)
#define MICROPY_PERSISTENT_CODE_LOAD (0)
#define MICROPY_USE_INTERNAL_ERRNO (1)     // there is no errno.h
#define MICROPY_USE_INTERNAL_PRINTF (0)    // nothing calls printf
#define MICROPY_ENABLE_SCHEDULER (0)
#define MICROPY_PY_THREAD (0)
// Python-to-Python calls run in the VM's loop, not by C recursion, with frames on a
// dedicated stack ("pystack"): deep recursion raises RuntimeError instead of overflowing the
// host's wasm stack. Calls that do recurse in C (via native code) are bounded by STACK_CHECK,
// which measures the shadow stack (see src/runtime.rs).
#define MICROPY_STACKLESS (1)
#define MICROPY_ENABLE_PYSTACK (1)
#define MICROPY_STACK_CHECK (1)
// Recursion through nested data (repr, ==, <: patched in by build.rs) keeps its state in wasm
// locals, so it takes little of the shadow stack that the check measures but much of the
// host's wasm stack, which overflowed first (a trap). Each level of these paths takes
// UPY_GUARD_BYTES of shadow stack, so the check stops them at 600-700 levels, well inside
// wasmtime's default 512 KiB wasm stack.
#define UPY_GUARD_BYTES (128)
#define UPY_RECURSION_GUARD() \
    char upy_guard_[UPY_GUARD_BYTES]; \
    upy_recursion_check(upy_guard_)
#define MICROPY_KBD_EXCEPTION (0)
#define MICROPY_PY_MICROPYTHON_RINGIO (0)

// extmod/ modules we do not have (ours are in Rust or python/stdlib/).
#define MICROPY_PY_UCTYPES (0)
#define MICROPY_PY_OS (0)
#define MICROPY_PY_TIME (0)
#define MICROPY_PY_MACHINE (0)
#define MICROPY_PY_SELECT (0)
#define MICROPY_PY_PLATFORM (0)
#define MICROPY_VFS (0)

// Builtins MicroPython lacks (src/port/builtins.c).
#define MICROPY_PORT_EXTRA_BUILTINS \
    { MP_ROM_QSTR(MP_QSTR_vars), MP_ROM_PTR(&upy_builtin_vars_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_format), MP_ROM_PTR(&upy_builtin_format_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_ascii), MP_ROM_PTR(&upy_builtin_ascii_obj) },

#define MICROPY_HW_BOARD_NAME "extism"
#define MICROPY_HW_MCU_NAME "wasm32"
#define MICROPY_ALLOC_PATH_MAX (256)

typedef intptr_t mp_int_t;   // must be pointer-sized
typedef uintptr_t mp_uint_t;
typedef long mp_off_t;
#define MP_SSIZE_MAX (0x7fffffff)
#define MICROPY_MAKE_POINTER_CALLABLE(p) (p)

#include <stddef.h>
#define alloca __builtin_alloca

#define MP_STATE_PORT MP_STATE_VM
