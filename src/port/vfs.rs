//! The files `import` can see: those the CLI put in the build payload (the plug-in's own
//! modules, its dependencies and the frozen standard library it imports; the CLI resolves
//! imports, see cli/src/imports.rs). Files compiled during the build are dropped before the
//! snapshot; the others stay, for imports that first run inside a call.
//!
//! `unsafe` here: these functions are C's to call (src/port/upy.h declares them), with
//! pointers C owns and objects alive for the call, and they use MicroPython's C API.

use crate::ffi;
use core::ffi::c_char;
use std::cell::RefCell;

struct File {
    path: String,
    source: String,
    compiled: bool,
}

struct Files(RefCell<Vec<File>>);
// SAFETY: wasm32-unknown-unknown is single-threaded.
unsafe impl Sync for Files {}
static FILES: Files = Files(RefCell::new(Vec::new()));

pub fn add_file(path: String, source: String) {
    FILES.0.borrow_mut().push(File {
        path,
        source,
        compiled: false,
    });
}

/// Drops the files the build compiled: their code is in the heap now.
pub fn drop_compiled() {
    FILES.0.borrow_mut().retain(|f| !f.compiled);
}

fn is_dir(path: &str) -> bool {
    let prefix = format!("{path}/");
    FILES.0.borrow().iter().any(|f| f.path.starts_with(&prefix))
}

#[no_mangle]
unsafe extern "C" fn mp_import_stat(path: *const c_char) -> ffi::mp_import_stat_t {
    let path = core::ffi::CStr::from_ptr(path).to_str().unwrap_or("");
    if FILES.0.borrow().iter().any(|f| f.path == path) {
        ffi::MP_IMPORT_STAT_FILE
    } else if is_dir(path) {
        ffi::MP_IMPORT_STAT_DIR
    } else {
        ffi::MP_IMPORT_STAT_NO_EXIST
    }
}

#[no_mangle]
unsafe extern "C" fn mp_lexer_new_from_file(filename: ffi::qstr) -> *mut ffi::mp_lexer_t {
    let mut len = 0;
    let name = ffi::qstr_data(filename, &mut len);
    let path = core::str::from_utf8(core::slice::from_raw_parts(name, len)).unwrap_or("");
    // The lexer reads the text in place; the file stays until drop_compiled(), after the
    // compiling is done.
    let text = FILES
        .0
        .borrow_mut()
        .iter_mut()
        .find(|f| f.path == path)
        .map(|f| {
            f.compiled = true;
            (f.source.as_ptr(), f.source.len())
        });
    match text {
        Some((ptr, len)) => ffi::mp_lexer_new_from_str_len(filename, ptr as *const c_char, len, 0),
        None => ffi::mp_raise_OSError(ffi::MP_ENOENT as i32),
    }
}

/// How many files were not compiled during the build (and stay, as source).
pub fn source_files() -> usize {
    FILES.0.borrow().len()
}
