# The collector runs at every safe point (under extism-upy) while this builds and rebuilds
# structures of every kind; every result must match CPython's.
try:
    import _upy

    _upy.gc_torture(True)
except ImportError:
    pass


class Box:
    def __init__(self, items):
        self.items = items

    def total(self):
        return sum(len(str(i)) for i in self.items)


def make(n):
    return {
        "list": [str(i) * 3 for i in range(n)],
        "tuple": tuple(range(n)),
        "set": {i * 7 % 13 for i in range(n)},
        "box": Box([i * 1.5 for i in range(n)]),
        "bytes": bytes(range(n % 256)),
        "nested": [[j for j in range(i)] for i in range(n % 10)],
    }


def adder(k):
    return lambda x: x + k


results = []
keep = []
for round_ in range(30):
    data = make(40 + round_)
    funcs = [adder(i) for i in range(5)]
    text = "-".join(data["list"][:5])
    total = sum(f(round_) for f in funcs) + data["box"].total() + len(data["set"])
    results.append((round_, total, text[:12], len(data["bytes"]), sum(map(len, data["nested"]))))
    if round_ % 5 == 0:
        keep.append(data)
    try:
        raise ValueError("round %d" % round_)
    except ValueError as e:
        results.append(str(e))

for r in results:
    print(r)
print([k["box"].total() for k in keep], [sorted(k["set"])[:4] for k in keep])
print(2**300 // 7**50, [x**2 for x in range(30)][-3:])

# re: Match objects, callables and results built while the collector runs.
import re

pat = re.compile(r"(\w)(\d+)")
for round_ in range(20):
    s = " ".join("%s%d" % (chr(97 + i % 26), i * round_) for i in range(30))
    out = pat.sub(lambda m: m.group(2) + m.group(1), s)
    spans = [m.span(2) for m in pat.finditer(s)]
    print(round_, len(out), out[:20], spans[:3], pat.findall(s)[:2], re.split(r"\s+", s, 2)[:2])
