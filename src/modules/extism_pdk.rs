//! `_extism_pdk`: the host's API (input, output, errors, logs, config, vars, HTTP), the
//! native half of the `extism_pdk` module (modules/extism_pdk.py builds the seed's `host`
//! object on it).
//!
//! Extism memory is a separate address space owned by the host: data crosses it by copy
//! into a fresh Python object, or out of a Python object into a fresh Extism block.

use super::{bytes_of, new_bytes, py_fn, py_fn_kw, py_module};
use crate::ffi::{self, mp_obj_t, NONE};
use crate::port::host::{extism as host, Memory};
use crate::port::nlr::raise_msg;
use extism_pdk::LogLevel;

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

/// Copies `data` into a new Extism memory block and returns its offset (0 if the host
/// refused the allocation).
fn to_host(data: &[u8]) -> u64 {
    Memory::from_bytes(data).map(|m| m.offset()).unwrap_or(0)
}

/// Copies an Extism memory block into a new `bytes` and frees the block.
fn from_host(offset: u64) -> mp_obj_t {
    let data = load_block(offset);
    unsafe { host::free(offset) };
    data
}

/// Copies an Extism memory block into a new `bytes`.
fn load_block(offset: u64) -> mp_obj_t {
    let len = unsafe { host::length(offset) } as usize;
    let mut vstr = ffi::vstr_empty();
    unsafe {
        ffi::vstr_init_len(&mut vstr, len);
        host::load(
            offset,
            core::slice::from_raw_parts_mut(vstr.buf as *mut u8, len),
        );
        ffi::mp_obj_new_bytes_from_vstr(&mut vstr)
    }
}

/// Sends one log message to the host.
pub fn host_log(level: LogLevel, msg: &[u8]) {
    let offset = to_host(msg);
    if offset == 0 {
        return;
    }
    unsafe {
        match level {
            LogLevel::Info => host::log_info(offset),
            LogLevel::Debug => host::log_debug(offset),
            LogLevel::Warn => host::log_warn(offset),
            LogLevel::Error => host::log_error(offset),
            LogLevel::Trace => host::log_trace(offset),
        }
        host::free(offset);
    }
}

/// Sets the call's error message (the host sees it as the call's error).
pub fn set_error_message(msg: &[u8]) {
    let offset = to_host(msg);
    unsafe { host::error_set(offset) };
}

/// The call's input, copied from the host into a new GC buffer.
unsafe fn read_input() -> ffi::vstr_t {
    let len = host::input_length() as usize;
    let mut vstr = ffi::vstr_empty();
    ffi::vstr_init_len(&mut vstr, len);
    let buf = core::slice::from_raw_parts_mut(vstr.buf as *mut u8, len);
    let words = len / 8;
    for i in 0..words {
        let w = host::input_load_u64((i * 8) as u64);
        buf[i * 8..i * 8 + 8].copy_from_slice(&w.to_le_bytes());
    }
    for (i, b) in buf.iter_mut().enumerate().skip(words * 8) {
        *b = host::input_load_u8(i as u64);
    }
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
        raise_msg(&ffi::mp_type_UnicodeError, utf8_error_message(data, e));
    }
    ffi::mp_obj_new_str_from_utf8_vstr(&mut vstr)
}
py_fn!(INPUT_STR_OBJ, 0, input_str);

/// CPython's wording for a UTF-8 decoding error.
pub fn utf8_error_message(data: &[u8], e: core::str::Utf8Error) -> String {
    let at = e.valid_up_to();
    let reason = match (e.error_len(), data[at]) {
        (None, _) => "unexpected end of data",
        (Some(_), 0xc2..=0xf4) => "invalid continuation byte",
        (Some(_), _) => "invalid start byte",
    };
    format!(
        "'utf-8' codec can't decode byte 0x{:02x} in position {at}: {reason}",
        data[at]
    )
}

/// `output(data: str | bytes)`: sets the call's output.
unsafe extern "C" fn output(data: mp_obj_t) -> mp_obj_t {
    let bytes = bytes_of(data);
    let offset = to_host(bytes);
    if offset == 0 && !bytes.is_empty() {
        raise_msg(
            &ffi::mp_type_MemoryError,
            "the host refused memory for the output",
        );
    }
    host::output_set(offset, bytes.len() as u64);
    NONE
}
py_fn!(OUTPUT_OBJ, 1, output);

/// `set_error(msg: str)`: fails the call with this message once the function returns.
unsafe extern "C" fn set_error(msg: mp_obj_t) -> mp_obj_t {
    set_error_message(bytes_of(msg));
    crate::runtime::note_error_set();
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
    host_log(level, bytes_of(msg));
    NONE
}
py_fn!(LOG_OBJ, 2, log);

/// Looks `key` up with `lookup` (config_get or var_get); `None` if absent.
unsafe fn get_by_key(key: mp_obj_t, lookup: unsafe extern "C" fn(u64) -> u64) -> mp_obj_t {
    let key_offset = to_host(bytes_of(key));
    let offset = lookup(key_offset);
    host::free(key_offset);
    if offset == 0 {
        NONE
    } else {
        from_host(offset)
    }
}

/// A config value as text, for the port's own settings. (extism-pdk's `config::get` would
/// do, but its error type brings anyhow's formatting and a symbol demangler, ~80 KB, into
/// every plug-in.)
pub fn config_text(key: &str) -> Option<String> {
    let key_offset = to_host(key.as_bytes());
    let offset = unsafe { host::config_get(key_offset) };
    unsafe { host::free(key_offset) };
    if offset == 0 {
        return None;
    }
    let mut data = vec![0; unsafe { host::length(offset) } as usize];
    unsafe {
        host::load(offset, &mut data);
        host::free(offset);
    }
    String::from_utf8(data).ok()
}

/// `config_get(key: str) -> bytes | None`
unsafe extern "C" fn config_get(key: mp_obj_t) -> mp_obj_t {
    get_by_key(key, host::config_get)
}
py_fn!(CONFIG_GET_OBJ, 1, config_get);

/// `var_get(key: str) -> bytes | None`
unsafe extern "C" fn var_get(key: mp_obj_t) -> mp_obj_t {
    get_by_key(key, host::var_get)
}
py_fn!(VAR_GET_OBJ, 1, var_get);

/// `var_set(key: str, value: str | bytes | None)`; None removes the variable.
unsafe extern "C" fn var_set(key: mp_obj_t, value: mp_obj_t) -> mp_obj_t {
    let key_offset = to_host(bytes_of(key));
    let value_offset = if value == NONE {
        0
    } else {
        to_host(bytes_of(value))
    };
    host::var_set(key_offset, value_offset);
    host::free(key_offset);
    if value_offset != 0 {
        host::free(value_offset);
    }
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
    check_allowed_host(bytes_of(args[0]));
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
    let req_offset = to_host(bytes_of(request_json));
    let body_offset = if args[3] == NONE {
        0
    } else {
        to_host(bytes_of(args[3]))
    };
    let response = host::http_request(req_offset, body_offset);
    host::free(req_offset);
    if body_offset != 0 {
        host::free(body_offset);
    }
    let status = host::http_status_code();
    let body = if response == 0 {
        new_bytes(b"")
    } else {
        from_host(response)
    };
    let header_offset = host::http_headers();
    let headers = if header_offset == 0 {
        ffi::mp_obj_new_dict(0)
    } else {
        let raw = from_host(header_offset);
        super::json::loads_obj(raw)
    };
    let items = [ffi::mp_obj_new_int(status as isize), body, headers];
    ffi::mp_obj_new_tuple(3, items.as_ptr())
}
py_fn_kw!(HTTP_REQUEST_OBJ, 4, http_request);

/// The config entry through which a host repeats its manifest's `allowed_hosts` (comma
/// separated), so that a refused request is an OSError Python can catch: Extism itself
/// refuses it with a trap, which stops the call.
const ALLOWED_HOSTS_KEY: &str = "upy.allowed_hosts";

/// Raises OSError if the host listed its allowed hosts and `url`'s host is not among them
/// (matched as Extism matches them: glob patterns, `*` for any run of characters).
fn check_allowed_host(url: &[u8]) {
    let Some(allowed) = config_text(ALLOWED_HOSTS_KEY) else {
        return;
    };
    let host = url_host(url);
    let allowed_hosts = allowed.split(',').map(str::trim).filter(|p| !p.is_empty());
    if !allowed_hosts
        .into_iter()
        .any(|pattern| glob_match(pattern.as_bytes(), host.as_bytes()))
    {
        raise_msg(
            unsafe { &ffi::mp_type_OSError },
            format!(
                "HTTP request to {} is not allowed: '{host}' is not in allowed_hosts",
                String::from_utf8_lossy(url)
            ),
        );
    }
}

/// The host of `scheme://[user@]host[:port]/...`, lowercased (IPv6 keeps its brackets).
fn url_host(url: &[u8]) -> String {
    let url = String::from_utf8_lossy(url);
    let rest = url.split_once("://").map_or(&*url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host_port.starts_with('[') {
        host_port.split_inclusive(']').next().unwrap_or(host_port)
    } else {
        host_port.split(':').next().unwrap_or(host_port)
    };
    host.to_ascii_lowercase()
}

/// Glob matching with `*` (any run) and `?` (one character).
fn glob_match(pattern: &[u8], text: &[u8]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some((b'*', rest)) => (0..=text.len()).any(|skip| glob_match(rest, &text[skip..])),
        Some((&p, rest)) => text.split_first().is_some_and(|(&t, tail)| {
            (p == b'?' || p.eq_ignore_ascii_case(&t)) && glob_match(rest, tail)
        }),
    }
}

/// `export(name, fn, n_params)`: makes `fn` an export of the plug-in, called by Extism with
/// no arguments (`n_params` < 0, plugin_fn) or by other modules with `n_params` i64
/// arguments (shared_fn). Exports are chosen at build time, in this order.
unsafe extern "C" fn export(name: mp_obj_t, fun: mp_obj_t, n_params: mp_obj_t) -> mp_obj_t {
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
    let entry = [name, fun, n_params];
    ffi::mp_obj_list_append(*registry, ffi::mp_obj_new_tuple(3, entry.as_ptr()));
    NONE
}
py_fn!(EXPORT_OBJ, 3, export);

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
static DECLARE_IMPORT_OBJ: super::Rom<ffi::mp_obj_fun_builtin_var_t> =
    super::Rom(ffi::mp_obj_fun_builtin_var_t {
        base: ffi::mp_obj_base_t {
            type_: &raw const ffi::mp_type_fun_builtin_var,
        },
        sig: ffi::fun_sig(4, 4, false),
        fun: ffi::_mp_obj_fun_builtin_var_t__bindgen_ty_1 {
            var: Some(declare_import),
        },
    });

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
    let result = crate::entry::host_call(index as i32, &values);
    ffi::mp_obj_new_int_from_ll(result)
}
static CALL_HOST_OBJ: super::Rom<ffi::mp_obj_fun_builtin_var_t> =
    super::Rom(ffi::mp_obj_fun_builtin_var_t {
        base: ffi::mp_obj_base_t {
            type_: &raw const ffi::mp_type_fun_builtin_var,
        },
        sig: ffi::fun_sig(1, u16::MAX as u32, false),
        fun: ffi::_mp_obj_fun_builtin_var_t__bindgen_ty_1 {
            var: Some(call_host),
        },
    });

extern "C" {
    fn upy_fun_param_names(fun: mp_obj_t) -> mp_obj_t;
}

/// `params(fn) -> tuple`: the names of a Python function's positional parameters.
unsafe extern "C" fn params(fun: mp_obj_t) -> mp_obj_t {
    if !ffi::is_type(fun, &ffi::mp_type_fun_bc) {
        raise_msg(
            &ffi::mp_type_TypeError,
            "expected a function defined in Python",
        );
    }
    upy_fun_param_names(fun)
}
py_fn!(PARAMS_OBJ, 1, params);

/// `mem_alloc(data: bytes) -> int`: a new Extism memory block holding `data`.
unsafe extern "C" fn mem_alloc(data: mp_obj_t) -> mp_obj_t {
    let data = bytes_of(data);
    let offset = to_host(data);
    if offset == 0 {
        raise_msg(&ffi::mp_type_MemoryError, "the host refused memory");
    }
    ffi::mp_obj_new_int_from_ll(offset as i64)
}
py_fn!(MEM_ALLOC_OBJ, 1, mem_alloc);

fn offset_arg(o: mp_obj_t) -> u64 {
    unsafe { ffi::mp_obj_get_ll(o) as u64 }
}

/// `mem_length(offset) -> int`: the length of the block at `offset` (0 if there is none).
unsafe extern "C" fn mem_length(offset: mp_obj_t) -> mp_obj_t {
    ffi::mp_obj_new_int_from_ll(host::length(offset_arg(offset)) as i64)
}
py_fn!(MEM_LENGTH_OBJ, 1, mem_length);

/// `mem_load(offset) -> bytes`: a copy of the block at `offset`.
unsafe extern "C" fn mem_load(offset: mp_obj_t) -> mp_obj_t {
    load_block(offset_arg(offset))
}
py_fn!(MEM_LOAD_OBJ, 1, mem_load);

/// `mem_free(offset)`: frees the block at `offset`.
unsafe extern "C" fn mem_free(offset: mp_obj_t) -> mp_obj_t {
    host::free(offset_arg(offset));
    NONE
}
py_fn!(MEM_FREE_OBJ, 1, mem_free);
