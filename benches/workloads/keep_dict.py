# A dict of int keys to tuples.
from keep import Keep


def make(n):
    out = {}
    for i in range(n):
        out[i] = (i, i + 1)
    return out


_k = Keep(make, len, lambda kept, i: kept[i] == (i, i + 1))
setup, build, check = _k.setup, _k.build, _k.check
