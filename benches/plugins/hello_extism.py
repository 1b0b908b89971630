# benches/plugins/hello.py in the official Python PDK's API (`import extism`).
import extism


@extism.plugin_fn
def hello():
    extism.output_str("Hello, " + extism.input_str())
