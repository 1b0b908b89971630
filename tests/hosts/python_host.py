"""Calls an extism-upy plug-in through Extism's Python host SDK (the `extism` package, whose
`extism-sys` wheel ships libextism).

    python tests/hosts/python_host.py PLUGIN.wasm SCENARIO_JSON

SCENARIO_JSON: {"config": {K: V}, "allowed_hosts": [HOST], "log_level": "info",
                "calls": [{"function": NAME, "input": STR}]}
Prints JSON lines: first {"host", "sdk", "runtime"}; then one per call, in order,
{"function", "ok": true, "output": STR} or {"function", "ok": false, "error": STR}; last
{"logs": [{"level", "message"}], "host_calls": {...}}: what the plug-in logged and what the
host functions of namespace "example" received.
"""

import json
import re
import sys
import typing
from importlib.metadata import version

import extism
import extism_sys


def emit(value):
    sys.stdout.write(json.dumps(value) + "\n")
    sys.stdout.flush()


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: python_host.py PLUGIN.wasm SCENARIO_JSON")
    wasm_path, scenario = sys.argv[1], json.loads(sys.argv[2])
    emit(
        {
            "host": "python",
            "sdk": f"extism {version('extism')}, extism-sys {version('extism-sys')}",
            "runtime": f"libextism {extism.extism_version()}, python {sys.version.split()[0]}",
        }
    )

    # libextism logs through `tracing`; a line from the plug-in reads
    #   <time>  INFO extism::pdk: <message> plugin="<uuid>"
    logs = []
    line = re.compile(r'^\S+\s+([A-Z]+)\s+extism::pdk: (.*?)(?: plugin="[^"]*")?\s*$', re.S)

    def on_log(text):
        m = line.match(text)
        if m:
            logs.append({"level": m.group(1).lower(), "message": m.group(2)})

    logger = extism.set_log_custom(on_log, scenario.get("log_level", "info"))

    # Host functions for namespace "example".
    host_calls = {"reflect": [], "update_dict": [], "do_something": 0}

    @extism.host_fn(name="reflect", namespace="example")
    def reflect(text: str) -> str:
        host_calls["reflect"].append(text)
        return text

    @extism.host_fn(name="update_dict", namespace="example")
    def update_dict(
        d: typing.Annotated[dict, extism.Json],
    ) -> typing.Annotated[dict, extism.Json]:
        host_calls["update_dict"].append(dict(d))
        return {**d, "updated": True}

    # No parameters and no result: the signature is given, not inferred.
    @extism.host_fn(name="do_something", namespace="example", signature=([], []))
    def do_something(_plugin, _params, _results, *_user_data):
        host_calls["do_something"] += 1

    manifest = {
        "wasm": [{"path": wasm_path}],
        "config": scenario.get("config", {}),
    }
    if scenario.get("allowed_hosts"):
        manifest["allowed_hosts"] = scenario["allowed_hosts"]
    plugin = extism.Plugin(
        manifest, wasi=False, functions=[reflect, update_dict, do_something]
    )
    # As the other hosts do: let the plug-in see HTTP response headers. libextism has the
    # switch; the SDK's Plugin class does not wrap it.
    extism_sys.lib.extism_plugin_allow_http_response_headers(plugin.plugin)
    for call in scenario.get("calls", []):
        name = call["function"]
        try:
            output = plugin.call(name, call.get("input", ""))
            emit({"function": name, "ok": True, "output": output.decode()})
        except extism.Error as e:
            emit({"function": name, "ok": False, "error": str(e)})
        logger.drain()
    del plugin
    logger.drain()
    emit({"logs": logs, "host_calls": host_calls})


if __name__ == "__main__":
    main()
