# Keeps what it allocates: a list of records (tuples of an int, a str and an int).
_n = 0
_kept = None


def setup(n):
    global _n
    _n = n


def build():
    global _kept
    _kept = None
    out = []
    for i in range(_n):
        out.append((i, "n%d" % i, i * 2))
    _kept = out
    return len(out)


def check():
    return sum(1 for i in range(0, _n, 97) if _kept[i] != (i, "n%d" % i, i * 2))
