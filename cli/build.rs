//! Builds the core (the workspace's root package) for wasm32 and puts it in OUT_DIR for
//! `include_bytes!`. Set EXTISM_UPY_CORE to a core .wasm to embed that one instead.

use std::env;
use std::path::PathBuf;
use std::process::Command;

fn main() {
    let workspace = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap()).join("..");
    embed_stdlib(&workspace.join("python/stdlib"));
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("core.wasm");
    println!("cargo:rerun-if-env-changed=EXTISM_UPY_CORE");
    if let Ok(core) = env::var("EXTISM_UPY_CORE") {
        println!("cargo:rerun-if-changed={core}");
        std::fs::copy(&core, &out).unwrap_or_else(|e| panic!("EXTISM_UPY_CORE={core}: {e}"));
        return;
    }
    for input in [
        "src",
        "build",
        "contract",
        "patches",
        "Cargo.toml",
        "Cargo.lock",
        "micropython/py",
    ] {
        println!("cargo:rerun-if-changed={}", workspace.join(input).display());
    }
    // A separate target dir: the outer cargo holds the lock on ours.
    let target_dir = workspace.join("target/core");
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(&workspace)
        .args([
            "build",
            "--profile",
            "core",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "extism-upy-core",
        ])
        .arg("--target-dir")
        .arg(&target_dir)
        // The outer build's settings are for the host, not for wasm.
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_BUILD_TARGET")
        .env_remove("CARGO_TARGET_DIR")
        // Under `cargo clippy`, lint the CLI, not the nested build (clippy it on its own).
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .env_remove("CLIPPY_ARGS")
        .status()
        .expect("running cargo for the core");
    assert!(
        status.success(),
        "building the core failed (did scripts/setup.sh run?)"
    );
    let built = target_dir.join("wasm32-unknown-unknown/core/extism_upy_core.wasm");
    check_exports(&std::fs::read(&built).unwrap());
    std::fs::copy(&built, &out).unwrap();
}

/// A core that lacks an export the contract names fails here, not in every plug-in build.
/// (The parts' markers are checked when a plug-in is trimmed: src/trim.rs `find_parts`.)
fn check_exports(core: &[u8]) {
    let names = export_names(core);
    let missing: Vec<&str> = extism_upy_contract::exports::ALL
        .iter()
        .copied()
        .filter(|name| !names.iter().any(|n| n == name))
        .collect();
    assert!(
        missing.is_empty(),
        "the core lacks exports that the contract (contract/src/lib.rs) names: {missing:?}"
    );
}

/// The names in a wasm module's export section.
fn export_names(wasm: &[u8]) -> Vec<String> {
    fn leb(data: &[u8], at: &mut usize) -> usize {
        let (mut value, mut shift) = (0, 0);
        loop {
            let byte = data[*at];
            *at += 1;
            value |= ((byte & 0x7f) as usize) << shift;
            if byte & 0x80 == 0 {
                return value;
            }
            shift += 7;
        }
    }
    let mut names = Vec::new();
    let mut at = 8; // magic and version
    while at < wasm.len() {
        let id = wasm[at];
        at += 1;
        let size = leb(wasm, &mut at);
        if id == 7 {
            let mut p = at;
            for _ in 0..leb(wasm, &mut p) {
                let len = leb(wasm, &mut p);
                names.push(String::from_utf8_lossy(&wasm[p..p + len]).into_owned());
                p += len + 1; // the name, then the kind
                leb(wasm, &mut p); // the index
            }
        }
        at += size;
    }
    names
}

/// `stdlib.rs`: the frozen standard library (`python/stdlib/`), as `(path, source)` pairs. A build
/// freezes into a plug-in only the modules it imports (see src/imports.rs).
fn embed_stdlib(modules: &std::path::Path) {
    println!("cargo:rerun-if-changed={}", modules.display());
    let mut files = Vec::new();
    let mut dirs = vec![modules.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "py") {
                println!("cargo:rerun-if-changed={}", path.display());
                let rel = path.strip_prefix(modules).unwrap().to_str().unwrap();
                files.push((rel.replace('\\', "/"), path.display().to_string()));
            }
        }
    }
    files.sort();
    let mut code = String::from("&[\n");
    for (rel, path) in files {
        code.push_str(&format!("    ({rel:?}, include_str!({path:?})),\n"));
    }
    code.push_str("]\n");
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("stdlib.rs");
    if std::fs::read_to_string(&out).ok().as_deref() != Some(code.as_str()) {
        std::fs::write(out, code).unwrap();
    }
}
