# hashlib: MD5, SHA-1 and SHA-2 over the native `_hashlib` (src/modules/hashlib.rs), whose
# hasher state is a bytearray: a hash object holds one, and copy() copies it.
import _hashlib as _h

# name: (digest_size, block_size)
_info = {
    "md5": (16, 64),
    "sha1": (20, 64),
    "sha224": (28, 64),
    "sha256": (32, 64),
    "sha384": (48, 128),
    "sha512": (64, 128),
}
algorithms_guaranteed = frozenset(_info)
algorithms_available = algorithms_guaranteed


class HASH:
    def __init__(self, name, data=b"", _state=None):
        self.name = name
        self.digest_size, self.block_size = _info[name]
        self._s = _h.new(name) if _state is None else _state
        _h.update(self._s, data)

    def update(self, data):
        _h.update(self._s, data)

    def digest(self):
        return _h.digest(self._s)

    def hexdigest(self):
        return _h.digest(self._s).hex()

    def copy(self):
        return HASH(self.name, b"", bytearray(self._s))


def new(name, data=b"", **kwargs):
    key = name.lower() if isinstance(name, str) else name
    if key not in _info:
        raise ValueError("unsupported hash type " + str(name))
    return HASH(key, kwargs.get("string", data))


def _constructor(name):
    def make(data=b"", *, usedforsecurity=True, string=None):
        return HASH(name, data if string is None else string)

    return make


md5 = _constructor("md5")
sha1 = _constructor("sha1")
sha224 = _constructor("sha224")
sha256 = _constructor("sha256")
sha384 = _constructor("sha384")
sha512 = _constructor("sha512")
