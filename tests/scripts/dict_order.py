# Dicts keep insertion order, as CPython 3.7+ does: literals, constructors, comprehensions,
# kwargs, updates, deletions, popitem, class namespaces, json and Counter ties, and big dicts
# (src/port/map.c). Sets of small ints print as CPython prints them.
import json
from collections import Counter, OrderedDict
from enum import Enum, IntEnum

# Under extism-upy the collector runs at every safe point up to the big dicts at the end.
try:
    import _upy
except ImportError:
    _upy = None
if _upy:
    _upy.gc_torture(True)

# Literals, constructors, comprehensions.
d = {"zebra": 1, "apple": 2, "mango": 3, 10: "ten", -3: "minus", 2.5: "float", (1, 2): "t"}
print(d)
print(list(d), list(d.values()))
print(list(d.items())[:3])
print(dict(b=1, a=2, c=3))
print(dict([("y", 1), ("x", 2), ("w", 3)]))
print(dict(zip("qwerty", range(6))))
print({k: len(k) for k in ["pear", "fig", "banana", "kiwi"]})
print({i * 37 % 101: i for i in range(12)})
print(dict.fromkeys("hello world"))
print(dict({"b": 1, "a": 2}, z=0, y=9))


# kwargs keep the call's order.
def f(**kw):
    return list(kw.items())


def g(a, *args, z=0, **kw):
    return a, args, z, kw


print(f(zz=1, aa=2, mm=3, bb=4))
print(f(**{"q": 1, "b": 2}, a=3))
print(g(1, 2, 3, y=4, x=5, z=6, w=7))

# update keeps the position of existing keys and appends new ones.
u = {"one": 1, "two": 2, "three": 3}
u.update({"four": 4, "two": 22})
u.update([("zero", 0)], one=11)
u["five"] = 5
u["three"] = 33
print(u)
u |= {"a": 1, "one": 111}
print(u, u | {"b": 2})

# Deleting and re-adding a key moves it to the end.
del u["two"]
u["two"] = 2
print(u)
print(u.pop("one"), u.pop("missing", "default"), u)

# setdefault
s = {}
for word in "the quick brown fox jumps over the lazy dog the end".split():
    s.setdefault(word, []).append(len(word))
print(s)
print(s.setdefault("fox"), s.setdefault("new", 0), list(s)[-1])

# popitem is LIFO, also after deletions and re-insertions.
p = {c: ord(c) for c in "abcdef"}
print(p.popitem(), p.popitem())
del p["b"]
p["z"] = 0
p["b"] = 1
print(p.popitem(), p)
while p:
    print(p.popitem(), end=" ")
print()
try:
    p.popitem()
except KeyError:
    print("popitem(): empty")
p["again"] = 1
print(p)

# Many deletions and insertions: compaction and growth keep the order.
m = {}
for i in range(1000):
    m["k%d" % i] = i
for i in range(0, 1000, 3):
    del m["k%d" % i]
for i in range(0, 300, 7):
    m["k%d" % i] = -i
print(len(m), list(m)[:8], list(m)[-8:])
for i in range(1000):
    m.pop("k%d" % i, None)
print(m)
for r in range(50):
    for i in range(20):
        m[(r, i)] = i
    for i in range(19):
        del m[(r, i)]
print(len(m), list(m)[:5], list(m)[-3:])
q = {}
for i in range(200):
    q[i] = i
    if i % 2:
        del q[i - 1]
print(list(q)[:10], sum(q), len(q))

# Changing a dict's size while iterating over it raises, as in CPython.
for make in (lambda it: it, lambda it: it.keys(), lambda it: it.items(), lambda it: it.values()):
    grow = {"a": 1, "b": 2}
    try:
        for k in make(grow):
            grow[str(k) + "x"] = 0
    except RuntimeError as e:
        print("RuntimeError:", e, len(grow))
shrink = {"a": 1, "b": 2, "c": 3}
try:
    for k in shrink:
        del shrink[k]
except RuntimeError as e:
    print("RuntimeError:", e, shrink)
same = {"a": 1, "b": 2}
for k in same:
    same[k] += 10  # updating values keeps the size
print(same)

# copy, equality, clear
c = m.copy()
c[(0, 19)] = "changed"
print(c == m, list(c) == list(m), c[(0, 19)], m[(0, 19)])
print({"a": 1, "b": 2} == {"b": 2, "a": 1}, {"a": 1} == {"a": 2}, {} == {})
print({1: "x", 2: "y"} != {2: "y", 1: "x"}, dict(a=1) == {"a": 1.0})
c.clear()
c["fresh"] = 1
print(c, len(m))

# True and 1 are the same key; the first key object stays.
t = {True: "true", 1.0: "float"}
t[1] = "one"
print(t)

# OrderedDict
od = OrderedDict()
od["x"] = 1
od["a"] = 2
od["m"] = 3
del od["a"]
od["a"] = 4
print(list(od.items()), od.popitem())


# Class namespaces and instance dicts.
class Config:
    zeta = 1
    alpha = 2

    def method_b(self):
        pass

    def method_a(self):
        pass

    gamma = 3


print([k for k in Config.__dict__ if not k.startswith("__")])


class Point:
    def __init__(self):
        self.y = 1
        self.x = 2
        self.z = 3


pt = Point()
pt.b = 4
print(vars(pt), pt.__dict__)
del pt.x
pt.x = 5
print(vars(pt))


# Enum members come in definition order, whatever their values.
class Pri(IntEnum):
    HIGH = 3
    LOW = 1
    MID = 2


class Animal(Enum):
    dog = "woof"
    cat = "meow"
    ant = "..."


print(list(Pri), [m.name for m in Animal], list(Pri.__members__))

# json.dumps without sort_keys keeps the order, nested.
doc = {
    "name": "widget",
    "id": 7,
    "tags": ["b", "a"],
    "dims": {"w": 2, "h": 3, "d": {"z": 1, "a": 0}},
    "active": True,
    "none": None,
}
print(json.dumps(doc))
print(json.dumps(doc, indent=2))
print(json.dumps(doc, sort_keys=True))
print(json.loads('{"z": 1, "y": {"b": 2, "a": 1}, "x": [3]}'))

# Counter: most_common breaks ties by first appearance.
cnt = Counter("mississippi river")
print(cnt.most_common(), cnt.most_common(3))
print(Counter(["pear", "apple", "fig", "apple", "fig", "kiwi"]).most_common())
print(list(Counter("abracadabra")))

# Sets stay unordered, as in CPython, whose table they copy: small ints come out alike.
print({3, 1, 2}, {8, 1}, set(range(10)), {-1, 5, 100}, {i * 8 for i in range(6)})
st = set(range(20))
st -= {3, 5, 7}
st |= {40, 33, 64}
print(st, {1, 2, 3} & {3, 2}, {100, 200, 300, 1000, 7}, frozenset({5, 4, 3}))

# Big dicts: 100k int keys and 100k str keys.
if _upy:
    _upy.gc_torture(False)
big = {}
for i in range(100000):
    big[i * 7919 % 100003] = i
print(len(big), list(big)[:5], list(big)[-3:], big[7919], big[0], 5 in big, 100002 in big)
strs = {}
for i in range(100000):
    strs["key%d" % i] = i
print(len(strs), list(strs)[:3], list(strs)[-2:], strs["key0"], strs["key54321"], strs["key99999"])
print("key100000" in strs, sum(strs.values()), next(iter(strs.items())))
for i in range(0, 100000, 2):
    del strs["key%d" % i]
print(len(strs), list(strs)[:3], strs.popitem(), strs["key77777"])
print(sum(1 for k in strs if k.endswith("7")))

# reversed(dict): the keys, last inserted first (patches/0030)
from collections import OrderedDict
d = {"a": 1, "b": 2, "c": 3}
del d["b"]
d["z"] = 9
print(list(reversed(d)), list(reversed({0: "a", 1: "b"})), list(reversed({})))
print(list(reversed(OrderedDict(x=1, y=2))))
big = {i: str(i) for i in range(20)}
for i in range(0, 20, 3): del big[i]
print(list(reversed(big)))
it = reversed({1: 2})
print(next(it), next(it, "done"))
