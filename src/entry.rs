//! The core's wasm exports. Only the CLI calls these; a built plug-in keeps `__upy_call`
//! behind one generated export per Python function (see cli/src/codegen.rs).
//!
//! The names of these exports, the frames they exchange with the CLI and the parts a plug-in
//! may leave out are in the contract crate (contract/, `extism_upy_contract`).
//!
//! `unsafe` here: reads of MicroPython's module tables (static, read-only) and its C API.

use crate::ffi;
use crate::host;
use crate::modules::extism_pdk as pdk_module;
use crate::port::{alloc, hal, heap, vfs};
use crate::runtime;
use extism_upy_contract as contract;
use std::cell::RefCell;

struct Buffer(RefCell<Vec<u8>>);
// SAFETY: wasm32-unknown-unknown is single-threaded.
unsafe impl Sync for Buffer {}
/// Where build-time payloads and results live while the CLI reads or writes them.
static BUFFER: Buffer = Buffer(RefCell::new(Vec::new()));

/// Makes the payload's files importable and returns the first (the plug-in or script).
fn load_files(payload: &[u8]) -> (String, String) {
    let mut files = contract::decode_files(payload)
        .unwrap_or_default()
        .into_iter();
    let main = files.next().unwrap_or_default();
    for (path, text) in files {
        vfs::add_file(path, text);
    }
    main
}

/// Module name for a plug-in file: `plugin.py` → `plugin`.
fn module_name(path: &str) -> &str {
    let file = path.rsplit('/').next().unwrap_or(path);
    file.strip_suffix(".py").unwrap_or(file)
}

/// Build time: makes room for a payload of `len` bytes and returns where to write it.
#[no_mangle]
pub extern "C" fn __upy_buffer(len: usize) -> *mut u8 {
    let mut buf = BUFFER.0.borrow_mut();
    *buf = vec![0; len];
    buf.as_mut_ptr()
}

/// Build time: the length of the result in the buffer.
#[no_mangle]
pub extern "C" fn __upy_result_len() -> usize {
    BUFFER.0.borrow().len()
}

/// Build time: where the result in the buffer starts.
#[no_mangle]
pub extern "C" fn __upy_result_ptr() -> *const u8 {
    BUFFER.0.borrow().as_ptr()
}

/// The built-in modules, one name per line; a `*` marks those a file of the same name
/// shadows (MicroPython's "extensible" modules). The CLI resolves imports against it.
fn builtin_modules() -> Vec<u8> {
    runtime::enter();
    let mut names = Vec::new();
    for (map, mark) in unsafe {
        [
            (&ffi::mp_builtin_module_map, ""),
            (&ffi::mp_builtin_extensible_module_map, "*"),
        ]
    } {
        let table = unsafe { core::slice::from_raw_parts(map.table, map.alloc) };
        for elem in table {
            if ffi::is_qstr(elem.key) {
                names.extend_from_slice(unsafe { crate::objects::bytes_of(elem.key) });
                names.extend_from_slice(mark.as_bytes());
                names.push(b'\n');
            }
        }
    }
    names
}

/// Build time: leaves the built-in modules' names in the buffer.
#[no_mangle]
pub extern "C" fn __upy_builtin_modules() {
    *BUFFER.0.borrow_mut() = builtin_modules();
}

/// `extism-upy run`: the built-in modules' names, as the call's output.
#[no_mangle]
pub extern "C" fn __upy_run_builtins() -> i32 {
    host::set_output(&builtin_modules()).is_err() as i32
}

/// Build time: runs the plug-in's top level from the files in the buffer, chooses its exports
/// and leaves the result in the buffer. Returns 0 on success, 1 on a Python error.
#[no_mangle]
pub extern "C" fn __upy_build() -> i32 {
    runtime::enter();
    hal::set_sink(hal::Sink::Capture);
    let (main_path, main_source) = load_files(&std::mem::take(&mut *BUFFER.0.borrow_mut()));
    let outcome = runtime::exec_module(module_name(&main_path), &main_path, &main_source)
        .and_then(runtime::select_exports);
    // What the top level printed, to sys.stdout then to sys.stderr.
    let mut stdout = hal::take();
    stdout.extend_from_slice(&hal::take_stderr());
    let (code, rest) = match outcome {
        Ok(exports) => {
            let mut lines = exports;
            for import in pdk_module::link_host_imports() {
                lines.push(contract::BuildLine::Import {
                    module: import.module,
                    name: import.name,
                    params: import.n_params,
                    result: import.has_result,
                });
            }
            (0, contract::encode_lines(&lines))
        }
        Err(exc) => (1, runtime::format_exception(exc)),
    };
    *BUFFER.0.borrow_mut() = contract::encode_build_result(&stdout, &rest);
    code
}

/// Build time, after the top level ran: imports the modules named in the buffer (one a line:
/// the standard library's files of the build), so that those the top level did not import
/// are compiled into the snapshot instead of staying as source, which would keep the compiler
/// in the plug-in. Their top levels only define names; one that fails stays as source.
#[no_mangle]
pub extern "C" fn __upy_import_modules() {
    let names = std::mem::take(&mut *BUFFER.0.borrow_mut());
    runtime::enter();
    for name in String::from_utf8_lossy(&names).lines() {
        let _ = runtime::import(name);
    }
}

/// Build time, after the CLI read the result: drops build-only state and collects garbage so
/// that the snapshot holds only what calls need.
#[no_mangle]
pub extern "C" fn __upy_build_done() {
    *BUFFER.0.borrow_mut() = Vec::new();
    vfs::drop_compiled();
    hal::set_sink(hal::Sink::Log);
    heap::collect_now();
    heap::zero_free_blocks();
    alloc::stop_zeroing();
    heap::follow_host_config();
}

/// Call time: runs shared export `index` (`extism.shared_fn`) with its first `n` arguments
/// and returns its result (generated exports with parameters call this).
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn __upy_call_shared(
    index: i32,
    n: i32,
    a0: i64,
    a1: i64,
    a2: i64,
    a3: i64,
    a4: i64,
    a5: i64,
    a6: i64,
    a7: i64,
) -> i64 {
    runtime::enter();
    let args = [a0, a1, a2, a3, a4, a5, a6, a7];
    runtime::call_shared(index as usize, &args[..(n as usize).min(args.len())])
}

/// Call time: runs export `index` (generated exports call this).
#[no_mangle]
pub extern "C" fn __upy_call(index: i32) -> i32 {
    runtime::enter();
    runtime::call_export(index as usize)
}

/// `extism-upy run`: runs the files in the Extism input as `__main__`; the output is the run
/// result frame.
#[no_mangle]
pub extern "C" fn __upy_run() -> i32 {
    alloc::stop_zeroing();
    heap::follow_host_config();
    runtime::enter();
    hal::set_sink(hal::Sink::Capture);
    let input = host::input();
    let (main_path, main_source) = load_files(&input);
    drop(input);
    let outcome = runtime::exec_module("__main__", &main_path, &main_source);
    let (code, traceback) = match outcome {
        Ok(_) => (0, Vec::new()),
        Err(exc) => match runtime::exit_code(exc) {
            Some(code) => (code, Vec::new()),
            None => (1, runtime::format_exception(exc)),
        },
    };
    // The CLI writes the traceback part to its stderr, with a newline: sys.stderr's text,
    // then the traceback.
    let mut stderr = hal::take_stderr();
    if traceback.is_empty() && stderr.last() == Some(&b'\n') {
        stderr.pop();
    }
    stderr.extend_from_slice(&traceback);
    let result = contract::RunResult {
        code,
        stdout: hal::take(),
        traceback: stderr,
    };
    host::set_output(&result.encode()).is_err() as i32
}

/// A plug-in's stand-in for a function of a part its build left out (`part` indexes the
/// contract's `PARTS`): code the import scan could not see reached it (`__import__`,
/// `importlib`, `eval` by another name), so say what is missing and how to keep it.
#[no_mangle]
pub extern "C" fn __upy_left_out(part: i32) -> ! {
    let name = contract::part_name(part as usize).unwrap_or("?");
    let msg = if name == contract::COMPILER {
        "the compiler was left out of this plug-in at build time (its files use no eval, exec \
         or compile and keep no source); build it with --keep-compiler"
            .to_string()
    } else if name == contract::MATCHER {
        "the match statement was left out of this plug-in at build time (no file has one); \
         build it with --keep-compiler"
            .to_string()
    } else if name == "_clock" || name == "_entropy" {
        let what = if name == "_clock" {
            "clock"
        } else {
            "random source"
        };
        format!(
            "WASI's {what} was left out of this plug-in at build time (no file imports \
             '{name}' or names a call that needs it); build it with --keep-module {name} (the \
             plug-in then needs a host with WASI enabled)"
        )
    } else {
        format!(
            "module '{name}' was left out of this plug-in at build time (no file imports it); \
             build it with --keep-module {name}"
        )
    };
    crate::ffi::nlr::raise_msg(unsafe { &ffi::mp_type_RuntimeError }, msg)
}

/// Build time, after `__upy_build_done`: how many files stay as source, to be compiled when a
/// call first imports them (the plug-in then needs the compiler).
#[no_mangle]
pub extern "C" fn __upy_source_files() -> usize {
    vfs::source_files()
}
