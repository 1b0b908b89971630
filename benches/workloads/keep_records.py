# A list of records: tuples of an int, a str and an int.
import keep


def make(n):
    out = []
    for i in range(n):
        out.append((i, "n%d" % i, i * 2))
    return out


def intact(kept, i):
    return kept[i] == (i, "n%d" % i, i * 2)

_state = keep.State()


def setup(n):
    _state.n = n


def build():
    return keep.build(_state, make, len)


def check():
    return keep.check(_state, intact)

