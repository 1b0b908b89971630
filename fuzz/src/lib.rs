//! The native fuzz targets' driver: the core built for the host (fuzz/core) with an
//! in-process Extism kernel ([`kernel`]). [`Plugin`] builds `harness.py` once, as the CLI
//! builds a plug-in (its files go through the core's build entry, its top level runs, its
//! exports are chosen), then calls its exports as a host would, through `__upy_call`.

pub mod kernel;

use extism_upy_contract::{self as contract, BuildLine};
use std::collections::HashMap;
use std::sync::OnceLock;

// Linked for its `#[no_mangle]` entry points, which are all the driver uses.
use extism_upy_core_native as _;

extern "C" {
    fn __upy_buffer(len: usize) -> *mut u8;
    fn __upy_build() -> i32;
    fn __upy_result_len() -> usize;
    fn __upy_result_ptr() -> *const u8;
    fn __upy_build_done();
    fn __upy_call(index: i32) -> i32;
}

const HARNESS: &str = include_str!("harness.py");
/// The frozen standard library, which the harness imports from.
const STDLIB_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../python/stdlib");

/// What one call of an export gave.
#[derive(Debug)]
pub struct Outcome {
    pub code: i32,
    pub output: Option<Vec<u8>>,
    pub error: Option<String>,
}

impl Outcome {
    /// Panics (a crash for libFuzzer) unless the call succeeded.
    pub fn expect_ok(&self, what: &str) -> &[u8] {
        if self.code != 0 || self.error.is_some() {
            panic!("{what}: code {} error {:?}", self.code, self.error);
        }
        self.output.as_deref().unwrap_or_default()
    }

    /// The exception type of a failed call: the first line after the traceback's indented
    /// `File` lines (the message after it may span lines).
    pub fn exception(&self) -> Option<&str> {
        let mut lines = self.error.as_deref()?.lines();
        let line = lines.find(|l| !l.starts_with("Traceback") && !l.starts_with(' '))?;
        Some(line.split(':').next().unwrap_or(line))
    }
}

pub struct Plugin {
    exports: HashMap<String, i32>,
}

impl Plugin {
    /// The harness plug-in, built on first use.
    pub fn get() -> &'static Plugin {
        static PLUGIN: OnceLock<Plugin> = OnceLock::new();
        PLUGIN.get_or_init(|| Plugin::build(HARNESS))
    }

    /// Builds a plug-in from `source`, once per process (the core has one interpreter).
    pub fn build(source: &str) -> Plugin {
        let mut files = vec![(b"harness.py".to_vec(), source.as_bytes().to_vec())];
        let mut stdlib: Vec<_> = std::fs::read_dir(STDLIB_DIR)
            .expect("python/stdlib/")
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "py"))
            .collect();
        stdlib.sort();
        for path in stdlib {
            let name = path.file_name().unwrap().to_str().unwrap().as_bytes().to_vec();
            files.push((name, std::fs::read(&path).unwrap()));
        }
        let payload = contract::encode_files(&files);
        kernel::begin(b"");
        let (code, result) = unsafe {
            let at = __upy_buffer(payload.len());
            std::ptr::copy_nonoverlapping(payload.as_ptr(), at, payload.len());
            let code = __upy_build();
            let result = std::slice::from_raw_parts(__upy_result_ptr(), __upy_result_len());
            (code, result.to_vec())
        };
        kernel::end();
        let (_, rest) = contract::decode_build_result(&result).expect("a build result");
        let text = String::from_utf8_lossy(rest).into_owned();
        assert_eq!(code, 0, "building harness.py failed:\n{text}");
        unsafe { __upy_build_done() };
        // The export index is the position among the exports (shared ones included).
        let exports = contract::decode_lines(&text)
            .expect("the build result's lines")
            .into_iter()
            .filter_map(|line| match line {
                BuildLine::Export { name } | BuildLine::Shared { name, .. } => Some(name),
                BuildLine::Import { .. } => None,
            })
            .enumerate()
            .map(|(i, name)| (name, i as i32))
            .collect();
        Plugin { exports }
    }

    /// Calls export `name` with `input`, as the host does.
    pub fn call(&self, name: &str, input: &[u8]) -> Outcome {
        let index = self.exports[name];
        kernel::begin(input);
        let code = unsafe { __upy_call(index) };
        let effects = kernel::end();
        Outcome {
            code,
            output: effects.output,
            error: effects
                .error
                .map(|e| String::from_utf8_lossy(&e).into_owned()),
        }
    }
}

/// json_codec: json.loads over arbitrary bytes gives either a ValueError (UnicodeError
/// included) or a value that dumps and loads back to itself under every dumps option, across
/// collections (harness.py checks that). Anything else panics.
pub fn check_json_codec(data: &[u8]) {
    let plugin = Plugin::get();
    plugin.call("json_codec", data).expect_ok("json_codec");
    check_next_call(plugin);
}

/// Exports of harness.py for io_conversion and the exceptions each may raise on bad input.
const CONVERSIONS: &[(&str, &[&str])] = &[
    ("io_bytes", &[]),
    ("io_str", &["UnicodeError"]),
    ("io_json", &["ValueError", "UnicodeError"]),
    ("io_dict", &["ValueError", "UnicodeError", "TypeError"]),
    ("io_typed", &["ValueError", "UnicodeError", "TypeError"]),
    ("io_enum", &["ValueError", "UnicodeError", "TypeError"]),
    ("io_codec", &["ValueError", "UnicodeError"]),
    ("seed_json", &["ValueError", "UnicodeError"]),
    ("seed_str", &["UnicodeError"]),
];

/// io_conversion: the first byte picks a conversion of either API, the rest is the input.
/// Each gives the expected output or fails with an exception its contract names.
pub fn check_io_conversion(data: &[u8]) {
    let Some((&pick, input)) = data.split_first() else {
        return;
    };
    let (name, allowed) = CONVERSIONS[pick as usize % CONVERSIONS.len()];
    let plugin = Plugin::get();
    let outcome = plugin.call(name, input);
    match outcome.exception() {
        None => {
            let output = outcome.expect_ok(name);
            if matches!(name, "io_bytes" | "io_str" | "seed_str") {
                assert_eq!(output, input, "{name}: the output is not the input");
            }
        }
        Some(exception) => {
            // A JSON key longer than a qstr (255 bytes) cannot be a keyword argument in
            // MicroPython: `input(dataclass)` raises RuntimeError("name too long") where
            // CPython raises TypeError (regressions/io_conversion/keyword-longer-than-a-qstr).
            let long_name = name == "io_typed"
                && exception == "RuntimeError"
                && outcome
                    .error
                    .as_deref()
                    .is_some_and(|e| e.ends_with("name too long"));
            assert!(
                allowed.contains(&exception) || long_name,
                "{name}: unexpected {:?}",
                outcome.error
            );
            // Text that is not UTF-8 fails as such, and only then.
            if exception == "UnicodeError" {
                assert!(std::str::from_utf8(input).is_err(), "{:?}", outcome.error);
            }
        }
    }
    check_next_call(plugin);
}

/// After any call, the same instance serves the next one.
fn check_next_call(plugin: &Plugin) {
    let outcome = plugin.call("io_bytes", b"ok");
    assert_eq!(outcome.expect_ok("the next call"), b"ok");
}
