//! Calls one export of a plug-in a number of times through the Extism runtime, with an empty
//! input: what `scripts/instructions.sh` counts the instructions of.
//!
//! Usage: `call_export PLUGIN.wasm EXPORT TIMES`

use extism::{Manifest, PluginBuilder, Wasm};

fn main() -> Result<(), extism::Error> {
    let args: Vec<String> = std::env::args().collect();
    let [_, wasm, export, times] = args.as_slice() else {
        eprintln!("usage: call_export PLUGIN.wasm EXPORT TIMES");
        std::process::exit(2);
    };
    let times: usize = times.parse()?;
    let mut plugin = PluginBuilder::new(Manifest::new([Wasm::file(wasm)])).build()?;
    for _ in 0..times {
        let out: &[u8] = plugin.call(export, "")?;
        std::hint::black_box(out);
    }
    Ok(())
}
