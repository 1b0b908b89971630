//! Step 6: Rust bindings (bindgen) for the C API the port layer uses, read from
//! `src/port/api.h`.

use std::env;
use std::path::Path;

/// Writes `bindings.rs` into `out`.
pub fn bind(port: &Path, cflags: &[String], out: &Path) {
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
        .allowlist_var("(mp|MP|upy|UPY)_.*")
        .allowlist_type("(mp|qstr)_.*")
        .prepend_enum_name(false)
        .layout_tests(false)
        .generate_comments(false)
        .generate()
        .expect("bindgen");
    bindings.write_to_file(out.join("bindings.rs")).unwrap();
}
