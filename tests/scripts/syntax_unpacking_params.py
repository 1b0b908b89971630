# PEP 448 unpacking in displays
a = [1, 2]
b = (3,)
print([*a, *b], (*a, 0), sorted({*a}), [*a], (*a,), [0, *a, 4, *b, 5], sorted({*a, 9, *b}))
x = *a, *b
print(x)
print({**{"x": 1}, "k": 2}, {**{"x": 1}}, {"k": 0, **{"k": 1}, "z": 3}, {**dict(a=1), **{2: 3}})
print([*range(3), *"ab"], [*(i for i in range(2))], [*{"p": 1, "q": 2}], (*"", *[]))
print(*a, *b, sep=",")
defaults = {"color": "red", "size": 1}
print({**defaults, "size": 2, **{"extra": True}})
try:
    {**[1, 2]}
except (TypeError, ValueError) as e:
    print(type(e).__name__)
# PEP 570 positional-only parameters
def f(a, /, b, *, c):
    return a + b + c
print(f(1, 2, c=3), f(1, b=2, c=3))
def g(a, b=2, /, **kw):
    return a, b, kw
print(g(1), g(1, 3), g(1, a=5, b=6))
try:
    f(a=1, b=2, c=3)
except TypeError:
    print("TypeError for a positional-only given by keyword")
h = lambda x, /, y=1: (x, y)
print(h(1), h(1, y=2))
class C:
    def m(self, x, /):
        return x
print(C().m(4))
def k(a, /):
    return a
print(k(9))
for bad in ["def f(/, a): pass", "def f(a, /, b, /): pass", "def f(*, a, /): pass"]:
    try:
        exec(bad)
    except SyntaxError:
        print("SyntaxError:", bad)
# f-string self-documenting expressions
n = 5
y = 2.5
s = "q"
print(f"{n=}", f"{n = }", f"{y=:.3f}", f"{n=!s}", f"{n==5}", f"{n!=4}", f"{'x'=}", f"{s=}", f"{n*2=}")
