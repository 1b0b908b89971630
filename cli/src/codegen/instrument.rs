//! Phase 1, instrument: what the rest of the build needs to know about the core, and the
//! core with its globals exported, so that initialization can read them back.

use super::rewrite::{rewrite, Exports, Rewrite};
use anyhow::{anyhow, bail, Result};
use extism_upy_contract::exports;
use wasmparser::{self as wp, Payload};

/// What the rewrite needs to know about the core.
pub(super) struct ModuleInfo {
    pub(super) imported_functions: u32,
    pub(super) defined_functions: u32,
    /// How many globals the core defines (all are snapshotted).
    pub(super) globals: u32,
    /// `__upy_call`, the function generated exports call.
    pub(super) call_function: u32,
    /// `__upy_call_shared`, which exports with parameters call.
    pub(super) call_shared_function: u32,
    /// `__upy_host_call`, whose body becomes the dispatch to the host functions.
    pub(super) host_call_function: u32,
    /// How many types the core defines (new ones are appended).
    pub(super) types: u32,
    /// The type `() -> i32` (Extism's export signature).
    pub(super) export_type: u32,
    /// The shadow stack's pointer (`__stack_pointer`, from the name section).
    pub(super) stack_pointer: Option<u32>,
}

impl ModuleInfo {
    pub(super) fn read(wasm: &[u8]) -> Result<Self> {
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
                            exports::CALL => call_function = Some(export.index),
                            exports::CALL_SHARED => call_shared_function = Some(export.index),
                            exports::HOST_CALL => host_call_function = Some(export.index),
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
            call_function: call_function.ok_or_else(|| missing(exports::CALL))?,
            call_shared_function: call_shared_function
                .ok_or_else(|| missing(exports::CALL_SHARED))?,
            host_call_function: host_call_function.ok_or_else(|| missing(exports::HOST_CALL))?,
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

fn missing(export: &str) -> anyhow::Error {
    anyhow!("the core exports no {export}")
}

/// The exports the instrumentation adds: (name, global index).
pub(super) type GlobalExports = Vec<(String, u32)>;

/// The core with one more export per global (`__upy_global_<i>`), and those exports.
pub(super) fn instrument(core: &[u8], info: &ModuleInfo) -> Result<(Vec<u8>, GlobalExports)> {
    let global_exports: GlobalExports = (0..info.globals)
        .map(|i| (format!("__upy_global_{i}"), i))
        .collect();
    let instrumented = rewrite(
        core,
        info,
        &Rewrite {
            snapshot: None,
            exports: Exports::Instrument(&global_exports),
            plan: None,
        },
    )?;
    Ok((instrumented, global_exports))
}
