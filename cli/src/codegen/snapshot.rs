//! Phase 3, snapshot: the instance's state after initialization, and what of it a plug-in
//! need not ship.

use super::{Export, HostImport};
use anyhow::{anyhow, Result};
use wasmtime::{Instance, Memory, Store};

/// The instance's state after initialization.
pub(super) struct State {
    pub(super) memory: Vec<u8>,
    pub(super) globals: Vec<wasmtime::Val>,
}

pub(super) struct Snapshot {
    pub(super) state: State,
    pub(super) exports: Vec<Export>,
    pub(super) imports: Vec<HostImport>,
    pub(super) stdout: String,
    /// The build's files, the plug-in's first.
    pub(super) files: Vec<(String, String)>,
    /// How many of them stay as source, compiled when first imported by a call.
    pub(super) source_files: u32,
}

/// Phase 3: reads the instance's memory, and its globals through the exports the
/// instrumentation added.
pub(super) fn read_state(
    store: &mut Store<()>,
    instance: &Instance,
    memory: Memory,
    global_exports: &[(String, u32)],
) -> Result<State> {
    let globals = global_exports
        .iter()
        .map(|(name, _)| {
            let global = instance
                .get_global(&mut *store, name)
                .ok_or_else(|| anyhow!("no {name}"))?;
            Ok(global.get(&mut *store))
        })
        .collect::<Result<_>>()?;
    Ok(State {
        memory: memory.data(&*store).to_vec(),
        globals,
    })
}

impl State {
    /// Below the stack pointer (the stack grows down, and the build has returned to the top
    /// level) lie only dead frames of the build: zeros are cheaper to ship.
    pub(super) fn zero_dead_stack(&mut self, stack_pointer: Option<u32>) {
        if let Some(sp) = stack_pointer {
            if let Some(wasmtime::Val::I32(sp)) = self.globals.get(sp as usize) {
                let end = (*sp as usize).min(self.memory.len());
                self.memory[..end].fill(0);
            }
        }
    }
}
