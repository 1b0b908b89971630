# Calls functions the host provides (the host must define them in namespace "example"):
#   reflect(str) -> str, update_dict(dict) -> dict, do_something().
import extism


@extism.import_fn("example", "reflect")
def reflect(text: str) -> str: ...


@extism.import_fn("example", "update_dict")
def update_dict(d: dict) -> dict: ...


@extism.import_fn("example", "do_something")
def do_something(): ...


@extism.plugin_fn
def run():
    text = reflect(extism.input_str())
    updated = update_dict({"text": text, "length": len(text)})
    do_something()
    extism.output_json(updated)
