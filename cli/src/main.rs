//! `extism-upy`: build, call and run Extism plug-ins written in Python.

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use extism_upy::{codegen, host, plugin_files, trim, CORE};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(version, about = "Extism plug-ins written in Python, on MicroPython")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Compile a Python file into a plug-in (its top level runs now, at build time).
    Build {
        /// The plug-in's Python file.
        file: PathBuf,
        /// Where to write the plug-in.
        #[arg(short, long)]
        output: PathBuf,
        /// A folder of Python modules the plug-in imports (repeatable; PYTHONPATH is read too).
        #[arg(long = "path", value_name = "DIR")]
        paths: Vec<PathBuf>,
        /// Keep a native module no file imports (for `__import__`/`importlib`; repeatable).
        #[arg(long = "keep-module", value_name = "NAME")]
        keep_modules: Vec<String>,
        /// Keep the compiler although no file uses eval, exec or compile.
        #[arg(long)]
        keep_compiler: bool,
        /// Keep the whole core.
        #[arg(long)]
        keep_all: bool,
        /// Print where the plug-in's bytes go.
        #[arg(long)]
        size_report: bool,
    },
    /// Call a function of a plug-in in the Extism runtime (like `extism call`).
    Call {
        plugin: PathBuf,
        function: String,
        /// The call's input.
        #[arg(long, conflicts_with = "input_file")]
        input: Option<String>,
        /// Read the call's input from a file.
        #[arg(long)]
        input_file: Option<PathBuf>,
        /// A config entry KEY=VALUE (repeatable).
        #[arg(long = "config", value_name = "KEY=VALUE")]
        config: Vec<String>,
        /// Show the plug-in's log messages at this level and above (trace, debug, info, warn, error).
        #[arg(long)]
        log_level: Option<String>,
        /// A host HTTP requests may go to (repeatable; `*` allows all).
        #[arg(long = "allow-host", value_name = "HOST")]
        allow_host: Vec<String>,
        /// Stop the call after this many milliseconds.
        #[arg(long)]
        timeout_ms: Option<u64>,
        /// The most 64 KiB pages of memory the plug-in may use (also passed to the plug-in
        /// as config `upy.memory.max_pages`, so Python gets MemoryError before the cap).
        #[arg(long)]
        memory_max_pages: Option<u32>,
        /// Link WASI (extism-upy plug-ins do not need it).
        #[arg(long)]
        wasi: bool,
    },
    /// Run a Python script inside the plug-in runtime; `print` goes to stdout.
    Run {
        script: PathBuf,
        /// A folder of Python modules the script imports (repeatable; PYTHONPATH is read too).
        #[arg(long = "path", value_name = "DIR")]
        paths: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => ExitCode::from(code as u8),
        Err(e) => {
            if let Some(py) = e.downcast_ref::<codegen::PythonError>() {
                eprint!("{}", py.stdout);
                eprintln!("{}", py.traceback);
            } else {
                eprintln!("error: {e:#}");
            }
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Build {
            file,
            output,
            paths,
            keep_modules,
            keep_compiler,
            keep_all,
            size_report,
        } => {
            for name in &keep_modules {
                let known: Vec<&str> = trim::module_names().collect();
                if !known
                    .iter()
                    .any(|k| k == name || k.trim_start_matches('_') == name)
                {
                    bail!(
                        "--keep-module {name}: not a native module (one of {})",
                        known.join(", ")
                    );
                }
            }
            let keep = trim::Keep {
                modules: keep_modules,
                compiler: keep_compiler,
                all: keep_all,
            };
            let plugin = codegen::build(
                CORE,
                &|builtins| plugin_files(&file, &paths, builtins),
                &keep,
            )?;
            eprint!("{}", plugin.stdout);
            if size_report {
                print!("{}", plugin.report);
            }
            if plugin.exports.is_empty() {
                bail!("{} defines no public function to export", file.display());
            }
            std::fs::write(&output, &plugin.wasm)
                .with_context(|| format!("writing {}", output.display()))?;
            let wasi = host::wasi_needs(&plugin.wasm)?;
            if !wasi.is_empty() {
                eprintln!(
                    "note: this plug-in needs a host with WASI enabled: {} (extism call --wasi)",
                    wasi.join(", ")
                );
            }
            eprintln!(
                "built {} ({} bytes), exports: {}",
                output.display(),
                plugin.wasm.len(),
                plugin.exports.join(", ")
            );
            Ok(0)
        }
        Command::Call {
            plugin,
            function,
            input,
            input_file,
            config,
            log_level,
            allow_host,
            timeout_ms,
            memory_max_pages,
            wasi,
        } => {
            let wasm =
                std::fs::read(&plugin).with_context(|| format!("reading {}", plugin.display()))?;
            let input = match (input, input_file) {
                (Some(s), _) => s.into_bytes(),
                (None, Some(path)) => {
                    std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?
                }
                (None, None) => Vec::new(),
            };
            let mut options = host::CallOptions {
                allowed_hosts: allow_host,
                timeout_ms,
                memory_max_pages,
                wasi,
                ..Default::default()
            };
            for entry in config {
                let (k, v) = entry
                    .split_once('=')
                    .with_context(|| format!("--config {entry}: expected KEY=VALUE"))?;
                options.config.insert(k.to_string(), v.to_string());
            }
            if let Some(level) = log_level {
                extism::set_log_callback(|line| eprint!("{line}"), &level)?;
            }
            let needs = host::wasi_needs(&wasm)?;
            if !wasi && !needs.is_empty() {
                eprintln!(
                    "{} needs a host with WASI enabled ({}): call it with --wasi",
                    plugin.display(),
                    needs.join(", ")
                );
                return Ok(1);
            }
            let mut plugin = host::load(&wasm, &options)?;
            let result = host::call(&mut plugin, &function, &input);
            std::io::stdout().write_all(&result.output)?;
            if let Some(error) = &result.error {
                eprintln!("{error}");
            }
            Ok(result.code)
        }
        Command::Run { script, paths } => {
            let result = host::run(CORE, &|builtins| plugin_files(&script, &paths, builtins))?;
            std::io::stdout().write_all(&result.stdout)?;
            if !result.traceback.is_empty() {
                eprintln!("{}", result.traceback);
            }
            Ok(result.code)
        }
    }
}
