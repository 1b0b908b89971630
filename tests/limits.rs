//! The host's limits: a timeout stops an endless loop; the heap's own bound is a MemoryError
//! Python can catch; so is the host's memory cap when the host also passes it in config
//! (`upy.memory.max_pages`); without that, the cap stops the call (Extism traps with "oom"
//! when the module asks to grow past it, before the allocator could fail softly). In every
//! case the same instance serves the next call.

mod common;

use common::*;
use extism::{Manifest, PluginBuilder, Wasm};

const PLUGIN: &str = r#"
from extism_pdk import host

def spin():
    while True:
        pass

def hog():
    try:
        blocks = []
        while True:
            blocks.append(bytearray(256 * 1024))
    except MemoryError:
        blocks = None
        host.set_output_string("MemoryError")

def ok():
    host.set_output_string("ok " + host.get_input_string())

def size():
    host.set_output_string(str(len(host.get_input_string())))

def work():
    # Needs a few heap areas, but far less than the bound.
    rows = [str(i) * 10 for i in range(20000)]
    host.set_output_string(str(sum(len(r) for r in rows)))
"#;

fn limited(wasm: &[u8], manifest: impl FnOnce(Manifest) -> Manifest) -> extism::Plugin {
    let manifest = manifest(Manifest::new([Wasm::data(wasm.to_vec())]));
    PluginBuilder::new(manifest).build().unwrap()
}

#[test]
fn a_timeout_stops_an_endless_loop_and_the_instance_recovers() {
    let wasm = build_source("timeout", "plugin.py", PLUGIN);
    let mut plugin = limited(&wasm, |m| {
        m.with_timeout(std::time::Duration::from_millis(300))
    });
    let (error, _) = call(&mut plugin, "spin", b"").unwrap_err();
    assert!(error.contains("timeout"), "{error}");
    for i in 0..3 {
        let out = call(&mut plugin, "ok", i.to_string().as_bytes()).unwrap();
        assert_eq!(text(&out), format!("ok {i}"));
    }
}

#[test]
fn the_heap_bound_is_a_catchable_memory_error() {
    let wasm = build_source("heapcap", "plugin.py", PLUGIN);
    let mut plugin = limited(&wasm, |m| m);
    for _ in 0..2 {
        assert_eq!(text(&call(&mut plugin, "hog", b"").unwrap()), "MemoryError");
        assert_eq!(
            text(&call(&mut plugin, "ok", b"after").unwrap()),
            "ok after"
        );
    }
}

#[test]
fn the_host_memory_cap_stops_the_call_and_the_instance_recovers() {
    let wasm = build_source("memcap", "plugin.py", PLUGIN);
    // The snapshot starts at about 2 MiB; 8 MiB leaves room for a few heap areas only.
    let mut plugin = limited(&wasm, |m| m.with_memory_max(128));
    for _ in 0..2 {
        let (error, _) = call(&mut plugin, "hog", b"").unwrap_err();
        assert!(error.contains("oom"), "{error}");
        assert_eq!(
            text(&call(&mut plugin, "ok", b"after").unwrap()),
            "ok after"
        );
    }
}

fn capped(wasm: &[u8], pages: u32) -> extism::Plugin {
    limited(wasm, |m| {
        m.with_memory_max(pages)
            .with_config_key("upy.memory.max_pages", pages.to_string())
    })
}

/// What `work` outputs: the digits of 0..20000, each written 10 times.
fn work_total() -> String {
    ((0..20000).map(|i: u32| i.to_string().len()).sum::<usize>() * 10).to_string()
}

#[test]
fn a_host_memory_cap_passed_in_config_is_a_catchable_memory_error() {
    let wasm = build_source("memcap-config", "plugin.py", PLUGIN);
    let mut plugin = capped(&wasm, 128);
    for _ in 0..3 {
        assert_eq!(text(&call(&mut plugin, "hog", b"").unwrap()), "MemoryError");
        assert_eq!(text(&call(&mut plugin, "work", b"").unwrap()), work_total());
        assert_eq!(
            text(&call(&mut plugin, "ok", b"after").unwrap()),
            "ok after"
        );
    }
}

#[test]
fn an_input_larger_than_the_capped_heap_is_a_memory_error() {
    let wasm = build_source("memcap-input", "plugin.py", PLUGIN);
    // 4 MiB cap: the heap stops at 2 MiB, and a 3 MB input cannot be read into it.
    let mut plugin = capped(&wasm, 64);
    let (error, _) = call(&mut plugin, "size", &vec![b'x'; 3_000_000]).unwrap_err();
    assert!(error.contains("MemoryError"), "{error}");
    assert_eq!(
        text(&call(&mut plugin, "size", &vec![b'x'; 500_000]).unwrap()),
        "500000"
    );
}

#[test]
fn the_cli_passes_timeout_and_memory_flags() {
    let dir = scratch("cli-limits");
    let py = dir.join("plugin.py");
    std::fs::write(&py, PLUGIN).unwrap();
    let wasm = dir.join("plugin.wasm");
    build_file(&py, &wasm);
    let wasm = wasm.to_str().unwrap();
    let out = cli(&["call", wasm, "spin", "--timeout-ms", "300"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains("timeout"),
        "{}",
        text(&out.stderr)
    );
    // The CLI tells the plug-in its cap, so Python sees MemoryError.
    let out = cli(&["call", wasm, "hog", "--memory-max-pages", "128"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim(), "MemoryError");
}

/// `print`'s line buffer has a fixed size (src/port/hal.rs, `LOG_LINE_MAX`, 4096 bytes): a
/// longer line reaches the log in pieces of that size, with nothing lost, and the lines after
/// it arrive whole.
#[test]
fn a_print_line_longer_than_the_buffer_reaches_the_log_in_pieces() {
    let dir = scratch("long-print-line");
    let py = dir.join("plugin.py");
    std::fs::write(
        &py,
        "def long_line():\n    print('ab' * 5000 + '|end')\n    print('next line')\n",
    )
    .unwrap();
    let wasm = dir.join("plugin.wasm");
    build_file(&py, &wasm);
    let out = cli(&[
        "call",
        wasm.to_str().unwrap(),
        "long_line",
        "--log-level",
        "info",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // One log record per line of stderr: `<time>  INFO extism::pdk: <message> plugin=...`.
    let messages: Vec<String> = text(&out.stderr)
        .lines()
        .filter_map(|l| l.split_once("extism::pdk: "))
        .map(|(_, rest)| {
            rest.rsplit_once(" plugin=")
                .map_or(rest, |(m, _)| m)
                .to_string()
        })
        .collect();
    let expected = "ab".repeat(5000) + "|end";
    assert_eq!(messages.len(), 4, "{messages:?}");
    assert!(
        messages[..2].iter().all(|m| m.len() == 4096),
        "{messages:?}"
    );
    assert_eq!(messages[..3].concat(), expected);
    assert_eq!(messages[3], "next line");
}
