//! Start-up, running Python files, finding a plug-in's exports and calling them.
//!
//! `unsafe` here: calls into MicroPython's C API (C, so `unsafe`), on objects this module
//! holds for the length of a call, and reads of its state (`mp_state_ctx`) on one thread.

use crate::ffi::nlr::{protect, PyException};
use crate::ffi::{self, mp_obj_t, NONE};
use crate::host::{self, set_error as set_error_message};
use crate::objects::{bytes_of, new_str};
use crate::port::{hal, heap};
use extism_upy_contract::BuildLine;
use std::cell::Cell;

/// How much of the shadow stack (in linear memory, 1 MiB by default) Python may use before
/// RuntimeError("maximum recursion depth exceeded"). Only recursion through native code
/// (closures, `__init__`, `__repr__`, generators) grows it; each such level also takes 3-4x
/// as much of the host's own wasm stack (512 KiB by default in wasmtime), which overflowed
/// at 135-170 KiB of shadow stack in measurements, so this leaves a margin.
const STACK_LIMIT: usize = 96 * 1024;
/// The Python frame stack (MICROPY_ENABLE_PYSTACK): bounds Python recursion depth.
const PYSTACK_SIZE: usize = 256 * 1024;

struct Flags {
    started: Cell<bool>,
}
// SAFETY: wasm32-unknown-unknown is single-threaded.
unsafe impl Sync for Flags {}
static FLAGS: Flags = Flags {
    started: Cell::new(false),
};

/// Starts MicroPython once, and marks where this entry's stack begins (each call from the host
/// starts at the top of the shadow stack, so the stack check measures from here).
pub fn enter() {
    unsafe { ffi::mp_stack_ctrl_init() };
    heap::new_call();
    if FLAGS.started.replace(true) {
        // No Python frame outlives a call; if the last call trapped (the host stopped it, or
        // a host function failed), its nlr handlers and pystack frames were left behind.
        unsafe {
            ffi::mp_state_ctx.thread.nlr_top = core::ptr::null_mut();
            ffi::mp_state_ctx.thread.pystack_cur = ffi::mp_state_ctx.thread.pystack_start;
            ffi::mp_state_ctx.thread.gc_lock_depth = 0;
        }
        heap::repair_after_trap();
        return;
    }
    unsafe { ffi::mp_stack_set_limit(stack_limit()) };
    let pystack = Box::leak(vec![0u8; PYSTACK_SIZE].into_boxed_slice()).as_mut_ptr_range();
    unsafe { ffi::mp_pystack_init(pystack.start.cast(), pystack.end.cast()) };
    heap::init();
    unsafe {
        ffi::mp_init();
        ffi::mp_state_ctx.vm.upy_exports = ffi::mp_obj_new_list(0, core::ptr::null_mut());
    }
}

fn qstr(s: &str) -> ffi::qstr {
    unsafe { ffi::qstr_from_strn(s.as_ptr() as *const _, s.len()) }
}

/// `import name` (dotted).
pub fn import(name: &str) -> Result<(), PyException> {
    protect(|| unsafe {
        ffi::mp_import_name(qstr(name), NONE, ffi::small_int(0));
    })
}

/// Compiles and runs `source` as the module `module_name` (its `__file__` is `filename`),
/// and returns the module's globals.
pub fn exec_module(
    module_name: &str,
    filename: &str,
    source: &str,
) -> Result<mp_obj_t, PyException> {
    // The module's code object is the bytecode function the VM starts with.
    heap::call_boundary(true);
    protect(|| unsafe {
        let globals = if module_name == "__main__" {
            (&raw mut ffi::mp_state_ctx.vm.dict_main) as mp_obj_t
        } else {
            let module = ffi::mp_obj_new_module(qstr(module_name));
            (*(module as *mut ffi::mp_obj_module_t)).globals as mp_obj_t
        };
        ffi::mp_obj_dict_store(
            globals,
            ffi::qstr_obj(ffi::MP_QSTR___file__),
            new_str(filename.as_bytes()),
        );
        let lex = ffi::mp_lexer_new_from_str_len(
            qstr(filename),
            source.as_ptr() as *const _,
            source.len(),
            0,
        );
        let globals_dict = globals as *mut ffi::mp_obj_dict_t;
        ffi::mp_parse_compile_execute(lex, ffi::MP_PARSE_FILE_INPUT, globals_dict, globals_dict);
        globals
    })
}

/// The exception as Python prints it: traceback with file and line, then `Type: message`.
pub fn format_exception(exc: PyException) -> Vec<u8> {
    let mut out = Vec::new();
    let print = ffi::vec_printer(&mut out);
    if protect(|| unsafe { ffi::mp_obj_print_exception(&print, exc.0) }).is_err() {
        out.extend_from_slice(b"\n(the exception could not be printed)\n");
    }
    while out.last() == Some(&b'\n') {
        out.pop();
    }
    out
}

/// `SystemExit(code)` → `Some(code)`; any other exception → `None`.
pub fn exit_code(exc: PyException) -> Option<i32> {
    unsafe {
        if !ffi::mp_obj_exception_match(exc.0, &ffi::mp_type_SystemExit as *const _ as _) {
            return None;
        }
        let value = ffi::mp_obj_exception_get_value(exc.0);
        Some(if value == NONE {
            0
        } else if ffi::is_small_int(value) {
            ffi::small_int_value(value) as i32
        } else {
            1
        })
    }
}

/// Chooses the plug-in's exports: those registered with `export` (the `plugin_fn` and
/// `shared_fn` decorators) if there are any, else every public function defined in the
/// plug-in's file. Records them (the export index is the position) and returns one build
/// result line per export.
pub fn select_exports(globals: mp_obj_t) -> Result<Vec<BuildLine>, PyException> {
    protect(|| unsafe {
        let exports = ffi::mp_state_ctx.vm.upy_exports;
        let mut lines = Vec::new();
        let registered = registered_exports();
        let chosen = if registered.is_empty() {
            public_functions(globals)
                .into_iter()
                .map(|(name, fun)| (name, fun, -1, false))
                .collect()
        } else {
            registered
        };
        for (name, fun, n_params, result) in chosen {
            lines.push(if n_params < 0 {
                BuildLine::Export { name }
            } else {
                BuildLine::Shared {
                    name,
                    params: n_params as usize,
                    result,
                }
            });
            ffi::mp_obj_list_append(exports, fun);
        }
        lines
    })
}

/// The `(name, function, n_params, has_result)` the plug-in registered with
/// `_extism_pdk.export`.
unsafe fn registered_exports() -> Vec<(String, mp_obj_t, isize, bool)> {
    let registry = ffi::mp_state_ctx.vm.upy_plugin_fns;
    if registry.is_null() {
        return Vec::new();
    }
    let entries = array_of(registry);
    entries
        .iter()
        .map(|&entry| {
            let fields = array_of(entry);
            let name = String::from_utf8_lossy(bytes_of(fields[0])).into_owned();
            let result = ffi::mp_obj_is_true(fields[3]);
            (name, fields[1], ffi::mp_obj_get_int(fields[2]), result)
        })
        .collect()
}

/// The items of a list or tuple.
unsafe fn array_of<'a>(seq: mp_obj_t) -> &'a [mp_obj_t] {
    let mut len = 0;
    let mut items: *mut mp_obj_t = core::ptr::null_mut();
    ffi::mp_obj_get_array(seq, &mut len, &mut items);
    if len == 0 {
        &[]
    } else {
        core::slice::from_raw_parts(items, len)
    }
}

unsafe fn public_functions(globals: mp_obj_t) -> Vec<(String, mp_obj_t)> {
    let map = &(*(globals as *mut ffi::mp_obj_dict_t)).map;
    let mut found = Vec::new();
    for i in 0..map.alloc {
        let e = &*map.table.add(i);
        if e.key.is_null() || e.key == ffi::SENTINEL || !ffi::is_type(e.value, &ffi::mp_type_fun_bc)
        {
            continue;
        }
        // Defined in this file, not imported into it.
        let fun = e.value as *const ffi::mp_obj_fun_bc_t;
        if (*(*fun).context).module.globals as mp_obj_t != globals {
            continue;
        }
        let name = String::from_utf8_lossy(bytes_of(e.key)).into_owned();
        if !name.starts_with('_') {
            found.push((name, e.value));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

/// Calls export `index` with integer arguments, at the outermost level of a host call.
fn invoke(index: usize, args: &[i64]) -> Option<Result<mp_obj_t, PyException>> {
    host::take_error_set(); // only what this call sets counts
                            // Generated exports pass only indices below the count the build recorded.
    let fun = *unsafe { array_of(ffi::mp_state_ctx.vm.upy_exports) }.get(index)?;
    heap::call_boundary(ffi::is_type(fun, unsafe { &ffi::mp_type_fun_bc }));
    let result = protect(|| unsafe {
        let mut objs = [NONE; crate::modules::extism_pdk::MAX_PARAMS];
        for (obj, &arg) in objs.iter_mut().zip(args) {
            *obj = ffi::mp_obj_new_int_from_ll(arg);
        }
        ffi::mp_call_function_n_kw(fun, args.len(), 0, objs.as_ptr())
    });
    hal::flush();
    Some(result)
}

/// Runs shared export `index` (`extism.shared_fn`) and returns its integer result. A Python
/// error becomes the call's error, with 0 as the result.
pub fn call_shared(index: usize, args: &[i64]) -> i64 {
    let result = match invoke(index, args) {
        Some(Ok(ret)) if ret == NONE => Ok(0),
        Some(Ok(ret)) => protect(|| unsafe { ffi::mp_obj_get_ll(ret) }),
        Some(Err(exc)) => Err(exc),
        None => {
            set_error_message(format!("no export with index {index}").as_bytes());
            return 0;
        }
    };
    result.unwrap_or_else(|exc| {
        set_error_message(&format_exception(exc));
        0
    })
}

/// Runs export `index` for the host and maps its outcome to Extism's convention.
pub fn call_export(index: usize) -> i32 {
    let Some(result) = invoke(index, &[]) else {
        set_error_message(format!("no export with index {index}").as_bytes());
        return 1;
    };
    let code = match result {
        Ok(ret) if ffi::is_small_int(ret) => ffi::small_int_value(ret) as i32,
        Ok(_) => 0,
        Err(exc) => match exit_code(exc) {
            Some(code) => code,
            None => {
                set_error_message(&format_exception(exc));
                return 1;
            }
        },
    };
    if host::take_error_set() {
        return if code == 0 { 1 } else { code };
    }
    if code != 0 {
        // Hosts read the code only alongside an error message, so give it one.
        set_error_message(format!("the plug-in function returned {code}").as_bytes());
    }
    code
}

/// [`STACK_LIMIT`] in wasm. Natively (the fuzz targets) frames are wider and AddressSanitizer
/// pads them, within an 8 MiB stack. (Down here so that the wasm build's panic locations, which
/// hold line numbers, stay as they were.)
const fn stack_limit() -> usize {
    if cfg!(target_arch = "wasm32") {
        STACK_LIMIT
    } else {
        1024 * 1024
    }
}
