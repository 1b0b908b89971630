//! CPython (3.11, run here, not recorded) as the oracle:
//! - `scripts::<name>::{run, plugin}`: each tests/scripts/<name>.py prints what CPython prints,
//!   under `extism-upy run` and as a built plug-in (its body in an export, compiled at build
//!   time, snapshot and trimmed, called through the Extism runtime, `print` read from the log);
//! - `seed_<n>::{exprs_run, exprs_plugin}`: random expressions from tests/differential/gen.py,
//!   the same two ways; `seed_<n>::json_round_trip`: random JSON documents round-tripped
//!   through a plug-in give what CPython's `json.dumps(json.loads(text))` gives.
//!   `DIFF_SEEDS=7,8,9 cargo test ... --test differential -- --ignored` tries other seeds.
//! - `cpydiff::<name>`: each row of the README's table of differences from CPython is a case
//!   in tests/cpydiff/ that must still behave as documented, here and in CPython.
//!
//! Every mismatch of a test is reported, not only the first.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

/// How many differing lines a failure shows.
const SHOWN: usize = 40;

/// Compares `ours` with `theirs` (CPython's) line by line; `Err` lists every difference,
/// each described by `case` (given the 0-based line number).
fn compare(ours: &str, theirs: &str, case: impl Fn(usize) -> String) -> Result<(), String> {
    let (ours, theirs) = (lines(ours), lines(theirs));
    let mut diffs = Vec::new();
    for i in 0..ours.len().max(theirs.len()) {
        let (a, b) = (ours.get(i), theirs.get(i));
        if a != b {
            diffs.push(format!(
                "{}\n  ours:    {}\n  CPython: {}",
                case(i),
                a.unwrap_or(&"<no line>"),
                b.unwrap_or(&"<no line>")
            ));
        }
    }
    if diffs.is_empty() {
        return Ok(());
    }
    let total = diffs.len();
    diffs.truncate(SHOWN);
    Err(format!(
        "{total} lines differ (ours {} lines, {} {}){}:\n{}",
        ours.len(),
        cpython_version(),
        theirs.len(),
        if total > SHOWN {
            ", the first shown"
        } else {
            ""
        },
        diffs.join("\n")
    ))
}

/// The lines of `printed`, split at `\n` only (a `\r` is part of what a line prints).
fn lines(printed: &str) -> Vec<&str> {
    match printed.strip_suffix('\n').unwrap_or(printed) {
        "" if printed.is_empty() => Vec::new(),
        all => all.split('\n').collect(),
    }
}

/// What CPython's output looks like once it has gone through a plug-in's log and the CLI's
/// log writer, which (tracing-subscriber's) escapes terminal control characters.
fn as_logged(printed: &str) -> String {
    let mut logged = String::new();
    for line in lines(printed) {
        for c in line.chars() {
            match c {
                '\x1b' | '\x07' | '\x08' | '\x0c' | '\x7f' => {
                    logged.push_str(&format!("\\x{:02x}", c as u32))
                }
                '\u{80}'..='\u{9f}' => logged.push_str(&format!("\\u{{{:x}}}", c as u32)),
                c => logged.push(c),
            }
        }
        logged.push('\n');
    }
    logged
}

/// How a script runs on our side.
#[derive(Clone, Copy, Debug)]
enum Via {
    /// `extism-upy run`: the untrimmed core, compiled at run time.
    Run,
    /// A plug-in built by `extism-upy build` and called with `extism-upy call`.
    Plugin,
}

/// Runs `script` our way: (exit code, what it printed, stderr).
fn ours(script: &Path, via: Via, test: &str) -> (i32, String, String) {
    match via {
        Via::Run => run_script(script),
        Via::Plugin => call_printing(&script_as_plugin(script, &scratch(test)), "main"),
    }
}

/// `script` prints under `via` what it prints under CPython.
fn check_against_cpython(script: &Path, via: Via, test: &str, case: impl Fn(usize) -> String) {
    let theirs = match via {
        Via::Run => cpython_output(script),
        Via::Plugin => as_logged(&cpython_output(script)),
    };
    let (code, ours, stderr) = ours(script, via, test);
    assert_eq!(code, 0, "{} ({via:?}) failed: {stderr}", script.display());
    if let Err(diffs) = compare(&ours, &theirs, case) {
        panic!("{} ({via:?}): {diffs}", script.display());
    }
}

fn check_script(name: &str, via: Via) {
    let script = tests_dir().join("scripts").join(format!("{name}.py"));
    check_against_cpython(&script, via, &format!("script-{name}"), |i| {
        format!("line {}", i + 1)
    });
}

macro_rules! scripts {
    ($($name:ident),* $(,)?) => {
        mod scripts {
            use super::*;
            $(mod $name {
                use super::*;
                #[test]
                fn run() {
                    check_script(stringify!($name), Via::Run);
                }
                #[test]
                fn plugin() {
                    check_script(stringify!($name), Via::Plugin);
                }
            })*
            pub const ALL: &[&str] = &[$(stringify!($name)),*];
        }
    };
}

scripts!(
    annotations_slices,
    dict_order,
    exceptions,
    gc_growth,
    gc_keep,
    gc_stress,
    gc_torture,
    interning,
    json_compat,
    language,
    stdlib_binascii_base64,
    stdlib_collections,
    stdlib_dataclasses,
    stdlib_enum,
    stdlib_functools_itertools,
    stdlib_hashlib_hmac,
    stdlib_misc,
    stdlib_random,
    stdlib_re,
    stdlib_typing,
    str_float_format,
    syntax_future_annotations,
    syntax_match,
    syntax_unpacking_params,
);

/// The names of the files in `folder` of tests/ with extension `ext`, sorted.
fn files_in(folder: &str, ext: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(tests_dir().join(folder))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn every_script_has_a_test() {
    let mut listed: Vec<String> = scripts::ALL.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(
        files_in("scripts", "py"),
        listed,
        "list every tests/scripts/*.py in scripts!"
    );
}

/// Runs tests/differential/gen.py under CPython.
fn generate(mode: &str, seed: u64, count: usize) -> String {
    let out = cpython()
        .arg(tests_dir().join("differential/gen.py"))
        .args([mode, &seed.to_string(), &count.to_string()])
        .output()
        .expect("python3");
    assert!(out.status.success(), "gen.py: {}", text(&out.stderr));
    text(&out.stdout)
}

/// Seed `seed`'s 3,000 random expressions print under `via` what they print under CPython.
fn exprs(seed: u64, via: Via) {
    let script = generate("exprs", seed, 3000);
    let path = scratch(&format!("exprs-{seed}-{via:?}")).join(format!("exprs_{seed}.py"));
    std::fs::write(&path, &script).unwrap();
    check_against_cpython(&path, via, &format!("exprs-{seed}-{via:?}-plugin"), |i| {
        let case = script
            .lines()
            .find(|l| l.starts_with(&format!("check({i}, ")))
            .unwrap_or("?");
        format!("seed {seed}: {case}")
    });
}

const ROUNDTRIP: &str = r#"
import extism, json

@extism.plugin_fn
def plain():
    extism.output_str(json.dumps(json.loads(extism.input_str())))

@extism.plugin_fn
def sorted_indented():
    value = json.loads(extism.input_str())
    extism.output_str(json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False))
"#;

/// Seed `seed`'s 1,000 random JSON documents round-trip through a plug-in as in CPython.
fn json_round_trip(seed: u64) {
    let wasm = build_source(&format!("json-{seed}"), "plugin.py", ROUNDTRIP);
    let mut plugin = plugin(&wasm, &[], &[]);
    let mut failures = Vec::new();
    let cases = generate("json", seed, 1000);
    for line in cases.lines() {
        let case: Value = serde_json::from_str(line).unwrap();
        let input = case["input"].as_str().unwrap();
        let function = match case["variant"].as_str().unwrap() {
            "plain" => "plain",
            _ => "sorted_indented",
        };
        let expected = case["expected"].as_str().unwrap();
        match call(&mut plugin, function, input.as_bytes()) {
            Ok(out) if text(&out) == expected => {}
            got => failures.push(format!(
                "{function}({input})\n  ours:    {:?}\n  CPython: {expected}",
                got.map(|out| text(&out))
            )),
        }
    }
    assert!(cases.lines().count() == 1000);
    let total = failures.len();
    failures.truncate(SHOWN);
    assert!(
        failures.is_empty(),
        "seed {seed}: {total} of 1000 differ:\n{}",
        failures.join("\n")
    );
}

macro_rules! seeds {
    ($($name:ident = $seed:expr),* $(,)?) => {
        $(mod $name {
            use super::*;
            #[test]
            fn exprs_run() {
                exprs($seed, Via::Run);
            }
            #[test]
            fn exprs_plugin() {
                exprs($seed, Via::Plugin);
            }
            #[test]
            fn json_round_trip() {
                super::json_round_trip($seed);
            }
        })*
    };
}

seeds!(seed_1 = 1, seed_2 = 2, seed_3 = 3);

/// Other seeds, from `DIFF_SEEDS` (e.g. `DIFF_SEEDS=4,5,6`): run with `-- --ignored`.
#[test]
#[ignore = "set DIFF_SEEDS and run with --ignored"]
fn other_seeds() {
    let seeds = std::env::var("DIFF_SEEDS").expect("DIFF_SEEDS, e.g. DIFF_SEEDS=4,5,6");
    for seed in seeds.split(',').map(|x| x.trim().parse().unwrap()) {
        exprs(seed, Via::Run);
        exprs(seed, Via::Plugin);
        json_round_trip(seed);
    }
}

/// A case of tests/cpydiff/: the README row it shows, what it prints here and under CPython
/// (`# upy: LINE` and `# cpython: LINE`, one comment per line printed), or the tests that
/// check a row that needs a host (`# tested-by: tests/FILE.rs FUNCTION`).
struct Difference {
    row: String,
    upy: String,
    /// What it prints as a plug-in, when that differs from `upy` (`# upy-plugin: LINE`).
    upy_plugin: Option<String>,
    cpython: String,
    tested_by: Vec<(String, String)>,
}

fn difference(name: &str) -> Difference {
    let path = tests_dir().join("cpydiff").join(format!("{name}.py"));
    let source = std::fs::read_to_string(&path).unwrap();
    let mut case = Difference {
        row: String::new(),
        upy: String::new(),
        upy_plugin: None,
        cpython: String::new(),
        tested_by: Vec::new(),
    };
    for line in source.lines() {
        let tag = |tag: &str| {
            line.strip_prefix(tag)
                .map(|rest| rest.strip_prefix(' ').unwrap_or(rest).to_string())
        };
        if let Some(row) = tag("# README row:") {
            case.row = row;
        } else if let Some(printed) = tag("# upy-plugin:") {
            *case.upy_plugin.get_or_insert_with(String::new) += &format!("{printed}\n");
        } else if let Some(printed) = tag("# upy:") {
            case.upy += &format!("{printed}\n");
        } else if let Some(printed) = tag("# cpython:") {
            case.cpython += &format!("{printed}\n");
        } else if let Some(test) = tag("# tested-by:") {
            let (file, function) = test.split_once(' ').expect("# tested-by: FILE FUNCTION");
            case.tested_by
                .push((file.to_string(), function.to_string()));
        }
    }
    assert!(!case.row.is_empty(), "{name}: no `# README row:` line");
    case
}

/// Case `name` of tests/cpydiff/ still behaves as the README documents: `extism-upy run` and
/// the case built as a plug-in print its `# upy:` lines (or, as a plug-in, its `# upy-plugin:`
/// lines if it has some), CPython its `# cpython:` lines, and they differ. A case that
/// needs a host names the tests that check it, which must exist.
fn check_difference(name: &str) {
    let case = difference(name);
    if !case.tested_by.is_empty() {
        for (file, function) in &case.tested_by {
            let source = std::fs::read_to_string(tests_dir().join("..").join(file))
                .unwrap_or_else(|e| panic!("{name}: {file}: {e}"));
            assert!(
                source.contains(&format!("fn {function}()")),
                "{name}: {file} has no test {function}"
            );
        }
        return;
    }
    let script = tests_dir().join("cpydiff").join(format!("{name}.py"));
    assert_ne!(case.upy, case.cpython, "{name}: not a difference");
    let (code, ours, stderr) = run_script(&script);
    let theirs = cpython_output(&script);
    let mut wrong = Vec::new();
    if code != 0 || ours != case.upy {
        wrong.push(format!(
            "here (exit code {code}):\n{ours}{stderr}documented:\n{}",
            case.upy
        ));
    }
    let wasm = script_as_plugin(&script, &scratch(&format!("cpydiff-{name}")));
    let (code, as_plugin, stderr) = call_printing(&wasm, "main");
    let expected = case.upy_plugin.as_ref().unwrap_or(&case.upy);
    if code != 0 || as_plugin != as_logged(expected) {
        wrong.push(format!(
            "as a plug-in (exit code {code}):\n{as_plugin}{stderr}documented:\n{expected}"
        ));
    }
    if theirs != case.cpython {
        wrong.push(format!("CPython:\n{theirs}documented:\n{}", case.cpython));
    }
    assert!(
        wrong.is_empty(),
        "{name} (README row {:?}) no longer behaves as documented.\n{}",
        case.row,
        wrong.join("\n")
    );
}

/// Each row of the README's table of differences ("What remains") has a case in
/// tests/cpydiff/; a case whose behaviour is `ignore`d here disagrees with its row (see why).
/// When a difference is fixed, delete its row and its case.
macro_rules! cpydiff {
    ($($name:ident),* $(,)? ; $($ignored:ident = $why:literal),* $(,)?) => {
        mod cpydiff {
            use super::*;
            $(#[test]
            fn $name() {
                check_difference(stringify!($name));
            })*
            $(#[test]
            #[ignore = $why]
            fn $ignored() {
                check_difference(stringify!($ignored));
            })*
            pub const ALL: &[&str] = &[$(stringify!($name),)* $(stringify!($ignored)),*];
        }
    };
}

cpydiff!(
    big_int_float,
    binascii_arg_errors,
    bool_int,
    builtin_dunders,
    deep_recursion,
    enum_len,
    generic_alias,
    hashlib_algorithms,
    http_headers,
    http_not_allowed,
    import_error,
    long_names,
    math_last_bit,
    metaclasses,
    nesting_depth,
    ordereddict_missing,
    random_missing,
    re_flags,
    re_group_names,
    re_groupindex,
    re_pos_endpos,
    re_possessive_captures,
    vars_copy;
);

#[test]
fn every_difference_case_has_a_test() {
    let mut listed: Vec<String> = cpydiff::ALL.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(
        files_in("cpydiff", "py"),
        listed,
        "list every tests/cpydiff/*.py in cpydiff!"
    );
}

/// The rows of the README's table of differences from CPython, and the cases of
/// tests/cpydiff/, match one to one.
#[test]
fn every_readme_difference_has_a_case() {
    let readme = std::fs::read_to_string(tests_dir().join("../README.md")).unwrap();
    let table = readme
        .split_once("What remains:\n")
        .expect("README: the differences table after \"What remains:\"")
        .1;
    let mut rows: Vec<String> = table
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2) // the header and the separator
        .map(|l| l[2..].split(" | ").next().unwrap().to_string())
        .collect();
    rows.sort();
    let mut cases: Vec<String> = files_in("cpydiff", "py")
        .iter()
        .map(|name| difference(name).row)
        .collect();
    cases.sort();
    assert_eq!(
        rows, cases,
        "each README row needs a case in tests/cpydiff/ with `# README row: <its first cell>`"
    );
}
