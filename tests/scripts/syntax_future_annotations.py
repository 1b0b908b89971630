from __future__ import annotations
import dataclasses
import typing
from typing import Dict, List, Literal, Optional
from dataclasses import dataclass, field


class N:
    nxt: N | None = None
    items: list[int]
    m: Dict[str, "N"]
    t: tuple[int, ...]
    o: Optional[List[N]] = None
    c: typing.Callable[[int], str]
    neg: -1
    s: "quoted"
    lit: Literal["a", 'b', 3]
    call: dataclasses.field(default=1)

    def f(self, a: int, b: N = None, *args: str, k: float = 1.0, **kw: bool) -> N:
        return self


print(N.__annotations__)
print(N.f.__annotations__)
hints = typing.get_type_hints(N.f)
print(sorted(hints), hints["a"] is int, hints["b"] is N, hints["return"] is N)


@dataclass
class Node:
    name: str
    children: list[Node] = field(default_factory=list)
    parent: Optional[Node] = None


n = Node("a", [Node("b")])
print(n)
print([f.type for f in dataclasses.fields(Node)])


def g(x: Literal["a", 'b'], y: bytes = b"", z: 1.5 = 0, w: (int, str) = None) -> None:
    pass


print(g.__annotations__)


def outer():
    def inner(x: Later, y: int = 0) -> list[Later]:
        pass

    class Local:
        a: Later

        def m(self, v: Local) -> None:
            pass

    return inner.__annotations__, Local.__annotations__, Local.m.__annotations__


print(outer())
print([outer()[0] for _ in range(3)][2])
