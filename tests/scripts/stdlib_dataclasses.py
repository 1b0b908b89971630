# dataclasses (python/stdlib/dataclasses.py), printed so CPython can check it. Multi-key dicts
# are printed sorted (dict order differs in MicroPython).
from dataclasses import (
    FrozenInstanceError,
    InitVar,
    KW_ONLY,
    MISSING,
    asdict,
    astuple,
    dataclass,
    field,
    fields,
    is_dataclass,
    replace,
)
from typing import ClassVar, List, Optional


@dataclass
class Point:
    x: int
    y: int = 0


p = Point(1, 2)
print(p, Point(3), Point(y=5, x=4), repr(Point(x=-1)))
print(p == Point(1, 2), p == Point(2, 1), p != Point(1, 3), p == (1, 2))
print(p.x, p.y, Point.y, [f.name for f in fields(Point)], [f.type for f in fields(p)])
p.x = 10
print(p, is_dataclass(p), is_dataclass(Point), is_dataclass(1), is_dataclass(int))
try:
    hash(p)
except TypeError:
    print("TypeError: unhashable")
try:
    Point()
except TypeError:
    print("TypeError: missing argument")


@dataclass
class Inventory:
    name: str
    items: List[str] = field(default_factory=list)
    tags: dict = field(default_factory=dict, repr=False)
    count: int = field(default=0, compare=False)
    kind: ClassVar[str] = "inventory"


a = Inventory("a")
b = Inventory("a")
a.items.append("x")
print(a, b, a.items is b.items, Inventory.kind, [f.name for f in fields(Inventory)])
print(Inventory("z", count=5) == Inventory("z", count=6), "items" in Inventory.__dict__)
print(sorted(asdict(a).items()), astuple(a), type(asdict(a)) is dict)


@dataclass(frozen=True)
class Frozen:
    a: int
    b: str = "b"


f = Frozen(1)
print(f, hash(f) == hash(Frozen(1)), {f: 1}[Frozen(1, "b")])
try:
    f.a = 2
except FrozenInstanceError as e:
    print("FrozenInstanceError", e, isinstance(e, AttributeError))
try:
    del f.b
except FrozenInstanceError as e:
    print("FrozenInstanceError", e)
print(replace(f, b="c"), f)


@dataclass(order=True)
class Version:
    major: int
    minor: int = 0
    label: str = field(default="", compare=False)


vs = [Version(1, 2), Version(0, 9), Version(1, 0, "x"), Version(1, 1, "rc")]
print(sorted(vs), Version(1) < Version(1, 1), Version(2) >= Version(1, 9), max(vs))
print(Version(1, 2, "a") == Version(1, 2, "b"))
try:
    Version(1) < (1, 0)
except TypeError:
    print("TypeError: unorderable")


@dataclass
class Base:
    id: int
    note: str = ""


@dataclass
class Derived(Base):
    extra: float = 1.5
    note: str = "derived"


d = Derived(7)
print(d, [f.name for f in fields(Derived)], Derived(1, "n", 2.0))


@dataclass
class WithPost:
    w: int
    h: int
    area: int = field(init=False)
    scale: InitVar[int] = 1

    def __post_init__(self, scale):
        self.area = self.w * self.h * scale


print(WithPost(2, 3), WithPost(2, 3, 10).area, [f.name for f in fields(WithPost)])


@dataclass
class Node:
    value: int
    children: list = field(default_factory=list)
    parent: Optional["Node"] = field(default=None, repr=False, compare=False)


root = Node(1, [Node(2), Node(3, [Node(4)])])
print(root)
tree = asdict(root)
print(sorted(tree), tree["value"], [sorted(c.items()) for c in tree["children"][1]["children"]])
print(astuple(root))


@dataclass
class Pair:
    left: Point
    right: Point


pair = Pair(Point(1, 2), Point(3, 4))
print(sorted((k, sorted(v.items())) for k, v in asdict(pair).items()), astuple(pair))
print(asdict(pair)["left"] == {"x": 1, "y": 2})
print(replace(pair, right=Point(0, 0)))
try:
    replace(WithPost(1, 1), area=5)
except ValueError as e:
    print("ValueError", e)


@dataclass(eq=False)
class Identity:
    v: int


i = Identity(1)
print(i == Identity(1), i == i, hash(i) == hash(i))


@dataclass(repr=False)
class NoRepr:
    v: int

    def __repr__(self):
        return "custom"


print(NoRepr(1))


@dataclass(unsafe_hash=True)
class Hashed:
    k: str
    v: int = field(hash=False, default=0)


print(hash(Hashed("a", 1)) == hash(Hashed("a", 2)), Hashed("a") == Hashed("a"))


@dataclass
class KwOnly:
    a: int
    _: KW_ONLY
    b: int = 2
    c: int = 3


print(KwOnly(1, c=5), KwOnly(a=0, b=1))
try:
    KwOnly(1, 2)
except TypeError:
    print("TypeError: keyword-only")

try:

    @dataclass
    class Bad:
        a: int = 0
        b: int

except TypeError as e:
    print("TypeError", e)
try:

    @dataclass
    class Mutable:
        a: list = []

except ValueError as e:
    print("ValueError", e)
try:
    field(default=1, default_factory=list)
except ValueError as e:
    print("ValueError", e)
try:
    fields(1)
except TypeError as e:
    print("TypeError", e)
try:
    asdict(Point)
except TypeError as e:
    print("TypeError", e)
print(
    MISSING is fields(Point)[0].default,
    fields(Point)[1].default,
    fields(Inventory)[1].default_factory,
)
