# MicroPython's `class` statement has no metaclasses, __init_subclass__, __mro_entries__ or
# class keywords. enum, abc and typing need a step when a class is made, so this wraps
# builtins.__build_class__ once: bases with __mro_entries__ are replaced (PEP 560), then
# `_upy_class_(cls, kw)`, taken from `metaclass=` or inherited from a base (not defined by
# the class itself), runs and may return a class to use instead.
import builtins

_build = builtins.__build_class__


def _build_class(func, name, *bases, metaclass=None, **kw):
    b = []
    for x in bases:
        if not isinstance(x, type) and hasattr(x, "__mro_entries__"):
            b.extend(x.__mro_entries__(bases))
        else:
            b.append(x)
    cls = _build(func, name, *b)
    if metaclass is None or metaclass is type:
        hook = getattr(cls, "_upy_class_", None)
        if hook is not None and "_upy_class_" in cls.__dict__:
            hook = None
    else:
        hook = getattr(metaclass, "_upy_class_", None)
        if hook is None:
            raise TypeError("metaclass %r is not supported" % metaclass)
    if hook is None:
        if kw:
            raise TypeError(name + ".__init_subclass__() takes no keyword arguments")
        return cls
    return hook(cls, kw) or cls


builtins.__build_class__ = _build_class
