# Binary min-heap on a list, as CPython's heapq.


def _up(h, i):
    x = h[i]
    while i:
        p = (i - 1) >> 1
        if not x < h[p]:
            break
        h[i] = h[p]
        i = p
    h[i] = x


def _down(h, i):
    n = len(h)
    x = h[i]
    while True:
        c = 2 * i + 1
        if c >= n:
            break
        if c + 1 < n and h[c + 1] < h[c]:
            c += 1
        if not h[c] < x:
            break
        h[i] = h[c]
        i = c
    h[i] = x


def heappush(heap, item):
    heap.append(item)
    _up(heap, len(heap) - 1)


def heappop(heap):
    last = heap.pop()
    if not heap:
        return last
    top = heap[0]
    heap[0] = last
    _down(heap, 0)
    return top


def heapreplace(heap, item):
    top = heap[0]
    heap[0] = item
    _down(heap, 0)
    return top


def heappushpop(heap, item):
    if heap and heap[0] < item:
        item, heap[0] = heap[0], item
        _down(heap, 0)
    return item


def heapify(x):
    for i in range(len(x) // 2 - 1, -1, -1):
        _down(x, i)


# Ties keep their input order, as CPython's stable sort does (MicroPython's sort is not stable).
def nsmallest(n, iterable, key=None):
    k = key or (lambda x: x)
    d = sorted(((k(x), i, x) for i, x in enumerate(iterable)), key=lambda t: t[:2])
    return [t[2] for t in d[:n]]


def nlargest(n, iterable, key=None):
    k = key or (lambda x: x)
    d = [(k(x), -i, x) for i, x in enumerate(iterable)]
    d.sort(key=lambda t: t[:2], reverse=True)
    return [t[2] for t in d[:n]]


def merge(*iterables, key=None, reverse=False):
    k = key or (lambda x: x)
    h = []
    for i, it in enumerate(iterables):
        it = iter(it)
        for x in it:
            h.append(_Entry(k(x), i, x, it, reverse))
            break
    heapify(h)
    while h:
        e = h[0]
        yield e.x
        for x in e.it:
            e.k, e.x = k(x), x
            heapreplace(h, e)
            break
        else:
            heappop(h)


class _Entry:
    def __init__(self, k, i, x, it, rev):
        self.k, self.i, self.x, self.it, self.rev = k, i, x, it, rev

    def __lt__(self, other):
        if self.k == other.k:
            return self.i < other.i
        return (other.k < self.k) if self.rev else (self.k < other.k)
