# Exceptions raised by the runtime's C code and caught in Python (in ours each is a wasm
# throw; natively a longjmp): a missing dict key, a failed int(), and a raise in a called
# Python function.


def _fail(i):
    raise RuntimeError(i)


def bench():
    d = {}
    n = 0
    for i in range(4000):
        try:
            d[i]
        except KeyError:
            n += 1
        try:
            int("x")
        except ValueError:
            n += 1
        try:
            _fail(i)
        except RuntimeError:
            n += 1
    return n
