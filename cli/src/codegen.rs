//! Turns the core plus a Python file into a plug-in, in the order wizer taught:
//! 1. **instrument**: export the core's globals so their values can be read back;
//! 2. **initialize**: instantiate it in wasmtime, hand it the plug-in's files and run its top
//!    level (compile, import, define functions) — all at build time;
//! 3. **snapshot**: read memory and globals;
//! 4. **rewrite**: the original core with the snapshot as its data and global initializers,
//!    and one export per plug-in function, each `i32.const index; call __upy_call`.
//!
//! Function bodies are copied byte for byte, so the rewrite needs no understanding of the
//! core's instructions (exception handling included).

use anyhow::{anyhow, bail, Result};
use std::ops::Range;
use wasm_encoder as enc;
use wasmparser::{self as wp, Payload};

/// A plug-in built from Python files.
pub struct Plugin {
    pub wasm: Vec<u8>,
    /// Exported function names, in export-index order.
    pub exports: Vec<String>,
    /// What the top level printed while it ran at build time.
    pub stdout: String,
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

/// Frames files as the core expects: `[u32 len][path][u32 len][text]`, the plug-in first.
pub fn frame_files(files: &[(String, String)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (path, text) in files {
        for part in [path.as_bytes(), text.as_bytes()] {
            out.extend_from_slice(&(part.len() as u32).to_le_bytes());
            out.extend_from_slice(part);
        }
    }
    out
}

/// The files of a build, given the core's built-in modules (see `imports::Builtins`).
pub type FilesFor<'a> = &'a dyn Fn(&str) -> Result<Vec<(String, String)>>;

/// Builds a plug-in from `core` and the files `files_for` picks (the plug-in's own first).
pub fn build(core: &[u8], files_for: FilesFor) -> Result<Plugin> {
    let info = ModuleInfo::read(core)?;
    let global_exports: Vec<(String, u32)> = (0..info.globals)
        .map(|i| (format!("__upy_global_{i}"), i))
        .collect();
    let instrumented = rewrite(
        core,
        &info,
        &Rewrite {
            snapshot: None,
            exports: Exports::Instrument(&global_exports),
        },
    )?;

    let snapshot = initialize(&instrumented, &global_exports, files_for)?;
    let wasm = rewrite(
        core,
        &info,
        &Rewrite {
            snapshot: Some(&snapshot.state),
            exports: Exports::Plugin(&snapshot.exports),
        },
    )?;
    Ok(Plugin {
        wasm,
        exports: snapshot.exports,
        stdout: snapshot.stdout,
    })
}

/// What the rewrite needs to know about the core.
struct ModuleInfo {
    imported_functions: u32,
    defined_functions: u32,
    /// How many globals the core defines (all are snapshotted).
    globals: u32,
    /// `__upy_call`, the function generated exports call.
    call_function: u32,
    /// The type `() -> i32` (Extism's export signature).
    export_type: u32,
}

impl ModuleInfo {
    fn read(wasm: &[u8]) -> Result<Self> {
        let mut types = Vec::new();
        let mut imported_functions = 0;
        let mut defined_functions = 0;
        let mut globals = 0;
        let mut call_function = None;
        for payload in wp::Parser::new(0).parse_all(wasm) {
            match payload? {
                Payload::TypeSection(reader) => {
                    for group in reader {
                        for sub in group?.into_types() {
                            types.push(match &sub.composite_type.inner {
                                wp::CompositeInnerType::Func(f) => {
                                    f.params().is_empty() && f.results() == [wp::ValType::I32]
                                }
                                _ => false,
                            });
                        }
                    }
                }
                Payload::ImportSection(reader) => {
                    for import in reader.into_imports() {
                        if matches!(import?.ty, wp::TypeRef::Func(_) | wp::TypeRef::FuncExact(_)) {
                            imported_functions += 1;
                        }
                    }
                }
                Payload::FunctionSection(reader) => defined_functions = reader.count(),
                Payload::GlobalSection(reader) => globals = reader.count(),
                Payload::ExportSection(reader) => {
                    for export in reader {
                        let export = export?;
                        if export.name == "__upy_call" {
                            call_function = Some(export.index);
                        }
                    }
                }
                Payload::DataSection(reader) => {
                    for data in reader {
                        if !matches!(data?.kind, wp::DataKind::Active { .. }) {
                            bail!("the core has a passive data segment; the snapshot cannot replace it");
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(ModuleInfo {
            imported_functions,
            defined_functions,
            globals,
            call_function: call_function
                .ok_or_else(|| anyhow!("the core exports no __upy_call"))?,
            export_type: types
                .iter()
                .position(|&is| is)
                .ok_or_else(|| anyhow!("the core has no () -> i32 type"))?
                as u32,
        })
    }
}

/// The instance's state after initialization.
struct State {
    memory: Vec<u8>,
    globals: Vec<wasmtime::Val>,
}

struct Snapshot {
    state: State,
    exports: Vec<String>,
    stdout: String,
}

fn engine() -> Result<wasmtime::Engine> {
    let mut config = wasmtime::Config::new();
    config
        .wasm_exceptions(true)
        .wasm_function_references(true)
        .wasm_gc(true);
    Ok(wasmtime::Engine::new(&config)?)
}

/// Steps 2 and 3: runs the plug-in's top level inside the core and reads back its state.
fn initialize(
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
        let ptr = func(store, "__upy_result_ptr")?
            .typed::<(), u32>(&*store)?
            .call(&mut *store, ())?;
        let len = func(store, "__upy_result_len")?
            .typed::<(), u32>(&*store)?
            .call(&mut *store, ())?;
        let mut data = vec![0; len as usize];
        memory.read(&*store, ptr as usize, &mut data)?;
        Ok(data)
    };
    func(&mut store, "__upy_builtin_modules")?
        .typed::<(), ()>(&store)?
        .call(&mut store, ())?;
    let builtins = read_buffer(&mut store)?;
    let payload = frame_files(&files_for(&String::from_utf8_lossy(&builtins))?);
    let buffer = func(&mut store, "__upy_buffer")?.typed::<u32, u32>(&store)?;
    let at = buffer.call(&mut store, payload.len() as u32)?;
    memory.write(&mut store, at as usize, &payload)?;
    let code = func(&mut store, "__upy_build")?
        .typed::<(), i32>(&store)?
        .call(&mut store, ())
        .map_err(describe_trap)?;
    let result = read_buffer(&mut store)?;
    let stdout_len = u32::from_le_bytes(result[..4].try_into()?) as usize;
    let stdout = String::from_utf8_lossy(&result[4..4 + stdout_len]).into_owned();
    let rest = String::from_utf8_lossy(&result[4 + stdout_len..]).into_owned();
    if code != 0 {
        return Err(PythonError {
            traceback: rest,
            stdout,
        }
        .into());
    }
    func(&mut store, "__upy_build_done")?
        .typed::<(), ()>(&store)?
        .call(&mut store, ())?;

    let globals = global_exports
        .iter()
        .map(|(name, _)| {
            let global = instance
                .get_global(&mut store, name)
                .ok_or_else(|| anyhow!("no {name}"))?;
            Ok(global.get(&mut store))
        })
        .collect::<Result<_>>()?;
    let exports = rest
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    Ok(Snapshot {
        state: State {
            memory: memory.data(&store).to_vec(),
            globals,
        },
        exports,
        stdout,
    })
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

enum Exports<'a> {
    /// The core's own exports plus one per global (for reading the snapshot).
    Instrument(&'a [(String, u32)]),
    /// `memory` and one per plug-in function.
    Plugin(&'a [String]),
}

struct Rewrite<'a> {
    snapshot: Option<&'a State>,
    exports: Exports<'a>,
}

const PAGE: usize = 65536;

fn rewrite(wasm: &[u8], info: &ModuleInfo, how: &Rewrite) -> Result<Vec<u8>> {
    let mut module = enc::Module::new();
    let raw = |module: &mut enc::Module, id: u8, range: Range<u64>| {
        module.section(&enc::RawSection {
            id,
            data: &wasm[range.start as usize..range.end as usize],
        });
    };
    let new_functions = match how.exports {
        Exports::Plugin(names) => names.len() as u32,
        Exports::Instrument(_) => 0,
    };
    let data_segments = how.snapshot.map(|s| nonzero_runs(&s.memory));
    // Code entries arrive one by one; the section is written when the next payload shows it
    // has ended, with the generated exports' bodies appended.
    let mut code: Option<enc::CodeSection> = None;
    for payload in wp::Parser::new(0).parse_all(wasm) {
        let payload = payload?;
        if !matches!(payload, Payload::CodeSectionEntry(_)) {
            if let Some(mut section) = code.take() {
                for index in 0..new_functions {
                    let mut f = enc::Function::new([]);
                    f.instructions()
                        .i32_const(index as i32)
                        .call(info.call_function)
                        .end();
                    section.function(&f);
                }
                module.section(&section);
            }
        }
        match &payload {
            Payload::FunctionSection(reader) => {
                let mut section = enc::FunctionSection::new();
                for ty in reader.clone() {
                    section.function(ty?);
                }
                for _ in 0..new_functions {
                    section.function(info.export_type);
                }
                module.section(&section);
            }
            Payload::MemorySection(reader) if how.snapshot.is_some() => {
                let pages = how.snapshot.unwrap().memory.len().div_ceil(PAGE) as u64;
                let mut section = enc::MemorySection::new();
                for memory in reader.clone() {
                    let memory = memory?;
                    section.memory(enc::MemoryType {
                        minimum: pages.max(memory.initial),
                        maximum: memory.maximum,
                        memory64: memory.memory64,
                        shared: memory.shared,
                        page_size_log2: memory.page_size_log2,
                    });
                }
                module.section(&section);
            }
            Payload::GlobalSection(reader) if how.snapshot.is_some() => {
                let values = &how.snapshot.unwrap().globals;
                let mut section = enc::GlobalSection::new();
                for (global, value) in reader.clone().into_iter().zip(values) {
                    let global = global?;
                    let init = match value {
                        wasmtime::Val::I32(v) => enc::ConstExpr::i32_const(*v),
                        wasmtime::Val::I64(v) => enc::ConstExpr::i64_const(*v),
                        wasmtime::Val::F32(v) => {
                            enc::ConstExpr::f32_const(f32::from_bits(*v).into())
                        }
                        wasmtime::Val::F64(v) => {
                            enc::ConstExpr::f64_const(f64::from_bits(*v).into())
                        }
                        other => bail!("cannot snapshot a global holding {other:?}"),
                    };
                    let ty = enc::GlobalType {
                        val_type: match global.ty.content_type {
                            wp::ValType::I32 => enc::ValType::I32,
                            wp::ValType::I64 => enc::ValType::I64,
                            wp::ValType::F32 => enc::ValType::F32,
                            wp::ValType::F64 => enc::ValType::F64,
                            other => bail!("cannot snapshot a global of type {other:?}"),
                        },
                        mutable: global.ty.mutable,
                        shared: global.ty.shared,
                    };
                    section.global(ty, &init);
                }
                module.section(&section);
            }
            Payload::ExportSection(reader) => {
                let mut section = enc::ExportSection::new();
                match how.exports {
                    Exports::Instrument(globals) => {
                        for export in reader.clone() {
                            let export = export?;
                            section.export(export.name, export_kind(export.kind)?, export.index);
                        }
                        for (name, index) in globals {
                            section.export(name, enc::ExportKind::Global, *index);
                        }
                    }
                    Exports::Plugin(names) => {
                        section.export("memory", enc::ExportKind::Memory, 0);
                        let first = info.imported_functions + info.defined_functions;
                        for (i, name) in names.iter().enumerate() {
                            section.export(name, enc::ExportKind::Func, first + i as u32);
                        }
                    }
                }
                module.section(&section);
            }
            Payload::DataCountSection { .. } if data_segments.is_some() => {
                module.section(&enc::DataCountSection {
                    count: data_segments.as_ref().unwrap().len() as u32,
                });
            }
            Payload::DataSection(_) if data_segments.is_some() => {
                let memory = &how.snapshot.unwrap().memory;
                let mut section = enc::DataSection::new();
                for run in data_segments.as_ref().unwrap() {
                    let offset = enc::ConstExpr::i32_const(run.start as i32);
                    section.active(0, &offset, memory[run.clone()].iter().copied());
                }
                module.section(&section);
            }
            Payload::CodeSectionStart { .. } => code = Some(enc::CodeSection::new()),
            Payload::CodeSectionEntry(body) => {
                let range = body.range();
                code.as_mut()
                    .unwrap()
                    .raw(&wasm[range.start as usize..range.end as usize]);
            }
            Payload::End(_) => {}
            Payload::CustomSection(_) if matches!(how.exports, Exports::Plugin(_)) => {
                // Names and producers info are not needed to run a plug-in.
            }
            Payload::Version { .. } => {}
            other => {
                if let Some((id, range)) = other.as_section() {
                    raw(&mut module, id, range);
                }
            }
        }
    }
    Ok(module.finish())
}

fn export_kind(kind: wp::ExternalKind) -> Result<enc::ExportKind> {
    Ok(match kind {
        wp::ExternalKind::Func | wp::ExternalKind::FuncExact => enc::ExportKind::Func,
        wp::ExternalKind::Table => enc::ExportKind::Table,
        wp::ExternalKind::Memory => enc::ExportKind::Memory,
        wp::ExternalKind::Global => enc::ExportKind::Global,
        wp::ExternalKind::Tag => enc::ExportKind::Tag,
    })
}

/// The non-zero stretches of memory, merged across short gaps (a segment costs a few bytes of
/// header, so a short run of zeros is cheaper to keep than to split at).
fn nonzero_runs(memory: &[u8]) -> Vec<Range<usize>> {
    const GAP: usize = 16;
    let mut runs: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while i < memory.len() {
        if memory[i] == 0 {
            i += 1;
            continue;
        }
        let start = i;
        while i < memory.len() && memory[i] != 0 {
            i += 1;
        }
        match runs.last_mut() {
            Some(last) if start - last.end <= GAP => last.end = i,
            _ => runs.push(start..i),
        }
    }
    runs
}
