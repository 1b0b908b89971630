# typing (python/stdlib/typing.py), printed so CPython can check it. Not used here, as they differ:
# subscripting a class (list[int], MyGeneric[int]), `int | None`, isinstance() with typing
# objects or Protocols.
import typing
from typing import (
    IO,
    TYPE_CHECKING,
    Annotated,
    Any,
    AnyStr,
    Callable,
    ClassVar,
    Dict,
    Final,
    FrozenSet,
    Generator,
    Generic,
    Iterable,
    Iterator,
    List,
    Literal,
    Mapping,
    MutableMapping,
    NamedTuple,
    NewType,
    NoReturn,
    Optional,
    Protocol,
    Self,
    Sequence,
    Set,
    TextIO,
    Tuple,
    Type,
    TypedDict,
    TypeVar,
    Union,
    cast,
    get_args,
    get_origin,
    get_type_hints,
    no_type_check,
    overload,
    runtime_checkable,
)

T = TypeVar("T")
K = TypeVar("K", bound="Hashable")
V_co = TypeVar("V_co", covariant=True)


class Foo:
    pass


print(TYPE_CHECKING, Any, NoReturn, Self, List, Dict, Callable, Optional, Literal)
print(List[int], Dict[str, List[int]], Set[int], FrozenSet[str], Tuple[int, ...], Tuple[()])
print(Optional[int], Optional["Foo"], Union[int, str], Union[int], Union[int, None, str])
print(Union[int, Union[str, int]], Optional[Union[int, str]])
print(Callable[[int, str], bool], Callable[..., None], Callable[[], int])
print(Literal["a", 1, None], Annotated[int, "meta"], ClassVar[int], Final[str], Type[Foo])
print(List[Foo], List[T], T, K, V_co, AnyStr, Generic[T])
print(Iterable[int], Iterator[str], Generator[int, None, None], Sequence[int], Mapping[str, Any])
print(MutableMapping[str, int], IO[str], typing.Deque[int], typing.DefaultDict[str, int])
print(
    get_origin(List[int]),
    get_args(Dict[str, int]),
    get_origin(Optional[int]),
    get_args(Optional[int]),
)
print(get_origin(Literal[1]), get_args(Literal[1, 2]), get_args(Callable[[int], str]))
print(
    get_origin(Annotated[int, "x"]) is Annotated,
    get_args(Annotated[int, "x"]),
    get_origin(int),
    get_args(int),
)
print(get_origin(Generic[T]) is Generic, Annotated[int, "x"].__metadata__, Optional[int].__args__)
print(List[int] == List[int], List[int] == List[str], Optional[int] == Union[int, None])
print(Union[int, str] == Union[str, int], hash(List[int]) == hash(List[int]), T.__name__)
print(cast(int, "x"), cast("List[int]", [1]), TypeVar("U").__name__)

UserId = NewType("UserId", int)
print(UserId(5), UserId.__name__, UserId.__supertype__)


class Stack(Generic[T]):
    def __init__(self) -> None:
        self.items: List[T] = []

    def push(self, item: T) -> None:
        self.items.append(item)

    def pop(self) -> T:
        return self.items.pop()


s = Stack()
s.push(1)
s.push(2)
print(s.pop(), s.items, isinstance(s, Stack))


class Pair(Generic[K, V_co]):
    pass


class IntList(List[int]):
    pass


il = IntList([3, 1, 2])
il.sort()
print(il, isinstance(il, list), len(il))


@runtime_checkable
class Closable(Protocol):
    def close(self) -> None: ...


class SupportsLen(Protocol[T]):
    def size(self) -> int: ...


class Resource(Closable):
    def close(self) -> None:
        print("closed")


Resource().close()


class Employee(NamedTuple):
    name: str
    id: int = 3

    def badge(self) -> str:
        return "%s#%d" % (self.name, self.id)


e = Employee("guido")
print(e, Employee("a", 1), e.name, e[1], e.badge(), e._fields, isinstance(e, tuple))
print(e._replace(id=9), e._asdict() == {"name": "guido", "id": 3}, Employee._field_defaults)
print(Employee._make(["b", 2]), e == ("guido", 3), tuple(e))
Point = NamedTuple("Point", [("x", int), ("y", int)])
print(Point(1, 2), Point._fields)
try:

    class Bad(NamedTuple):
        a: int = 0
        b: int

except TypeError as exc:
    print("TypeError", exc)


class Movie(TypedDict):
    title: str
    year: int


class Remake(Movie, total=False):
    original: str


m = Movie(title="Blade Runner", year=1982)
print(sorted(m.items()), type(m) is dict, m["title"])
print(
    sorted(Movie.__required_keys__),
    sorted(Remake.__required_keys__),
    sorted(Remake.__optional_keys__),
)
print(Movie.__total__, Remake.__total__, sorted(Remake.__annotations__))
Alt = TypedDict("Alt", {"a": int, "b": str}, total=False)
print(Alt(a=1), sorted(Alt.__optional_keys__), Alt.__total__)


class Config:
    name: str
    retries: int = 3
    ratio: "float" = 0.5
    tags: Optional[List[str]] = None
    kind: ClassVar[int] = 1


hints = get_type_hints(Config)
print(sorted((k, repr(v)) for k, v in hints.items()))


class Sub(Config):
    extra: Dict[str, "Config"]

    def method(self):
        pass


class Plain:
    other: "Sub"


print(sorted((k, repr(v)) for k, v in get_type_hints(Sub).items()))
print(get_type_hints(Plain, globals())["other"] is Sub)


def annotated(a: int, b: "str" = "x", *, c: Optional[float] = None) -> List[int]:
    return [a]


print(sorted((k, repr(v)) for k, v in get_type_hints(annotated).items()), annotated(1))


@overload
def double(x: int) -> int: ...


@overload
def double(x: str) -> str: ...


def double(x):
    return x * 2


print(double(2), double("ab"))


@no_type_check
def untyped(x: "not a type") -> "nor this":
    return x


print(untyped(5))


def process(items: Iterable[Tuple[str, int]], cb: Callable[[str], None] = print) -> Dict[str, int]:
    return dict(items)


print(sorted(process([("a", 1), ("b", 2)]).items()))


def reader(f: TextIO, g: IO[bytes]) -> Optional[str]:
    return None


print(reader(None, None))
