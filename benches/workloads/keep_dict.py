# Keeps what it allocates: a dict of int keys to tuples.
_n = 0
_kept = None


def setup(n):
    global _n
    _n = n


def build():
    global _kept
    _kept = None
    out = {}
    for i in range(_n):
        out[i] = (i, i + 1)
    _kept = out
    return len(out)


def check():
    return sum(1 for i in range(0, _n, 97) if _kept[i] != (i, i + 1))
