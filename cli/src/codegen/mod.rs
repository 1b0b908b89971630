//! Turns the core plus a Python file into a plug-in, in the order wizer taught, a file per
//! phase:
//! 1. **instrument** ([`instrument`]): export the core's globals so their values can be read
//!    back;
//! 2. **initialize** ([`initialize`]): instantiate it in wasmtime, hand it the plug-in's files
//!    and run its top level (compile, import, define functions) — all at build time;
//! 3. **snapshot** ([`snapshot`]): read memory and globals, and zero what a plug-in cannot
//!    reach (the build's dead stack frames; data only left-out code uses, see trim.rs);
//! 4. **rewrite** ([`rewrite`]): the original core with the snapshot as its data and global
//!    initializers, and one export per plug-in function, each `i32.const index; call
//!    __upy_call`;
//! 5. **size report** ([`size_report`]): where the plug-in's bytes go.
//!
//! Function bodies are re-encoded by wasm-encoder, instruction by instruction: the linker
//! leaves every relocated index in the core padded to five bytes (the core keeps its
//! relocations, see trim.rs), and re-encoding writes them at their shortest. Bodies of the
//! parts a plug-in leaves out become stubs (trim.rs).

mod initialize;
mod instrument;
mod rewrite;
mod size_report;
mod snapshot;

pub use size_report::SizeReport;

use crate::trim::{self, Keep};
use anyhow::Result;
use instrument::ModuleInfo;
use rewrite::{rewrite, Exports, Rewrite};
use std::collections::HashSet;

/// A plug-in built from Python files.
pub struct Plugin {
    pub wasm: Vec<u8>,
    /// Exported function names, in export-index order.
    pub exports: Vec<String>,
    /// Host functions it imports (`extism.import_fn`), as `module.name`.
    pub imports: Vec<String>,
    /// What the top level printed while it ran at build time.
    pub stdout: String,
    /// Where its bytes go (`extism-upy build --size-report`).
    pub report: SizeReport,
}

/// A Python error raised while the plug-in's top level ran (syntax errors included).
#[derive(Debug)]
pub struct PythonError {
    pub traceback: String,
    pub stdout: String,
}

impl std::fmt::Display for PythonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.traceback)
    }
}
impl std::error::Error for PythonError {}

/// A function the plug-in exports: to Extism (`() -> i32`), or to other modules with
/// `params` i64 parameters and an i64 result (`extism.shared_fn`).
struct Export {
    name: String,
    params: Option<u32>,
    /// For a shared export: whether it returns an i64.
    result: bool,
}

/// A host function the plug-in declared with `extism.import_fn`: `params` i64 parameters and
/// an optional i64 result.
struct HostImport {
    module: String,
    name: String,
    params: u32,
    result: bool,
}

/// The files of a build, given the core's built-in modules (see `imports::Builtins`).
pub type FilesFor<'a> = &'a dyn Fn(&str) -> Result<Vec<(String, String)>>;

/// Builds a plug-in from `core` and the files `files_for` picks (the plug-in's own first),
/// leaving out the parts of the core the files cannot use unless `keep` says otherwise.
pub fn build(core: &[u8], files_for: FilesFor, keep: &Keep) -> Result<Plugin> {
    let info = ModuleInfo::read(core)?;
    let (instrumented, global_exports) = instrument::instrument(core, &info)?;
    let mut snapshot = initialize::initialize(&instrumented, &global_exports, files_for)?;
    snapshot.state.zero_dead_stack(info.stack_pointer);
    let graph = trim::Graph::read(core)?;
    // Native modules are kept by name: whatever any file imports, in any block.
    let mut modules: HashSet<String> = snapshot
        .files
        .iter()
        .flat_map(|(_, text)| crate::imports::scan(text))
        .filter(|import| import.level == 0)
        .filter_map(|import| import.module.split('.').next().map(str::to_string))
        .collect();
    let wasi = crate::imports::wasi_calls(&snapshot.files, &modules);
    modules.extend(wasi.into_iter().map(str::to_string));
    let compiles = snapshot.source_files > 0
        || snapshot
            .files
            .iter()
            .any(|(_, text)| crate::imports::may_compile(text));
    let globals: Vec<i32> = snapshot
        .state
        .globals
        .iter()
        .filter_map(|g| g.i32())
        .collect();
    let slots = graph.memory_slots(&snapshot.state.memory, &globals);
    let matches = snapshot
        .files
        .iter()
        .any(|(_, text)| crate::imports::has_match_statement(text));
    let plan = trim::plan(&graph, &slots, &modules, (compiles, matches), keep)?;
    // Constants only left-out code used (re's Unicode tables, the parser's rules, ...) need
    // not ship: zeros cost nothing in the snapshot.
    for range in graph.dead_data(&plan.live, &snapshot.state.memory, &globals) {
        snapshot.state.memory[range].fill(0);
    }
    let wasm = rewrite(
        core,
        &info,
        &Rewrite {
            snapshot: Some(&snapshot.state),
            exports: Exports::Plugin(&snapshot.exports, &snapshot.imports),
            plan: Some(&plan),
        },
    )?;
    let report = SizeReport::new(core, &wasm, (&graph, &slots), &plan, &snapshot.files)?;
    Ok(Plugin {
        report,
        wasm,
        exports: snapshot.exports.into_iter().map(|e| e.name).collect(),
        imports: snapshot
            .imports
            .iter()
            .map(|i| format!("{}.{}", i.module, i.name))
            .collect(),
        stdout: snapshot.stdout,
    })
}
