# The plug-in call_path calls through the real Extism host (built by the CLI, see
# fuzz_targets/call_path.rs). Each export has an answer the target can check.
import extism
from extism_pdk import host


@extism.plugin_fn
def echo():
    extism.output_bytes(extism.input_bytes())


@extism.plugin_fn
def count():
    extism.output_str(str(len(extism.input_str())))


@extism.plugin_fn
def parse():
    host.set_output_json(host.get_input_json())


@extism.plugin_fn
def fail():
    raise ValueError("boom " + str(len(extism.input_bytes())))


@extism.plugin_fn
def code():
    return len(extism.input_bytes()) % 7


@extism.plugin_fn
def set_error():
    host.set_error("failed: " + extism.input_bytes().hex())


@extism.plugin_fn
def deep():
    # Recursion through native code (a closure called by map) to a depth the input picks.
    def down(n):
        return 0 if n <= 0 else 1 + sum(map(down, [n - 1]))

    extism.output_str(str(down(sum(extism.input_bytes()))))


@extism.plugin_fn
def grow():
    # Garbage the collector must reclaim mid-call, and one block sized by the input.
    data = extism.input_bytes()
    total = 0
    for i in range(len(data) * 50):
        total += len([i] * 10)
    block = bytearray(len(data) ** 2 * 1024)  # past the 64 MiB heap: MemoryError
    extism.output_str(str(total + len(block)))


@extism.plugin_fn
def log():
    print(extism.input_bytes())
    extism.log(extism.LogLevel.Warn, extism.input_bytes())
    extism.output_str("logged")


@extism.plugin_fn
def var():
    extism.Var.set("v", extism.input_bytes())
    extism.output_bytes(extism.Var.get_bytes("v") or b"")  # an empty value may unset it


@extism.plugin_fn
def ok():
    extism.output_str("ok")
