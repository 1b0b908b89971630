//! File helpers the build steps share.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The `.c` files of `dir`, sorted (a stable order keeps builds reproducible).
pub fn c_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "c"))
        .collect();
    files.sort();
    files
}

/// Runs a Python script of MicroPython's (`py/*.py`) and returns what it printed.
pub fn python(script: &Path, args: &[&str]) -> Vec<u8> {
    let output = Command::new("python3")
        .arg(script)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("python3 {}: {e}", script.display()));
    if !output.status.success() {
        panic!(
            "python3 {} {:?} failed:\n{}",
            script.display(),
            args,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    output.stdout
}

/// Writes `data` unless the file already holds it, so that cargo and cc see no change.
pub fn write_if_changed(path: &Path, data: &[u8]) {
    if fs::read(path).ok().as_deref() != Some(data) {
        fs::write(path, data).unwrap();
    }
}
