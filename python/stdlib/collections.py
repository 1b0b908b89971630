# Extends MicroPython's native collections (OrderedDict, namedtuple, deque), loaded with an
# empty sys.path as MicroPython documents for extending a built-in module.
import sys

_p = sys.path
sys.path = ()
try:
    import collections as _native
finally:
    sys.path = _p

OrderedDict = _native.OrderedDict
_missing = object()


def _ident(n):
    return (n[:1].isalpha() or n[:1] == "_") and all(
        c.isalpha() or c.isdigit() or c == "_" for c in n
    )


def namedtuple(typename, field_names, *, rename=False, defaults=None, module=None):
    # The native type lacks _fields, _make, _replace, _asdict and defaults: a subclass adds them.
    if isinstance(field_names, str):
        field_names = field_names.replace(",", " ").split()
    fields = tuple(field_names)
    if rename:
        seen = set()
        fields = tuple(
            "_%d" % i if not _ident(n) or n[0] == "_" or n in seen or seen.add(n) else n
            for i, n in enumerate(fields)
        )
    defaults = tuple(defaults or ())
    if len(defaults) > len(fields):
        raise TypeError("Got more default values than field names")
    fdefaults = dict(zip(fields[len(fields) - len(defaults) :], defaults))

    def _make(cls, iterable):
        return cls(*iterable)

    def _replace(self, **kw):
        r = self._make([kw.pop(f, v) for f, v in zip(fields, self)])
        if kw:
            raise ValueError("Got unexpected field names: %r" % list(kw))
        return r

    def _asdict(self):
        return dict(zip(fields, self))

    ns = {
        "_fields": fields,
        "_field_defaults": fdefaults,
        "_make": classmethod(_make),
        "_replace": _replace,
        "_asdict": _asdict,
        "__match_args__": fields,
    }
    if defaults:

        def __init__(self, *args, **kw):
            args = list(args)
            for f in fields[len(args) :]:
                v = kw.pop(f, fdefaults.get(f, _missing))
                if v is _missing:
                    raise TypeError("missing required argument: %r" % f)
                args.append(v)
            if kw:
                raise TypeError("unexpected keyword argument %r" % list(kw)[0])
            super(cls, self).__init__(*args)

        ns["__init__"] = __init__
    cls = type(typename, (_native.namedtuple(typename, fields),), ns)
    return cls


class deque:
    # The native deque needs a maxlen, has a fixed buffer and few methods; this is a ring buffer
    # that grows, with CPython's methods.
    def __init__(self, iterable=(), maxlen=None):
        if maxlen is not None and maxlen < 0:
            raise ValueError("maxlen must be non-negative")
        self._maxlen = maxlen
        self.clear()
        self.extend(iterable)

    maxlen = property(lambda self: self._maxlen)

    def clear(self):
        self._a = [None] * 8
        self._h = self._n = 0

    def _grow(self):
        a, h = self._a, self._h
        self._a = a[h:] + a[:h] + [None] * len(a)
        self._h = 0

    def _i(self, i):
        n = self._n
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("deque index out of range")
        return (self._h + i) % len(self._a)

    def append(self, x):
        if self._maxlen is not None and self._n >= self._maxlen:
            if not self._maxlen:
                return
            self.popleft()
        if self._n == len(self._a):
            self._grow()
        self._a[(self._h + self._n) % len(self._a)] = x
        self._n += 1

    def appendleft(self, x):
        if self._maxlen is not None and self._n >= self._maxlen:
            if not self._maxlen:
                return
            self.pop()
        if self._n == len(self._a):
            self._grow()
        self._h = (self._h - 1) % len(self._a)
        self._a[self._h] = x
        self._n += 1

    def pop(self):
        if not self._n:
            raise IndexError("pop from an empty deque")
        i = self._i(-1)
        x = self._a[i]
        self._a[i] = None
        self._n -= 1
        return x

    def popleft(self):
        if not self._n:
            raise IndexError("pop from an empty deque")
        i = self._h
        x = self._a[i]
        self._a[i] = None
        self._h = (i + 1) % len(self._a)
        self._n -= 1
        return x

    def extend(self, iterable):
        if iterable is self:
            iterable = list(iterable)
        for x in iterable:
            self.append(x)

    def extendleft(self, iterable):
        if iterable is self:
            iterable = list(iterable)
        for x in iterable:
            self.appendleft(x)

    def rotate(self, n=1):
        if self._n:
            n %= self._n
            for _ in range(n):
                self.appendleft(self.pop())

    def __len__(self):
        return self._n

    def __bool__(self):
        return self._n > 0

    def __getitem__(self, i):
        return self._a[self._i(i)]

    def __setitem__(self, i, x):
        self._a[self._i(i)] = x

    def __delitem__(self, i):
        self.rotate(-i)
        self.popleft()
        self.rotate(i)

    def __iter__(self):
        a, h, n = self._a, self._h, self._n
        for i in range(n):
            if n != self._n or a is not self._a:
                raise RuntimeError("deque mutated during iteration")
            yield a[(h + i) % len(a)]

    def __reversed__(self):
        return reversed(list(self))

    def __contains__(self, x):
        return any(y is x or y == x for y in self)

    def count(self, x):
        return sum(1 for y in self if y is x or y == x)

    def index(self, x, start=0, stop=None):
        for i, y in enumerate(list(self)[start:stop]):
            if y is x or y == x:
                return i + start
        raise ValueError("%r is not in deque" % (x,))

    def insert(self, i, x):
        if self._maxlen is not None and self._n >= self._maxlen:
            raise IndexError("deque already at its maximum size")
        n = self._n
        if i < 0:
            i = max(i + n, 0)
        i = min(i, n)
        self.rotate(-i)
        self.appendleft(x)
        self.rotate(i)

    def remove(self, x):
        del self[self.index(x)]

    def reverse(self):
        items = list(self)
        self.clear()
        self.extendleft(items)

    def copy(self):
        return deque(self, self._maxlen)

    __copy__ = copy

    def __eq__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return list(self) == list(other)

    def __add__(self, other):
        d = self.copy()
        d.extend(other)
        return d

    def __iadd__(self, other):
        self.extend(other)
        return self

    def __repr__(self):
        r = "deque(%r" % list(self)
        if self._maxlen is not None:
            r += ", maxlen=%d" % self._maxlen
        return r + ")"


class defaultdict(dict):
    def __init__(self, default_factory=None, *args, **kw):
        if default_factory is not None and not callable(default_factory):
            raise TypeError("first argument must be callable or None")
        super().__init__(*args, **kw)
        self.default_factory = default_factory

    # MicroPython's dict has no __missing__ hook, so lookups go through here.
    def __getitem__(self, key):
        v = self.get(key, _missing)
        if v is _missing:
            return self.__missing__(key)
        return v

    def __missing__(self, key):
        if self.default_factory is None:
            raise KeyError(key)
        v = self[key] = self.default_factory()
        return v

    def copy(self):
        return defaultdict(self.default_factory, self.items())

    __copy__ = copy

    def __repr__(self):
        return "defaultdict(%r, %r)" % (self.default_factory, dict(self.items()))

    __str__ = __repr__  # else print() finds the native dict's first


class Counter(dict):
    def __init__(self, iterable=None, **kw):
        super().__init__()
        self.update(iterable, **kw)

    def __getitem__(self, key):
        return self.get(key, 0)

    def __missing__(self, key):
        return 0

    def __delitem__(self, key):
        if key in self:
            super().__delitem__(key)

    def total(self):
        return sum(self.values())

    def most_common(self, n=None):
        items = sorted(self.items(), key=lambda kv: kv[1], reverse=True)
        return items if n is None else items[:n]

    def elements(self):
        for k, v in self.items():
            for _ in range(v):
                yield k

    def _apply(self, iterable, kw, sign):
        if iterable is not None:
            if hasattr(iterable, "items"):
                for k, v in iterable.items():
                    self[k] = self.get(k, 0) + sign * v
            else:
                for k in iterable:
                    self[k] = self.get(k, 0) + sign
        for k, v in kw.items():
            self[k] = self.get(k, 0) + sign * v

    def update(self, iterable=None, **kw):
        self._apply(iterable, kw, 1)

    def subtract(self, iterable=None, **kw):
        self._apply(iterable, kw, -1)

    def copy(self):
        return Counter(self)

    __copy__ = copy

    def __repr__(self):
        if not self:
            return "Counter()"
        return "Counter({%s})" % ", ".join("%r: %r" % kv for kv in self.most_common())

    __str__ = __repr__

    def __eq__(self, other):
        # Missing counts are zero (3.10).
        if isinstance(other, Counter):
            return all(self[k] == other[k] for k in _keys(self, other))
        return dict(self.items()) == other

    def __ne__(self, other):
        return not self == other

    def _keep(self, pairs):
        c = Counter()
        for k, v in pairs:
            if v > 0:
                c[k] = v
        return c

    def __add__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return self._keep((k, self[k] + other[k]) for k in _keys(self, other))

    def __sub__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return self._keep((k, self[k] - other[k]) for k in _keys(self, other))

    def __or__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return self._keep((k, max(self[k], other[k])) for k in _keys(self, other))

    def __and__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return self._keep((k, min(self[k], other[k])) for k in _keys(self, other))

    def __pos__(self):
        return self._keep(self.items())

    def __neg__(self):
        return self._keep((k, -v) for k, v in self.items())


def _keys(a, b):
    return list(a) + [k for k in b if k not in a]


class ChainMap:
    def __init__(self, *maps):
        self.maps = list(maps) or [{}]

    def __getitem__(self, key):
        for m in self.maps:
            if key in m:
                return m[key]
        return self.__missing__(key)

    def __missing__(self, key):
        raise KeyError(key)

    def get(self, key, default=None):
        return self[key] if key in self else default

    def __setitem__(self, key, value):
        self.maps[0][key] = value

    def __delitem__(self, key):
        try:
            del self.maps[0][key]
        except KeyError:
            raise KeyError("Key not found in the first mapping: %r" % (key,))

    def pop(self, key, *default):
        return self.maps[0].pop(key, *default)

    def keys(self):
        seen = {}
        for m in reversed(self.maps):
            seen.update(dict.fromkeys(m))
        return seen.keys()

    def __iter__(self):
        return iter(self.keys())

    def __len__(self):
        return len(self.keys())

    def __contains__(self, key):
        return any(key in m for m in self.maps)

    def __bool__(self):
        return any(self.maps)

    def items(self):
        return [(k, self[k]) for k in self]

    def values(self):
        return [self[k] for k in self]

    def new_child(self, m=None):
        return ChainMap({} if m is None else m, *self.maps)

    @property
    def parents(self):
        return ChainMap(*self.maps[1:])

    def copy(self):
        return ChainMap(self.maps[0].copy(), *self.maps[1:])

    __copy__ = copy

    def __repr__(self):
        return "ChainMap(%s)" % ", ".join(map(repr, self.maps))
