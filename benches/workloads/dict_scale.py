# The dict curve: a dict of n distinct string keys. setup(n) makes the keys (not timed);
# build() inserts them into a new dict (timed); check() counts keys that did not come
# through intact (not timed). Linear dicts give a flat time per key.
_keys = []


def setup(n):
    global _keys
    _keys = None
    _keys = ["key%d" % i for i in range(n)]


def build():
    d = {}
    for k in _keys:
        d[k] = 1
    return len(d)


def check():
    bad = 0
    for i, k in enumerate(_keys):
        if k != "key%d" % i:
            bad += 1
    return bad
