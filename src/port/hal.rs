//! Standard output and error (sys.stdout, sys.stderr: src/port/stdio.c). In a plug-in they go
//! to the Extism log, stdout at info level and stderr at error level, one message per line;
//! while the CLI builds a plug-in or runs a script, they are captured instead.

use crate::host::{self, LogLevel};
use std::cell::RefCell;

pub enum Sink {
    /// Complete lines go to the host's log.
    Log,
    /// Everything is kept for the caller (build time, `extism-upy run`).
    Capture,
}

/// Lines up to this long are collected in a fixed buffer, so printing them allocates nothing;
/// a longer line moves to the heap and still reaches the log as one message.
pub const LINE_BUFFER: usize = 4096;

/// One stream: the line being printed (for [`Sink::Log`]) and what was captured.
struct Stream {
    level: LogLevel,
    line: heapless::Vec<u8, LINE_BUFFER>,
    /// The line, once it outgrew `line`.
    long_line: Vec<u8>,
    captured: Vec<u8>,
}

impl Stream {
    const fn new(level: LogLevel) -> Stream {
        Stream {
            level,
            line: heapless::Vec::new(),
            long_line: Vec::new(),
            captured: Vec::new(),
        }
    }

    fn clear(&mut self) {
        self.line.clear();
        self.long_line = Vec::new();
        self.captured.clear();
    }

    fn write(&mut self, sink: &Sink, data: &[u8]) {
        if matches!(sink, Sink::Capture) {
            self.captured.extend_from_slice(data);
            return;
        }
        for &byte in data {
            if byte == b'\n' {
                self.log_line();
            } else if !self.long_line.is_empty() {
                self.long_line.push(byte);
            } else if self.line.push(byte).is_err() {
                let mut long_line = self.line.to_vec();
                long_line.push(byte);
                self.long_line = long_line;
            }
        }
    }

    /// Sends the line collected so far to the log.
    fn log_line(&mut self) {
        if self.long_line.is_empty() {
            host::log(self.level, &self.line);
        } else {
            host::log(self.level, &self.long_line);
            self.long_line = Vec::new();
        }
        self.line.clear();
    }

    fn has_partial_line(&self) -> bool {
        !(self.line.is_empty() && self.long_line.is_empty())
    }
}

struct Output {
    sink: Sink,
    stdout: Stream,
    stderr: Stream,
}
struct Cell(RefCell<Output>);
// SAFETY: wasm32-unknown-unknown is single-threaded.
unsafe impl Sync for Cell {}
static OUTPUT: Cell = Cell(RefCell::new(Output {
    sink: Sink::Log,
    stdout: Stream::new(LogLevel::Info),
    stderr: Stream::new(LogLevel::Error),
}));

pub fn set_sink(sink: Sink) {
    let mut out = OUTPUT.0.borrow_mut();
    out.sink = sink;
    out.stdout.clear();
    out.stderr.clear();
}

/// Takes what was captured of stdout.
pub fn take() -> Vec<u8> {
    std::mem::take(&mut OUTPUT.0.borrow_mut().stdout.captured)
}

/// Takes what was captured of stderr.
pub fn take_stderr() -> Vec<u8> {
    std::mem::take(&mut OUTPUT.0.borrow_mut().stderr.captured)
}

/// Sends trailing partial lines to the log; called at the end of each plug-in call.
pub fn flush() {
    let out = &mut *OUTPUT.0.borrow_mut();
    if matches!(out.sink, Sink::Log) {
        for stream in [&mut out.stdout, &mut out.stderr] {
            if stream.has_partial_line() {
                stream.log_line();
            }
        }
    }
}

/// The bytes C passes: `len` of them at `s`.
fn bytes<'a>(s: *const u8, len: usize) -> &'a [u8] {
    // SAFETY: MicroPython passes a string of `len` bytes, alive for the call.
    unsafe { core::slice::from_raw_parts(s, len) }
}

#[no_mangle]
extern "C" fn mp_hal_stdout_tx_strn(s: *const u8, len: usize) -> usize {
    let out = &mut *OUTPUT.0.borrow_mut();
    out.stdout.write(&out.sink, bytes(s, len));
    len
}

#[no_mangle]
extern "C" fn upy_hal_stderr_tx_strn(s: *const u8, len: usize) {
    let out = &mut *OUTPUT.0.borrow_mut();
    out.stderr.write(&out.sink, bytes(s, len));
}
