# An output that grows line by line (io.StringIO).
import io
from keep import Keep


def line(i):
    return "line %d of the output\n" % i


def make(n):
    out = io.StringIO()
    for i in range(n):
        out.write(line(i))
    return out.getvalue()


_lines = []


def intact(text, i):
    global _lines
    if i == 0:  # check() samples from 0 up: split once (not timed)
        _lines = text.split("\n")
    return _lines[i] + "\n" == line(i)


_k = Keep(make, lambda text: text.count("\n"), intact)
setup, build, check = _k.setup, _k.build, _k.check
