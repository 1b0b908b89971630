# The hello plug-in of the benchmark (benches/compare.rs), in the seed's API: the same as
# benches/baseline/src/lib.rs's `hello`.
from extism_pdk import host


def hello():
    host.set_output_string("Hello, " + host.get_input_string())
