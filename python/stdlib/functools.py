# Higher-order functions. MicroPython functions take no attributes: update_wrapper copies
# what it can (nothing onto a plain function), and lru_cache returns a callable object.
import sys

_p = sys.path
sys.path = ()
try:
    from collections import namedtuple
finally:
    sys.path = _p

WRAPPER_ASSIGNMENTS = ("__module__", "__name__", "__qualname__", "__doc__")
WRAPPER_UPDATES = ("__dict__",)
_CacheInfo = namedtuple("CacheInfo", ("hits", "misses", "maxsize", "currsize"))
_initial_missing = object()


def update_wrapper(wrapper, wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=WRAPPER_UPDATES):
    for a in assigned:
        try:
            setattr(wrapper, a, getattr(wrapped, a))
        except AttributeError:
            pass
    for a in updated:
        try:
            getattr(wrapper, a).update(getattr(wrapped, a, {}))
        except (AttributeError, TypeError):
            pass
    try:
        wrapper.__wrapped__ = wrapped
    except AttributeError:
        pass
    return wrapper


def wraps(wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=WRAPPER_UPDATES):
    return lambda wrapper: update_wrapper(wrapper, wrapped, assigned, updated)


def reduce(function, iterable, initial=_initial_missing):
    it = iter(iterable)
    value = initial
    if value is _initial_missing:
        value = next(it, _initial_missing)
        if value is _initial_missing:
            raise TypeError("reduce() of empty iterable with no initial value")
    for x in it:
        value = function(value, x)
    return value


class partial:
    def __init__(self, func, *args, **keywords):
        if not callable(func):
            raise TypeError("the first argument must be callable")
        if isinstance(func, partial):
            args = func.args + args
            keywords = dict(func.keywords, **keywords)
            func = func.func
        self.func, self.args, self.keywords = func, args, keywords

    def __call__(self, *args, **keywords):
        if self.keywords:
            keywords = dict(self.keywords, **keywords)
        return self.func(*(self.args + args), **keywords)


class _Bound:
    def __init__(self, f, obj):
        self.__func__, self.__self__ = f, obj

    def __call__(self, *args, **kw):
        return self.__func__(self.__self__, *args, **kw)

    def __getattr__(self, name):
        return getattr(self.__func__, name)


class _Cache:
    # An LRU cache: a dict of key -> [prev, next, key, result] cells in a circular list
    # whose root's next is the least recently used.
    def __init__(self, func, maxsize, typed):
        self.__wrapped__ = func
        self._max = maxsize if maxsize is None else max(maxsize, 0)
        self._typed = typed
        self.cache_clear()

    def cache_clear(self):
        self._d = {}
        self._root = r = []
        r[:] = [r, r, None, None]
        self._hits = self._misses = 0

    def cache_info(self):
        return _CacheInfo(self._hits, self._misses, self._max, len(self._d))

    def cache_parameters(self):
        return {"maxsize": self._max, "typed": self._typed}

    def __get__(self, obj, objtype=None):
        return self if obj is None else _Bound(self, obj)

    def __getattr__(self, name):
        # __name__, __doc__... of the cached function, as functools.wraps would give.
        return getattr(self.__wrapped__, name)

    def __call__(self, *args, **kw):
        key = args
        if kw:
            items = tuple(sorted(kw.items()))
            key += (_initial_missing,) + items
        if self._typed:
            key += tuple(type(v) for v in args)
            if kw:
                key += tuple(type(v) for k, v in items)
        if self._max == 0:
            self._misses += 1
            return self.__wrapped__(*args, **kw)
        d = self._d
        c = d.get(key)
        if c is not None:
            self._hits += 1
            if self._max is not None:
                self._unlink(c)
                self._link(c)
            return c[3]
        self._misses += 1
        result = self.__wrapped__(*args, **kw)
        if key in d:
            return result
        c = [None, None, key, result]
        d[key] = c
        if self._max is not None:
            self._link(c)
            if len(d) > self._max:
                old = self._root[1]
                self._unlink(old)
                del d[old[2]]
        return result

    def _unlink(self, c):
        c[0][1], c[1][0] = c[1], c[0]

    def _link(self, c):
        r = self._root
        last = r[0]
        c[0], c[1] = last, r
        last[1] = r[0] = c


def lru_cache(maxsize=128, typed=False):
    if callable(maxsize) and not isinstance(maxsize, int):
        return _Cache(maxsize, 128, typed)
    if maxsize is not None and not isinstance(maxsize, int):
        raise TypeError("Expected first argument to be an integer, a callable, or None")
    return lambda f: _Cache(f, maxsize, typed)


def cache(user_function):
    return _Cache(user_function, None, False)


def cmp_to_key(mycmp):
    class K:
        def __init__(self, obj):
            self.obj = obj

        def __lt__(self, other):
            return mycmp(self.obj, other.obj) < 0

        def __gt__(self, other):
            return mycmp(self.obj, other.obj) > 0

        def __eq__(self, other):
            return mycmp(self.obj, other.obj) == 0

        def __le__(self, other):
            return mycmp(self.obj, other.obj) <= 0

        def __ge__(self, other):
            return mycmp(self.obj, other.obj) >= 0

        __hash__ = None

    return K


def _derive(root, flip, eq):
    # a OP b from root(a, b): negated if flip, then "or a == b" (eq 1) or "and a != b" (eq 2).
    def op(self, other):
        r = getattr(self, root)(other)
        if r is NotImplemented:
            return r
        if flip:
            r = not r
        if eq == 1:
            return r or self == other
        if eq == 2:
            return r and self != other
        return r

    return op


_ORDER = {
    "__lt__": (("__gt__", 1, 2), ("__le__", 0, 1), ("__ge__", 1, 0)),
    "__le__": (("__ge__", 1, 1), ("__lt__", 0, 2), ("__gt__", 1, 0)),
    "__gt__": (("__lt__", 1, 2), ("__ge__", 0, 1), ("__le__", 1, 0)),
    "__ge__": (("__le__", 1, 1), ("__gt__", 0, 2), ("__lt__", 1, 0)),
}


def total_ordering(cls):
    roots = [
        op
        for op in ("__lt__", "__le__", "__gt__", "__ge__")
        if getattr(cls, op, None) is not getattr(object, op, None)
    ]
    if not roots:
        raise ValueError("must define at least one ordering operation: < > <= >=")
    for name, flip, eq in _ORDER[roots[0]]:
        if name not in roots:
            setattr(cls, name, _derive(roots[0], flip, eq))
    return cls


class cached_property:
    def __init__(self, func):
        self.func = func
        self.attrname = None

    def __set_name__(self, owner, name):
        self.attrname = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        v = self.func(instance)
        object.__setattr__(instance, self.attrname or self.func.__name__, v)
        return v


def _mro(cls):
    # Depth-first over __bases__ without duplicates (MicroPython has no __mro__).
    out = []
    todo = [cls]
    while todo:
        c = todo.pop(0)
        if c not in out:
            out.append(c)
            todo[:0] = list(getattr(c, "__bases__", ()))
    if object in out:
        out.remove(object)
    out.append(object)
    return out


class singledispatch:
    def __init__(self, func):
        self.registry = {object: func}
        self.__wrapped__ = func

    def dispatch(self, cls):
        for c in _mro(cls):
            f = self.registry.get(c)
            if f is not None:
                return f
        return self.registry[object]

    def register(self, cls, func=None):
        if func is None:
            if isinstance(cls, type):
                return lambda f: self.register(cls, f)
            func = cls
            ann = getattr(func, "__annotations__", None)
            if not ann:
                raise TypeError("Invalid first argument to `register()`: %r" % (func,))
            cls = [v for k, v in ann.items() if k != "return"][0]
        self.registry[cls] = func
        return func

    def __call__(self, *args, **kw):
        if not args:
            raise TypeError("singledispatch function requires at least 1 positional argument")
        return self.dispatch(type(args[0]))(*args, **kw)
