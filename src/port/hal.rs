//! Standard output. In a plug-in, `print` goes to the Extism log at info level, one message
//! per line; while the CLI builds a plug-in or runs a script, it is captured instead.

use std::cell::RefCell;

pub enum Sink {
    /// Complete lines go to the host's log (info level).
    Log,
    /// Everything is kept for the caller (build time, `extism-upy run`).
    Capture,
}

struct Stdout {
    sink: Sink,
    buf: Vec<u8>,
}
struct Cell(RefCell<Stdout>);
// SAFETY: wasm32-unknown-unknown is single-threaded.
unsafe impl Sync for Cell {}
static STDOUT: Cell = Cell(RefCell::new(Stdout {
    sink: Sink::Log,
    buf: Vec::new(),
}));

pub fn set_sink(sink: Sink) {
    let mut out = STDOUT.0.borrow_mut();
    out.sink = sink;
    out.buf.clear();
}

/// Takes what was captured (or the unfinished last line, for the log).
pub fn take() -> Vec<u8> {
    std::mem::take(&mut STDOUT.0.borrow_mut().buf)
}

/// Sends a trailing partial line to the log; called at the end of each plug-in call.
pub fn flush() {
    let line = {
        let mut out = STDOUT.0.borrow_mut();
        if !matches!(out.sink, Sink::Log) || out.buf.is_empty() {
            return;
        }
        std::mem::take(&mut out.buf)
    };
    crate::host::log(crate::host::LogLevel::Info, &line);
}

#[no_mangle]
extern "C" fn mp_hal_stdout_tx_strn(s: *const u8, len: usize) -> usize {
    let data = unsafe { core::slice::from_raw_parts(s, len) };
    let mut lines = Vec::new();
    {
        let mut out = STDOUT.0.borrow_mut();
        out.buf.extend_from_slice(data);
        if matches!(out.sink, Sink::Log) {
            while let Some(nl) = out.buf.iter().position(|&b| b == b'\n') {
                let rest = out.buf.split_off(nl + 1);
                let mut line = std::mem::replace(&mut out.buf, rest);
                line.pop();
                lines.push(line);
            }
        }
    }
    for line in lines {
        crate::host::log(crate::host::LogLevel::Info, &line);
    }
    len
}
