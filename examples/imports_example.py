# A plug-in other plug-ins link against: its shared functions are exports for wasm modules,
# not for the host. Load it in the same manifest as examples/imports.py under the name
# "example". A function without a return annotation returns nothing (as in python-pdk).
import extism


@extism.shared_fn
def announce():
    extism.log(extism.LogLevel.Info, "announce() was called")


@extism.shared_fn
def shout(text: str) -> str:
    return text.upper()


@extism.shared_fn
def tally(counts: dict) -> dict:
    counts["checked"] = True
    return counts
