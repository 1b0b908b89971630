# Keeps what it allocates: an output that grows line by line (io.StringIO).
import io

_n = 0
_kept = None


def setup(n):
    global _n
    _n = n


def build():
    global _kept
    _kept = None
    out = io.StringIO()
    for i in range(_n):
        out.write("line %d of the output\n" % i)
    _kept = out.getvalue()
    return _kept.count("\n")


def check():
    expected = sum(len("line %d of the output\n" % i) for i in range(_n))
    return 0 if len(_kept) == expected else 1
