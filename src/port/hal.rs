//! Standard output. In a plug-in, `print` goes to the Extism log at info level, one message
//! per line; while the CLI builds a plug-in or runs a script, it is captured instead.

use crate::host;
use std::cell::RefCell;

pub enum Sink {
    /// Complete lines go to the host's log (info level).
    Log,
    /// Everything is kept for the caller (build time, `extism-upy run`).
    Capture,
}

/// Lines up to this long are collected in a fixed buffer, so printing them allocates nothing;
/// a longer line moves to the heap and still reaches the log as one message.
pub const LINE_BUFFER: usize = 4096;

struct Stdout {
    sink: Sink,
    /// The line being printed, for [`Sink::Log`]...
    line: heapless::Vec<u8, LINE_BUFFER>,
    /// ... or, once it outgrew `line`, all of it.
    long_line: Vec<u8>,
    /// Everything printed, for [`Sink::Capture`].
    captured: Vec<u8>,
}

impl Stdout {
    /// Sends the line collected so far to the log.
    fn log_line(&mut self) {
        if self.long_line.is_empty() {
            host::log(host::LogLevel::Info, &self.line);
        } else {
            host::log(host::LogLevel::Info, &self.long_line);
            self.long_line = Vec::new();
        }
        self.line.clear();
    }
}
struct Cell(RefCell<Stdout>);
// SAFETY: wasm32-unknown-unknown is single-threaded.
unsafe impl Sync for Cell {}
static STDOUT: Cell = Cell(RefCell::new(Stdout {
    sink: Sink::Log,
    line: heapless::Vec::new(),
    long_line: Vec::new(),
    captured: Vec::new(),
}));

pub fn set_sink(sink: Sink) {
    let mut out = STDOUT.0.borrow_mut();
    out.sink = sink;
    out.line.clear();
    out.long_line = Vec::new();
    out.captured.clear();
}

/// Takes what was captured.
pub fn take() -> Vec<u8> {
    std::mem::take(&mut STDOUT.0.borrow_mut().captured)
}

/// Sends a trailing partial line to the log; called at the end of each plug-in call.
pub fn flush() {
    let mut out = STDOUT.0.borrow_mut();
    if matches!(out.sink, Sink::Log) && !(out.line.is_empty() && out.long_line.is_empty()) {
        out.log_line();
    }
}

#[no_mangle]
extern "C" fn mp_hal_stdout_tx_strn(s: *const u8, len: usize) -> usize {
    // SAFETY: MicroPython passes a string of `len` bytes.
    let data = unsafe { core::slice::from_raw_parts(s, len) };
    let mut out = STDOUT.0.borrow_mut();
    if matches!(out.sink, Sink::Capture) {
        out.captured.extend_from_slice(data);
        return len;
    }
    for &byte in data {
        if byte == b'\n' {
            out.log_line();
        } else if !out.long_line.is_empty() {
            out.long_line.push(byte);
        } else if out.line.push(byte).is_err() {
            let mut long_line = out.line.to_vec();
            long_line.push(byte);
            out.long_line = long_line;
        }
    }
    len
}
