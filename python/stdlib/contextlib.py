# Context manager helpers: contextmanager, suppress, closing, nullcontext, ExitStack.


class ContextDecorator:
    def _recreate_cm(self):
        return self

    def __call__(self, func):
        def inner(*args, **kwds):
            with self._recreate_cm():
                return func(*args, **kwds)

        return inner


class _GeneratorContextManager(ContextDecorator):
    def __init__(self, func, args, kwds):
        self.gen = func(*args, **kwds)
        self._f = (func, args, kwds)

    def _recreate_cm(self):
        return _GeneratorContextManager(*self._f)

    def __enter__(self):
        try:
            return next(self.gen)
        except StopIteration:
            raise RuntimeError("generator didn't yield")

    def __exit__(self, typ, value, tb):
        if typ is None:
            try:
                next(self.gen)
            except StopIteration:
                return False
            raise RuntimeError("generator didn't stop")
        if value is None:
            value = typ()
        try:
            self.gen.throw(value)
        except StopIteration as e:
            return e is not value
        except RuntimeError as e:
            # A StopIteration thrown in comes back as RuntimeError (PEP 479).
            if e is value or isinstance(value, StopIteration):
                return False
            raise
        except BaseException as e:
            if e is not value:
                raise
            return False
        raise RuntimeError("generator didn't stop after throw()")


def contextmanager(func):
    def helper(*args, **kwds):
        return _GeneratorContextManager(func, args, kwds)

    return helper


class suppress:
    def __init__(self, *exceptions):
        self._exceptions = exceptions

    def __enter__(self):
        pass

    def __exit__(self, typ, value, tb):
        return typ is not None and issubclass(typ, self._exceptions)


class closing:
    def __init__(self, thing):
        self.thing = thing

    def __enter__(self):
        return self.thing

    def __exit__(self, *exc):
        self.thing.close()


class nullcontext:
    def __init__(self, enter_result=None):
        self.enter_result = enter_result

    def __enter__(self):
        return self.enter_result

    def __exit__(self, *exc):
        pass


class ExitStack:
    def __init__(self):
        self._cbs = []

    def __enter__(self):
        return self

    def push(self, exit):
        f = getattr(type(exit), "__exit__", None)
        self._cbs.append(exit if f is None else (lambda *e: f(exit, *e)))
        return exit

    def enter_context(self, cm):
        r = type(cm).__enter__(cm)
        self.push(cm)
        return r

    def callback(self, callback, *args, **kwds):
        def cb(*exc):
            callback(*args, **kwds)

        self._cbs.append(cb)
        return callback

    def pop_all(self):
        s = ExitStack()
        s._cbs, self._cbs = self._cbs, []
        return s

    def close(self):
        self.__exit__(None, None, None)

    def __exit__(self, *exc):
        received = exc[0] is not None
        suppressed = False
        new = None
        while self._cbs:
            cb = self._cbs.pop()
            try:
                if cb(*exc):
                    suppressed, new, exc = True, None, (None, None, None)
            except BaseException as e:
                suppressed, new, exc = False, e, (type(e), e, None)
        if new is not None:
            raise new
        return received and suppressed
