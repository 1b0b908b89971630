//! `_extism_pdk`: the host's API (input, output, errors, logs, config, vars, HTTP) as Python
//! functions over [`crate::host`], the native half of the `extism_pdk` module
//! (python/stdlib/extism_pdk.py builds the seed's `host` object on it), and the registries of a
//! plug-in's exports and host functions.
//!
//! `unsafe` here: each builtin is called by MicroPython with live objects, as many as its
//! function object declares, and works on them through MicroPython's C API, which is C
//! and so `unsafe` to call; data borrowed from an object is used before anything that
//! could collect it.

use crate::ffi::nlr::raise_msg;
use crate::ffi::{self, mp_obj_t, NONE};
use crate::host::{self, Block, LogLevel};
use crate::objects::{bytes_of, new_bytes, py_fn, py_fn_kw, py_fn_var, py_module};

py_module!(upy_module_extism_pdk, MP_QSTR__extism_pdk, [
    MP_QSTR_input => &INPUT_OBJ,
    MP_QSTR_input_str => &INPUT_STR_OBJ,
    MP_QSTR_output => &OUTPUT_OBJ,
    MP_QSTR_set_error => &SET_ERROR_OBJ,
    MP_QSTR_log => &LOG_OBJ,
    MP_QSTR_config_get => &CONFIG_GET_OBJ,
    MP_QSTR_var_get => &VAR_GET_OBJ,
    MP_QSTR_var_set => &VAR_SET_OBJ,
    MP_QSTR_http_request => &HTTP_REQUEST_OBJ,
    MP_QSTR_export => &EXPORT_OBJ,
    MP_QSTR_declare_import => &DECLARE_IMPORT_OBJ,
    MP_QSTR_call_host => &CALL_HOST_OBJ,
    MP_QSTR_params => &PARAMS_OBJ,
    MP_QSTR_mem_alloc => &MEM_ALLOC_OBJ,
    MP_QSTR_mem_length => &MEM_LENGTH_OBJ,
    MP_QSTR_mem_load => &MEM_LOAD_OBJ,
    MP_QSTR_mem_free => &MEM_FREE_OBJ,
]);

/// A new `bytes` holding a copy of `block`.
fn bytes_from(block: Block) -> mp_obj_t {
    let len = block.len();
    let mut vstr = ffi::vstr_empty();
    unsafe {
        ffi::vstr_init_len(&mut vstr, len);
        block.load_into(core::slice::from_raw_parts_mut(vstr.buf as *mut u8, len));
        ffi::mp_obj_new_bytes_from_vstr(&mut vstr)
    }
}

/// Like [`bytes_from`], and frees the block.
fn take_bytes(block: Block) -> mp_obj_t {
    let data = bytes_from(block);
    block.free();
    data
}

/// The call's input, copied from the host into a new GC buffer.
unsafe fn read_input() -> ffi::vstr_t {
    let len = host::input_len();
    let mut vstr = ffi::vstr_empty();
    ffi::vstr_init_len(&mut vstr, len);
    host::read_input(core::slice::from_raw_parts_mut(vstr.buf as *mut u8, len));
    vstr
}

/// `input() -> bytes`: the call's input.
unsafe extern "C" fn input() -> mp_obj_t {
    let mut vstr = read_input();
    ffi::mp_obj_new_bytes_from_vstr(&mut vstr)
}
py_fn!(INPUT_OBJ, 0, input);

/// `input_str() -> str`: the call's input as text; UnicodeError, worded as CPython's, if it
/// is not UTF-8.
unsafe extern "C" fn input_str() -> mp_obj_t {
    let mut vstr = read_input();
    let data = core::slice::from_raw_parts(vstr.buf as *const u8, vstr.len);
    if let Err(e) = core::str::from_utf8(data) {
        raise_msg(
            &ffi::mp_type_UnicodeError,
            crate::objects::utf8_error_message(data, e),
        );
    }
    ffi::mp_obj_new_str_from_utf8_vstr(&mut vstr)
}
py_fn!(INPUT_STR_OBJ, 0, input_str);

/// `output(data: str | bytes)`: sets the call's output.
unsafe extern "C" fn output(data: mp_obj_t) -> mp_obj_t {
    if host::set_output(bytes_of(data)).is_err() {
        raise_msg(
            &ffi::mp_type_MemoryError,
            "the host refused memory for the output",
        );
    }
    NONE
}
py_fn!(OUTPUT_OBJ, 1, output);

/// `set_error(msg: str)`: fails the call with this message once the function returns.
unsafe extern "C" fn set_error(msg: mp_obj_t) -> mp_obj_t {
    host::set_error(bytes_of(msg));
    NONE
}
py_fn!(SET_ERROR_OBJ, 1, set_error);

/// `log(level: int, msg: str)` with level 0 trace, 1 debug, 2 info, 3 warn, 4 error.
unsafe extern "C" fn log(level: mp_obj_t, msg: mp_obj_t) -> mp_obj_t {
    let level = match ffi::mp_obj_get_int(level) {
        0 => LogLevel::Trace,
        1 => LogLevel::Debug,
        2 => LogLevel::Info,
        3 => LogLevel::Warn,
        _ => LogLevel::Error,
    };
    host::log(level, bytes_of(msg));
    NONE
}
py_fn!(LOG_OBJ, 2, log);

/// A block the host returned for a lookup, as `bytes` (or `None`).
fn bytes_or_none(block: Option<Block>) -> mp_obj_t {
    block.map_or(NONE, take_bytes)
}

/// `config_get(key: str) -> bytes | None`
unsafe extern "C" fn config_get(key: mp_obj_t) -> mp_obj_t {
    bytes_or_none(host::config(bytes_of(key)))
}
py_fn!(CONFIG_GET_OBJ, 1, config_get);

/// `var_get(key: str) -> bytes | None`
unsafe extern "C" fn var_get(key: mp_obj_t) -> mp_obj_t {
    bytes_or_none(host::var(bytes_of(key)))
}
py_fn!(VAR_GET_OBJ, 1, var_get);

/// `var_set(key: str, value: str | bytes | None)`; None removes the variable.
unsafe extern "C" fn var_set(key: mp_obj_t, value: mp_obj_t) -> mp_obj_t {
    let value = (value != NONE).then(|| bytes_of(value));
    host::set_var(bytes_of(key), value);
    NONE
}
py_fn!(VAR_SET_OBJ, 2, var_set);

/// `http_request(url, method, headers: dict | None, body: str | bytes | None)
///  -> (status: int, body: bytes, headers: dict)`
unsafe extern "C" fn http_request(
    n_args: usize,
    args: *const mp_obj_t,
    _kw: *mut ffi::mp_map_t,
) -> mp_obj_t {
    if n_args != 4 {
        raise_msg(
            &ffi::mp_type_TypeError,
            "http_request(url, method, headers, body)",
        );
    }
    let args = core::slice::from_raw_parts(args, 4);
    if let Err(message) = host::check_allowed_host(bytes_of(args[0])) {
        raise_msg(&ffi::mp_type_OSError, message);
    }
    // The request description is JSON, as the host expects; built with our own json module
    // so that header dicts of any shape are checked the same way.
    let request = ffi::mp_obj_new_dict(3);
    ffi::mp_obj_dict_store(request, ffi::qstr_obj(ffi::MP_QSTR_url), args[0]);
    ffi::mp_obj_dict_store(request, ffi::qstr_obj(ffi::MP_QSTR_method), args[1]);
    let headers = if args[2] == NONE {
        ffi::mp_obj_new_dict(0)
    } else {
        args[2]
    };
    ffi::mp_obj_dict_store(request, ffi::qstr_obj(ffi::MP_QSTR_headers), headers);
    let request_json = super::json::dumps_to_str(request);
    let body = (args[3] != NONE).then(|| bytes_of(args[3]));
    let response = host::http_request(bytes_of(request_json), body);
    let body = response.body.map_or_else(|| new_bytes(b""), take_bytes);
    let headers = match response.headers {
        None => ffi::mp_obj_new_dict(0),
        Some(block) => super::json::loads_obj(take_bytes(block)),
    };
    let items = [ffi::mp_obj_new_int(response.status as isize), body, headers];
    ffi::mp_obj_new_tuple(3, items.as_ptr())
}
py_fn_kw!(HTTP_REQUEST_OBJ, 4, http_request);

/// `export(name, fn, n_params[, has_result])`: makes `fn` an export of the plug-in, called by
/// Extism with no arguments (`n_params` < 0, plugin_fn) or by other modules with `n_params`
/// i64 arguments and an i64 result unless `has_result` is false (shared_fn). Exports are
/// chosen at build time, in this order.
unsafe extern "C" fn export(n_args: usize, args: *const mp_obj_t) -> mp_obj_t {
    let args = core::slice::from_raw_parts(args, n_args);
    let (name, fun, n_params) = (args[0], args[1], args[2]);
    let registry = &raw mut ffi::mp_state_ctx.vm.upy_plugin_fns;
    if (*registry).is_null() {
        *registry = ffi::mp_obj_new_list(0, core::ptr::null_mut());
    }
    let n = ffi::mp_obj_get_int(n_params);
    if n > MAX_PARAMS as isize {
        raise_msg(
            &ffi::mp_type_ValueError,
            format!("an export takes at most {MAX_PARAMS} parameters"),
        );
    }
    let has_result = n_args < 4 || ffi::mp_obj_is_true(args[3]);
    let entry = [name, fun, n_params, ffi::bool_obj(has_result)];
    ffi::mp_obj_list_append(*registry, ffi::mp_obj_new_tuple(4, entry.as_ptr()));
    NONE
}
py_fn_var!(EXPORT_OBJ, 3, 4, export);

/// The most parameters a host function or shared export may have.
pub const MAX_PARAMS: usize = extism_upy_contract::MAX_PARAMS;

/// A host function `import_fn` declared: the build adds it to the plug-in's imports.
pub struct HostImport {
    pub module: String,
    pub name: String,
    pub n_params: usize,
    pub has_result: bool,
}

struct Imports(core::cell::RefCell<Vec<HostImport>>);
// SAFETY: wasm32-unknown-unknown is single-threaded.
unsafe impl Sync for Imports {}
static IMPORTS: Imports = Imports(core::cell::RefCell::new(Vec::new()));

/// How many of the declared host functions the build linked (the rest were declared too
/// late, inside a call, or the code runs under `extism-upy run`).
static LINKED: core::sync::atomic::AtomicUsize = core::sync::atomic::AtomicUsize::new(0);

/// Called when the build ends: the declared host functions become the plug-in's imports.
pub fn link_host_imports() -> Vec<HostImport> {
    let imports = core::mem::take(&mut *IMPORTS.0.borrow_mut());
    LINKED.store(imports.len(), core::sync::atomic::Ordering::Relaxed);
    imports
}

/// `declare_import(module, name, n_params, has_result) -> index` for `call_host`. Imports
/// are fixed when the plug-in is built: declarations made later cannot be called.
unsafe extern "C" fn declare_import(n_args: usize, args: *const mp_obj_t) -> mp_obj_t {
    let args = core::slice::from_raw_parts(args, n_args);
    let text = |o| String::from_utf8_lossy(bytes_of(o)).into_owned();
    let n_params = ffi::mp_obj_get_int(args[2]).max(0) as usize;
    if n_params > MAX_PARAMS {
        raise_msg(
            &ffi::mp_type_ValueError,
            format!("a host function takes at most {MAX_PARAMS} parameters"),
        );
    }
    let import = HostImport {
        module: text(args[0]),
        name: text(args[1]),
        n_params,
        has_result: ffi::mp_obj_is_true(args[3]),
    };
    let mut imports = IMPORTS.0.borrow_mut();
    imports.push(import);
    ffi::mp_obj_new_int((imports.len() - 1) as isize)
}
py_fn_var!(DECLARE_IMPORT_OBJ, 4, 4, declare_import);

/// `call_host(index, *args) -> int`: calls a declared host function with i64 arguments
/// (Extism memory offsets or plain ints); returns its result (0 if it has none).
unsafe extern "C" fn call_host(n_args: usize, args: *const mp_obj_t) -> mp_obj_t {
    let args = core::slice::from_raw_parts(args, n_args);
    let mut values = [0i64; MAX_PARAMS];
    if args.len() > MAX_PARAMS + 1 {
        raise_msg(
            &ffi::mp_type_TypeError,
            "too many arguments for a host function",
        );
    }
    for (value, arg) in values.iter_mut().zip(&args[1..]) {
        *value = ffi::mp_obj_get_ll(*arg);
    }
    let index = ffi::mp_obj_get_int(args[0]);
    if index < 0 || index as usize >= LINKED.load(core::sync::atomic::Ordering::Relaxed) {
        raise_msg(
            &ffi::mp_type_RuntimeError,
            "this host function is not linked into the plug-in: declare it with import_fn \
             at the top level of a module, and call it from a plug-in built by extism-upy",
        );
    }
    let result = host::call_host_function(index as i32, &values);
    ffi::mp_obj_new_int_from_ll(result)
}
py_fn_var!(CALL_HOST_OBJ, 1, u16::MAX as u32, call_host);

/// `params(fn) -> tuple`: the names of a Python function's positional parameters.
unsafe extern "C" fn params(fun: mp_obj_t) -> mp_obj_t {
    if !ffi::is_type(fun, &ffi::mp_type_fun_bc) {
        raise_msg(
            &ffi::mp_type_TypeError,
            "expected a function defined in Python",
        );
    }
    ffi::upy_fun_param_names(fun)
}
py_fn!(PARAMS_OBJ, 1, params);

/// `mem_alloc(data: bytes) -> int`: a new Extism memory block holding `data`.
unsafe extern "C" fn mem_alloc(data: mp_obj_t) -> mp_obj_t {
    let Some(block) = Block::new(bytes_of(data)) else {
        raise_msg(&ffi::mp_type_MemoryError, "the host refused memory");
    };
    ffi::mp_obj_new_int_from_ll(block.offset() as i64)
}
py_fn!(MEM_ALLOC_OBJ, 1, mem_alloc);

/// A block offset the Python code passes (it came from `mem_alloc` or the host).
fn block_arg(o: mp_obj_t) -> Option<Block> {
    Block::at(unsafe { ffi::mp_obj_get_ll(o) as u64 })
}

/// `mem_length(offset) -> int`: the length of the block at `offset` (0 if there is none).
unsafe extern "C" fn mem_length(offset: mp_obj_t) -> mp_obj_t {
    ffi::mp_obj_new_int_from_ll(block_arg(offset).map_or(0, Block::len) as i64)
}
py_fn!(MEM_LENGTH_OBJ, 1, mem_length);

/// `mem_load(offset) -> bytes`: a copy of the block at `offset`.
unsafe extern "C" fn mem_load(offset: mp_obj_t) -> mp_obj_t {
    block_arg(offset).map_or_else(|| new_bytes(b""), bytes_from)
}
py_fn!(MEM_LOAD_OBJ, 1, mem_load);

/// `mem_free(offset)`: frees the block at `offset`.
unsafe extern "C" fn mem_free(offset: mp_obj_t) -> mp_obj_t {
    if let Some(block) = block_arg(offset) {
        block.free();
    }
    NONE
}
py_fn!(MEM_FREE_OBJ, 1, mem_free);
