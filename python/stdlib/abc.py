# ABCs without metaclasses: abstract methods are recorded in a set (functions take no
# attributes here), the class hook computes __abstractmethods__ when a class is made, and
# __new__ refuses to instantiate a class that still has some. register() records nothing:
# isinstance() cannot consult it.
import _classhook  # noqa: F401

_abstract = set()


def abstractmethod(funcobj):
    _abstract.add(funcobj)
    return funcobj


def _isabstract(v):
    try:
        return v in _abstract
    except TypeError:
        return False


def _raw(cls, name):
    # The class attribute as stored (a property, classmethod...), searched depth-first.
    todo = [cls]
    while todo:
        c = todo.pop(0)
        d = getattr(c, "__dict__", {})
        if name in d:
            return d[name]
        todo[:0] = getattr(c, "__bases__", ())


def _init(cls, kw=None):
    names = {k for k, v in cls.__dict__.items() if _isabstract(v)}
    for b in cls.__bases__:
        for k in getattr(b, "__abstractmethods__", ()):
            if _isabstract(_raw(cls, k)):
                names.add(k)
    cls.__abstractmethods__ = frozenset(names)


def _new(cls, *args, **kw):
    a = cls.__abstractmethods__
    if a:
        raise TypeError(
            "Can't instantiate abstract class %s with abstract method%s %s"
            % (cls.__name__, "s" if len(a) > 1 else "", ", ".join(sorted(a)))
        )
    return object.__new__(cls)


def _register(cls, subclass):
    return subclass


class ABCMeta(type):
    # Only usable as `metaclass=ABCMeta`: the hook makes the class behave as a subclass of ABC.
    @staticmethod
    def _upy_class_(cls, kw):
        cls._upy_class_ = staticmethod(_init)
        cls.__new__ = staticmethod(_new)
        cls.register = classmethod(_register)
        _init(cls)


class ABC:
    _upy_class_ = staticmethod(_init)
    __abstractmethods__ = frozenset()
    __new__ = _new
    register = classmethod(_register)


def abstractproperty(fget=None, fset=None, fdel=None, doc=None):
    p = property(fget, fset, fdel)
    _abstract.add(p)
    return p


def abstractclassmethod(func):
    c = classmethod(func)
    _abstract.add(c)
    return c


def abstractstaticmethod(func):
    s = staticmethod(func)
    _abstract.add(s)
    return s


def get_cache_token():
    return 0
