//! The files `import` can see: the frozen Python of `modules/` (embedded in the core) and,
//! while a plug-in is built, the plug-in's own files. Imports resolve at build time, so a
//! built plug-in never reads a file.

use crate::ffi;
use core::ffi::c_char;
use std::cell::RefCell;

mod frozen {
    include!(concat!(env!("OUT_DIR"), "/frozen.rs"));
}

struct Files(RefCell<Vec<(String, String)>>);
// SAFETY: wasm32-unknown-unknown is single-threaded.
unsafe impl Sync for Files {}
/// Files added for this build (path relative to the plug-in's folder, source text).
static EXTRA: Files = Files(RefCell::new(Vec::new()));

pub fn add_file(path: String, source: String) {
    EXTRA.0.borrow_mut().push((path, source));
}

/// Drops the build's files once they are compiled, so that the snapshot does not keep them.
pub fn clear_files() {
    EXTRA.0.borrow_mut().clear();
}

fn with_source<R>(path: &str, f: impl FnOnce(Option<&str>) -> R) -> R {
    let extra = EXTRA.0.borrow();
    let found = extra
        .iter()
        .find(|(p, _)| p == path)
        .map(|(_, s)| s.as_str())
        .or_else(|| {
            frozen::FILES
                .iter()
                .find(|(p, _)| *p == path)
                .map(|(_, s)| *s)
        });
    f(found)
}

fn is_dir(path: &str) -> bool {
    let prefix = format!("{path}/");
    EXTRA.0.borrow().iter().any(|(p, _)| p.starts_with(&prefix))
        || frozen::FILES.iter().any(|(p, _)| p.starts_with(&prefix))
}

#[no_mangle]
unsafe extern "C" fn mp_import_stat(path: *const c_char) -> ffi::mp_import_stat_t {
    let path = core::ffi::CStr::from_ptr(path).to_str().unwrap_or("");
    if with_source(path, |s| s.is_some()) {
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
    // The lexer reads the text in place: frozen sources are static, and build-time files live
    // in EXTRA until the build's compiling is done.
    let text = with_source(path, |s| s.map(|s| (s.as_ptr(), s.len())));
    match text {
        Some((ptr, len)) => ffi::mp_lexer_new_from_str_len(filename, ptr as *const c_char, len, 0),
        None => ffi::mp_raise_OSError(ffi::MP_ENOENT as i32),
    }
}
