# A plug-in for tests/hosts.rs: `greet` raises ValueError (uncaught) on an empty name, so the
# host sees the Python traceback as the call's error; the same instance serves the next call.
import extism


def _checked(name):
    if not name:
        raise ValueError("a name is needed")
    return name


@extism.plugin_fn
def greet():
    calls = int(extism.Var.get_str("calls") or "0") + 1
    extism.Var.set("calls", str(calls))
    extism.output_str(f"Hello, {_checked(extism.input_str())} (call {calls})")
