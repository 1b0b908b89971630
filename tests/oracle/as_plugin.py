"""Turns a script of tests/scripts/ (or a differential case file) into a plug-in whose export
`main` runs the script's body, for the oracle tests (tests/common/mod.rs, `script_as_plugin`).

    python3 as_plugin.py SCRIPT.py > plugin.py

A plug-in's top level runs when it is built, so the body goes into a function; the plug-in is
then compiled at build time and goes through the snapshot and the trimmer like any other, and
the call runs the compiled body. So that the body keeps a script's semantics, every name bound
at the script's top level (and every name a nested `global` statement names) is declared
`global` in `main`: functions and classes the body defines see the script's globals as they
would. `from __future__ import ...` lines move to the plug-in's top, and `__name__` is "__main__". Run by CPython, which has
the `symtable` module MicroPython lacks.
"""

import ast
import io
import symtable
import sys
import tokenize


def as_plugin(source, name):
    tree = ast.parse(source, name)
    table = symtable.symtable(source, name, "exec")
    names = {s.get_name() for s in table.get_symbols() if s.is_assigned() or s.is_imported()}
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            names.update(node.names)
    lines = source.splitlines()
    future = []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            for i in range(node.lineno - 1, node.end_lineno):
                future.append(lines[i])
                lines[i] = "pass"
    out = [f"# {name} as a plug-in: its body runs in the export main (tests/oracle/as_plugin.py)."]
    out += future
    # Classes the body defines name their module as the script's do.
    out.append('__name__ = "__main__"')
    out.append("def main():")
    if names:
        out.append("    global " + ", ".join(sorted(names)))
    # Indenting every line would also indent the inside of multi-line strings; a string token
    # that spans lines keeps its lines as they are.
    inside_string = set()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.STRING and tok.start[0] != tok.end[0]:
            inside_string.update(range(tok.start[0] + 1, tok.end[0] + 1))
    for number, line in enumerate(lines, 1):
        out.append(line if number in inside_string or not line.strip() else "    " + line)
    out.append("    pass")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    path = sys.argv[1]
    with open(path, encoding="utf-8") as f:
        sys.stdout.write(as_plugin(f.read(), path.rsplit("/", 1)[-1]))
