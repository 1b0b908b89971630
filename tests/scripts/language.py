# The language features the core promises, printed so CPython can check them.
import gc


class Animal:
    count = 0

    def __init__(self, name):
        self.name = name
        Animal.count += 1

    def speak(self):
        return "..."

    def __repr__(self):
        return f"{type(self).__name__}({self.name!r})"


class Dog(Animal):
    def speak(self):
        return "woof"

    @property
    def shout(self):
        return self.speak().upper() + "!"

    @staticmethod
    def kind():
        return "canine"

    @classmethod
    def make(cls, name):
        return cls(name)


d = Dog.make("rex")
print(d, d.speak(), d.shout, Dog.kind(), Animal.count, isinstance(d, Animal))


def counter():
    n = 0

    def inc(step=1):
        nonlocal n
        n += step
        return n

    return inc


inc = counter()
inc()
print("closure", inc(5))


def spread(first, *rest, sep="-", **options):
    return sep.join(str(x) for x in (first,) + rest) + " " + str(sorted(options.items()))


print(spread(1, 2, 3, sep="+", b=2, a=1))
args = [4, 5]
print(spread(*args, **{"z": 0}))

numbers = list(range(20))
print(numbers[3:15:4], numbers[::-5], numbers[-3:], "hello world"[2:9])
print(sorted({1, 5, 3} | {2}), sorted({1, 2, 3} & {2, 3, 4}), sorted(set("banana")))
print({k: v * v for k, v in [("a", 1), ("b", 2)]} == {"a": 1, "b": 4})


def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


gen = fib()
print([next(gen) for _ in range(15)])
print(sum(x for x in range(100) if x % 3 == 0), list(zip("ab", range(2))), list(enumerate("xy", 1)))

print(2**200, -(7**41) // 3, (10**30) % 97, int("123456789012345678901234567890") * 3)
print(0.1 + 0.2, 1 / 3, 2.5e-7, 1e22, 123456.789, round(2.5), round(-3.14159, 3), float("inf"), -0.0)
print(f"{3.14159:.3f} {42:05d} {'x':>4} {255:#x} {1234567:,}")
print("%s=%d %.2f %r" % ("n", 7, 2.0 / 3, "s"))

try:
    try:
        {}["missing"]
    except KeyError:
        raise ValueError("converted")
except ValueError as e:
    print("caught", type(e).__name__, e)
finally:
    print("finally ran")


class Ctx:
    def __enter__(self):
        print("enter")
        return self

    def __exit__(self, *exc):
        print("exit", exc[0].__name__ if exc[0] else None)
        return True


with Ctx():
    raise IndexError("swallowed")

print(" ".join(reversed("a b c".split())), "abc".upper(), "  pad ".strip(), "x,y".split(","))
print(bytes([104, 105]), b"abc".hex(), bytearray(b"xy") + b"z", "é".encode(), len("日本"))
print(max([3, 1, 2], key=lambda v: -v), min("bca"), abs(-3), divmod(17, 5), pow(3, 4, 5))
print(any([]), all([]), list(map(str, [1, 2])), list(filter(None, [0, 1, 2])))
gc.collect()
print("gc", gc.isenabled())

# Small-int arithmetic at the edges of the VM's fast path (src/port/vm_entry.inc): results
# that leave the small-int range become big ints, as mp_binary_op would make them.
edge = 2**30
x = edge - 1
x += 1
print(edge - 1 + 1, -(edge) - 1, 1073741823 + 1, -1073741824 - 1, x, x - 1 < x, x == edge)
print(3 != 3, 2 <= 2, 5 >= 6, 1 < True, True + True, 7 - 10, -5 + 3, [i for i in range(5) if i >= 2])

# print() as CPython's (patches/0032, src/port/stdio.c): sep/end None, file= any writer, flush.
import io
print("a", "b", sep=None, end=None)
print("x", 1, 2.5, sep="-", end="!\n", flush=True)
_s = io.StringIO()
print("to", "stringio", file=_s, sep="_")
print(repr(_s.getvalue()))
try:
    print("x", sep=3)
except TypeError as e:
    print("TypeError", e)
class _Writer(io.IOBase):
    def __init__(self):
        self.parts = []
    def write(self, s):
        self.parts.append(s)
        return len(s)
_w = _Writer()
print("hi", 3, file=_w, flush=True)
print(_w.parts)
# repr() escapes control characters; bytearray padding gives a bytearray; % takes a namedtuple.
print(repr("\x07\x1b\x00"), str(["\x07", "\x7f", "\x85", "\u2028"]))
print(repr(bytearray(b"ab").center(6)), repr(bytearray(b"ab").ljust(1)), repr(bytearray(b"ab").zfill(4)))
from collections import namedtuple
_P = namedtuple("_P", "x y")
print("%d-%d" % _P(1, 2), "%s" % (_P(3, 4),))

# ascii() and slice() objects (src/port/builtins.c, patches/0034).
print(ascii("é"), ascii("a\u2028b"), ascii(["ü", b"\xff", 1]), ascii("😀"), ascii("plain"))
s = slice(1, 5, 2)
print(s, slice(3), slice(1, 4), s.start, s.stop, s.step, s.indices(10), [0, 1, 2, 3, 4, 5][s], "abcdef"[slice(None, None, -1)])
try:
    slice()
except TypeError as e:
    print("TypeError")
