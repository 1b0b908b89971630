from dataclasses import dataclass
class Point:
    __match_args__ = ("x", "y")
    def __init__(self, x, y): self.x, self.y = x, y
class Color:
    RED = "red"
    GREEN = "green"
def describe(v):
    match v:
        case None:
            return "none"
        case True:
            return "true"
        case 0 | 1:
            return f"small {v}"
        case -5:
            return "minus five"
        case "hello":
            return "greeting"
        case Color.RED:
            return "red!"
        case int(n) if n > 100:
            return f"big int {n}"
        case float(f):
            return f"float {f}"
        case []:
            return "empty list"
        case [x]:
            return f"one {x}"
        case [x, y, *rest] if not rest:
            return f"pair {x} {y}"
        case [first, *_, last]:
            return f"long {first}..{last}"
        case {"type": "user", "name": str(name), **extra}:
            return f"user {name} {extra}"
        case {"k": [a, b]}:
            return f"k {a} {b}"
        case Point(0, 0):
            return "origin"
        case Point(x=0, y=yy):
            return f"on y axis {yy}"
        case Point(x, y) as p:
            return f"point {x},{y} {type(p).__name__}"
        case (1, 2) | (3, 4) as t:
            return f"tuple {t}"
        case str() as s:
            return f"str {s}"
        case _:
            return "other"
for v in [None, True, 0, 1, -5, "hello", "red", 500, 2.5, [], [7], [1, 2], [1,2,3,4], (1, 2), (3, 4), "xyz",
          {"type": "user", "name": "bob", "age": 3}, {"k": [1, 2]}, {"k": 3}, Point(0, 0), Point(0, 5), Point(2, 3), object, 50]:
    print(repr(v) if not isinstance(v, Point) else "Point", "->", describe(v))
match = 5
case = 6
print(match, case)
def f(match): return match
print(f(3))
match (1, 2):
    case (a, b):
        print("ab", a, b)
match 1, 2:
    case a, b:
        print("ab2", a, b)
for i in range(4):
    match i:
        case 0: continue
        case 3: break
        case _: print("loop", i)
x = 42
match x:
    case other:
        print("capture", other)
class P2:
    __match_args__ = ("a",)
    def __init__(s): s.a = 1
try:
    match P2():
        case P2(1, 2): pass
except TypeError as e: print("TypeError:", e)
try:
    match 1:
        case int(1, 2): pass
except TypeError as e: print("TypeError:", e)
match {"a": 1}:
    case {"a": 1, "b": 2}: print("no")
    case {"a": v}: print("a", v)
import collections
match collections.OrderedDict(a=1):
    case {"a": q}: print("od", q)
match range(3):
    case [0, *r]: print("range", r)
match "ab":
    case [a, b]: print("seq-str")
    case _: print("str is not a sequence")
@dataclass
class D:
    a: int
    b: str = "x"
match D(1):
    case D(1, b): print("dataclass", b)
# nested patterns, guards that bind, names bound by a failed guard stay bound
def classify(cmd):
    match cmd.split():
        case ["go", ("north" | "south" | "east" | "west") as direction]:
            return "go " + direction
        case ["drop", *objects] if objects:
            return "drop " + ",".join(objects)
        case ["look"] | ["l"]:
            return "look"
        case [("quit" | "exit")]:
            return "bye"
        case [verb, *_]:
            return "unknown verb " + verb
        case []:
            return "nothing"
for c in ["go north", "go up", "drop a b", "drop", "look", "l", "exit", "dance now", ""]:
    print(repr(c), classify(c))
match {"a": {"b": [1, {"c": 2}]}}:
    case {"a": {"b": [_, {"c": value}]}}:
        print("deep", value)
match 5:
    case n if n > 10:
        print("no")
    case n:
        print("n is", n)
match 3.0:
    case 3:
        print("3.0 matches 3")
match (1, [2, 3]):
    case (1, [2, *tail]):
        print("tail", tail)
match {"x": 1, "y": 2}:
    case {"x": 1, **rest}:
        print("rest", rest)
match "text":
    case str() | bytes():
        print("str or bytes")
match 1:
    case bool():
        print("bool")
    case int():
        print("int, not bool")
src = """
match v:
    case [a, *b]:
        r = (a, b)
    case _:
        r = None
"""
ns = {"v": [1, 2, 3]}
exec(src, ns)
print("exec", ns["r"])
print(eval("[*range(2), *'ab']"))
