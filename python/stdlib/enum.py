# Enums without metaclasses: _classhook turns the class body into members when the class is
# made. An enum is a real class (isinstance, methods and type() behave as in CPython);
# `for m in Color`, `reversed(Color)`, `x in Color` and `Color(value)` work, but
# `Color[name]` and `len(Color)` cannot (a `type` has no subscript or len in MicroPython):
# use `Color.__members__[name]`.
import _classhook  # noqa: F401
import sys

_p = sys.path
sys.path = ()
try:
    from collections import OrderedDict as _OD
finally:
    sys.path = _p

class auto:
    pass


def _member_item(k, v):
    return (
        not (k[:2] == "__" or (k[:1] == "_" and k[-1:] == "_"))
        and not callable(v)
        and not isinstance(v, (classmethod, staticmethod, property))
    )


def _find(cls, value):
    try:
        return cls._value2member_map_.get(value)
    except TypeError:  # unhashable value
        for m in cls.__members__.values():
            if m._value_ == value:
                return m


def _new(cls, value):
    if type(value) is cls:
        return value
    m = _find(cls, value)
    if m is None:
        m = cls._missing_(value)
        if m is None:
            raise ValueError("%r is not a valid %s" % (value, cls.__name__))
    return m


def _raw(cls, value):
    # A new instance that bypasses _new: a native mixin (int, str) can only be made by
    # calling the class, so its __new__ is taken away for the call.
    if not cls._native_:
        m = object.__new__(cls)
    else:
        n = cls.__dict__.get("__new__")
        if n is not None:
            del cls.__new__
        try:
            m = cls(value)
        finally:
            if n is not None:
                cls.__new__ = n
    m._value_ = value
    return m


def _make(cls, kw):
    d = cls.__dict__
    for b in cls.__bases__:
        if getattr(b, "_member_names_", None):
            raise TypeError("<enum %r> cannot extend <enum %r>" % (cls.__name__, b.__name__))
    base = [b for b in cls.__bases__ if issubclass(b, Enum)][0]
    for k in ("__repr__", "__str__"):
        if k not in d:
            setattr(cls, k, getattr(base, k))
    cls._native_ = issubclass(cls, (int, str, float))
    if int in cls.__bases__:
        _int_ops(cls)
    items = [(k, v) for k, v in d.items() if _member_item(k, v)]  # in definition order
    order = d.get("_order_")
    if order is not None:
        del cls._order_
        if isinstance(order, str):
            order = order.replace(",", " ").split()
        if sorted(order) != sorted(k for k, v in items):
            raise TypeError("member order does not match _order_")
        items.sort(key=lambda kv: order.index(kv[0]))
    values = []
    for i, (k, v) in enumerate(items):
        if isinstance(v, auto):
            v = cls._generate_next_value_(k, 1, i, values[:])
            items[i] = (k, v)
        values.append(v)
    unew = d.get("__new__") and cls.__new__
    cls._member_names_ = names = []
    cls._member_map_ = cls.__members__ = members = _OD()
    cls._value2member_map_ = byval = {}
    for k, v in items:
        m = _find(cls, v)
        if m is None:
            args = v if type(v) is tuple else (v,)
            if unew:
                m = unew(cls, *args)
            elif cls._native_:
                m = cls(*args)
            else:
                m = object.__new__(cls)
            if not cls._native_:
                m.__init__(*args)
            if unew is None or not hasattr(m, "_value_"):
                m._value_ = v
            m._name_ = k
            names.append(k)
            try:
                byval[m._value_] = m
            except TypeError:
                pass
        members[k] = m
        setattr(cls, k, m)
    cls._list_ = [members[k] for k in names if members[k]._canonical_()]
    if names:
        cls.__new__ = staticmethod(_new)
        cls.__init__ = Enum.__init__


def _v(x):
    return x._value_ if isinstance(x, Enum) else x


def _op(f):
    return lambda a, b: f(_v(a), _v(b))


def _rop(f):
    return lambda a, b: f(_v(b), _v(a))


def _int_ops(cls):
    # MicroPython's int operators reject an int subclass on the right (IntEnum < IntEnum,
    # 1 + IntEnum), so an int enum gets operators working on plain values.
    for k, f in _INT_OPS:
        if k not in cls.__dict__:
            setattr(cls, k, f)


_INT_OPS = []
for _n, _f in (
    ("lt", lambda a, b: a < b),
    ("le", lambda a, b: a <= b),
    ("gt", lambda a, b: a > b),
    ("ge", lambda a, b: a >= b),
    ("add", lambda a, b: a + b),
    ("sub", lambda a, b: a - b),
    ("mul", lambda a, b: a * b),
    ("truediv", lambda a, b: a / b),
    ("floordiv", lambda a, b: a // b),
    ("mod", lambda a, b: a % b),
    ("pow", lambda a, b: a**b),
    ("lshift", lambda a, b: a << b),
    ("rshift", lambda a, b: a >> b),
    ("and", lambda a, b: a & b),
    ("or", lambda a, b: a | b),
    ("xor", lambda a, b: a ^ b),
):
    _INT_OPS.append(("__%s__" % _n, _op(_f)))
    if _n[0] not in "lg":
        _INT_OPS.append(("__r%s__" % _n, _rop(_f)))


def _functional(cls, name, names):
    # Enum("Color", "RED GREEN") and friends: a class made with type() gets no hook call.
    if isinstance(names, str):
        names = names.replace(",", " ").split()
    if hasattr(names, "items"):
        names = list(names.items())
    pairs = [(n, auto()) if isinstance(n, str) else n for n in names]
    ns = {n: v for n, v in pairs}
    ns["_order_"] = [n for n, v in pairs]
    c = type(name, (cls,), ns)
    _make(c, None)
    return c


class Enum:
    _upy_class_ = staticmethod(_make)
    _list_ = _member_names_ = ()

    def __new__(cls, value, names=None):
        # Reached only for a class without members: plain ones get _new once they have some,
        # and int or str mixins construct through their native base.
        if names is None:
            raise TypeError("<enum %r> has no members defined" % cls.__name__)
        return _functional(cls, value, names)

    def __init__(self, *args):
        pass

    @classmethod
    def __getitem__(cls, i):
        # Iterating a class falls back to __getitem__ with 0, 1, ... (a type has no __iter__).
        return cls._list_[i]

    @classmethod
    def __class_getitem__(cls, name):
        # Color["RED"]: CPython's metaclass does this; src/port/types.c routes here.
        return cls.__members__[name]

    @classmethod
    def __reversed__(cls):
        return reversed(cls._list_)

    name = property(lambda m: m._name_)
    value = property(lambda m: m._value_)

    def __repr__(self):
        return "<%s.%s: %r>" % (type(self).__name__, self._name_, self._value_)

    def __str__(self):
        return "%s.%s" % (type(self).__name__, self._name_)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def _canonical_(self):
        return True

    @classmethod
    def _missing_(cls, value):
        return None

    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        for v in reversed(last_values):
            try:
                return v + 1
            except TypeError:
                pass
        return start


class IntEnum(int, Enum):
    __repr__ = Enum.__repr__

    def __str__(self):
        return repr(self._value_)


class StrEnum(str, Enum):
    __repr__ = Enum.__repr__

    def __str__(self):
        return self._value_

    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        return name.lower()


def _bits(cls, value):
    # Canonical members inside value, in member order, and the bits no member covers.
    ms = [m for m in cls._list_ if m._value_ & value == m._value_]
    for m in ms:
        value &= ~m._value_
    return ms, value


def _flag_op(f):
    def op(self, other):
        if isinstance(other, type(self)):
            other = other._value_
        elif not (type(self)._native_ and isinstance(other, int)):
            return NotImplemented
        return type(self)(f(self._value_, other))

    return op


class Flag(Enum):
    def _canonical_(self):
        v = self._value_
        return v > 0 and v & (v - 1) == 0

    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        n = 1
        for v in last_values:
            while n <= v:
                n <<= 1
        return n

    @classmethod
    def _missing_(cls, value):
        if not isinstance(value, int):
            return None
        ms, rest = _bits(cls, value)
        if rest and not cls._native_ or value < 0:
            return None
        m = _raw(cls, value)
        names = [x._name_ for x in ms]
        if rest:
            names.append(str(rest))
        m._name_ = "|".join(names) if ms else None
        cls._value2member_map_[value] = m
        return m

    def __repr__(self):
        c = type(self).__name__
        if self._name_ is None:
            return "<%s: %r>" % (c, self._value_)
        return "<%s.%s: %r>" % (c, self._name_, self._value_)

    def __str__(self):
        c = type(self).__name__
        if self._name_ is None:
            return "%s(%r)" % (c, self._value_)
        return "%s.%s" % (c, self._name_)

    def __contains__(self, other):
        return other._value_ & self._value_ == other._value_

    def __iter__(self):
        return iter(_bits(type(self), self._value_)[0])

    def __len__(self):
        return len(_bits(type(self), self._value_)[0])

    def __bool__(self):
        return bool(self._value_)

    __or__ = __ror__ = _flag_op(lambda a, b: a | b)
    __and__ = __rand__ = _flag_op(lambda a, b: a & b)
    __xor__ = __rxor__ = _flag_op(lambda a, b: a ^ b)

    def __invert__(self):
        a = 0
        for m in type(self)._list_:
            a |= m._value_
        return type(self)(a & ~self._value_)


class IntFlag(int, Flag):
    # int comes first in the lookup, so Flag's operators are repeated here.
    __repr__ = Flag.__repr__
    __or__ = __ror__ = Flag.__or__
    __and__ = __rand__ = Flag.__and__
    __xor__ = __rxor__ = Flag.__xor__
    __invert__ = Flag.__invert__
    __contains__ = Flag.__contains__
    __iter__ = Flag.__iter__
    __len__ = Flag.__len__

    def __str__(self):
        return repr(self._value_)


def unique(cls):
    dup = ["%s -> %s" % (k, m._name_) for k, m in cls.__members__.items() if k != m._name_]
    if dup:
        raise ValueError("duplicate values found in <enum %r>: %s" % (cls.__name__, ", ".join(dup)))
    return cls
