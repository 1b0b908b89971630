# A list of formatted strings (issue 13's loop).
import keep


def make(n):
    out = []
    for i in range(n):
        out.append("item-%d:%s;" % (i, str(i * 7)))
    return out


def intact(kept, i):
    return kept[i] == "item-%d:%d;" % (i, i * 7)

_state = keep.State()


def setup(n):
    _state.n = n


def build():
    return keep.build(_state, make, len)


def check():
    return keep.check(_state, intact)

