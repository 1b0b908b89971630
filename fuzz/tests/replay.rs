//! Replays the seed corpora and the saved crashers (fuzz/regressions/<target>/) through the
//! native targets' checks, without libFuzzer: `cargo test` in fuzz/, on stable Rust.
//! (call_path's needs the host; scripts/fuzz.sh replays those with the fuzzer binary.)

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut n = 0;
    for dir in [
        root.join("corpus").join(target),
        root.join("regressions").join(target),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            eprintln!("{}", path.display());
            check(&std::fs::read(&path).unwrap());
            n += 1;
        }
    }
    assert!(n > 0, "no inputs for {target}");
}

// One test: the core has one interpreter per process, and the harness is built once.
#[test]
fn corpora_and_regressions_pass() {
    replay("json_codec", extism_upy_fuzz::check_json_codec);
    replay("io_conversion", extism_upy_fuzz::check_io_conversion);
}
