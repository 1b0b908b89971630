# A dict of int keys to tuples.
import keep


def make(n):
    out = {}
    for i in range(n):
        out[i] = (i, i + 1)
    return out


def intact(kept, i):
    return kept[i] == (i, i + 1)

_state = keep.State()


def setup(n):
    _state.n = n


def build():
    return keep.build(_state, make, len)


def check():
    return keep.check(_state, intact)

