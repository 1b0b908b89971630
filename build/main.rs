//! Builds MicroPython's core for wasm32-unknown-unknown and binds its C API for Rust.
//!
//! The pipeline follows MicroPython's own `py/mkrules.mk`, run from here instead of make, one
//! step per file:
//! 1. find MicroPython's source, fetched into `micropython/` by `scripts/setup.sh`;
//! 2. apply our edits to it, `patches/*.patch` ([`patch`]);
//! 3. write `genhdr/mpversion.h` ([`headers`]);
//! 4. preprocess every C source with `NO_QSTR`, collect the `MP_QSTR_*`,
//!    `MP_REGISTER_MODULE` and `MP_REGISTER_ROOT_POINTER` uses (`py/makeqstrdefs.py`) and the
//!    `MP_QSTR_*` names our Rust code uses, and generate the rest of `genhdr/` ([`headers`]);
//! 5. compile with clang-22 through `cc`, with wasm exception handling for nlr (below);
//! 6. run bindgen over the headers the Rust port layer needs ([`bind`]).

mod bind;
mod files;
mod headers;
mod patch;

use std::env;
use std::fs;
use std::path::PathBuf;

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
        // A C call to a Rust function whose signature differs from upy.h's (which bindgen
        // turned into Rust) is a linker warning ("signature mismatch"): make it an error.
        println!("cargo:rustc-cdylib-link-arg=--fatal-warnings");
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
    println!("cargo:rerun-if-changed={}", root.join("build").display());
    println!("cargo:rerun-if-changed={}", port.display());
    println!("cargo:rerun-if-changed={}", mp.join("py").display());

    let genhdr = out.join("genhdr");
    fs::create_dir_all(&genhdr).unwrap();
    headers::write_version_header(&mp, &genhdr);

    // `patched/py/` holds the headers patches/ edits, found before MicroPython's.
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

    let mut sources = patch::patch_sources(&mp, &root.join("patches"), &out.join("patched"));
    sources.extend(files::c_files(&port));
    if native {
        // sjlj.c is the runtime of clang's wasm setjmp lowering; natively libc's setjmp.
        sources.retain(|p| !p.ends_with("sjlj.c"));
    }

    headers::generate_headers(&clang, &mp, &root, &genhdr, &cflags, &sources);

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

    bind::bind(&port, &cflags, &out);
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
