# Keeps what it allocates: a list of formatted strings (issue 13's loop). setup(n) sets the
# size; build() makes the list (timed); check() counts items that did not stay intact.
_n = 0
_kept = None


def setup(n):
    global _n
    _n = n


def build():
    global _kept
    _kept = None  # the last round's list is garbage before this one is made
    out = []
    for i in range(_n):
        out.append("item-%d:%s;" % (i, str(i * 7)))
    _kept = out
    return len(out)


def check():
    return sum(1 for i in range(0, _n, 97) if _kept[i] != "item-%d:%d;" % (i, i * 7))
