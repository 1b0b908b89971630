# hmac (RFC 2104) in Python over hashlib.
import hashlib as _hashlib

digest_size = None


class HMAC:
    blocksize = 64

    def __init__(self, key, msg=None, digestmod=""):
        if not isinstance(key, (bytes, bytearray)):
            raise TypeError(
                "key: expected bytes or bytearray, but got %r" % type(key).__name__
            )
        if not digestmod:
            raise TypeError("Missing required parameter 'digestmod'.")
        if isinstance(digestmod, str):
            make = lambda d=b"": _hashlib.new(digestmod, d)
        elif callable(digestmod):
            make = digestmod
        else:
            make = lambda d=b"": digestmod.new(d)
        self._inner = make()
        self._outer = make()
        self.digest_size = self._inner.digest_size
        size = self.block_size = self._inner.block_size
        if len(key) > size:
            key = make(key).digest()
        key = bytes(key) + bytes(size - len(key))
        self._outer.update(bytes(b ^ 0x5C for b in key))
        self._inner.update(bytes(b ^ 0x36 for b in key))
        if msg is not None:
            self.update(msg)

    @property
    def name(self):
        return "hmac-" + self._inner.name

    def update(self, msg):
        self._inner.update(msg)

    def copy(self):
        other = object.__new__(HMAC)
        other.digest_size = self.digest_size
        other.block_size = self.block_size
        other._inner = self._inner.copy()
        other._outer = self._outer.copy()
        return other

    def _current(self):
        h = self._outer.copy()
        h.update(self._inner.digest())
        return h

    def digest(self):
        return self._current().digest()

    def hexdigest(self):
        return self._current().hexdigest()


def new(key, msg=None, digestmod=""):
    return HMAC(key, msg, digestmod)


def digest(key, msg, digest):
    return HMAC(key, msg, digest).digest()


def compare_digest(a, b):
    """Compares a and b in time that depends on their length, not their contents."""
    if isinstance(a, str) and isinstance(b, str):
        if len(a.encode()) != len(a) or len(b.encode()) != len(b):
            raise TypeError("comparing strings with non-ASCII characters is not supported")
        a, b = a.encode(), b.encode()
    elif not (_buffer(a) or _buffer(b)):
        raise TypeError(
            "unsupported operand types(s) or combination of types: '%s' and '%s'"
            % (type(a).__name__, type(b).__name__)
        )
    else:
        for x in (a, b):
            if not _buffer(x):
                raise TypeError(
                    "a bytes-like object is required, not '%s'" % type(x).__name__
                )
    diff = len(a) ^ len(b)
    if diff:
        b = a
    for x, y in zip(a, b):
        diff |= x ^ y
    return diff == 0


def _buffer(x):
    if isinstance(x, str):
        return False
    try:
        memoryview(x)
        return True
    except TypeError:
        return False
