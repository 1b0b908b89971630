# heapq, bisect, copy, operator, contextlib, string and abc (python/stdlib/), printed so CPython
# can check them.
import bisect
import copy
import heapq
import operator
import string
from abc import ABC, ABCMeta, abstractmethod, abstractproperty
from contextlib import ExitStack, closing, contextmanager, nullcontext, suppress

# heapq
h = []
for v in [5, 1, 8, 3, 9, 2]:
    heapq.heappush(h, v)
print(h[0], [heapq.heappop(h) for _ in range(3)], sorted(h))
data = [9, 4, 7, 1, 8, 2, 2]
heapq.heapify(data)
print(data[0], heapq.heappushpop(data, 0), heapq.heapreplace(data, 10), sorted(data))
print(heapq.heappushpop([], 3), [heapq.heappop(data) for _ in range(len(data))])
print(
    heapq.nsmallest(3, [5, 1, 4, 1, 3]),
    heapq.nlargest(2, [5, 1, 4, 1, 3]),
    heapq.nlargest(10, [2, 1]),
)
people = [("bob", 30), ("amy", 25), ("cid", 30), ("dan", 20)]
print(heapq.nlargest(2, people, key=lambda p: p[1]), heapq.nsmallest(2, people, key=lambda p: p[1]))
print(list(heapq.merge([1, 4, 7], [2, 5, 8], [0, 9])), list(heapq.merge([], [1])))
print(
    list(heapq.merge(["b", "dd"], ["a", "ccc"], key=len)),
    list(heapq.merge([7, 3], [5, 1], reverse=True)),
)
tasks = []
heapq.heappush(tasks, (2, "write"))
heapq.heappush(tasks, (1, "plan"))
heapq.heappush(tasks, (3, "ship"))
print([heapq.heappop(tasks)[1] for _ in range(3)])
try:
    heapq.heappop([])
except IndexError:
    print("IndexError")

# bisect
a = [1, 2, 4, 4, 8]
print(
    bisect.bisect_left(a, 4),
    bisect.bisect_right(a, 4),
    bisect.bisect(a, 4),
    bisect.bisect(a, 0),
    bisect.bisect(a, 9),
)
print(bisect.bisect_left(a, 4, 3), bisect.bisect_right(a, 4, 0, 3), bisect.bisect_left([], 1))
bisect.insort(a, 5)
bisect.insort_left(a, 4)
bisect.insort_right(a, 0)
print(a)
recs = [("a", 1), ("b", 3), ("c", 5)]
print(
    bisect.bisect_left(recs, 3, key=lambda r: r[1]),
    bisect.bisect_right(recs, 3, key=lambda r: r[1]),
)
bisect.insort(recs, ("x", 4), key=lambda r: r[1])
print(recs)


def grade(score, breakpoints=(60, 70, 80, 90), grades="FDCBA"):
    return grades[bisect.bisect(breakpoints, score)]


print([grade(s) for s in [33, 99, 77, 70, 89, 90, 100]])

# copy


class Box:
    def __init__(self, items):
        self.items = items
        self.tag = "box"


b = Box([1, [2, 3]])
s = copy.copy(b)
dc = copy.deepcopy(b)
print(
    s.items is b.items,
    dc.items is b.items,
    dc.items[1] is b.items[1],
    dc.items == b.items,
    dc.tag,
    type(dc) is Box,
)
lst = [1, [2, 3], {"k": [4]}]
sh = copy.copy(lst)
dp = copy.deepcopy(lst)
print(sh == lst, sh is lst, sh[1] is lst[1], dp[1] is lst[1], dp[2]["k"] is lst[2]["k"], dp == lst)
t = (1, 2, [3])
print(
    copy.copy(t) is t,
    copy.deepcopy((1, "a")) == (1, "a"),
    copy.deepcopy(t)[2] is t[2],
    copy.deepcopy(t) == t,
)
cyc = [1]
cyc.append(cyc)
cc = copy.deepcopy(cyc)
print(cc[1] is cc, cc[0], cc is not cyc)
shared = [0]
pair = [shared, shared]
dpair = copy.deepcopy(pair)
print(dpair[0] is dpair[1], dpair[0] is not shared)
print(copy.copy({1, 2}) == {1, 2}, copy.deepcopy({"a": (1, [2])}), copy.copy(5), copy.deepcopy("s"))


class Custom:
    def __init__(self, v):
        self.v = v

    def __copy__(self):
        return Custom(self.v + 1)

    def __deepcopy__(self, memo):
        return Custom(self.v + 100)


print(copy.copy(Custom(1)).v, copy.deepcopy(Custom(1)).v, copy.deepcopy([Custom(0)])[0].v)


class Tagged(dict):
    pass


td = Tagged(a=[1])
td.note = "n"
tc = copy.deepcopy(td)
print(type(tc).__name__, tc["a"], tc["a"] is td["a"], tc.note)

# operator
print(
    operator.add(2, 3),
    operator.sub(5, 2),
    operator.mul(3, 4),
    operator.truediv(7, 2),
    operator.floordiv(7, 2),
)
print(
    operator.mod(7, 3),
    operator.pow(2, 5),
    operator.neg(3),
    operator.pos(-3),
    operator.abs(-4),
    operator.not_(0),
)
print(
    operator.eq(1, 1),
    operator.ne(1, 2),
    operator.lt(1, 2),
    operator.le(2, 2),
    operator.gt(1, 2),
    operator.ge(3, 2),
)
print(
    operator.and_(6, 3),
    operator.or_(6, 3),
    operator.xor(6, 3),
    operator.invert(5),
    operator.lshift(1, 4),
    operator.rshift(16, 2),
)
print(
    operator.truth([]),
    operator.is_(None, None),
    operator.is_not(1, None),
    operator.contains([1, 2], 2),
)
print(
    operator.concat("ab", "cd"),
    operator.getitem([1, 2, 3], 1),
    operator.countOf([1, 2, 1], 1),
    operator.indexOf("abc", "c"),
)
print(operator.index(7), operator.length_hint([1, 2]), operator.length_hint(5, 3))
seq = [1, 2, 3]
operator.setitem(seq, 0, 9)
operator.delitem(seq, 1)
print(seq, operator.iadd([1], [2]), operator.imul(3, 4))
print(
    operator.itemgetter(1)("abc"),
    operator.itemgetter(0, 2)("abc"),
    operator.itemgetter("k")({"k": 5}),
)
rows = [("b", 2), ("a", 3), ("c", 1)]
print(sorted(rows, key=operator.itemgetter(1)), sorted(rows, key=operator.itemgetter(0)))


class Obj:
    def __init__(self, name, child=None):
        self.name = name
        self.child = child

    def hello(self, greeting, punct="!"):
        return greeting + " " + self.name + punct


o = Obj("outer", Obj("inner"))
print(
    operator.attrgetter("name")(o),
    operator.attrgetter("child.name")(o),
    operator.attrgetter("name", "child.name")(o),
)
print(operator.methodcaller("hello", "hi")(o), operator.methodcaller("hello", "yo", punct="?")(o))
print(operator.methodcaller("split", ",")("a,b"), list(map(operator.mul, [1, 2], [3, 4])))

# contextlib
log = []


@contextmanager
def tag(name):
    log.append("<" + name + ">")
    try:
        yield name.upper()
    finally:
        log.append("</" + name + ">")


with tag("b") as t:
    log.append(t)
print(log)
log.clear()
try:
    with tag("i"):
        raise ValueError("boom")
except ValueError as e:
    print("ValueError", e, log)


@contextmanager
def swallow():
    try:
        yield
    except KeyError:
        log.append("swallowed")


with swallow():
    raise KeyError("k")
print(log)


@tag("deco")
def decorated(x):
    log.append(x)
    return x * 2


log.clear()
print(decorated(4), decorated(5), log)
with suppress(ZeroDivisionError, KeyError):
    1 / 0
with suppress(KeyError):
    {}["x"]
try:
    with suppress(KeyError):
        [][1]
except IndexError:
    print("IndexError passes through")


class Resource:
    def close(self):
        print("closed")


with closing(Resource()) as r:
    print(type(r).__name__)
with nullcontext(42) as n:
    print(n)
with nullcontext() as n:
    print(n)

order = []


class Managed:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        order.append("enter " + self.name)
        return self.name

    def __exit__(self, *exc):
        order.append("exit " + self.name)
        return False


with ExitStack() as stack:
    names = [stack.enter_context(Managed(n)) for n in "abc"]
    stack.callback(order.append, "callback")
print(names, order)
order.clear()
with ExitStack() as stack:
    stack.enter_context(Managed("x"))
    keep = stack.pop_all()
print(order)
keep.close()
print(order)
try:
    with ExitStack() as stack:
        stack.enter_context(Managed("y"))
        raise RuntimeError("inside")
except RuntimeError as e:
    print("RuntimeError", e, order[-1])
with ExitStack() as stack:
    stack.push(suppress(TypeError))
    raise TypeError
print("suppressed by ExitStack")

# string
print(string.ascii_letters, string.digits, string.hexdigits, string.octdigits)
print(
    [ord(c) for c in string.whitespace],
    string.punctuation,
    len(string.printable),
    string.ascii_uppercase[:3],
)
print(
    string.capwords("hello   wide  world"), string.capwords("a-b-c", "-"), string.capwords(" x y ")
)
tpl = string.Template("$who likes ${what}, costs $$5")
print(tpl.substitute(who="tim", what="tea"), tpl.substitute({"who": "ann", "what": "pie"}))
print(tpl.safe_substitute(who="sam"), tpl.get_identifiers(), tpl.is_valid(), tpl.template)
try:
    tpl.substitute(who="x")
except KeyError as e:
    print("KeyError", e.args)
for bad in ("cost $", "a\nb $1", "${x"):
    try:
        string.Template(bad).substitute(x=1)
    except ValueError as e:
        print("ValueError", e)
print(
    string.Template("$a$b ${c}d").substitute(a=1, b=2, c=3),
    string.Template("$x $").safe_substitute(x=0),
)
print(string.Template("$_ok and $bad!").safe_substitute(_ok=1), string.Template("$$$").is_valid())


class Percent(string.Template):
    delimiter = "%"


print(Percent("100%% %name").substitute(name="done"))


# abc
class Shape(ABC):
    @abstractmethod
    def area(self):
        pass

    @abstractmethod
    def perimeter(self):
        pass

    def describe(self):
        return "%s with area %s" % (type(self).__name__, self.area())


class Square(Shape):
    def __init__(self, side):
        self.side = side

    def area(self):
        return self.side**2

    def perimeter(self):
        return 4 * self.side


class Half(Shape):
    def area(self):
        return 0


for cls in (Shape, Half):
    try:
        cls()
    except TypeError as e:
        print("TypeError", e)
sq = Square(3)
print(
    sq.describe(),
    sq.perimeter(),
    isinstance(sq, Shape),
    isinstance(sq, ABC),
    issubclass(Square, Shape),
)
print(
    sorted(Shape.__abstractmethods__),
    sorted(Half.__abstractmethods__),
    sorted(Square.__abstractmethods__),
)


class Legacy(metaclass=ABCMeta):
    @abstractmethod
    def run(self):
        pass

    name = abstractproperty(lambda self: "x")


class Impl(Legacy):
    def run(self):
        return "ran"

    name = "impl"


try:
    Legacy()
except TypeError as e:
    print("TypeError", e)
print(Impl().run(), Impl().name, sorted(Legacy.__abstractmethods__), Shape.register(int) is int)
