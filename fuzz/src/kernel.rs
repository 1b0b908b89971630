//! An in-process stand-in for the Extism kernel (`extism:host/env`), under the `upy_host_*`
//! names the native core calls (src/port/host.rs). Memory is one arena of blocks, reset at
//! every call; a load or store outside a live block panics, as it is a bug in the core (the
//! real kernel would trap or corrupt the host's view).

use std::cell::RefCell;
use std::collections::BTreeMap;

/// More than any input the targets give; past it `alloc` fails, as a host memory limit does.
const MEMORY_LIMIT: usize = 256 * 1024 * 1024;

#[derive(Default)]
struct Kernel {
    input: Vec<u8>,
    memory: Vec<u8>,
    /// Live blocks: offset → length.
    blocks: BTreeMap<u64, u64>,
    output: Option<Vec<u8>>,
    error: Option<Vec<u8>>,
    logs: Vec<(&'static str, Vec<u8>)>,
}

thread_local! {
    static KERNEL: RefCell<Kernel> = RefCell::new(Kernel::default());
}

/// What a call left behind: its output, error message and log lines.
#[derive(Debug, Default)]
pub struct Effects {
    pub output: Option<Vec<u8>>,
    pub error: Option<Vec<u8>>,
    pub logs: Vec<(&'static str, Vec<u8>)>,
}

/// Starts a call with `input` and empty memory.
pub fn begin(input: &[u8]) {
    KERNEL.with_borrow_mut(|k| {
        *k = Kernel {
            input: input.to_vec(),
            // Offsets start past 0, which means "no block".
            memory: vec![0; 8],
            ..Kernel::default()
        }
    });
}

/// Ends a call and returns what it did.
pub fn end() -> Effects {
    KERNEL.with_borrow_mut(|k| Effects {
        output: k.output.take(),
        error: k.error.take(),
        logs: std::mem::take(&mut k.logs),
    })
}

impl Kernel {
    /// The live block holding `[offs, offs + n)`.
    fn check(&self, offs: u64, n: u64, what: &str) -> usize {
        match self.blocks.range(..=offs).next_back() {
            Some((&start, &len)) if offs + n <= start + len => offs as usize,
            _ => panic!("{what}({offs}, {n}): outside every live Extism block"),
        }
    }

    fn block(&self, offs: u64, what: &str) -> Vec<u8> {
        let len = *self
            .blocks
            .get(&offs)
            .unwrap_or_else(|| panic!("{what}({offs}): not the start of a live block"));
        self.memory[offs as usize..(offs + len) as usize].to_vec()
    }
}

fn with<R>(f: impl FnOnce(&mut Kernel) -> R) -> R {
    KERNEL.with_borrow_mut(f)
}

#[no_mangle]
extern "C" fn upy_host_input_length() -> u64 {
    with(|k| k.input.len() as u64)
}

#[no_mangle]
extern "C" fn upy_host_input_load_u8(offs: u64) -> u8 {
    with(|k| k.input[offs as usize])
}

#[no_mangle]
extern "C" fn upy_host_input_load_u64(offs: u64) -> u64 {
    with(|k| {
        let at = offs as usize;
        u64::from_le_bytes(k.input[at..at + 8].try_into().unwrap())
    })
}

#[no_mangle]
extern "C" fn upy_host_length(offs: u64) -> u64 {
    with(|k| k.blocks.get(&offs).copied().unwrap_or(0))
}

#[no_mangle]
extern "C" fn upy_host_alloc(length: u64) -> u64 {
    with(|k| {
        if k.memory.len() as u64 + length > MEMORY_LIMIT as u64 {
            return 0;
        }
        let offs = k.memory.len() as u64;
        // Never a zero-length block at the same offset as the next one.
        k.memory.resize(k.memory.len() + length.max(1) as usize, 0);
        k.blocks.insert(offs, length);
        offs
    })
}

#[no_mangle]
extern "C" fn upy_host_free(offs: u64) {
    with(|k| {
        if offs != 0 && k.blocks.remove(&offs).is_none() {
            panic!("free({offs}): not a live block");
        }
    })
}

#[no_mangle]
extern "C" fn upy_host_store_u8(offs: u64, data: u8) {
    with(|k| {
        let at = k.check(offs, 1, "store_u8");
        k.memory[at] = data;
    })
}

#[no_mangle]
extern "C" fn upy_host_load_u8(offs: u64) -> u8 {
    with(|k| k.memory[k.check(offs, 1, "load_u8")])
}

#[no_mangle]
extern "C" fn upy_host_output_set(offs: u64, length: u64) {
    with(|k| {
        let at = k.check(offs, length, "output_set");
        k.output = Some(k.memory[at..at + length as usize].to_vec());
    })
}

#[no_mangle]
extern "C" fn upy_host_error_set(offs: u64) {
    with(|k| k.error = Some(k.block(offs, "error_set")))
}

// No config, no vars, no HTTP: the targets do not use them.
#[no_mangle]
extern "C" fn upy_host_config_get(_offs: u64) -> u64 {
    0
}

#[no_mangle]
extern "C" fn upy_host_var_get(_offs: u64) -> u64 {
    0
}

#[no_mangle]
extern "C" fn upy_host_var_set(_offs: u64, _value: u64) {}

#[no_mangle]
extern "C" fn upy_host_http_request(_req: u64, _body: u64) -> u64 {
    panic!("the fuzz targets make no HTTP requests")
}

#[no_mangle]
extern "C" fn upy_host_http_status_code() -> i32 {
    0
}

#[no_mangle]
extern "C" fn upy_host_http_headers() -> u64 {
    0
}

fn log(level: &'static str, offs: u64) {
    with(|k| {
        let line = k.block(offs, level);
        k.logs.push((level, line));
    })
}

macro_rules! log_functions {
    ($($name:ident => $level:literal),*) => {
        $(
            #[no_mangle]
            extern "C" fn $name(offs: u64) {
                log($level, offs)
            }
        )*
    };
}

log_functions!(
    upy_host_log_info => "info",
    upy_host_log_debug => "debug",
    upy_host_log_warn => "warn",
    upy_host_log_error => "error",
    upy_host_log_trace => "trace"
);
