//! Builds the core (the workspace's root package) for wasm32 and puts it in OUT_DIR for
//! `include_bytes!`. Set EXTISM_UPY_CORE to a core .wasm to embed that one instead.

use std::env;
use std::path::PathBuf;
use std::process::Command;

fn main() {
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("core.wasm");
    println!("cargo:rerun-if-env-changed=EXTISM_UPY_CORE");
    if let Ok(core) = env::var("EXTISM_UPY_CORE") {
        println!("cargo:rerun-if-changed={core}");
        std::fs::copy(&core, &out).unwrap_or_else(|e| panic!("EXTISM_UPY_CORE={core}: {e}"));
        return;
    }
    let workspace = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap()).join("..");
    for input in [
        "src",
        "modules",
        "build.rs",
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
    std::fs::copy(&built, &out).unwrap();
}
