# collections (python/stdlib/collections.py over the native module), printed so CPython can check
# it. Multi-key dicts are printed sorted, and Counter ties are avoided (dict order and sort
# stability differ in MicroPython); dict(d) of a dict subclass is not used (the core rejects it).
from collections import ChainMap, Counter, OrderedDict, defaultdict, deque, namedtuple

# namedtuple
Point = namedtuple("Point", "x y")
p = Point(1, y=2)
print(p, p.x, p[1], p == (1, 2), Point._fields, isinstance(p, tuple), len(p), list(p))
print(
    p._replace(x=5), p._asdict() == {"x": 1, "y": 2}, Point._make([3, 4]), hash(p) == hash((1, 2))
)
x, y = p
print(x + y, p.count(1), p.index(2), Point._field_defaults)
Color = namedtuple("Color", ["red", "green", "blue"], defaults=[0, 255])
print(
    Color(1),
    Color(1, 2),
    Color(1, 2, 3),
    Color(red=9, blue=1),
    Color._field_defaults == {"green": 0, "blue": 255},
)
Row = namedtuple("Row", "a, b, a, _c", rename=True)
print(Row._fields, Row(1, 2, 3, 4))
try:
    p._replace(z=1)
except ValueError as e:
    print("ValueError", e)


class Vector(namedtuple("Vector", "dx dy")):
    def length2(self):
        return self.dx**2 + self.dy**2


print(Vector(3, 4).length2(), Vector(3, 4).dx)

# OrderedDict
od = OrderedDict()
od["b"] = 1
od["a"] = 2
od["c"] = 3
print(list(od), list(od.values()), od.popitem(), list(od.items()))
od["b"] = 10
print(list(od.items()), od.pop("b"), list(od), list(OrderedDict([("z", 1), ("y", 2)]).items()))

# deque
d = deque()
d.append(1)
d.append(2)
d.appendleft(0)
d.extend([3, 4])
d.extendleft([-1, -2])
print(d, len(d), d[0], d[-1], d[3], list(d), bool(d), bool(deque()))
print(d.pop(), d.popleft(), d, 2 in d, 9 in d, d.count(2), d.index(2))
d.rotate(2)
print(d)
d.rotate(-3)
print(d, list(reversed(d)))
d[1] = "x"
del d[0]
print(d, d.maxlen)
d.insert(1, "ins")
d.remove("x")
print(d)
d.reverse()
print(d, d.copy(), d == deque(list(d)), d != deque([1]))
d.clear()
print(d, len(d))
try:
    d.pop()
except IndexError as e:
    print("IndexError", e)
try:
    deque().popleft()
except IndexError as e:
    print("IndexError", e)
bounded = deque(range(5), maxlen=3)
print(bounded, bounded.maxlen)
bounded.append(5)
bounded.appendleft(-1)
print(bounded, list(bounded))
bounded.extend(range(10, 20))
print(bounded, deque("abc") + deque("de"), deque([1, 2], 0))
q = deque()
for i in range(100):
    q.append(i)
total = 0
while q:
    total += q.popleft()
    if total % 7 == 0:
        q.append(1)
print(total, len(q))
try:
    deque([1, 2, 3])[5]
except IndexError:
    print("IndexError index")

# defaultdict
dd = defaultdict(list)
for k, v in [("a", 1), ("b", 2), ("a", 3)]:
    dd[k].append(v)
print(sorted(dd.items()), dd["missing"], "missing" in dd, len(dd), dd.get("nope"), "nope" in dd)
counts = defaultdict(int)
for ch in "mississippi":
    counts[ch] += 1
print(sorted(counts.items()), isinstance(counts, dict), counts.default_factory)
print(defaultdict(list, {"k": [1]}), defaultdict(int, a=1)["a"])
nd = defaultdict()
try:
    nd["x"]
except KeyError:
    print("KeyError")
c2 = counts.copy()
c2["z"] += 1
print(type(c2).__name__, c2["z"], "z" in counts)
nested = defaultdict(lambda: defaultdict(int))
nested["a"]["b"] += 2
print(nested["a"]["b"], sorted(nested["a"].items()))

# Counter
c = Counter("abracadabra")
print(c.most_common(1), sorted(c.most_common(3)), c["a"], c["z"], "z" in c, len(c), c.total())
print(sorted(c.elements()), sorted(c.items()))
c.update("aaz")
c.update({"b": 10})
print(c.most_common(2), c["z"])
c.subtract("aaaaaaa")
print(c["a"], c.most_common(1))
a = Counter(a=3, b=1, c=0)
b = Counter(a=1, b=2, d=4)
print(
    sorted((a + b).items()),
    sorted((a - b).items()),
    sorted((a | b).items()),
    sorted((a & b).items()),
)
print(sorted((+Counter(a=2, b=-1)).items()), sorted((-Counter(a=2, b=-1)).items()))
print(
    Counter(x=5, y=1),
    Counter(),
    Counter(["q", "q", "r"]) == Counter(q=2, r=1),
    Counter({"k": 2})["k"],
)
del a["zzz"]
del a["a"]
print(sorted(a.items()), Counter("aab").copy(), isinstance(Counter(), dict))
print(
    Counter(a=1) == Counter(a=1, b=0),
    Counter(a=1) != Counter(a=2),
    Counter(a=1) == {"a": 1},
    Counter() == 0,
)
words = "the cat and the hat and the bat".split()
print(Counter(words).most_common(2))

# ChainMap
defaults = {"color": "red", "user": "guest"}
overrides = {"user": "admin"}
cm = ChainMap(overrides, defaults)
print(
    cm["user"], cm["color"], len(cm), sorted(cm), "color" in cm, cm.get("x", 0), sorted(cm.items())
)
cm["color"] = "blue"
print(overrides["color"], defaults["color"], sorted(cm.values()))
child = cm.new_child()
child["user"] = "root"
print(child["user"], cm["user"], child.parents["user"], len(child.maps))
del cm["color"]
print(cm["color"])
try:
    del cm["color"]
except KeyError:
    print("KeyError")
try:
    cm["nope"]
except KeyError:
    print("KeyError")
print(ChainMap({"a": 1}), bool(ChainMap()), bool(ChainMap({}, {"a": 1})))
