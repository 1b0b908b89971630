//! extism-upy: Extism plug-ins written in Python, on MicroPython.
//!
//! - [`codegen`] turns the core and a Python file into a pre-initialized plug-in.
//! - [`host`] calls plug-ins and runs scripts in the Extism runtime.
//! - [`imports`] finds the files a plug-in imports, and holds the frozen standard library.
//! - [`trim`] leaves out the parts of the core a plug-in cannot use.
//! - [`CORE`] is the core itself (the workspace's root package, built for wasm32).

pub mod codegen;
pub mod host;
pub mod imports;
pub mod trim;

/// The core: MicroPython and the port layer, compiled for wasm32-unknown-unknown.
pub static CORE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/core.wasm"));

/// The files of the plug-in or script `main`: itself, then what it imports from its folder,
/// `paths`, `PYTHONPATH` and the standard library (see [`imports`]).
pub fn plugin_files(
    main: &std::path::Path,
    paths: &[std::path::PathBuf],
    builtins: &str,
) -> anyhow::Result<Vec<(String, String)>> {
    use imports::Root;
    let folder = main
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let mut roots = vec![Root::Dir(folder.to_path_buf())];
    roots.extend(paths.iter().cloned().map(Root::Dir));
    if let Some(pythonpath) = std::env::var_os("PYTHONPATH") {
        roots.extend(std::env::split_paths(&pythonpath).map(Root::Dir));
    }
    roots.push(Root::Stdlib);
    imports::collect(main, &roots, &imports::Builtins::parse(builtins))
}
