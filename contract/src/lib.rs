//! The contract between the CLI (`cli/`) and the core (the root package): the core's exports
//! the CLI calls, the frames they exchange, limits, and the parts a plug-in may leave out.
//! Both sides use this crate, so that the contract is written once.
//!
//! Frames are little-endian:
//! - **files** (`__upy_build`'s payload, `__upy_run`'s input): repeated
//!   `[u32 path_len][path][u32 text_len][text]`, the plug-in's (or script's) file first;
//! - **build result**: `[u32 stdout_len][stdout][lines | error text]`, the [`BuildLine`]s
//!   one a line on success, the traceback on a Python error;
//! - **run result** (`__upy_run`'s output): `[i32 exit_code][u32 stdout_len][stdout][traceback]`.

/// The names of the core's exports that the CLI (or a plug-in's generated code) calls.
pub mod exports {
    /// Build time: `(len) -> ptr`, room for a payload of `len` bytes.
    pub const BUFFER: &str = "__upy_buffer";
    /// Build time: `() -> len` of the result in the buffer.
    pub const RESULT_LEN: &str = "__upy_result_len";
    /// Build time: `() -> ptr` to the result in the buffer.
    pub const RESULT_PTR: &str = "__upy_result_ptr";
    /// Build time: leaves the built-in modules' names in the buffer, one a line (a `*` after
    /// a name marks a module a file of the same name shadows).
    pub const BUILTIN_MODULES: &str = "__upy_builtin_modules";
    /// Build time: runs the top level of the files in the buffer; `() -> 0 | 1` (a Python
    /// error), the build result frame in the buffer.
    pub const BUILD: &str = "__upy_build";
    /// Build time: imports the modules named in the buffer, one a line.
    pub const IMPORT_MODULES: &str = "__upy_import_modules";
    /// Build time: drops build-only state before the snapshot.
    pub const BUILD_DONE: &str = "__upy_build_done";
    /// Build time, after [`BUILD_DONE`]: `() -> n`, the files that stay as source.
    pub const SOURCE_FILES: &str = "__upy_source_files";
    /// Call time: `(index) -> i32`, runs export `index` (generated exports call it).
    pub const CALL: &str = "__upy_call";
    /// Call time: `(index, n, a0..a7: i64) -> i64`, runs shared export `index` with `n`
    /// arguments ([`crate::MAX_PARAMS`] are always passed).
    pub const CALL_SHARED: &str = "__upy_call_shared";
    /// `(index, a0..a7: i64) -> i64`: the build gives it a body that calls host import `index`.
    pub const HOST_CALL: &str = "__upy_host_call";
    /// `(part) -> !`: raises the RuntimeError for a left-out part (an index in
    /// [`crate::PARTS`]).
    pub const LEFT_OUT: &str = "__upy_left_out";
    /// `extism-upy run`: the built-in modules' names as the call's output.
    pub const RUN_BUILTINS: &str = "__upy_run_builtins";
    /// `extism-upy run`: runs the files frame in the input; the output is the run result.
    pub const RUN: &str = "__upy_run";

    /// Every name above: the core must export them all.
    pub const ALL: &[&str] = &[
        BUFFER,
        RESULT_LEN,
        RESULT_PTR,
        BUILTIN_MODULES,
        BUILD,
        IMPORT_MODULES,
        BUILD_DONE,
        SOURCE_FILES,
        CALL,
        CALL_SHARED,
        HOST_CALL,
        LEFT_OUT,
        RUN_BUILTINS,
        RUN,
    ];
}

/// The most parameters a shared export or host function has (`__upy_call_shared` and
/// `__upy_host_call` take this many).
pub const MAX_PARAMS: usize = 8;

/// How the trimmer finds a part in the core.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    /// The data symbol of the native module's object (`mp_obj_module_t`): the part is what
    /// becomes unreachable when nothing reaches that object.
    Module(&'static str),
    /// The functions through which everything else enters the part (C names): a plug-in
    /// without the part gets stubs there.
    Entries(&'static [&'static str]),
}

/// A part of the core that a plug-in may leave out.
#[derive(Clone, Copy, Debug)]
pub struct Part {
    /// The compiler, or a native module's import name.
    pub name: &'static str,
    pub marker: Marker,
}

/// The name [`PARTS`], the build flags and the errors use for the compiler.
pub const COMPILER: &str = "compiler";

/// The name [`PARTS`] and the errors use for the match statement's matcher (src/port/match.c),
/// which only plug-ins with a `match` statement, or that can compile one, need.
pub const MATCHER: &str = "matcher";

/// The parts a plug-in may leave out, in `__upy_left_out`'s order: the compiler, then native
/// modules by their import name. The marker symbols are the core's (src/modules/, MicroPython's
/// py/): the trimmer fails if one is missing.
pub const PARTS: &[Part] = &[
    Part {
        name: COMPILER,
        // Every way into the lexer, parser and compiler (eval/exec/compile, imports of
        // source files). (`mp_compile_to_raw_code` has only `mp_compile` as its caller, and
        // the linker's build of the core inlines it there.)
        marker: Marker::Entries(&[
            "mp_lexer_new",
            "mp_lexer_new_from_str_len",
            "mp_parse",
            "mp_compile",
            "mp_parse_compile_execute",
        ]),
    },
    Part {
        name: MATCHER,
        // Compiled `match` statements call it through its function object.
        marker: Marker::Entries(&["upy_match"]),
    },
    module("_re", "upy_module__re"),
    module("_hashlib", "upy_module_hashlib"),
    module("_random", "upy_module_random"),
    module("binascii", "upy_module_binascii"),
    module("json", "upy_module_json"),
    module("_upy", "upy_module_upy"),
    // WASI's clock and random source: their imports go with them (src/modules/wasi.rs).
    module("_clock", "upy_module_clock"),
    module("_entropy", "upy_module_entropy"),
    // MicroPython's own: libm's transcendental functions go with these two.
    module("math", "mp_module_math"),
    module("cmath", "mp_module_cmath"),
    module("struct", "mp_module_struct"),
];

const fn module(name: &'static str, symbol: &'static str) -> Part {
    Part {
        name,
        marker: Marker::Module(symbol),
    }
}

/// The names of [`PARTS`], by index (what `__upy_left_out` receives): all a plug-in needs
/// of them, so that its data does not carry the markers.
pub const PART_NAMES: [&str; PARTS.len()] = {
    let mut names = [""; PARTS.len()];
    let mut i = 0;
    while i < PARTS.len() {
        names[i] = PARTS[i].name;
        i += 1;
    }
    names
};

/// The part with index `index` in [`PARTS`].
pub fn part_name(index: usize) -> Option<&'static str> {
    PART_NAMES.get(index).copied()
}

fn put(out: &mut Vec<u8>, data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out.extend_from_slice(data);
}

/// Takes one `[u32 len][bytes]` off the front of `data`.
fn take<'a>(data: &mut &'a [u8]) -> Option<&'a [u8]> {
    let len = u32::from_le_bytes(data.get(..4)?.try_into().ok()?) as usize;
    let bytes = data.get(4..4 + len)?;
    *data = &data[4 + len..];
    Some(bytes)
}

/// The files frame: `(path, text)` pairs, the plug-in's (or script's) first.
pub fn encode_files<P: AsRef<[u8]>, T: AsRef<[u8]>>(files: &[(P, T)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (path, text) in files {
        put(&mut out, path.as_ref());
        put(&mut out, text.as_ref());
    }
    out
}

/// The files of a files frame (invalid UTF-8 replaced); None if the frame is cut short.
pub fn decode_files(mut data: &[u8]) -> Option<Vec<(String, String)>> {
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    let mut files = Vec::new();
    while !data.is_empty() {
        let path = text(take(&mut data)?);
        files.push((path, text(take(&mut data)?)));
    }
    Some(files)
}

/// A line of a successful build result: a function the plug-in exports, or a host function
/// it imports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BuildLine {
    /// `export\t<name>`: exported to Extism, `() -> i32`.
    Export { name: String },
    /// `shared\t<name>\t<params>\t<0|1>`: exported to other modules, `(i64 x params)` with an
    /// i64 result if `result` (python-pdk: if the function's return is annotated).
    Shared {
        name: String,
        params: usize,
        result: bool,
    },
    /// `import\t<module>\t<name>\t<params>\t<0|1>`: a host function, `(i64 x params)` with
    /// an i64 result if `result`.
    Import {
        module: String,
        name: String,
        params: usize,
        result: bool,
    },
}

impl std::fmt::Display for BuildLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildLine::Export { name } => write!(f, "export\t{name}"),
            BuildLine::Shared {
                name,
                params,
                result,
            } => write!(f, "shared\t{name}\t{params}\t{}", *result as u8),
            BuildLine::Import {
                module,
                name,
                params,
                result,
            } => write!(f, "import\t{module}\t{name}\t{params}\t{}", *result as u8),
        }
    }
}

impl std::str::FromStr for BuildLine {
    type Err = String;

    /// Parses a line, checking that parameter counts are at most [`MAX_PARAMS`].
    fn from_str(line: &str) -> Result<Self, String> {
        let mut fields = line.split('\t');
        let mut text = || fields.next().unwrap_or("").to_string();
        let count = |field: String| -> Result<usize, String> {
            let n = field
                .parse::<usize>()
                .map_err(|e| format!("{e} in the core's build result: {line:?}"))?;
            if n > MAX_PARAMS {
                return Err(format!(
                    "at most {MAX_PARAMS} parameters are supported, not {n}"
                ));
            }
            Ok(n)
        };
        Ok(match text().as_str() {
            "export" => BuildLine::Export { name: text() },
            "shared" => BuildLine::Shared {
                name: text(),
                params: count(text())?,
                result: text() == "1",
            },
            "import" => BuildLine::Import {
                module: text(),
                name: text(),
                params: count(text())?,
                result: text() == "1",
            },
            _ => {
                return Err(format!(
                    "unexpected line in the core's build result: {line:?}"
                ))
            }
        })
    }
}

/// The build result frame: what the top level printed, then the lines (success) or the
/// traceback (a Python error).
pub fn encode_build_result(stdout: &[u8], rest: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    put(&mut out, stdout);
    out.extend_from_slice(rest);
    out
}

/// The build result frame's stdout and the rest (lines or traceback); None if malformed.
pub fn decode_build_result(mut data: &[u8]) -> Option<(&[u8], &[u8])> {
    let stdout = take(&mut data)?;
    Some((stdout, data))
}

/// A successful build result's lines, encoded.
pub fn encode_lines(lines: &[BuildLine]) -> Vec<u8> {
    let lines: Vec<String> = lines.iter().map(BuildLine::to_string).collect();
    lines.join("\n").into_bytes()
}

/// A successful build result's lines (empty lines skipped).
pub fn decode_lines(text: &str) -> Result<Vec<BuildLine>, String> {
    text.lines()
        .filter(|l| !l.is_empty())
        .map(str::parse)
        .collect()
}

/// The outcome of `extism-upy run`, as `__upy_run` returns it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunResult {
    pub code: i32,
    pub stdout: Vec<u8>,
    pub traceback: Vec<u8>,
}

impl RunResult {
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(&self.code.to_le_bytes());
        put(&mut out, &self.stdout);
        out.extend_from_slice(&self.traceback);
        out
    }

    /// None if the frame is malformed.
    pub fn decode(data: &[u8]) -> Option<RunResult> {
        let code = i32::from_le_bytes(data.get(..4)?.try_into().ok()?);
        let mut rest = &data[4..];
        let stdout = take(&mut rest)?.to_vec();
        Some(RunResult {
            code,
            stdout,
            traceback: rest.to_vec(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_round_trip() {
        let files = vec![
            ("plugin.py".to_string(), "import json\n".to_string()),
            ("pkg/__init__.py".to_string(), String::new()),
            ("é.py".to_string(), "x = 'ü'\n".to_string()),
        ];
        let frame = encode_files(&files);
        assert_eq!(&frame[..4], &9u32.to_le_bytes());
        assert_eq!(decode_files(&frame), Some(files));
        assert_eq!(decode_files(&[]), Some(vec![]));
        assert_eq!(decode_files(&frame[..frame.len() - 1]), None);
        assert_eq!(decode_files(&[1, 0]), None);
    }

    #[test]
    fn build_result_round_trip() {
        let lines = vec![
            BuildLine::Export { name: "run".into() },
            BuildLine::Shared {
                name: "add".into(),
                params: 2,
                result: true,
            },
            BuildLine::Shared {
                name: "notify".into(),
                params: 1,
                result: false,
            },
            BuildLine::Import {
                module: "example".into(),
                name: "reflect".into(),
                params: 1,
                result: true,
            },
            BuildLine::Import {
                module: "env".into(),
                name: "tick".into(),
                params: 0,
                result: false,
            },
        ];
        let frame = encode_build_result(b"printed\n", &encode_lines(&lines));
        let (stdout, rest) = decode_build_result(&frame).unwrap();
        assert_eq!(stdout, b"printed\n");
        assert_eq!(
            std::str::from_utf8(rest).unwrap(),
            "export\trun\nshared\tadd\t2\t1\nshared\tnotify\t1\t0\nimport\texample\treflect\t1\t1\n\
             import\tenv\ttick\t0\t0"
        );
        assert_eq!(decode_lines(std::str::from_utf8(rest).unwrap()), Ok(lines));
        assert_eq!(decode_lines(""), Ok(vec![]));
        let error = encode_build_result(b"", b"Traceback ...");
        assert_eq!(
            decode_build_result(&error),
            Some((&b""[..], &b"Traceback ..."[..]))
        );
        assert_eq!(decode_build_result(&[0, 0]), None);
    }

    #[test]
    fn build_lines_are_checked() {
        assert!("shared\tf\t9\t1".parse::<BuildLine>().is_err());
        assert!("shared\tf\tx\t1".parse::<BuildLine>().is_err());
        assert!("exports\tf".parse::<BuildLine>().is_err());
        assert_eq!(
            "shared\tf\t8\t0".parse::<BuildLine>(),
            Ok(BuildLine::Shared {
                name: "f".into(),
                params: MAX_PARAMS,
                result: false,
            })
        );
    }

    #[test]
    fn run_result_round_trip() {
        let result = RunResult {
            code: -3,
            stdout: b"out\n".to_vec(),
            traceback: b"Traceback (most recent call last):\n".to_vec(),
        };
        let frame = result.encode();
        assert_eq!(&frame[..4], &(-3i32).to_le_bytes());
        assert_eq!(RunResult::decode(&frame), Some(result));
        assert_eq!(RunResult::decode(&frame[..6]), None);
    }

    #[test]
    fn parts() {
        assert_eq!(PARTS[0].name, COMPILER);
        assert_eq!(part_name(6), Some("json"));
        assert_eq!(PART_NAMES[1], MATCHER);
        assert_eq!(PART_NAMES[2], "_re");
        assert_eq!(part_name(PARTS.len()), None);
        let mut names: Vec<_> = PARTS.iter().map(|p| p.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), PARTS.len());
    }
}
