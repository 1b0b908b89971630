# Annotations kept as CPython keeps them, and str/bytes slices with a step (both are
# compiler/core patches in extism-upy; see build.rs PATCHES).


class Point:
    x: int
    y: int = 0
    label: "str" = "p"

    def move(self, dx: int, *rest: float, scale: float = 1.0, **kw: str) -> "Point":
        return self


def plain(a, b):
    return a


def typed(a: list, b: dict = None) -> bool:
    return True


print(list(Point.__annotations__.items()))
print(Point.y, Point.label, hasattr(Point, "x"))
print(list(Point.move.__annotations__.items()))
print(list(typed.__annotations__.items()), plain.__annotations__)

s = "héllo, wörld ✓"
for t in [s, s.encode(), b"0123456789"]:
    print(repr(t[::-1]), repr(t[::2]), repr(t[1::3]), repr(t[-2:2:-2]))
    print(repr(t[100::-1]), repr(t[:-100:-1]), repr(t[3:3:1]), repr(t[::5]), repr(t[-1:-4:-1]))
try:
    "abc"[::0]
except ValueError:
    print("ValueError")
print(repr("naïve café ✓ 日本 \u00a0 \u200b \x7f \U0001f600"))
