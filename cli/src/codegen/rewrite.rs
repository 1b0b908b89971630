//! Phase 4, rewrite: the original core with the snapshot as its data and global
//! initializers, the plug-in's exports and host imports, and stubs for the bodies the plug-in
//! leaves out. Instrumenting (phase 1) is a rewrite too.

use super::instrument::ModuleInfo;
use super::snapshot::State;
use super::{Export, HostImport};
use crate::trim::{Body, Plan};
use anyhow::{bail, Result};
use extism_upy_contract::MAX_PARAMS;
use std::ops::Range;
use wasm_encoder as enc;
use wasmparser::{self as wp, Payload};

pub(super) enum Exports<'a> {
    /// The core's own exports plus one per global (for reading the snapshot).
    Instrument(&'a [(String, u32)]),
    /// `memory` and one per plug-in function; the host functions to import.
    Plugin(&'a [Export], &'a [HostImport]),
}

pub(super) struct Rewrite<'a> {
    pub(super) snapshot: Option<&'a State>,
    pub(super) exports: Exports<'a>,
    /// Which bodies become stubs.
    pub(super) plan: Option<&'a Plan>,
}

const PAGE: usize = 65536;

/// Function indices after `by` imports are inserted before the core's own functions and the
/// imports in `dropped` (sorted) are removed.
#[derive(Clone)]
struct ShiftFunctions {
    imported: u32,
    by: u32,
    dropped: Vec<u32>,
}

impl ShiftFunctions {
    fn map(&self, func: u32) -> u32 {
        if func >= self.imported {
            func + self.by - self.dropped.len() as u32
        } else {
            func - self.dropped.partition_point(|&d| d < func) as u32
        }
    }
}

impl enc::reencode::Reencode for ShiftFunctions {
    type Error = std::convert::Infallible;
    fn function_index(&mut self, func: u32) -> Result<u32, enc::reencode::Error<Self::Error>> {
        Ok(self.map(func))
    }
}

/// WASI's module name: its imports go when nothing calls them (see `Plan::unused_imports`).
const WASI: &str = "wasi_snapshot_preview1";

/// The function imports of `wasm` to drop: WASI's among `unused` (import indices).
fn droppable_imports(wasm: &[u8], unused: &[u32]) -> Result<Vec<u32>> {
    let mut dropped = Vec::new();
    for payload in wp::Parser::new(0).parse_all(wasm) {
        if let Payload::ImportSection(reader) = payload? {
            let mut index = 0;
            for import in reader.into_imports() {
                let import = import?;
                if matches!(import.ty, wp::TypeRef::Func(_) | wp::TypeRef::FuncExact(_)) {
                    if import.module == WASI && unused.contains(&index) {
                        dropped.push(index);
                    }
                    index += 1;
                }
            }
            break;
        }
    }
    Ok(dropped)
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

pub(super) fn rewrite(wasm: &[u8], info: &ModuleInfo, how: &Rewrite) -> Result<Vec<u8>> {
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
        dropped: match how.plan {
            Some(plan) => droppable_imports(wasm, &plan.unused_imports)?,
            None => Vec::new(),
        },
    };
    let mapping = shift.clone();
    let func = |index: u32| mapping.map(index);
    let mut types = NewTypes::default();
    let import_types: Vec<u32> = imports
        .iter()
        .map(|i| types.index(info, i.params, i.result))
        .collect();
    let export_types: Vec<u32> = exports
        .iter()
        .map(|e| match e.params {
            None => info.export_type,
            Some(n) => types.index(info, n, e.result),
        })
        .collect();
    let first_generated = func(info.imported_functions) + info.defined_functions;
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
            Payload::ImportSection(reader) if !imports.is_empty() || !shift.dropped.is_empty() => {
                saw_imports = true;
                let mut section = enc::ImportSection::new();
                let mut index = 0;
                for import in reader.clone().into_imports() {
                    let import = import?;
                    if matches!(import.ty, wp::TypeRef::Func(_) | wp::TypeRef::FuncExact(_)) {
                        index += 1;
                        if shift.dropped.contains(&(index - 1)) {
                            continue;
                        }
                    }
                    shift.parse_import(&mut section, import)?;
                }
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
            Payload::ElementSection(reader) if !imports.is_empty() || !shift.dropped.is_empty() => {
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
                    // The host functions come right after the core's remaining imports.
                    section.function(&host_call_body(
                        func(info.imported_functions) - imports.len() as u32,
                        imports,
                    ));
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
            for i in 0..MAX_PARAMS as u32 {
                if i < n {
                    code.local_get(i);
                } else {
                    code.i64_const(0);
                }
            }
            code.call(func(info.call_shared_function));
            if !export.result {
                code.drop();
            }
        }
    }
    code.end();
    f
}

/// The body of `__upy_host_call(index: i32, a0..a7: i64) -> i64`: calls host import `index`
/// with its parameters (an import without a result gives 0).
fn host_call_body(first_host_import: u32, imports: &[HostImport]) -> enc::Function {
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
        code.call(first_host_import + j as u32);
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
