//! Phase 2, initialize: runs the plug-in's top level inside the instrumented core, in
//! wasmtime, at build time.

use super::snapshot::{self, Snapshot};
use super::{Export, FilesFor, HostImport, PythonError};
use anyhow::{anyhow, Result};
use extism_upy_contract::{self as contract, exports, BuildLine};

fn engine() -> Result<wasmtime::Engine> {
    let mut config = wasmtime::Config::new();
    config
        .wasm_exceptions(true)
        .wasm_function_references(true)
        .wasm_gc(true);
    Ok(wasmtime::Engine::new(&config)?)
}

/// Runs the plug-in's top level inside the core (instrumented), then takes the snapshot
/// (phase 3).
pub(super) fn initialize(
    wasm: &[u8],
    global_exports: &[(String, u32)],
    files_for: FilesFor,
) -> Result<Snapshot> {
    use wasmtime::{Linker, Module, Store};
    let engine = engine()?;
    let module = Module::new(&engine, wasm).map_err(|e| anyhow!("compiling the core: {e:?}"))?;
    let mut linker: Linker<()> = Linker::new(&engine);
    // The host's functions do not exist at build time: a top level that calls one (reads
    // input, config, ...) fails the build with the function's name.
    linker.define_unknown_imports_as_traps(&module)?;
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &module)?;
    let memory = instance
        .get_memory(&mut store, "memory")
        .ok_or_else(|| anyhow!("core exports no memory"))?;
    let func = |store: &mut Store<()>, name: &str| {
        instance
            .get_func(&mut *store, name)
            .ok_or_else(|| anyhow!("core exports no {name}"))
    };

    let read_buffer = |store: &mut Store<()>| -> Result<Vec<u8>> {
        let ptr = func(store, exports::RESULT_PTR)?
            .typed::<(), u32>(&*store)?
            .call(&mut *store, ())?;
        let len = func(store, exports::RESULT_LEN)?
            .typed::<(), u32>(&*store)?
            .call(&mut *store, ())?;
        let mut data = vec![0; len as usize];
        memory.read(&*store, ptr as usize, &mut data)?;
        Ok(data)
    };
    func(&mut store, exports::BUILTIN_MODULES)?
        .typed::<(), ()>(&store)?
        .call(&mut store, ())?;
    let builtins = read_buffer(&mut store)?;
    let files = files_for(&String::from_utf8_lossy(&builtins))?;
    let payload = contract::encode_files(&files);
    let buffer = func(&mut store, exports::BUFFER)?.typed::<u32, u32>(&store)?;
    let at = buffer.call(&mut store, payload.len() as u32)?;
    memory.write(&mut store, at as usize, &payload)?;
    let code = func(&mut store, exports::BUILD)?
        .typed::<(), i32>(&store)?
        .call(&mut store, ())
        .map_err(describe_trap)?;
    let result = read_buffer(&mut store)?;
    let (stdout, rest) = contract::decode_build_result(&result)
        .ok_or_else(|| anyhow!("the core returned a malformed build result"))?;
    let stdout = String::from_utf8_lossy(stdout).into_owned();
    let rest = String::from_utf8_lossy(rest).into_owned();
    if code != 0 {
        return Err(PythonError {
            traceback: rest,
            stdout,
        }
        .into());
    }
    // Standard-library files the top level did not import (imports inside functions, or a
    // name the scan took for a file, as `collections` under an empty `sys.path`) are imported
    // now, compiled into the snapshot: a file left as source keeps the compiler in the plug-in.
    if let Ok(import) = func(&mut store, exports::IMPORT_MODULES) {
        let names: Vec<String> = files
            .iter()
            .filter(|(path, text)| {
                crate::imports::STDLIB
                    .iter()
                    .any(|(p, s)| p == path && s == text)
            })
            .map(|(path, _)| {
                let module = path.trim_end_matches(".py").trim_end_matches("/__init__");
                module.replace('/', ".")
            })
            .collect();
        let names = names.join("\n");
        let at = buffer.call(&mut store, names.len() as u32)?;
        memory.write(&mut store, at as usize, names.as_bytes())?;
        import.typed::<(), ()>(&store)?.call(&mut store, ())?;
    }
    func(&mut store, exports::BUILD_DONE)?
        .typed::<(), ()>(&store)?
        .call(&mut store, ())?;
    // A core without this export (EXTISM_UPY_CORE) is kept whole anyway.
    let source_files = match func(&mut store, exports::SOURCE_FILES) {
        Ok(f) => f.typed::<(), u32>(&store)?.call(&mut store, ())?,
        Err(_) => 1,
    };

    let (exports, imports) = parse_build_result(&rest)?;
    Ok(Snapshot {
        state: snapshot::read_state(&mut store, &instance, memory, global_exports)?,
        exports,
        imports,
        stdout,
        files,
        source_files,
    })
}

/// The core's report of a build: one line per export and per declared host function.
fn parse_build_result(text: &str) -> Result<(Vec<Export>, Vec<HostImport>)> {
    let mut exports = Vec::new();
    let mut imports = Vec::new();
    for line in contract::decode_lines(text).map_err(|e| anyhow!(e))? {
        match line {
            BuildLine::Export { name } => exports.push(Export {
                name,
                params: None,
                result: true,
            }),
            BuildLine::Shared {
                name,
                params,
                result,
            } => exports.push(Export {
                name,
                params: Some(params as u32),
                result,
            }),
            BuildLine::Import {
                module,
                name,
                params,
                result,
            } => imports.push(HostImport {
                module,
                name,
                params: params as u32,
                result,
            }),
        }
    }
    Ok((exports, imports))
}

/// A trap in the top level, with the host function it reached if that was the cause.
fn describe_trap(e: wasmtime::Error) -> anyhow::Error {
    let text = format!("{e:?}");
    if let Some(pos) = text.find("unknown import: `") {
        let name = text[pos..].split('`').nth(1).unwrap_or("?");
        return anyhow!(
            "the plug-in's top level called the host function `{name}`, which is not \
             available while the plug-in is built; call it inside a plug-in function instead"
        );
    }
    anyhow!("the plug-in's top level trapped while it ran at build time: {text}")
}
