# base64: Base64, Base32 and Base16 (RFC 4648) over binascii, with CPython's results and
# errors. Not here: Ascii85/Base85 and the file-object functions encode()/decode().
import binascii

bytes_types = (bytes, bytearray)
MAXLINESIZE = 76
MAXBINSIZE = (MAXLINESIZE // 4) * 3


def _buffer(s):
    if isinstance(s, str):
        return False
    try:
        memoryview(s)
        return True
    except TypeError:
        return False


def _bytes_from_decode_data(s):
    if isinstance(s, str):
        b = s.encode()
        if len(b) != len(s):
            raise ValueError("string argument should contain only ASCII characters")
        return b
    if isinstance(s, bytes):
        return s
    if _buffer(s):
        return bytes(s)
    raise TypeError(
        "argument should be a bytes-like object or ASCII string, not %r"
        % type(s).__name__
    )


def _swap(s, old, new):
    # s with old[0] replaced by new[0] and old[1] by new[1], at once.
    return new[:1].join(p.replace(old[1:2], new[1:2]) for p in s.split(old[:1]))


def b64encode(s, altchars=None):
    encoded = binascii.b2a_base64(s, newline=False)
    if altchars is not None:
        assert len(altchars) == 2, repr(altchars)
        return _swap(encoded, b"+/", bytes(altchars))
    return encoded


def b64decode(s, altchars=None, validate=False):
    s = _bytes_from_decode_data(s)
    if altchars is not None:
        altchars = _bytes_from_decode_data(altchars)
        assert len(altchars) == 2, repr(altchars)
        s = _swap(s, altchars, b"+/")
    return binascii.a2b_base64(s, strict_mode=validate)


def standard_b64encode(s):
    return b64encode(s)


def standard_b64decode(s):
    return b64decode(s)


def urlsafe_b64encode(s):
    return b64encode(s, b"-_")


def urlsafe_b64decode(s):
    return b64decode(s, b"-_")


_b32alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_b32hexalphabet = b"0123456789ABCDEFGHIJKLMNOPQRSTUV"
_b32rev = {}


def _b32encode(alphabet, s):
    if not _buffer(s):
        raise TypeError(
            "memoryview: a bytes-like object is required, not '%s'" % type(s).__name__
        )
    s = bytes(s)
    left = len(s) % 5
    if left:
        s += bytes(5 - left)
    out = bytearray()
    for i in range(0, len(s), 5):
        # 40 bits as two 20-bit halves (small ints).
        hi = s[i] << 12 | s[i + 1] << 4 | s[i + 2] >> 4
        lo = (s[i + 2] & 15) << 16 | s[i + 3] << 8 | s[i + 4]
        for v in (hi, lo):
            for shift in (15, 10, 5, 0):
                out.append(alphabet[(v >> shift) & 31])
    if left:
        pads = (0, 6, 4, 3, 1)[left]
        out = out[:-pads] + b"=" * pads
    return bytes(out)


def _b32decode(alphabet, s, casefold=False, map01=None):
    rev = _b32rev.get(alphabet)
    if rev is None:
        rev = _b32rev[alphabet] = {c: i for i, c in enumerate(alphabet)}
    s = _bytes_from_decode_data(s)
    if len(s) % 8:
        raise binascii.Error("Incorrect padding")
    if map01 is not None:
        map01 = _bytes_from_decode_data(map01)
        assert len(map01) == 1, repr(map01)
        s = _swap(s, b"01", b"O" + map01)
    if casefold:
        s = s.upper()
    body = s.rstrip(b"=")
    pads = len(s) - len(body)
    out = bytearray()
    acc = 0
    for i in range(0, len(body), 8):
        acc = 0
        for c in body[i : i + 8]:
            v = rev.get(c)
            if v is None:
                raise binascii.Error("Non-base32 digit found")
            acc = acc << 5 | v
        if i + 8 <= len(body):
            out += acc.to_bytes(5, "big")
    if pads not in (0, 1, 3, 4, 6):
        raise binascii.Error("Incorrect padding")
    if pads and body:
        out += (acc << 5 * pads).to_bytes(5, "big")[: (43 - 5 * pads) // 8]
    return bytes(out)


def b32encode(s):
    return _b32encode(_b32alphabet, s)


def b32decode(s, casefold=False, map01=None):
    return _b32decode(_b32alphabet, s, casefold, map01)


def b32hexencode(s):
    return _b32encode(_b32hexalphabet, s)


def b32hexdecode(s, casefold=False):
    return _b32decode(_b32hexalphabet, s, casefold)


def b16encode(s):
    return binascii.hexlify(s).upper()


def b16decode(s, casefold=False):
    s = _bytes_from_decode_data(s)
    if casefold:
        s = s.upper()
    # Nothing left after stripping hex digits from both ends: all of s is hex digits.
    if s.strip(b"0123456789ABCDEF"):
        raise binascii.Error("Non-base16 digit found")
    return binascii.unhexlify(s)


def _input_type_check(s):
    if not _buffer(s):
        raise TypeError("expected bytes-like object, not %s" % type(s).__name__)


def encodebytes(s):
    _input_type_check(s)
    return b"".join(
        binascii.b2a_base64(s[i : i + MAXBINSIZE]) for i in range(0, len(s), MAXBINSIZE)
    )


def decodebytes(s):
    _input_type_check(s)
    return binascii.a2b_base64(s)
