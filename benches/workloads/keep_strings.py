# A list of formatted strings (issue 13's loop).
from keep import Keep


def make(n):
    out = []
    for i in range(n):
        out.append("item-%d:%s;" % (i, str(i * 7)))
    return out


_k = Keep(make, len, lambda kept, i: kept[i] == "item-%d:%d;" % (i, i * 7))
setup, build, check = _k.setup, _k.build, _k.check
