# An output that grows line by line (io.StringIO).
import io
import keep


def line(i):
    return "line %d of the output\n" % i


def make(n):
    out = io.StringIO()
    for i in range(n):
        out.write(line(i))
    return out.getvalue()


def lines(text):
    return text.count("\n")


_lines = []


def intact(text, i):
    global _lines
    if i == 0:  # check() samples from 0 up: split once (not timed)
        _lines = text.split("\n")
    return _lines[i] + "\n" == line(i)

_state = keep.State()


def setup(n):
    _state.n = n


def build():
    return keep.build(_state, make, lines)


def check():
    return keep.check(_state, intact)

