# functools and itertools (python/stdlib/), printed so CPython can check them. Not used here, as
# it differs: the name of a function wrapped with functools.wraps (functions take no
# attributes in MicroPython).
import itertools as it
from functools import (
    cache,
    cached_property,
    cmp_to_key,
    lru_cache,
    partial,
    reduce,
    singledispatch,
    total_ordering,
    update_wrapper,
    wraps,
)
from operator import add, mul

# functools
print(reduce(add, [1, 2, 3, 4]), reduce(mul, [1, 2, 3], 10), reduce(lambda a, b: a + b, [], 0))
try:
    reduce(add, [])
except TypeError as e:
    print("TypeError", e)


def power(base, exp, mod=None):
    return pow(base, exp, mod) if mod else base**exp


square = partial(power, exp=2)
cube_mod = partial(power, exp=3, mod=5)
two_to = partial(power, 2)
print(square(4), cube_mod(3), two_to(10), square.func is power, square.args, square.keywords)
print(partial(two_to, 3)(), partial(two_to, 3).args, partial(square, exp=3)(2))

calls = []


@lru_cache(maxsize=2)
def slow(x):
    calls.append(x)
    return x * 10


print(slow(1), slow(2), slow(1), slow(3), slow(2), slow(1), calls)
print(slow.cache_info(), slow.cache_info().hits)
slow.cache_clear()
print(slow.cache_info(), slow(1), calls[-1])


@lru_cache
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(60), fib.cache_info(), fib.__name__, fib.__wrapped__(1))


@cache
def keyed(a, b=0, *, c=1):
    calls.append((a, b, c))
    return a + b + c


print(keyed(1), keyed(1), keyed(1, c=2), keyed(1, 0, c=2), keyed(1, b=5), keyed.cache_info())
print(lru_cache(maxsize=None)(len)("abc"), lru_cache(maxsize=0)(abs)(-3))


class Service:
    def __init__(self, base):
        self.base = base

    @lru_cache(maxsize=None)
    def compute(self, x):
        return self.base + x

    @cached_property
    def expensive(self):
        calls.append("expensive")
        return self.base * 100


svc = Service(5)
print(svc.compute(1), svc.compute(1), svc.expensive, svc.expensive, calls.count("expensive"))


def logged(func):
    @wraps(func)
    def wrapper(*args, **kwargs):
        return ("logged", func(*args, **kwargs))

    return wrapper


@logged
def greet(name):
    return "hi " + name


print(greet("bob"))


class Callable:
    def __call__(self):
        return 1


wrapped = update_wrapper(Callable(), greet)
print(wrapped() if callable(wrapped) else None)


@total_ordering
class Money:
    def __init__(self, cents):
        self.cents = cents

    def __eq__(self, other):
        return self.cents == other.cents

    def __lt__(self, other):
        return self.cents < other.cents

    def __repr__(self):
        return "Money(%d)" % self.cents


a, b = Money(100), Money(250)
print(a < b, a > b, a <= b, a >= b, b >= a, a <= Money(100), sorted([b, a, Money(5)]))


@total_ordering
class Rank:
    def __init__(self, v):
        self.v = v

    def __eq__(self, other):
        return self.v == other.v

    def __ge__(self, other):
        return self.v >= other.v


print(Rank(1) < Rank(2), Rank(1) > Rank(2), Rank(2) <= Rank(2), Rank(3) >= Rank(1))


def compare_len(x, y):
    return len(x) - len(y)


print(sorted(["ccc", "a", "bb"], key=cmp_to_key(compare_len)))
print(max(["ccc", "a", "bb"], key=cmp_to_key(compare_len)))


@singledispatch
def describe(x):
    return "object"


@describe.register(int)
def _(x):
    return "int %d" % x


@describe.register(list)
def _(x):
    return "list of %d" % len(x)


def describe_str(x):
    return "str " + x


describe.register(str, describe_str)


class MyList(list):
    pass


print(
    describe(1),
    describe("s"),
    describe([1, 2]),
    describe(MyList([1])),
    describe(1.5),
    describe(None),
)

# itertools
print(list(it.islice(it.count(), 5)), list(it.islice(it.count(10, -2.5), 3)))
print(
    list(it.islice(it.cycle("abc"), 7)), list(it.repeat("x", 3)), list(zip(range(3), it.repeat(0)))
)
print(
    list(it.chain([1, 2], (3,), "ab")), list(it.chain.from_iterable(["xy", [1]])), list(it.chain())
)
print(
    list(it.islice("abcdefg", 2)),
    list(it.islice("abcdefg", 2, 5)),
    list(it.islice("abcdefg", 1, None, 3)),
)
print(list(it.islice(range(10), 0, 8, 2)), list(it.islice([], 3)), list(it.islice("ab", 5, 10)))
for bad in ((-1,), (0, -1), (0, 5, 0)):
    try:
        it.islice("abc", *bad)
    except ValueError:
        print("ValueError", bad)
source = iter(range(10))
print(list(it.islice(source, 3)), next(source))
print(list(it.product("ab", [1, 2])), list(it.product(range(2), repeat=3)))
print(list(it.product()), list(it.product("ab", [])), len(list(it.product("abc", "de", repeat=2))))
print(list(it.permutations([1, 2, 3])), list(it.permutations("abcd", 2)))
print(
    list(it.permutations([])), list(it.permutations("ab", 3)), len(list(it.permutations(range(5))))
)
print(
    list(it.combinations("abcd", 2)),
    list(it.combinations(range(4), 3)),
    list(it.combinations("ab", 0)),
)
print(list(it.combinations("ab", 3)), list(it.combinations_with_replacement("abc", 2)))
print(list(it.combinations_with_replacement([], 0)), list(it.combinations_with_replacement("a", 3)))
print([(k, list(g)) for k, g in it.groupby("aaabccaa")])
print([(k, len(list(g))) for k, g in it.groupby([1, 3, 2, 4, 5], key=lambda v: v % 2)])
groups = it.groupby("aabbb")
k1, g1 = next(groups)
k2, g2 = next(groups)
print(k1, list(g1), k2, list(g2), list(groups))
groups = it.groupby("xxyy")
k1, g1 = next(groups)
print(next(g1), [(k, list(g)) for k, g in groups], list(g1))
print(
    list(it.accumulate([1, 2, 3, 4])),
    list(it.accumulate([1, 2, 3], mul)),
    list(it.accumulate([], initial=5)),
)
print(
    list(it.accumulate([3, 1, 4, 1, 5], max)),
    list(it.accumulate([1, 2], initial=100)),
    list(it.accumulate([])),
)
print(list(it.starmap(pow, [(2, 3), (3, 2)])), list(it.takewhile(lambda x: x < 3, [1, 2, 3, 1])))
print(
    list(it.dropwhile(lambda x: x < 3, [1, 2, 3, 1])),
    list(it.filterfalse(lambda x: x % 2, range(6))),
)
print(list(it.filterfalse(None, [0, 1, "", "a"])), list(it.compress("abcdef", [1, 0, 1, 0, 1, 1])))
print(
    list(it.zip_longest("abc", [1])),
    list(it.zip_longest("ab", "xyz", fillvalue="-")),
    list(it.zip_longest()),
)
print(list(it.pairwise("abcd")), list(it.pairwise("a")), list(it.pairwise([])))
t1, t2 = it.tee(iter([1, 2, 3]))
print(next(t1), list(t2), list(t1), [list(t) for t in it.tee("ab", 3)])
