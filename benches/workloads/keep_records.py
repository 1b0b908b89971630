# A list of records: tuples of an int, a str and an int.
from keep import Keep


def make(n):
    out = []
    for i in range(n):
        out.append((i, "n%d" % i, i * 2))
    return out


_k = Keep(make, len, lambda kept, i: kept[i] == (i, "n%d" % i, i * 2))
setup, build, check = _k.setup, _k.build, _k.check
