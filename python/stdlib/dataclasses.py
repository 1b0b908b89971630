# Dataclasses, from the class's ordered __annotations__ (the compiler records them).
# __init__ is generated source, compiled once with exec, as in CPython.
import sys

_p = sys.path
sys.path = ()
try:
    from collections import OrderedDict as _OD
finally:
    sys.path = _p


class _Missing:
    def __repr__(self):
        return "MISSING"


MISSING = _Missing()
_HAS_FACTORY = _Missing()


class FrozenInstanceError(AttributeError):
    pass


class _InitVar:
    # InitVar[int] (a `type` cannot be subscripted here).
    def __init__(self, type):
        self.type = type

    def __getitem__(self, type):
        return _InitVar(type)


InitVar = _InitVar(None)


class KW_ONLY:
    pass


class Field:
    def __init__(self, default, default_factory, init, repr, hash, compare, metadata, kw_only):
        self.name = self.type = None
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.hash = hash
        self.compare = compare
        self.metadata = {} if metadata is None else metadata
        self.kw_only = kw_only


def field(
    *,
    default=MISSING,
    default_factory=MISSING,
    init=True,
    repr=True,
    hash=None,
    compare=True,
    metadata=None,
    kw_only=MISSING,
):
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, init, repr, hash, compare, metadata, kw_only)


def _special(a, name):
    # True if annotation a is typing.<name> (or InitVar), also when written as a string.
    if name == "InitVar":
        return isinstance(a, _InitVar)
    if isinstance(a, str):
        return a.startswith((name, "typing." + name))
    t = sys.modules.get("typing")
    s = t and getattr(t, name)
    return s is not None and (a is s or getattr(a, "_special", None) is s)


def _fields_in_init_order(fields):
    pos = [f for f in fields if f.init and not f.kw_only]
    return pos + [f for f in fields if f.init and f.kw_only]


def _make_init(cls, every, fields, initvars, frozen):
    g = {"_dc_hf": _HAS_FACTORY, "_dc_set": object.__setattr__}
    params = []
    body = []
    seen_default = None
    for f in _fields_in_init_order(every):
        d = ""
        if f.default is not MISSING:
            g["_dc_d_" + f.name] = f.default
            d = "=_dc_d_" + f.name
        elif f.default_factory is not MISSING:
            d = "=_dc_hf"
        if f.kw_only:
            if "*" not in params:
                params.append("*")
        elif d:
            seen_default = f.name
        elif seen_default:
            raise TypeError("non-default argument %r follows default argument" % f.name)
        params.append(f.name + d)
    for f in fields:
        if f.default_factory is not MISSING:
            g["_dc_f_" + f.name] = f.default_factory
            if f.init:
                v = "_dc_f_%s() if %s is _dc_hf else %s" % (f.name, f.name, f.name)
            else:
                v = "_dc_f_%s()" % f.name
        elif f.init:
            v = f.name
        elif f.default is not MISSING:
            v = "_dc_d_" + f.name
            g[v] = f.default
        else:
            continue
        if frozen:
            body.append("_dc_set(__dataclass_self__, %r, %s)" % (f.name, v))
        else:
            body.append("__dataclass_self__.%s = %s" % (f.name, v))
    if hasattr(cls, "__post_init__"):
        body.append("__dataclass_self__.__post_init__(%s)" % ", ".join(f.name for f in initvars))
    # The instance is not called `self`, so that a field may be.
    src = "def __init__(__dataclass_self__%s):\n %s\n" % (
        "".join(", " + p for p in params),
        "\n ".join(body or ["pass"]),
    )
    exec(src, g)
    return g["__init__"]


def _tuple(obj, names):
    return tuple(getattr(obj, n) for n in names)


def _cmp(names, op):
    def method(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return op(_tuple(self, names), _tuple(other, names))

    return method


def _process(cls, init, repr, eq, order, unsafe_hash, frozen, match_args, kw_only):
    every = _OD()  # fields and InitVars, in order
    for b in reversed(cls.__bases__):
        every.update(getattr(b, "__dataclass_fields__", {}))
    d = cls.__dict__
    initvars = []
    kw = kw_only
    for name, tp in (d.get("__annotations__") or {}).items():
        if _special(tp, "ClassVar"):
            continue
        if tp is KW_ONLY:
            kw = True
            continue
        v = d.get(name, MISSING)
        f = v if isinstance(v, Field) else field(default=v)
        f.name, f.type = name, tp
        if f.kw_only is MISSING:
            f.kw_only = kw
        if type(f.default) in (list, dict, set):
            raise ValueError(
                "mutable default %r for field %s is not allowed: use default_factory"
                % (type(f.default), name)
            )
        if isinstance(v, Field):
            if f.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, f.default)
        if _special(tp, "InitVar"):
            initvars.append(f)
        every[name] = f
    fields = _OD((n, f) for n, f in every.items() if f not in initvars)
    cls.__dataclass_fields__ = fields
    flist = list(fields.values())
    if init and "__init__" not in d:
        cls.__init__ = _make_init(cls, list(every.values()), flist, initvars, frozen)
    rnames = [f.name for f in flist if f.repr]
    if repr and "__repr__" not in d:

        def __repr__(self):
            return "%s(%s)" % (
                type(self).__qualname__,
                ", ".join("%s=%r" % (n, getattr(self, n)) for n in rnames),
            )

        cls.__repr__ = __repr__
    cnames = [f.name for f in flist if f.compare]
    if eq and "__eq__" not in d:
        cls.__eq__ = _cmp(cnames, lambda a, b: a == b)
    if order:
        for name, op in (
            ("__lt__", lambda a, b: a < b),
            ("__le__", lambda a, b: a <= b),
            ("__gt__", lambda a, b: a > b),
            ("__ge__", lambda a, b: a >= b),
        ):
            if name in d:
                raise TypeError(
                    "Cannot overwrite attribute %s in class %s. Consider using functools.total_ordering"
                    % (name, cls.__name__)
                )
            setattr(cls, name, _cmp(cnames, op))
    if frozen:

        def __setattr__(self, name, value):
            if type(self) is cls or name in fields:
                raise FrozenInstanceError("cannot assign to field %r" % name)
            object.__setattr__(self, name, value)

        def __delattr__(self, name):
            if type(self) is cls or name in fields:
                raise FrozenInstanceError("cannot delete field %r" % name)
            object.__delattr__(self, name)

        cls.__setattr__ = __setattr__
        cls.__delattr__ = __delattr__
    if "__hash__" not in d:
        hnames = [f.name for f in flist if (f.compare if f.hash is None else f.hash)]
        if unsafe_hash or eq and frozen:
            cls.__hash__ = lambda self: hash(_tuple(self, hnames))
        elif eq:
            cls.__hash__ = None
    if match_args:
        cls.__match_args__ = tuple(f.name for f in _fields_in_init_order(flist) if not f.kw_only)
    return cls


def dataclass(
    cls=None,
    *,
    init=True,
    repr=True,
    eq=True,
    order=False,
    unsafe_hash=False,
    frozen=False,
    match_args=True,
    kw_only=False,
    slots=False,
):
    if order and not eq:
        raise ValueError("eq must be true if order is true")

    def wrap(cls):
        return _process(cls, init, repr, eq, order, unsafe_hash, frozen, match_args, kw_only)

    return wrap if cls is None else wrap(cls)


def fields(class_or_instance):
    f = getattr(class_or_instance, "__dataclass_fields__", None)
    if f is None:
        raise TypeError("must be called with a dataclass type or instance")
    return tuple(f.values())


def is_dataclass(obj):
    cls = obj if isinstance(obj, type) else type(obj)
    return hasattr(cls, "__dataclass_fields__")


def _is_instance(obj):
    return not isinstance(obj, type) and hasattr(obj, "__dataclass_fields__")


def _convert(obj, factory, tuple_factory):
    if _is_instance(obj):
        vals = [
            (f.name, _convert(getattr(obj, f.name), factory, tuple_factory)) for f in fields(obj)
        ]
        return tuple_factory([v for n, v in vals]) if tuple_factory else factory(vals)
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):
        return type(obj)(*[_convert(v, factory, tuple_factory) for v in obj])
    if isinstance(obj, (list, tuple)):
        return type(obj)(_convert(v, factory, tuple_factory) for v in obj)
    if isinstance(obj, dict):
        return type(obj)(
            (_convert(k, factory, tuple_factory), _convert(v, factory, tuple_factory))
            for k, v in obj.items()
        )
    import copy

    return copy.deepcopy(obj)


def asdict(obj, *, dict_factory=dict):
    if not _is_instance(obj):
        raise TypeError("asdict() should be called on dataclass instances")
    return _convert(obj, dict_factory, None)


def astuple(obj, *, tuple_factory=tuple):
    if not _is_instance(obj):
        raise TypeError("astuple() should be called on dataclass instances")
    return _convert(obj, None, tuple_factory)


def replace(obj, **changes):
    for f in obj.__dataclass_fields__.values():
        if not f.init:
            if f.name in changes:
                raise ValueError(
                    "field %s is declared with init=False, it cannot be specified with replace()"
                    % f.name
                )
        elif f.name not in changes:
            changes[f.name] = getattr(obj, f.name)
    return obj.__class__(**changes)
