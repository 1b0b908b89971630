# A plug-in written for Extism's official Python PDK, built unchanged by extism-upy:
#   extism-upy build examples/count_vowels.py -o count_vowels.wasm
#   extism-upy call count_vowels.wasm count_vowels --input "Hello, World!" --config vowels=aeiou
import extism

VOWELS = "aeiouAEIOU"


@extism.plugin_fn
def count_vowels():
    text = extism.input_str()
    vowels = extism.Config.get_str("vowels") or VOWELS
    count = sum(1 for ch in text if ch in vowels)
    # A running total across calls of this plug-in instance, kept by the host.
    total = int(extism.Var.get_str("total") or "0") + count
    extism.Var.set("total", str(total))
    extism.log(extism.LogLevel.Info, f"counted {count} vowels")
    extism.output_json({"count": count, "total": total, "vowels": vowels})
