# Exceptions through the bytecode loop: raised by the VM itself and by native code it calls,
# caught in the same frame, in callers some frames up, in generators, finally blocks and
# context managers. The loop runs apart from its setjmp (src/port/vm_entry.inc): an exception
# from native code re-enters the loop at its handler, with the frame and handler stack it had.


def from_native(kind):
    if kind == 0:
        return {}["missing"]
    if kind == 1:
        return int("x")
    if kind == 2:
        return 1 // 0
    if kind == 3:
        return [][1]
    return getattr(object(), "nope")


def caught_here():
    out = []
    for kind in range(5):
        try:
            from_native(kind)
        except (KeyError, ValueError, ZeroDivisionError, IndexError, AttributeError) as e:
            out.append(type(e).__name__)
    return out


print("same frame:", caught_here())


def level(n, kind):
    if n == 0:
        return from_native(kind)
    return level(n - 1, kind) + 1


def caught_up(n):
    try:
        level(n, n % 5)
    except Exception as e:
        return (n, type(e).__name__)


print("frames up:", [caught_up(n) for n in (0, 1, 3, 10, 50)])


def handler_stack():
    # Handlers nest; each inner one is popped before the outer sees an exception.
    log = []
    try:
        try:
            try:
                {}[1]
            except KeyError:
                log.append("inner")
                int("y")
        except ValueError:
            log.append("middle")
            [].pop()
    except IndexError:
        log.append("outer")
    try:
        pass
    except Exception:
        log.append("never")
    try:
        {}[2]
    except KeyError:
        log.append("after")
    return log


print("handler stack:", handler_stack())


def finally_paths():
    log = []

    def ret_in_finally():
        try:
            {}[0]
        finally:
            return "finally won"

    log.append(ret_in_finally())
    for i in range(3):
        try:
            if i == 1:
                continue
            int("z")
        except ValueError:
            log.append("caught %d" % i)
        finally:
            log.append("finally %d" % i)
    try:
        try:
            1 // 0
        finally:
            log.append("cleanup")
    except ZeroDivisionError:
        log.append("outer caught")
    return log


print("finally:", finally_paths())


class Suppress:
    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        self.seen = kind.__name__ if kind else None
        return kind is KeyError


def with_blocks():
    s = Suppress()
    with s:
        {}["k"]
    first = s.seen
    try:
        with s:
            int("q")
    except ValueError:
        second = s.seen
    return first, second


print("with:", with_blocks())


def gen():
    for i in range(3):
        try:
            yield i
        except KeyError as e:
            yield "gen caught %s" % e.args[0]
    {}["end"]


def generators():
    log = []
    g = gen()
    log.append(next(g))
    log.append(g.throw(KeyError("thrown")))
    log.append(next(g))
    log.append(next(g))
    try:
        next(g)
    except KeyError as e:
        log.append("escaped " + e.args[0])

    def inner():
        yield 1
        int("bad")

    def outer():
        try:
            yield from inner()
        except ValueError:
            yield "outer handled"

    log.extend(outer())

    def returns():
        yield 1
        return "value"

    def delegate():
        v = yield from returns()
        yield v

    log.extend(delegate())
    closed = []

    def closing():
        try:
            yield 1
        finally:
            closed.append("closed")

    c = closing()
    next(c)
    c.close()
    log.append(closed)
    return log


print("generators:", generators())


class Bad:
    def __init__(self, n):
        if n:
            Bad(n - 1)
        else:
            {}["deep"]


def through_native():
    # __init__ runs through native code (a new loop invocation per level).
    try:
        Bad(20)
    except KeyError as e:
        return "init: " + e.args[0]


print("through native:", through_native())
print("sorted key:", end=" ")
try:
    sorted([3, 1, 2], key=lambda x: {}[x])
except KeyError as e:
    print("KeyError", e.args[0])
print("map:", end=" ")
try:
    list(map(lambda x: 10 // x, [2, 1, 0]))
except ZeroDivisionError:
    print("ZeroDivisionError")


def chain():
    try:
        try:
            {}["a"]
        except KeyError as e:
            raise ValueError("from key") from e
    except ValueError as e:
        return str(e)


print("chain:", chain())


def reraise():
    try:
        try:
            int("w")
        except ValueError:
            raise
    except ValueError as e:
        return "reraised " + type(e).__name__


print("reraise:", reraise())


def many(n):
    # The handler stack stays balanced over many caught exceptions.
    count = 0
    for i in range(n):
        try:
            if i % 2:
                {}[i]
            else:
                raise KeyError(i)
        except KeyError:
            count += 1
    return count


print("many:", many(5000))


def recurse(n):
    return recurse(n + 1) + 1


try:
    recurse(0)
except RuntimeError:
    print("recursion: RuntimeError")
print("after recursion:", caught_here() == ["KeyError", "ValueError", "ZeroDivisionError", "IndexError", "AttributeError"])


def locals_survive():
    # Locals written before a native raise are seen by the handler.
    a = 1
    b = [a]
    try:
        a = 2
        b.append(a)
        {}[a]
    except KeyError:
        b.append(a * 10)
    return b


print("locals:", locals_survive())
