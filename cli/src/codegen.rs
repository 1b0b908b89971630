//! Turns the core plus a Python file into a plug-in, in the order wizer taught:
//! 1. **instrument**: export the core's globals so their values can be read back;
//! 2. **initialize**: instantiate it in wasmtime, hand it the plug-in's files and run its top
//!    level (compile, import, define functions) — all at build time;
//! 3. **snapshot**: read memory and globals;
//! 4. **rewrite**: the original core with the snapshot as its data and global initializers,
//!    and one export per plug-in function, each `i32.const index; call __upy_call`.
//!
//! Function bodies are re-encoded by wasm-encoder, instruction by instruction: the linker
//! leaves every relocated index in the core padded to five bytes (the core keeps its
//! relocations, see trim.rs), and re-encoding writes them at their shortest. Bodies of the
//! parts a plug-in leaves out become stubs (trim.rs).

use crate::trim::{self, Body, Keep, Plan};
use anyhow::{anyhow, bail, Result};
use std::collections::HashSet;
use std::ops::Range;
use wasm_encoder as enc;
use wasmparser::{self as wp, Payload};

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
}

/// A host function the plug-in declared with `extism.import_fn`: `params` i64 parameters and
/// an optional i64 result.
struct HostImport {
    module: String,
    name: String,
    params: u32,
    result: bool,
}

/// The most parameters a shared export or host function has (the core's calling helpers
/// take this many).
const MAX_PARAMS: u32 = 8;

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

/// Builds a plug-in from `core` and the files `files_for` picks (the plug-in's own first),
/// leaving out the parts of the core the files cannot use unless `keep` says otherwise.
pub fn build(core: &[u8], files_for: FilesFor, keep: &Keep) -> Result<Plugin> {
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
            plan: None,
        },
    )?;

    let mut snapshot = initialize(&instrumented, &global_exports, files_for)?;
    // Below the stack pointer (the stack grows down, and the build has returned to the top
    // level) lie only dead frames of the build: zeros are cheaper to ship.
    if let Some(sp) = info.stack_pointer {
        if let Some(wasmtime::Val::I32(sp)) = snapshot.state.globals.get(sp as usize) {
            let end = (*sp as usize).min(snapshot.state.memory.len());
            snapshot.state.memory[..end].fill(0);
        }
    }
    let graph = trim::Graph::read(core)?;
    // Native modules are kept by name: whatever any file imports, in any block.
    let modules: HashSet<String> = snapshot
        .files
        .iter()
        .flat_map(|(_, text)| crate::imports::scan(text))
        .filter(|import| import.level == 0)
        .filter_map(|import| import.module.split('.').next().map(str::to_string))
        .collect();
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
    let plan = trim::plan(&graph, &slots, &modules, compiles, keep)?;
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

/// What the rewrite needs to know about the core.
struct ModuleInfo {
    imported_functions: u32,
    defined_functions: u32,
    /// How many globals the core defines (all are snapshotted).
    globals: u32,
    /// `__upy_call`, the function generated exports call.
    call_function: u32,
    /// `__upy_call_shared`, which exports with parameters call.
    call_shared_function: u32,
    /// `__upy_host_call`, whose body becomes the dispatch to the host functions.
    host_call_function: u32,
    /// How many types the core defines (new ones are appended).
    types: u32,
    /// The type `() -> i32` (Extism's export signature).
    export_type: u32,
    /// The shadow stack's pointer (`__stack_pointer`, from the name section).
    stack_pointer: Option<u32>,
}

impl ModuleInfo {
    fn read(wasm: &[u8]) -> Result<Self> {
        let mut types = Vec::new();
        let mut imported_functions = 0;
        let mut defined_functions = 0;
        let mut globals = 0;
        let mut call_function = None;
        let mut call_shared_function = None;
        let mut host_call_function = None;
        let mut stack_pointer = None;
        for payload in wp::Parser::new(0).parse_all(wasm) {
            match payload? {
                Payload::CustomSection(reader) => {
                    if let wp::KnownCustom::Name(names) = reader.as_known() {
                        for name in names {
                            if let wp::Name::Global(map) = name? {
                                for naming in map {
                                    let naming = naming?;
                                    if naming.name == "__stack_pointer" {
                                        stack_pointer = Some(naming.index);
                                    }
                                }
                            }
                        }
                    }
                }
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
                        match export.name {
                            "__upy_call" => call_function = Some(export.index),
                            "__upy_call_shared" => call_shared_function = Some(export.index),
                            "__upy_host_call" => host_call_function = Some(export.index),
                            _ => {}
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
            call_shared_function: call_shared_function
                .ok_or_else(|| anyhow!("the core exports no __upy_call_shared"))?,
            host_call_function: host_call_function
                .ok_or_else(|| anyhow!("the core exports no __upy_host_call"))?,
            types: types.len() as u32,
            export_type: types
                .iter()
                .position(|&is| is)
                .ok_or_else(|| anyhow!("the core has no () -> i32 type"))?
                as u32,
            stack_pointer,
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
    exports: Vec<Export>,
    imports: Vec<HostImport>,
    stdout: String,
    /// The build's files, the plug-in's first.
    files: Vec<(String, String)>,
    /// How many of them stay as source, compiled when first imported by a call.
    source_files: u32,
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
    let files = files_for(&String::from_utf8_lossy(&builtins))?;
    let payload = frame_files(&files);
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
    // Standard-library files the top level did not import (imports inside functions, or a
    // name the scan took for a file, as `collections` under an empty `sys.path`) are imported
    // now, compiled into the snapshot: a file left as source keeps the compiler in the plug-in.
    if let Ok(import) = func(&mut store, "__upy_import_modules") {
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
    func(&mut store, "__upy_build_done")?
        .typed::<(), ()>(&store)?
        .call(&mut store, ())?;
    // A core without this export (EXTISM_UPY_CORE) is kept whole anyway.
    let source_files = match func(&mut store, "__upy_source_files") {
        Ok(f) => f.typed::<(), u32>(&store)?.call(&mut store, ())?,
        Err(_) => 1,
    };

    let globals = global_exports
        .iter()
        .map(|(name, _)| {
            let global = instance
                .get_global(&mut store, name)
                .ok_or_else(|| anyhow!("no {name}"))?;
            Ok(global.get(&mut store))
        })
        .collect::<Result<_>>()?;
    let (exports, imports) = parse_build_result(&rest)?;
    Ok(Snapshot {
        state: State {
            memory: memory.data(&store).to_vec(),
            globals,
        },
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
    let count = |field: Option<&str>| -> Result<u32> {
        let n = field.unwrap_or("").parse::<u32>()?;
        if n > MAX_PARAMS {
            bail!("at most {MAX_PARAMS} parameters are supported, not {n}");
        }
        Ok(n)
    };
    for line in text.lines().filter(|l| !l.is_empty()) {
        let mut fields = line.split('\t');
        match fields.next() {
            Some("export") => exports.push(Export {
                name: fields.next().unwrap_or("").to_string(),
                params: None,
            }),
            Some("shared") => exports.push(Export {
                name: fields.next().unwrap_or("").to_string(),
                params: Some(count(fields.next())?),
            }),
            Some("import") => imports.push(HostImport {
                module: fields.next().unwrap_or("").to_string(),
                name: fields.next().unwrap_or("").to_string(),
                params: count(fields.next())?,
                result: fields.next() == Some("1"),
            }),
            _ => bail!("unexpected line in the core's build result: {line:?}"),
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

enum Exports<'a> {
    /// The core's own exports plus one per global (for reading the snapshot).
    Instrument(&'a [(String, u32)]),
    /// `memory` and one per plug-in function; the host functions to import.
    Plugin(&'a [Export], &'a [HostImport]),
}

struct Rewrite<'a> {
    snapshot: Option<&'a State>,
    exports: Exports<'a>,
    /// Which bodies become stubs.
    plan: Option<&'a Plan>,
}

const PAGE: usize = 65536;

/// Function indices after `by` imports are inserted before the core's own functions.
struct ShiftFunctions {
    imported: u32,
    by: u32,
}

impl enc::reencode::Reencode for ShiftFunctions {
    type Error = std::convert::Infallible;
    fn function_index(&mut self, func: u32) -> Result<u32, enc::reencode::Error<Self::Error>> {
        Ok(if func >= self.imported {
            func + self.by
        } else {
            func
        })
    }
}

/// The function types a plug-in adds to the core's: `(i64 x params) -> results`.
#[derive(Default)]
struct NewTypes(Vec<(u32, bool)>);

impl NewTypes {
    /// The index of the type, added if new.
    fn index(&mut self, info: &ModuleInfo, params: u32, result: bool) -> u32 {
        let key = (params, result);
        let at = self.0.iter().position(|t| *t == key).unwrap_or_else(|| {
            self.0.push(key);
            self.0.len() - 1
        });
        info.types + at as u32
    }
}

fn rewrite(wasm: &[u8], info: &ModuleInfo, how: &Rewrite) -> Result<Vec<u8>> {
    use enc::reencode::Reencode;
    let mut module = enc::Module::new();
    let raw = |module: &mut enc::Module, id: u8, range: Range<u64>| {
        module.section(&enc::RawSection {
            id,
            data: &wasm[range.start as usize..range.end as usize],
        });
    };
    let (exports, imports): (&[Export], &[HostImport]) = match how.exports {
        Exports::Plugin(exports, imports) => (exports, imports),
        Exports::Instrument(_) => (&[], &[]),
    };
    // Host functions are imported after the core's imports, so the core's own functions move
    // up by their number; every reference to one is rewritten (bodies are re-encoded).
    let mut shift = ShiftFunctions {
        imported: info.imported_functions,
        by: imports.len() as u32,
    };
    let func = |index: u32| {
        if index >= info.imported_functions {
            index + imports.len() as u32
        } else {
            index
        }
    };
    let mut types = NewTypes::default();
    let import_types: Vec<u32> = imports
        .iter()
        .map(|i| types.index(info, i.params, i.result))
        .collect();
    let export_types: Vec<u32> = exports
        .iter()
        .map(|e| match e.params {
            None => info.export_type,
            Some(n) => types.index(info, n, true),
        })
        .collect();
    let first_generated = info.imported_functions + imports.len() as u32 + info.defined_functions;
    let data_segments = how.snapshot.map(|s| nonzero_runs(&s.memory));
    // Code entries arrive one by one; the section is written when the next payload shows it
    // has ended, with the generated exports' bodies appended.
    let mut code: Option<enc::CodeSection> = None;
    let mut code_index = info.imported_functions;
    let mut saw_imports = false;
    for payload in wp::Parser::new(0).parse_all(wasm) {
        let payload = payload?;
        if !matches!(payload, Payload::CodeSectionEntry(_)) {
            if let Some(mut section) = code.take() {
                for (index, export) in exports.iter().enumerate() {
                    section.function(&export_body(info, &func, index, export));
                }
                module.section(&section);
            }
        }
        // No import section in the core: the host functions need one, before the functions.
        if !imports.is_empty() && !saw_imports && matches!(payload, Payload::FunctionSection(_)) {
            let mut section = enc::ImportSection::new();
            add_host_imports(&mut section, imports, &import_types);
            module.section(&section);
        }
        match &payload {
            Payload::TypeSection(reader) if !types.0.is_empty() => {
                let mut section = enc::TypeSection::new();
                shift.parse_type_section(&mut section, reader.clone())?;
                for &(params, result) in &types.0 {
                    section.ty().function(
                        vec![enc::ValType::I64; params as usize],
                        if result {
                            vec![enc::ValType::I64]
                        } else {
                            vec![]
                        },
                    );
                }
                module.section(&section);
            }
            Payload::ImportSection(reader) if !imports.is_empty() => {
                saw_imports = true;
                let mut section = enc::ImportSection::new();
                shift.parse_import_section(&mut section, reader.clone())?;
                add_host_imports(&mut section, imports, &import_types);
                module.section(&section);
            }
            Payload::FunctionSection(reader) => {
                let mut section = enc::FunctionSection::new();
                for ty in reader.clone() {
                    section.function(ty?);
                }
                for &ty in &export_types {
                    section.function(ty);
                }
                module.section(&section);
            }
            Payload::ElementSection(reader) if !imports.is_empty() => {
                let mut section = enc::ElementSection::new();
                shift.parse_element_section(&mut section, reader.clone())?;
                module.section(&section);
            }
            Payload::StartSection { func: start, .. } => {
                module.section(&enc::StartSection {
                    function_index: func(*start),
                });
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
                module.section(&snapshot_globals(reader, &how.snapshot.unwrap().globals)?);
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
                    Exports::Plugin(..) => {
                        section.export("memory", enc::ExportKind::Memory, 0);
                        for (i, export) in exports.iter().enumerate() {
                            section.export(
                                &export.name,
                                enc::ExportKind::Func,
                                first_generated + i as u32,
                            );
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
                let section = code.as_mut().unwrap();
                let planned = how.plan.map_or(Body::Keep, |plan| {
                    plan.bodies[(code_index - info.imported_functions) as usize]
                });
                if planned != Body::Keep {
                    let left_out_fn = how.plan.map_or(0, |plan| func(plan.left_out_fn));
                    section.function(&stub_body(planned, left_out_fn));
                } else if how.snapshot.is_none() {
                    // The instrumented core only has to run once.
                    let range = body.range();
                    section.raw(&wasm[range.start as usize..range.end as usize]);
                } else if code_index == info.host_call_function && !imports.is_empty() {
                    section.function(&host_call_body(info, imports));
                } else {
                    shift.parse_function_body(section, body.clone())?;
                }
                code_index += 1;
            }
            Payload::End(_) => {}
            Payload::CustomSection(_) if matches!(how.exports, Exports::Plugin(..)) => {
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

/// The body of a function the plug-in left out (see trim.rs).
fn stub_body(body: Body, left_out_fn: u32) -> enc::Function {
    let mut f = enc::Function::new([]);
    let mut code = f.instructions();
    if let Body::LeftOut(part) = body {
        code.i32_const(part as i32).call(left_out_fn);
    }
    code.unreachable().end();
    f
}

fn add_host_imports(section: &mut enc::ImportSection, imports: &[HostImport], types: &[u32]) {
    for (import, &ty) in imports.iter().zip(types) {
        section.import(&import.module, &import.name, enc::EntityType::Function(ty));
    }
}

/// Export `index`: `i32.const index; call __upy_call`, or for a shared export with `n`
/// parameters, `i32.const index; i32.const n; <the parameters, zero-padded>; call
/// __upy_call_shared`.
fn export_body(
    info: &ModuleInfo,
    func: &dyn Fn(u32) -> u32,
    index: usize,
    export: &Export,
) -> enc::Function {
    let mut f = enc::Function::new([]);
    let mut code = f.instructions();
    code.i32_const(index as i32);
    match export.params {
        None => {
            code.call(func(info.call_function));
        }
        Some(n) => {
            code.i32_const(n as i32);
            for i in 0..MAX_PARAMS {
                if i < n {
                    code.local_get(i);
                } else {
                    code.i64_const(0);
                }
            }
            code.call(func(info.call_shared_function));
        }
    }
    code.end();
    f
}

/// The body of `__upy_host_call(index: i32, a0..a7: i64) -> i64`: calls host import `index`
/// with its parameters (an import without a result gives 0).
fn host_call_body(info: &ModuleInfo, imports: &[HostImport]) -> enc::Function {
    let mut f = enc::Function::new([]);
    let mut code = f.instructions();
    for (j, import) in imports.iter().enumerate() {
        code.local_get(0)
            .i32_const(j as i32)
            .i32_eq()
            .if_(enc::BlockType::Empty);
        for i in 0..import.params {
            code.local_get(1 + i);
        }
        code.call(info.imported_functions + j as u32);
        if !import.result {
            code.i64_const(0);
        }
        code.return_().end();
    }
    code.unreachable().end();
    f
}

/// The global section with each global's initializer set to its snapshotted value.
fn snapshot_globals(
    reader: &wp::GlobalSectionReader,
    values: &[wasmtime::Val],
) -> Result<enc::GlobalSection> {
    let mut section = enc::GlobalSection::new();
    for (global, value) in reader.clone().into_iter().zip(values) {
        let global = global?;
        let init = match value {
            wasmtime::Val::I32(v) => enc::ConstExpr::i32_const(*v),
            wasmtime::Val::I64(v) => enc::ConstExpr::i64_const(*v),
            wasmtime::Val::F32(v) => enc::ConstExpr::f32_const(f32::from_bits(*v).into()),
            wasmtime::Val::F64(v) => enc::ConstExpr::f64_const(f64::from_bits(*v).into()),
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
    Ok(section)
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

/// Where a plug-in's bytes go, beside the core's: code per part (see `trim::code_groups`),
/// the snapshot's data, and the rest of the module.
pub struct SizeReport {
    /// (part, bytes in the core, bytes in the plug-in)
    pub rows: Vec<(String, usize, usize)>,
    /// The files compiled into the snapshot (or kept as source), with their source sizes.
    pub files: Vec<(String, usize)>,
}

impl SizeReport {
    fn new(
        core: &[u8],
        plugin: &[u8],
        (graph, slots): (&trim::Graph, &HashSet<u32>),
        plan: &Plan,
        files: &[(String, String)],
    ) -> Result<SizeReport> {
        let core_parts = Sections::read(core)?;
        let plugin_parts = Sections::read(plugin)?;
        let in_core = trim::code_groups(graph, slots, None)?;
        let in_plugin =
            trim::code_groups(graph, slots, Some((&plan.bodies, &plugin_parts.bodies)))?;
        let mut rows: Vec<(String, usize, usize)> = in_core
            .into_iter()
            .map(|(group, a)| {
                let b = in_plugin
                    .iter()
                    .find(|(g, _)| *g == group)
                    .map_or(0, |(_, b)| *b);
                let left_out = plan
                    .left_out
                    .iter()
                    .any(|p| group.ends_with(&format!(" {p}")) || group.starts_with(p));
                let group = if left_out {
                    format!("{group} [left out]")
                } else {
                    group
                };
                (format!("code: {group}"), a, b)
            })
            .collect();
        let code_rows: (usize, usize) =
            rows.iter().fold((0, 0), |(a, b), (_, x, y)| (a + x, b + y));
        rows.push((
            "code: body headers, stubs, generated exports".into(),
            core_parts.code.saturating_sub(code_rows.0),
            plugin_parts.code.saturating_sub(code_rows.1),
        ));
        let heap_base = core_parts.heap_base.unwrap_or(u32::MAX) as usize;
        let split = |segments: &[(usize, usize)]| {
            segments.iter().fold((0, 0), |(low, high), &(at, len)| {
                let below = len.min(heap_base.saturating_sub(at));
                (low + below, high + len - below)
            })
        };
        let (core_static, core_heap) = split(&core_parts.data);
        let (plugin_static, plugin_heap) = split(&plugin_parts.data);
        rows.push((
            "data: static (rodata and data, after the build)".into(),
            core_static,
            plugin_static,
        ));
        rows.push((
            "data: heap (compiled modules, objects)".into(),
            core_heap,
            plugin_heap,
        ));
        let accounted = |rows: &[(String, usize, usize)]| {
            rows.iter().fold((0, 0), |(a, b), (_, x, y)| (a + x, b + y))
        };
        let (a, b) = accounted(&rows);
        rows.push((
            "other: headers, types, imports, exports, table (core: names, relocations)".into(),
            core.len() - a,
            plugin.len() - b,
        ));
        rows.push(("total".into(), core.len(), plugin.len()));
        Ok(SizeReport {
            rows,
            files: files.iter().map(|(p, t)| (p.clone(), t.len())).collect(),
        })
    }
}

impl std::fmt::Display for SizeReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let width = self.rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
        writeln!(f, "{:width$}  {:>9}  {:>9}", "part", "core", "plug-in")?;
        for (part, core, plugin) in &self.rows {
            writeln!(f, "{part:width$}  {core:>9}  {plugin:>9}")?;
        }
        writeln!(f, "files in the snapshot (source bytes):")?;
        for (path, len) in &self.files {
            writeln!(f, "  {path} ({len})")?;
        }
        Ok(())
    }
}

/// Sizes of a module's code and data, and the core's `__heap_base`.
struct Sections {
    code: usize,
    /// Each function body's size.
    bodies: Vec<usize>,
    /// Active data segments: (offset, length).
    data: Vec<(usize, usize)>,
    heap_base: Option<u32>,
}

impl Sections {
    fn read(wasm: &[u8]) -> Result<Sections> {
        let mut sections = Sections {
            code: 0,
            bodies: Vec::new(),
            data: Vec::new(),
            heap_base: None,
        };
        let mut globals = Vec::new();
        let mut heap_base_global = None;
        for payload in wp::Parser::new(0).parse_all(wasm) {
            match payload? {
                Payload::CodeSectionStart { range, .. } => {
                    sections.code = (range.end - range.start) as usize
                }
                Payload::CodeSectionEntry(body) => {
                    let range = body.range();
                    sections.bodies.push((range.end - range.start) as usize);
                }
                Payload::GlobalSection(reader) => {
                    for global in reader {
                        let mut ops = global?.init_expr.get_operators_reader();
                        globals.push(match ops.read()? {
                            wp::Operator::I32Const { value } => Some(value as u32),
                            _ => None,
                        });
                    }
                }
                Payload::ExportSection(reader) => {
                    for export in reader {
                        let export = export?;
                        if export.name == "__heap_base" {
                            heap_base_global = Some(export.index as usize);
                        }
                    }
                }
                Payload::DataSection(reader) => {
                    for data in reader {
                        let data = data?;
                        if let wp::DataKind::Active { offset_expr, .. } = data.kind {
                            if let wp::Operator::I32Const { value } =
                                offset_expr.get_operators_reader().read()?
                            {
                                sections.data.push((value as usize, data.data.len()));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        sections.heap_base = heap_base_global.and_then(|g| globals.get(g).copied().flatten());
        Ok(sections)
    }
}
