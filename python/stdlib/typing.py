# Runtime objects for type hints. A `type` cannot be subscripted here, so List, Optional &c.
# are objects whose class has __getitem__; as bases (Generic[T], Protocol, List[int]) they
# become real classes through __mro_entries__, which _classhook honours.
import _classhook  # noqa: F401
import sys

TYPE_CHECKING = False
_NoneType = type(None)


def _trepr(t):
    if isinstance(t, type):
        m = getattr(t, "__module__", "builtins")
        return t.__name__ if m == "builtins" else "%s.%s" % (m, t.__name__)
    if t is ...:
        return "..."
    if isinstance(t, list):
        return "[%s]" % ", ".join(map(_trepr, t))
    return repr(t)


def _convert(a):
    if a is None:
        return _NoneType
    if isinstance(a, str):
        return ForwardRef(a)
    return a


class _Op:
    def __or__(self, other):
        return Union[self, other]

    def __ror__(self, other):
        return Union[other, self]


class ForwardRef(_Op):
    def __init__(self, arg):
        self.__forward_arg__ = arg

    def __repr__(self):
        return "ForwardRef(%r)" % self.__forward_arg__

    def __eq__(self, other):
        return isinstance(other, ForwardRef) and other.__forward_arg__ == self.__forward_arg__

    def __hash__(self):
        return hash(self.__forward_arg__)


class _Special(_Op):
    # A typing name (List, Optional, Any...): subscripting it gives an _Alias.
    def __init__(self, name, origin=None, base=None):
        self._name = name
        self._origin = origin or self
        self._base = base or (origin if isinstance(origin, type) else None)

    def __repr__(self):
        return "typing." + self._name

    def __getitem__(self, params):
        if type(params) is not tuple:
            params = (params,)
        if self is Union:
            return _union(params)
        if self is Optional:
            return _union(params + (None,))
        if self is Literal:
            return _Alias(self, params)
        if self is Annotated:
            return _Alias(self, (_convert(params[0]),) + params[1:])
        if self is Callable and isinstance(params[0], list):
            params = ([_convert(p) for p in params[0]],) + params[1:]
        return _Alias(self, tuple(p if isinstance(p, list) else _convert(p) for p in params))

    def __mro_entries__(self, bases):
        return (self._base,) if self._base else ()


class _Alias(_Op):
    # A subscripted typing name: List[int], Optional[str], Callable[[int], str]...
    def __init__(self, special, args):
        self._special = special
        self.__args__ = args
        self.__origin__ = args[0] if special is Annotated else special._origin
        if special is Annotated:
            self.__metadata__ = args[1:]

    def __repr__(self):
        s, a = self._special, self.__args__
        if s is Union and len(a) == 2 and _NoneType in a:
            return "typing.Optional[%s]" % _trepr(a[a[0] is _NoneType])
        if s is Literal:
            inner = ", ".join(map(repr, a))
        elif s is Annotated:
            inner = ", ".join([_trepr(a[0])] + [repr(x) for x in a[1:]])
        elif s is Tuple and not a:
            inner = "()"
        else:
            inner = ", ".join(map(_trepr, a))
        return "%r[%s]" % (s, inner)

    def __eq__(self, other):
        if not isinstance(other, _Alias):
            return NotImplemented
        if self._special is Union is other._special:
            return set(self.__args__) == set(other.__args__)
        return self._special is other._special and self.__args__ == other.__args__

    def __hash__(self):
        if self._special is Union:
            return hash(frozenset(self.__args__))
        return hash((self._special, self.__args__))

    def __call__(self, *args, **kw):
        return self.__origin__(*args, **kw)

    def __mro_entries__(self, bases):
        return self._special.__mro_entries__(bases)


def _union(params):
    out = []
    for p in params:
        p = _convert(p)
        for x in p.__args__ if isinstance(p, _Alias) and p._special is Union else (p,):
            if x not in out:
                out.append(x)
    return out[0] if len(out) == 1 else _Alias(Union, tuple(out))


class TypeVar(_Op):
    def __init__(self, name, *constraints, bound=None, covariant=False, contravariant=False):
        self.__name__ = name
        self.__constraints__ = constraints
        self.__bound__ = _convert(bound) if bound is not None else None
        self.__covariant__ = covariant
        self.__contravariant__ = contravariant

    def __repr__(self):
        return (
            "+" if self.__covariant__ else "-" if self.__contravariant__ else "~"
        ) + self.__name__


class ParamSpec(TypeVar):
    args = kwargs = None


class NewType:
    def __init__(self, name, tp):
        self.__name__ = name
        self.__supertype__ = tp

    def __call__(self, x):
        return x


Union = _Special("Union")
Optional = _Special("Optional")
Literal = _Special("Literal")
Annotated = _Special("Annotated")
Required = _Special("Required")
NotRequired = _Special("NotRequired")
Callable = _Special("Callable")
Generic = _Special("Generic", None, type("Generic", (), {}))
Protocol = _Special("Protocol", None, type("Protocol", (), {}))
List = _Special("List", list)
Dict = _Special("Dict", dict)
Set = _Special("Set", set)
FrozenSet = _Special("FrozenSet", frozenset)
Tuple = _Special("Tuple", tuple)
Type = _Special("Type", type)
# The rest are made on first use (module __getattr__), to keep plug-ins small.
_LAZY = (
    "Any NoReturn Never Self LiteralString TypeAlias ClassVar Final Concatenate TypeGuard "
    "Unpack Iterable Iterator Generator Reversible Sequence MutableSequence Mapping "
    "MutableMapping AbstractSet MutableSet Collection Container Hashable Sized KeysView "
    "ItemsView ValuesView MappingView Awaitable Coroutine AsyncIterable AsyncIterator "
    "AsyncGenerator ContextManager AsyncContextManager Deque DefaultDict OrderedDict Counter "
    "ChainMap Pattern Match IO TextIO BinaryIO SupportsInt SupportsFloat SupportsIndex "
    "SupportsAbs SupportsRound SupportsBytes"
)


def __getattr__(name):
    if name in _LAZY.split():
        v = globals()[name] = _Special(name)
        return v
    raise AttributeError("module 'typing' has no attribute '%s'" % name)


Text = str
AnyStr = TypeVar("AnyStr", bytes, str)


def _identity(x):
    return x


def cast(typ, val):
    return val


final = no_type_check = no_type_check_decorator = runtime_checkable = override = _identity


def dataclass_transform(**kwargs):
    return _identity


def assert_type(val, typ):
    return val


def reveal_type(obj):
    return obj


def assert_never(arg):
    raise AssertionError("Expected code to be unreachable, but got: %r" % (arg,))


def _overload_dummy(*args, **kwds):
    raise NotImplementedError("You should not call an overloaded function.")


def overload(func):
    return _overload_dummy


def get_origin(tp):
    if isinstance(tp, _Alias):
        return Annotated if tp._special is Annotated else tp.__origin__
    return Generic if tp is Generic else None


def get_args(tp):
    if isinstance(tp, _Alias):
        return tp.__args__
    return ()


def _classes(cls):
    # cls and its bases, depth-first (MicroPython has no __mro__).
    out = []
    todo = [cls]
    while todo:
        c = todo.pop(0)
        if c not in out:
            out.append(c)
            todo[:0] = getattr(c, "__bases__", ())
    return out


def _eval(t, g, l, extras):
    if t is None:
        return _NoneType
    if isinstance(t, str):
        t = ForwardRef(t)
    if isinstance(t, ForwardRef):
        return _eval(eval(t.__forward_arg__, g, l), g, l, extras)
    if isinstance(t, _Alias):
        s = t._special
        if s is Annotated and not extras:
            return _eval(t.__origin__, g, l, extras)
        if s is not Literal:
            a = tuple(
                [_eval(x, g, l, extras) for x in p]
                if isinstance(p, list)
                else _eval(p, g, l, extras)
                for p in t.__args__
            )
            return _union(a) if s is Union else _Alias(s, a)
    return t


def get_type_hints(obj, globalns=None, localns=None, include_extras=False):
    hints = {}
    if isinstance(obj, type):
        for c in reversed(_classes(obj)):
            d = getattr(c, "__dict__", {})
            ann = d.get("__annotations__")
            if not ann:
                continue
            g = globalns
            if g is None:
                # __main__ is not in sys.modules here: a method's globals are the module's.
                g = getattr(sys.modules.get(getattr(c, "__module__", None)), "__dict__", None)
                for v in d.values():
                    g = g or getattr(v, "__globals__", None)
            for k, v in ann.items():
                hints[k] = _eval(v, g or {}, localns, include_extras)
        return hints
    g = globalns if globalns is not None else getattr(obj, "__globals__", {})
    for k, v in (getattr(obj, "__annotations__", None) or {}).items():
        hints[k] = _eval(v, g, localns, include_extras)
    return hints


def _named_tuple(name, items, defaults):
    from collections import namedtuple

    c = namedtuple(name, [n for n, t in items], defaults=defaults)
    c.__annotations__ = dict(items)
    return c


class NamedTuple:
    # NamedTuple("P", [("x", int)]) or `class P(NamedTuple)`: the class hook builds the tuple type.
    def __new__(cls, typename, fields=None, **kwargs):
        return _named_tuple(typename, list(fields or kwargs.items()), ())

    @staticmethod
    def _upy_class_(cls, kw):
        d = cls.__dict__
        ann = d.get("__annotations__") or {}
        defaults = []
        for n in ann:
            if n in d:
                defaults.append(d[n])
            elif defaults:
                raise TypeError(
                    "Non-default namedtuple field %s cannot follow default field%s %s"
                    % (n, "s" if len(defaults) > 1 else "", ", ".join(list(ann)[: len(defaults)]))
                )
        nt = _named_tuple(cls.__name__, list(ann.items()), defaults)
        nt.__annotations__ = ann
        for k, v in d.items():
            if k not in ann and k not in ("__module__", "__qualname__", "__annotations__"):
                setattr(nt, k, v)
        return nt


def _typed_dict(cls, total):
    ann = {}
    req = set()
    for b in cls.__bases__:
        ann.update(getattr(b, "__annotations__", {}))
        req.update(getattr(b, "__required_keys__", ()))
    own = cls.__dict__.get("__annotations__") or {}
    for k, v in own.items():
        ann[k] = v
        s = v._special if isinstance(v, _Alias) else None
        if s is Required or total and s is not NotRequired:
            req.add(k)
    cls.__annotations__ = ann
    cls.__total__ = total
    cls.__required_keys__ = frozenset(req)
    cls.__optional_keys__ = frozenset(k for k in ann if k not in req)
    return cls


class TypedDict:
    # Calling a TypedDict class gives a plain dict, as in CPython.
    def __new__(cls, *args, **kwargs):
        if cls is TypedDict:
            total = kwargs.pop("total", True)
            fields = args[1] if len(args) > 1 else kwargs
            return _typed_dict(
                type(args[0], (TypedDict,), {"__annotations__": dict(fields)}), total
            )
        return dict(*args, **kwargs)

    @staticmethod
    def _upy_class_(cls, kw):
        _typed_dict(cls, kw.get("total", True))
