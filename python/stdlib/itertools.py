# Iterator building blocks, as generators.
_end = object()


def count(start=0, step=1):
    while True:
        yield start
        start += step


def cycle(iterable):
    saved = []
    for x in iterable:
        yield x
        saved.append(x)
    while saved:
        yield from saved


def repeat(obj, times=None):
    if times is None:
        while True:
            yield obj
    for _ in range(times):
        yield obj


class chain:
    # A class only so that chain.from_iterable exists: calling it returns a generator.
    def __new__(cls, *iterables):
        return cls.from_iterable(iterables)

    @staticmethod
    def from_iterable(iterables):
        for it in iterables:
            yield from it


def compress(data, selectors):
    return (d for d, s in zip(data, selectors) if s)


def dropwhile(predicate, iterable):
    it = iter(iterable)
    for x in it:
        if not predicate(x):
            yield x
            break
    yield from it


def takewhile(predicate, iterable):
    for x in iterable:
        if not predicate(x):
            return
        yield x


def filterfalse(predicate, iterable):
    if predicate is None:
        predicate = bool
    return (x for x in iterable if not predicate(x))


def starmap(function, iterable):
    return (function(*args) for args in iterable)


def _index(v, what):
    if v is None:
        return None
    if not isinstance(v, int) or v < 0:
        raise ValueError(what + " for islice() must be None or an integer: 0 <= x <= sys.maxsize.")
    return v


def islice(iterable, *args):
    if not 1 <= len(args) <= 3:
        raise TypeError("islice expected 2 to 4 arguments, got %d" % (len(args) + 1))
    if len(args) == 1:
        start, stop, step = 0, _index(args[0], "Stop argument"), 1
    else:
        start = _index(args[0], "Indices") or 0
        stop = _index(args[1], "Stop argument")
        step = args[2] if len(args) == 3 and args[2] is not None else 1
        if not isinstance(step, int) or step < 1:
            raise ValueError("Step for islice() must be a positive integer or None.")
    return _islice(iter(iterable), start, stop, step)


def _islice(it, start, stop, step):
    i = 0
    nxt = start
    while stop is None or nxt < stop:
        x = next(it, _end)
        if x is _end:
            return
        if i == nxt:
            yield x
            nxt += step
        i += 1


def accumulate(iterable, func=None, *, initial=None):
    it = iter(iterable)
    total = initial
    if initial is None:
        total = next(it, _end)
        if total is _end:
            return
    yield total
    for x in it:
        total = total + x if func is None else func(total, x)
        yield total


def groupby(iterable, key=None):
    it = iter(iterable)
    kf = key or (lambda x: x)
    st = [_end, None, 0]  # current item, its key, id of the live group

    def adv():
        st[0] = next(it, _end)
        if st[0] is not _end:
            st[1] = kf(st[0])

    def group(k, gid):
        while st[2] == gid and st[0] is not _end and st[1] == k:
            yield st[0]
            if st[2] != gid:
                return
            adv()

    adv()
    gid = 0
    while st[0] is not _end:
        k = st[1]
        gid += 1
        st[2] = gid
        yield k, group(k, gid)
        st[2] = 0
        while st[0] is not _end and st[1] == k:
            adv()


def zip_longest(*iterables, fillvalue=None):
    its = [iter(i) for i in iterables]
    live = len(its)
    if not live:
        return
    while True:
        row = []
        for i, it in enumerate(its):
            x = next(it, _end)
            if x is _end:
                live -= 1
                if not live:
                    return
                its[i] = repeat(fillvalue)
                x = fillvalue
            row.append(x)
        yield tuple(row)


def pairwise(iterable):
    it = iter(iterable)
    a = next(it, _end)
    for b in it:
        yield a, b
        a = b


def batched(iterable, n):
    if n < 1:
        raise ValueError("n must be at least one")
    return _batched(iter(iterable), n)


def _batched(it, n):
    while True:
        b = tuple(islice(it, n))
        if not b:
            return
        yield b


def tee(iterable, n=2):
    # The copies share a linked list of [value, next] cells; each holds its own position.
    it = iter(iterable)

    def gen(cell):
        while True:
            if cell[1] is None:
                x = next(it, _end)
                if x is _end:
                    return
                cell[1] = [x, None]
            cell = cell[1]
            yield cell[0]

    head = [None, None]
    return tuple(gen(head) for _ in range(n))


def product(*iterables, repeat=1):
    pools = [tuple(p) for p in iterables] * repeat
    if not all(pools):
        return
    n = len(pools)
    idx = [0] * n
    while True:
        yield tuple(pools[i][idx[i]] for i in range(n))
        i = n - 1
        while i >= 0:
            idx[i] += 1
            if idx[i] < len(pools[i]):
                break
            idx[i] = 0
            i -= 1
        if i < 0:
            return


def combinations(iterable, r):
    pool = tuple(iterable)
    n = len(pool)
    if r > n:
        return
    idx = list(range(r))
    while True:
        yield tuple(pool[i] for i in idx)
        i = r - 1
        while i >= 0 and idx[i] == i + n - r:
            i -= 1
        if i < 0:
            return
        idx[i] += 1
        for j in range(i + 1, r):
            idx[j] = idx[j - 1] + 1


def combinations_with_replacement(iterable, r):
    pool = tuple(iterable)
    n = len(pool)
    if not n and r:
        return
    idx = [0] * r
    while True:
        yield tuple(pool[i] for i in idx)
        i = r - 1
        while i >= 0 and idx[i] == n - 1:
            i -= 1
        if i < 0:
            return
        idx[i:] = [idx[i] + 1] * (r - i)


def permutations(iterable, r=None):
    pool = tuple(iterable)
    n = len(pool)
    r = n if r is None else r
    if r > n:
        return
    idx = list(range(r))
    while True:
        yield tuple(pool[i] for i in idx)
        # Next arrangement in lexicographic order: raise the rightmost index that can take
        # a larger unused value, then fill the rest with the smallest unused ones.
        i = r - 1
        while i >= 0:
            used = idx[:i]
            nxt = [j for j in range(idx[i] + 1, n) if j not in used]
            if nxt:
                idx[i] = nxt[0]
                free = [j for j in range(n) if j not in idx[: i + 1]]
                idx[i + 1 :] = free[: r - i - 1]
                break
            i -= 1
        if i < 0:
            return
