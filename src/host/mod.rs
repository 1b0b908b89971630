//! The Extism host, as the rest of the core sees it: the call's input, output and error,
//! logs, config, vars, HTTP, memory blocks and the plug-in's own host functions. It knows
//! nothing of Python: the port (stdout → log, the heap's bound from config) and the native
//! modules (`_extism_pdk`) both use it, and it uses only the kernel's functions
//! (`crate::ffi::kernel`).
//!
//! Extism memory is a separate address space owned by the host: data crosses it by copy, into
//! a fresh [`Block`] or out of one.

mod http;
mod user;

use crate::ffi::kernel;
use core::cell::Cell;
pub use extism_pdk::LogLevel;
pub use http::{check_allowed_host, request as http_request};
pub use user::call as call_host_function;

// The kernel's functions are plain loads, stores and calls on integers: every wrapper below
// passes only offsets the kernel handed out, or 0, which it treats as "none".

/// A block of Extism memory, by its offset.
#[derive(Clone, Copy)]
pub struct Block(u64);

impl Block {
    /// A new block holding `data`; `None` if the host refused the memory.
    pub fn new(data: &[u8]) -> Option<Block> {
        kernel::Memory::from_bytes(data)
            .ok()
            .map(|m| Block(m.offset()))
    }

    /// The block at `offset`, which the host handed out (0: none).
    pub fn at(offset: u64) -> Option<Block> {
        (offset != 0).then_some(Block(offset))
    }

    pub fn offset(self) -> u64 {
        self.0
    }

    pub fn len(self) -> usize {
        unsafe { kernel::extism::length(self.0) as usize }
    }

    /// Copies the start of the block into `buf` (as much as `buf` holds).
    pub fn load_into(self, buf: &mut [u8]) {
        unsafe { kernel::extism::load(self.0, buf) }
    }

    pub fn to_vec(self) -> Vec<u8> {
        let mut data = vec![0; self.len()];
        self.load_into(&mut data);
        data
    }

    pub fn free(self) {
        unsafe { kernel::extism::free(self.0) }
    }
}

/// The offset to pass the kernel for an optional block.
fn offset_of(block: Option<Block>) -> u64 {
    block.map_or(0, Block::offset)
}

/// The length of the call's input.
pub fn input_len() -> usize {
    unsafe { kernel::extism::input_length() as usize }
}

/// Copies the call's input into `buf` (of [`input_len`] bytes), a word at a time.
pub fn read_input(buf: &mut [u8]) {
    let words = buf.len() / 8;
    for (i, word) in buf.chunks_exact_mut(8).enumerate() {
        let w = unsafe { kernel::extism::input_load_u64((i * 8) as u64) };
        word.copy_from_slice(&w.to_le_bytes());
    }
    for (i, b) in buf.iter_mut().enumerate().skip(words * 8) {
        *b = unsafe { kernel::extism::input_load_u8(i as u64) };
    }
}

/// The call's input.
pub fn input() -> Vec<u8> {
    let mut data = vec![0; input_len()];
    read_input(&mut data);
    data
}

/// Sets the call's output; `Err` if the host refused the memory.
pub fn set_output(data: &[u8]) -> Result<(), ()> {
    let block = Block::new(data);
    if block.is_none() && !data.is_empty() {
        return Err(());
    }
    unsafe { kernel::extism::output_set(offset_of(block), data.len() as u64) };
    Ok(())
}

struct ErrorSet(Cell<bool>);
// SAFETY: wasm32-unknown-unknown is single-threaded.
unsafe impl Sync for ErrorSet {}
static ERROR_SET: ErrorSet = ErrorSet(Cell::new(false));

/// Sets the call's error message (the host sees it as the call's error).
pub fn set_error(msg: &[u8]) {
    let block = Block::new(msg);
    unsafe { kernel::extism::error_set(offset_of(block)) };
    ERROR_SET.0.set(true);
}

/// Whether [`set_error`] was called since the last time this was asked.
pub fn take_error_set() -> bool {
    ERROR_SET.0.replace(false)
}

/// Sends one message to the host's log.
pub fn log(level: LogLevel, msg: &[u8]) {
    let Some(block) = Block::new(msg) else {
        return;
    };
    let offset = block.offset();
    unsafe {
        match level {
            LogLevel::Info => kernel::extism::log_info(offset),
            LogLevel::Debug => kernel::extism::log_debug(offset),
            LogLevel::Warn => kernel::extism::log_warn(offset),
            LogLevel::Error => kernel::extism::log_error(offset),
            LogLevel::Trace => kernel::extism::log_trace(offset),
        }
    }
    block.free();
}

/// Looks `key` up with the kernel's `lookup` (config or vars).
fn lookup(key: &[u8], lookup: unsafe extern "C" fn(u64) -> u64) -> Option<Block> {
    let key = Block::new(key)?;
    let found = unsafe { lookup(key.offset()) };
    key.free();
    Block::at(found)
}

/// The config value of `key`, as a block the caller frees.
pub fn config(key: &[u8]) -> Option<Block> {
    lookup(key, kernel::extism::config_get)
}

/// A config value as text, for the port's own settings. (extism-pdk's `config::get` would
/// do, but its error type brings anyhow's formatting and a symbol demangler, ~80 KB, into
/// every plug-in.)
pub fn config_text(key: &str) -> Option<String> {
    let block = config(key.as_bytes())?;
    let data = block.to_vec();
    block.free();
    String::from_utf8(data).ok()
}

/// The var `key`, as a block the caller frees.
pub fn var(key: &[u8]) -> Option<Block> {
    lookup(key, kernel::extism::var_get)
}

/// Sets the var `key`, or removes it (`None`).
pub fn set_var(key: &[u8], value: Option<&[u8]>) {
    let key = Block::new(key);
    let value = value.and_then(Block::new);
    unsafe { kernel::extism::var_set(offset_of(key), offset_of(value)) };
    key.into_iter().chain(value).for_each(Block::free);
}
