//! The rows: call cost, cold start, throughput, size, dict curve.

use super::*;

pub(crate) fn call_cost(
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
pub(crate) fn calls(plugin: &mut Plugin, n: usize, times: &mut Vec<f64>) -> Result<()> {
    for _ in 0..n {
        let t = Instant::now();
        let out: &[u8] = plugin.call("hello", HELLO_INPUT)?;
        std::hint::black_box(out);
        times.push(t.elapsed().as_secs_f64());
    }
    Ok(())
}

pub(crate) struct Cold {
    pub(crate) compile: f64,
    pub(crate) create: f64,
    pub(crate) instantiate: f64,
    pub(crate) first: f64,
    pub(crate) total: f64,
    pub(crate) later: f64,
}

pub(crate) const MISSING: &str = "__bench_no_such_function";

/// One cold start: read, compile (with `cache`, or none), create, first call; later calls.
pub(crate) fn cold_once(wasm: &Path, cache: Option<&Path>) -> Result<Cold> {
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

pub(crate) fn cold_start(
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

pub(crate) fn throughput(
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
pub(crate) fn workload(
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

pub(crate) fn size(
    table: &mut Table,
    hello: &Path,
    hello_extism: &Path,
    baseline: &Path,
) -> Result<()> {
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

pub(crate) fn gzipped(path: &Path) -> Result<usize> {
    let out = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .output()
        .context("running gzip")?;
    Ok(out.stdout.len())
}

/// One side (ours or native) of the dict curve.
#[derive(Default)]
pub(crate) struct Curve {
    /// (n, seconds per dict build) measured so far.
    pub(crate) points: Vec<(usize, f64)>,
    /// Set once a size is skipped: larger ones are skipped too.
    pub(crate) skipped: bool,
}

impl Curve {
    /// Whether to measure `n`; if not, the cell to show.
    pub(crate) fn admit(&mut self, n: usize, budget: f64) -> Option<String> {
        let est = estimate(&self.points, n);
        if self.skipped || est > budget {
            self.skipped = true;
            return Some(format!("skipped (est. {est:.0} s)"));
        }
        None
    }

    /// The cell for `n` from the samples of build().
    pub(crate) fn cell(&mut self, n: usize, samples: Result<Vec<f64>>) -> (String, Option<f64>) {
        match samples {
            Ok(v) if !v.is_empty() => {
                let t = median(v);
                self.points.push((n, t));
                (fmt_time(t / n as f64) + "/item", Some(t))
            }
            Ok(_) => ("no samples".into(), None),
            Err(e) => (format!("failed: {}", short(&e)), None),
        }
    }

    pub(crate) fn growth(&self) -> String {
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
/// A workload measured at several sizes, for a time per item that should stay flat: a module
/// of benches/workloads/ with `setup(n)` (not timed), `build()` (timed; returns n) and
/// `check()` (0 when what `build()` made is intact; not timed).
pub(crate) struct CurveWorkload {
    pub(crate) module: &'static str,
    /// The `--only` section that runs it.
    pub(crate) section: &'static str,
    pub(crate) sizes: &'static [usize],
    /// The rows' name, with `{k}` for the size in thousands.
    pub(crate) row: &'static str,
}

pub(crate) const CURVES: &[CurveWorkload] = &[
    CurveWorkload {
        module: "dict_scale",
        section: "dict",
        sizes: &[25_000, 50_000, 100_000, 200_000],
        row: "dict of {k}k str keys: build time per key",
    },
    // Programs that keep what they allocate (issue 13): linear-time allocation.
    CurveWorkload {
        module: "keep_strings",
        section: "keep",
        sizes: &[40_000, 160_000, 640_000],
        row: "keep {k}k formatted strings: time per item",
    },
    CurveWorkload {
        module: "keep_records",
        section: "keep",
        sizes: &[40_000, 160_000, 640_000],
        row: "keep {k}k records (list of tuples): time per item",
    },
    CurveWorkload {
        module: "keep_dict",
        section: "keep",
        sizes: &[40_000, 160_000, 640_000],
        row: "keep a dict of {k}k tuples: time per item",
    },
    CurveWorkload {
        module: "keep_output",
        section: "keep",
        sizes: &[40_000, 160_000, 640_000],
        row: "grow an output of {k}k lines: time per line",
    },
];

/// Ours for one size: a fresh instance, set up for n items.
pub(crate) struct OursCurve {
    pub(crate) plugin: Plugin,
    pub(crate) n: usize,
    pub(crate) times: Vec<f64>,
}

impl OursCurve {
    pub(crate) fn new(wasm: &Path, cache: &Path, n: usize) -> Result<OursCurve> {
        let mut plugin = instance(wasm, cache)?;
        call(&mut plugin, "setup", n.to_string().as_bytes())?;
        Ok(OursCurve {
            plugin,
            n,
            times: Vec::new(),
        })
    }

    pub(crate) fn sample(&mut self) -> Result<()> {
        let t = Instant::now();
        let out = call(&mut self.plugin, "run", b"")?;
        self.times.push(t.elapsed().as_secs_f64());
        if out != self.n.to_string() {
            bail!("build() returned {out}");
        }
        Ok(())
    }

    /// The samples, once check() finds everything intact; and the heap: (bytes of heap
    /// areas, live bytes after a collection).
    pub(crate) fn finish(mut self) -> Result<(Vec<f64>, (u64, u64))> {
        let bad = call(&mut self.plugin, "check", b"")?;
        if bad != "0" {
            bail!("{bad} items were not intact");
        }
        let heap = call(&mut self.plugin, "heap", b"")?;
        let mut words = heap.split(' ').map(|w| w.parse::<u64>().unwrap_or(0));
        let heap = (words.next().unwrap_or(0), words.next().unwrap_or(0));
        Ok((self.times, heap))
    }
}

/// The rows of one curve: per size, ours and native MicroPython's time per item; then the
/// growth of that time from the smallest size to the largest.
pub(crate) fn curve_rows(
    table: &mut Table,
    notes: &mut Vec<String>,
    curve: &CurveWorkload,
    wasm: &Path,
    native: &Native,
    cache: &Path,
    opts: &Options,
) -> Result<()> {
    let (mut ours, mut base) = (Curve::default(), Curve::default());
    let module = curve.module;
    for &n in curve.sizes {
        eprintln!("bench:   {module} at {n}");
        let ours_skip = ours.admit(n, opts.dict_budget);
        let base_skip = base.admit(n, opts.dict_budget);
        // Several samples while they are cheap, one when a build takes seconds.
        let last = [&ours, &base]
            .iter()
            .filter_map(|c| c.points.last().map(|p| p.1 * n as f64 / p.0 as f64))
            .fold(0.0, f64::max);
        let reps = if last < 0.5 { opts.rounds } else { 1 };
        // None exactly when that side is skipped.
        let mut mine = ours_skip.is_none().then(|| OursCurve::new(wasm, cache, n));
        let mut theirs: Option<Result<Vec<f64>>> = base_skip.is_none().then(|| Ok(Vec::new()));
        let prelude = format!("import {module} as _w\n_w.setup({n})");
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
                                notes.push(format!("! native {module}.build() for {n}: {r}"));
                            }
                        }
                        Err(e) => theirs = Some(Err(e)),
                    }
                }
            }
        }
        let (ours_cell, ours_t) = match mine {
            Some(r) => {
                let finished = r.and_then(OursCurve::finish).map(|(times, (areas, live))| {
                    notes.push(format!(
                        "{module} at {n}: heap areas {:.1} MB, live data {:.1} MB ({:.2}x)",
                        areas as f64 / 1e6,
                        live as f64 / 1e6,
                        areas as f64 / live.max(1) as f64
                    ));
                    times
                });
                ours.cell(n, finished)
            }
            None => (ours_skip.unwrap_or_default(), None),
        };
        let (base_cell, base_t) = match theirs {
            Some(r) => base.cell(n, r),
            None => (base_skip.unwrap_or_default(), None),
        };
        table.rows.push(Row {
            name: curve.row.replace("{k}", &(n / 1000).to_string()),
            ours: ours_cell,
            base: base_cell,
            ratio: match (ours_t, base_t) {
                (Some(a), Some(b)) => format!("{:.2}x speed", b / a),
                _ => String::new(),
            },
            goal: "flat in n".into(),
        });
    }
    table.rows.push(Row {
        name: format!("{module}: growth of the time per item"),
        ours: ours.growth(),
        base: base.growth(),
        ratio: String::new(),
        goal: "≈ 1x (linear)".into(),
    });
    if ours.skipped || base.skipped {
        notes.push(format!(
            "{module} sizes whose build was estimated (from the smaller sizes' growth) to exceed \
             --dict-budget {} s were skipped.",
            opts.dict_budget
        ));
    }
    Ok(())
}

/// An error's root cause, on one line.
pub(crate) fn short(e: &anyhow::Error) -> String {
    let detail = e
        .chain()
        .map(|c| c.to_string())
        .find(|m| m.contains("memory fault"))
        .unwrap_or_else(|| e.root_cause().to_string());
    detail.lines().next().unwrap_or("").to_string()
}

/// The time a build of `n` keys would take, extrapolated from the measured points with their
/// growth exponent (at least linear; quadratic when only one point is known).
pub(crate) fn estimate(pts: &[(usize, f64)], n: usize) -> f64 {
    match pts {
        [] => 0.0,
        [(n0, t0)] => t0 * (n as f64 / *n0 as f64).powi(2),
        [.., (n0, t0), (n1, t1)] => {
            let k = ((t1 / t0).ln() / (*n1 as f64 / *n0 as f64).ln()).max(1.0);
            t1 * (n as f64 / *n1 as f64).powf(k)
        }
    }
}
