//! The `extism-upy` command line: build errors, the shape of a built plug-in, `call` and `run`.

mod common;

use common::*;
use std::process::Command;

const SEED: &str = "from extism_pdk import host\n\ndef my_function():\n    host.set_output_string(\"Hello, \" + host.get_input_string())\n    return 0\n";

fn build_fails(test: &str, file: &str, source: &str) -> String {
    let dir = scratch(test);
    let py = dir.join(file);
    std::fs::write(&py, source).unwrap();
    let out = cli(&[
        "build",
        py.to_str().unwrap(),
        "-o",
        dir.join("out.wasm").to_str().unwrap(),
    ]);
    assert!(!out.status.success(), "build of {file} should fail");
    assert!(
        !dir.join("out.wasm").exists(),
        "a failed build must not write a plug-in"
    );
    text(&out.stderr)
}

#[test]
fn syntax_error_names_file_and_line() {
    let err = build_fails(
        "syntax",
        "broken.py",
        "def ok():\n    pass\n\ndef bad(:\n    pass\n",
    );
    assert!(err.contains("File \"broken.py\", line 4"), "{err}");
    assert!(err.contains("SyntaxError"), "{err}");
}

#[test]
fn top_level_exception_fails_the_build_with_a_traceback() {
    let err = build_fails(
        "toplevel",
        "plugin.py",
        "x = 1\n\ndef f():\n    pass\n\nraise ValueError('at import')\n",
    );
    assert!(err.contains("File \"plugin.py\", line 6"), "{err}");
    assert!(err.contains("ValueError: at import"), "{err}");
}

#[test]
fn missing_import_fails_the_build() {
    let err = build_fails(
        "noimport",
        "plugin.py",
        "import no_such_module\n\ndef f():\n    pass\n",
    );
    assert!(err.contains("plugin.py:1:"), "{err}");
    assert!(err.contains("no module named 'no_such_module'"), "{err}");
}

/// A plug-in's own modules (siblings, packages with relative imports), folders given with
/// `--path` and `PYTHONPATH` are frozen into it; imports inside `try` or `if` may be missing.
#[test]
fn multi_file_plugins_freeze_what_they_import() {
    let dir = scratch("multifile");
    let write = |rel: &str, text: &str| {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "app/plugin.py",
        "import helper\nfrom pkg.sub import twice\nfrom vendored import name\n\
         try:\n    import ujson as fast\nexcept ImportError:\n    fast = None\n\
         if False:\n    import not_installed\n\
         from extism_pdk import host\n\
         def run():\n    import late\n    \
         host.set_output(f'{helper.greet()} {twice(21)} {name} {fast} {late.VALUE}')\n",
    );
    write("app/helper.py", "def greet():\n    return 'hi'\n");
    write("app/late.py", "VALUE = 'lazy'\n");
    write("app/unused.py", "raise Exception('never imported')\n");
    write("app/pkg/__init__.py", "");
    write(
        "app/pkg/sub.py",
        "from .util import factor\ndef twice(x):\n    return x * factor\n",
    );
    write("app/pkg/util.py", "factor = 2\n");
    write("lib/vendored/__init__.py", "from ._impl import name\n");
    write("lib/vendored/_impl.py", "name = 'vendored'\n");
    write("env/envmod.py", "X = 1\n");
    let wasm = dir.join("plugin.wasm");
    let out = Command::new(CLI)
        .args([
            "build",
            "app/plugin.py",
            "-o",
            "plugin.wasm",
            "--path",
            "lib",
        ])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut plugin = plugin(&std::fs::read(&wasm).unwrap(), &[], &[]);
    let result = plugin.call::<&str, String>("run", "").unwrap();
    assert_eq!(result, "hi 42 vendored None lazy");

    // Without --path the vendored package is missing: the error names it and the importer.
    let err = build_fails_in(&dir, &["build", "app/plugin.py", "-o", "x.wasm"]);
    assert!(
        err.contains("plugin.py:3: no module named 'vendored'"),
        "{err}"
    );
    // A missing import inside a function body is found too.
    write("app/broken.py", "def f():\n    import envmod\n");
    let err = build_fails_in(&dir, &["build", "app/broken.py", "-o", "x.wasm"]);
    assert!(
        err.contains("broken.py:2: no module named 'envmod'"),
        "{err}"
    );
    // PYTHONPATH is a search path as well.
    let out = Command::new(CLI)
        .args(["build", "app/broken.py", "-o", "x.wasm"])
        .env("PYTHONPATH", dir.join("env"))
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
}

fn build_fails_in(dir: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new(CLI)
        .args(args)
        .env_remove("PYTHONPATH")
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(!out.status.success(), "the build should fail");
    text(&out.stderr)
}

#[test]
fn host_call_at_top_level_is_a_clear_build_error() {
    let err = build_fails(
        "hostcall",
        "plugin.py",
        "from extism_pdk import host\nname = host.get_input_string()\n\ndef f():\n    pass\n",
    );
    assert!(
        err.contains("not available while the plug-in is built"),
        "{err}"
    );
}

#[test]
fn a_file_without_functions_is_an_error() {
    let err = build_fails("noexports", "plugin.py", "x = 1\n");
    assert!(err.contains("no public function"), "{err}");
}

#[test]
fn plugin_imports_only_the_extism_host() {
    let wasm = build_source("imports", "plugin.py", SEED);
    let mut imports = Vec::new();
    let mut exports = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(&wasm) {
        match payload.unwrap() {
            wasmparser::Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    imports.push(import.unwrap().module.to_string());
                }
            }
            wasmparser::Payload::ExportSection(reader) => {
                for export in reader {
                    exports.push(export.unwrap().name.to_string());
                }
            }
            _ => {}
        }
    }
    assert!(!imports.is_empty());
    assert!(
        imports.iter().all(|m| m == "extism:host/env"),
        "imports: {imports:?}"
    );
    assert_eq!(exports, ["memory", "my_function"]);
}

#[test]
fn builds_are_reproducible() {
    let first = build_source("repro1", "plugin.py", SEED);
    let second = build_source("repro2", "plugin.py", SEED);
    assert!(first == second, "two builds of the same file differ");
}

#[test]
fn call_prints_output_and_exits_with_the_code() {
    let dir = scratch("call");
    let py = dir.join("plugin.py");
    std::fs::write(
        &py,
        format!("{SEED}\ndef fail():\n    raise RuntimeError('nope')\n\ndef conf():\n    host.set_output_string(host.get_config('who') or 'nobody')\n"),
    )
    .unwrap();
    let wasm = dir.join("plugin.wasm");
    build_file(&py, &wasm);
    let wasm = wasm.to_str().unwrap();

    let out = cli(&["call", wasm, "my_function", "--input", "World"]);
    assert_eq!(text(&out.stdout), "Hello, World");
    assert_eq!(out.status.code(), Some(0));

    let input = dir.join("input.txt");
    std::fs::write(&input, "from a file").unwrap();
    let out = cli(&[
        "call",
        wasm,
        "my_function",
        "--input-file",
        input.to_str().unwrap(),
    ]);
    assert_eq!(text(&out.stdout), "Hello, from a file");

    let out = cli(&["call", wasm, "conf", "--config", "who=me"]);
    assert_eq!(text(&out.stdout), "me");

    let out = cli(&["call", wasm, "fail"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("line 8, in fail") && err.contains("RuntimeError: nope"),
        "{err}"
    );

    let out = cli(&["call", wasm, "no_such_function"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no function `no_such_function`"));
}

#[test]
fn print_and_logs_reach_the_host_log() {
    let wasm_path = scratch("logs").join("plugin.wasm");
    build_file(&tests_dir().join("fixtures/host_api/plugin.py"), &wasm_path);
    let wasm = wasm_path.to_str().unwrap();

    let out = cli(&["call", wasm, "logs", "--log-level", "info"]);
    assert_eq!(text(&out.stdout), "logged");
    let log = text(&out.stderr);
    for line in ["printed 42", "an info line", "a warn line", "an error line"] {
        assert!(log.contains(line), "log lacks {line:?}:\n{log}");
    }
    assert!(!log.contains("a debug line"), "{log}");

    let out = cli(&["call", wasm, "logs", "--log-level", "warn"]);
    let log = text(&out.stderr);
    assert!(
        log.contains("a warn line") && !log.contains("printed 42"),
        "{log}"
    );
}

/// `print` in a plug-in writes one info-level log message per line, an empty line included.
#[test]
fn an_empty_print_is_a_log_line() {
    let source = "def main():\n    print('a')\n    print()\n    print('b\\n\\nc')\n";
    let wasm = scratch("empty-print-call").join("plugin.wasm");
    std::fs::write(&wasm, build_source("empty-print", "plugin.py", source)).unwrap();
    let (code, printed, rest) = call_printing(&wasm, "main");
    assert_eq!(code, 0, "{rest}");
    assert_eq!(printed, "a\n\nb\n\nc\n");
}

/// sys.stdout reaches the log at info level and sys.stderr at error level, each a line per
/// message, whether written directly or through `print(file=...)`; `flush=True` sends no partial
/// line; under `run`, sys.stderr goes to the CLI's stderr.
#[test]
fn stdout_and_stderr_reach_the_log_at_their_levels() {
    let source = "import sys\n\
                  def main():\n    \
                  print('out', 1, flush=True)\n    \
                  print('err', 2, file=sys.stderr)\n    \
                  sys.stderr.write('partial ')\n    \
                  print('no newline yet', end='', flush=True)\n    \
                  sys.stdout.write(' and the rest\\n')\n    \
                  sys.stderr.write('line\\n')\n";
    let dir = scratch("stdio-levels");
    let wasm = dir.join("plugin.wasm");
    std::fs::write(&wasm, build_source("stdio-levels", "plugin.py", source)).unwrap();
    let (records, out) = call_logging(&wasm, "main");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let expected = [
        ("INFO", "out 1"),
        ("ERROR", "err 2"),
        ("INFO", "no newline yet and the rest"),
        ("ERROR", "partial line"),
    ];
    assert_eq!(
        records,
        expected.map(|(l, m)| (l.to_string(), m.to_string())),
    );

    let script = dir.join("script.py");
    std::fs::write(
        &script,
        "import sys\nprint('to stdout')\nprint('to stderr', file=sys.stderr)\n",
    )
    .unwrap();
    let (code, stdout, stderr) = run_script(&script);
    assert_eq!((code, stdout.as_str()), (0, "to stdout\n"));
    assert_eq!(stderr, "to stderr\n");
}

#[test]
fn run_reports_exceptions_and_exit_codes() {
    let dir = scratch("run");
    let script = dir.join("fails.py");
    std::fs::write(
        &script,
        "print('before')\n\ndef f():\n    raise ValueError('boom')\n\nf()\n",
    )
    .unwrap();
    let (code, stdout, stderr) = run_script(&script);
    assert_eq!((code, stdout.as_str()), (1, "before\n"));
    assert!(
        stderr.contains("File \"fails.py\", line 4, in f") && stderr.contains("ValueError: boom"),
        "{stderr}"
    );

    std::fs::write(&script, "import sys\nprint('x')\nsys.exit(3)\n").unwrap();
    let (code, stdout, _) = run_script(&script);
    assert_eq!((code, stdout.as_str()), (3, "x\n"));

    std::fs::write(&script, "x = (\n").unwrap();
    let (code, _, stderr) = run_script(&script);
    assert_eq!(code, 1);
    assert!(stderr.contains("SyntaxError"), "{stderr}");
}

/// A traceback names the line of the operation that raised, whichever opcode it was: the VM
/// records the position only in opcodes that can raise (build.rs, SELECTIVE_EXC_IP), and an
/// exception from native code re-enters the loop at its handler (src/port/vm_entry.inc).
#[test]
fn tracebacks_name_the_line_of_each_kind_of_failing_operation() {
    let dir = scratch("lines");
    let script = dir.join("op.py");
    // Each line 3 fails; line 2 runs opcodes that cannot.
    let failing = [
        ("return x.nope", "AttributeError"),
        ("return {}[x]", "KeyError"),
        ("return int('a')", "ValueError"),
        ("return x + 's'", "TypeError"),
        ("return -'s'", "TypeError"),
        ("return x < 's'", "TypeError"),
        ("return [i for i in x]", "TypeError"),
        ("return x()", "TypeError"),
        ("return nosuch_name", "NameError"),
        ("return __import__('nosuch_module')", "ImportError"),
        ("return (1,).__setitem__(0, 2)", "AttributeError"),
        ("return [][x]", "IndexError"),
        ("return 1 // x", "ZeroDivisionError"),
        ("return next(iter([]))", "StopIteration"),
        ("a, b = x", "TypeError"),
        ("with x: pass", "AttributeError"),
        ("x.attr = 1", "AttributeError"),
        ("'s'[0] = 1", "TypeError"),
        ("del y[0]", "TypeError"),
        ("assert x", "AssertionError"),
        ("raise ValueError(x)", "ValueError"),
    ];
    // Every case runs; the failures are reported together.
    let wrong: Vec<String> = failing
        .iter()
        .filter_map(|(stmt, error)| {
            std::fs::write(
                &script,
                format!("def f(x):\n    y = x\n    {stmt}\n\nf(0)\n"),
            )
            .unwrap();
            let (code, _, stderr) = run_script(&script);
            let right = code == 1
                && stderr.contains("File \"op.py\", line 3, in f")
                && stderr.contains(error);
            (!right)
                .then(|| format!("{stmt} (exit code {code}, expected 1 and {error}):\n{stderr}"))
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "{} of {} cases:\n{}",
        wrong.len(),
        failing.len(),
        wrong.join("\n")
    );
}

/// `random` without a seed: a plug-in has no entropy source, so an unseeded generator is
/// seeded from a counter kept in the instance (the n-th such seeding is `seed(2**64 + n)`, as
/// the README says). Fresh instances repeat; calls in one instance go on; a seeded generator
/// and the hashing modules work from a build-time snapshot.
#[test]
fn random_unseeded_is_deterministic_per_instance() {
    const PLUGIN: &str = r#"
import hashlib, random
from extism_pdk import host

first = random.random()
other = random.Random()
seeded = random.Random(42)
prefix = hashlib.sha256(b"prefix:")

def draw():
    h = prefix.copy()
    h.update(host.get_input())
    checks = [
        first == random.Random(2**64).random(),
        other.random() == random.Random(2**64 + 1).random(),
    ]
    random.seed()
    checks.append(random.random() == random.Random(2**64 + 2).random())
    host.set_output_string("%s %d %s %s" % (
        checks, seeded.randint(1, 100), random.random(), h.hexdigest()))
"#;
    let wasm = build_source("random-unseeded", "plugin.py", PLUGIN);
    let mut a = plugin(&wasm, &[], &[]);
    let mut b = plugin(&wasm, &[], &[]);
    let a1 = text(&call(&mut a, "draw", b"x").unwrap());
    let b1 = text(&call(&mut b, "draw", b"x").unwrap());
    assert_eq!(a1, b1, "fresh instances repeat");
    assert!(
        a1.starts_with("[True, True, True] 82 ")
            && a1.ends_with(" cbc99811f4fc161927510bae7f55d3351f22ca54106a19b14f2f0eba45d2f457"),
        "{a1}"
    );
    let a2 = text(&call(&mut a, "draw", b"x").unwrap());
    assert_ne!(a1, a2, "an instance's generators go on from call to call");
}

/// A plug-in that can call the compiler (`eval`) and import modules by a computed name.
const DYNAMIC: &str = r#"import extism

@extism.plugin_fn
def dyn():
    m = __import__(extism.input_str())
    extism.output_str(type(m.compile("a+", 0)).__name__)

@extism.plugin_fn
def ev():
    f = getattr(__import__("builtins"), "ev" + "al")
    extism.output_str(str(f(extism.input_str())))
"#;

fn build_with(test: &str, source: &str, flags: &[&str]) -> (Vec<u8>, String) {
    let (wasm, out) = build_with_flags(test, source, flags);
    (std::fs::read(wasm).unwrap(), text(&out.stdout))
}

#[test]
fn the_hello_plugin_stays_within_its_size_budget() {
    let wasm = build_file(
        &tests_dir().join("../examples/my_plugin.py"),
        &scratch("size-budget").join("plugin.wasm"),
    );
    assert!(
        wasm.len() <= 300_000,
        "the hello plug-in is {} bytes",
        wasm.len()
    );
}

/// README, Sizes: "count_vowels, host_function and http_fetch are about 290 KB".
#[test]
fn the_other_examples_are_about_290_kb() {
    for example in ["count_vowels", "host_function", "http_fetch"] {
        let wasm = build_file(
            &tests_dir().join(format!("../examples/{example}.py")),
            &scratch(&format!("size-{example}")).join("plugin.wasm"),
        );
        assert!(
            (270_000..=300_000).contains(&wasm.len()),
            "examples/{example}.py gives {} bytes; the README says about 290 KB",
            wasm.len()
        );
    }
}

/// Native modules no file imports and the compiler are left out; what the import scan cannot
/// see gets an error naming the flag that keeps the part, and the instance lives on.
#[test]
fn left_out_parts_fail_with_a_clear_error() {
    let (wasm, _) = build_with("left-out", DYNAMIC, &[]);
    let mut p = plugin(&wasm, &[], &[]);
    let (error, code) = call(&mut p, "dyn", b"_re").unwrap_err();
    assert_eq!(code, 1);
    assert!(
        error.contains("RuntimeError: module '_re' was left out of this plug-in at build time")
            && error.contains("--keep-module _re"),
        "{error}"
    );
    let (error, _) = call(&mut p, "ev", b"1 + 2").unwrap_err();
    assert!(
        error.contains("RuntimeError: the compiler was left out of this plug-in")
            && error.contains("--keep-compiler"),
        "{error}"
    );

    let (kept, _) = build_with("kept", DYNAMIC, &["--keep-module", "re", "--keep-compiler"]);
    assert!(
        kept.len() > wasm.len() + 50_000,
        "{} vs {}",
        kept.len(),
        wasm.len()
    );
    let mut p = plugin(&kept, &[], &[]);
    assert_eq!(call(&mut p, "dyn", b"_re").unwrap(), b"tuple");
    assert_eq!(call(&mut p, "ev", b"1 + 2").unwrap(), b"3");
    let (all, _) = build_with("kept-all", DYNAMIC, &["--keep-all"]);
    assert!(all.len() > kept.len());

    let out = cli(&["build", "x.py", "-o", "x.wasm", "--keep-module", "nosuch"]);
    assert!(text(&out.stderr).contains("--keep-module nosuch: not a native module"));
}

/// Plug-ins that import `re`, or use `exec`, keep what they need.
#[test]
fn imported_modules_and_the_compiler_stay() {
    let (wasm, _) = build_with(
        "keeps-re",
        "import re\nimport extism\n\n@extism.plugin_fn\ndef f():\n    \
         extism.output_str(re.sub(r'\\d+', '#', extism.input_str()))\n",
        &[],
    );
    let mut p = plugin(&wasm, &[], &[]);
    assert_eq!(call(&mut p, "f", b"a1b22").unwrap(), b"a#b#");
    let (wasm, _) = build_with(
        "keeps-compiler",
        "import extism\n\n@extism.plugin_fn\ndef f():\n    g = {}\n    \
         exec('x = ' + extism.input_str(), g)\n    extism.output_str(str(g['x']))\n",
        &[],
    );
    let mut p = plugin(&wasm, &[], &[]);
    assert_eq!(call(&mut p, "f", b"6 * 7").unwrap(), b"42");
}

#[test]
fn size_report_names_the_parts() {
    let (wasm, report) = build_with("size-report", DYNAMIC, &["--size-report"]);
    for row in [
        "code: native module _re [left out]",
        "code: compiler (lexer, parser, compiler, emitter) [left out]",
        "code: MicroPython runtime (C)",
        "data: heap",
    ] {
        assert!(report.contains(row), "{row} in\n{report}");
    }
    let total = report.lines().find(|l| l.starts_with("total")).unwrap();
    assert!(total.ends_with(&format!(" {}", wasm.len())), "{total}");
}

/// The match statement's matcher is in a plug-in only if a file has a `match` statement.
#[test]
fn the_matcher_comes_only_with_a_match_statement() {
    const ROW: &str = "code: the match statement's matcher";
    let (_, report) = build_with("no-match", SEED, &["--size-report"]);
    assert!(report.contains(&format!("{ROW} [left out]")), "{report}");
    let source = r#"import extism

@extism.plugin_fn
def first():
    match extism.input_str().split():
        case [word, *_]:
            extism.output_str(word)
        case []:
            extism.output_str('-')
"#;
    let (wasm, report) = build_with("match", source, &["--size-report"]);
    assert!(report.contains(ROW) && !report.contains(&format!("{ROW} [left out]")));
    let mut p = plugin(&wasm, &[], &[]);
    assert_eq!(
        text(&call(&mut p, "first", b"hello world").unwrap()),
        "hello"
    );
    assert_eq!(text(&call(&mut p, "first", b"").unwrap()), "-");
}

/// The standard library's modules are compiled at build time even when the plug-in imports
/// them only inside a function, so the compiler stays out.
#[test]
fn stdlib_imported_in_a_function_needs_no_compiler() {
    let (wasm, report) = build_with(
        "lazy-stdlib",
        "import extism\n\n@extism.plugin_fn\ndef f():\n    import enum\n\n    \
         class C(enum.Enum):\n        A = 1\n\n    extism.output_str(C(1).name)\n",
        &["--size-report"],
    );
    assert!(
        report.contains("compiler (lexer, parser, compiler, emitter) [left out]"),
        "{report}"
    );
    let mut p = plugin(&wasm, &[], &[]);
    assert_eq!(call(&mut p, "f", b"").unwrap(), b"A");
}
