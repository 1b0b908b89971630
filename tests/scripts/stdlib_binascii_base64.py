# binascii (native) and base64 over it, as CPython prints them, errors included.
import base64
import binascii


def show(f, *args, **kwargs):
    try:
        print(repr(f(*args, **kwargs)))
    except Exception as e:
        print(type(e).__name__ + ":", e)


print(issubclass(binascii.Error, ValueError), issubclass(binascii.Incomplete, Exception))
print(binascii.Error.__name__, binascii.Incomplete.__name__)

# hex
for data in [b"", b"\x00", b"\x01\xfe", bytes(range(256)), bytearray(b"ab"), memoryview(b"xyz")]:
    print(binascii.hexlify(data), binascii.b2a_hex(data))
for sep, n in [("-", 1), (b":", 2), (":", -2), (" ", 3), ("_", -4), ("|", 10), (":", 0)]:
    print(binascii.hexlify(b"abcdefgh", sep, n), binascii.hexlify(b"abcde", sep=sep, bytes_per_sep=n))
print(binascii.hexlify(b"", "-"), binascii.hexlify(b"a", "-"), binascii.hexlify(b"ab", "\xe9"))
for args in [("abc",), (5,), (b"ab", ""), (b"ab", "--"), (b"ab", "\u20ac"), (b"ab", 5),
             (b"ab", bytearray(b"-")), (b"ab", "-", "x")]:
    show(binascii.hexlify, *args)
for text in ["", "00", "616263", "ABCDEF", "aBcD", b"ff00", bytearray(b"7f")]:
    print(binascii.unhexlify(text), binascii.a2b_hex(text))
for bad in ["abc", "zz", "0g", "é1", 5, b"12 4"]:
    show(binascii.unhexlify, bad)

# crc32 / crc_hqx
for data in [b"", b"a", b"hello", b"123456789", bytes(range(256)) * 100]:
    print(binascii.crc32(data), binascii.crc32(data, 12345), binascii.crc_hqx(data, 0),
          binascii.crc_hqx(data, 0xFFFF))
crc = 0
for i in range(0, 25600, 999):
    crc = binascii.crc32((bytes(range(256)) * 100)[i:i + 999], crc)
print(crc == binascii.crc32(bytes(range(256)) * 100))
print(binascii.crc32(b"x", -1), binascii.crc32(b"x", 2**40 + 7), binascii.crc32(b"x", True))
show(binascii.crc32, "text")
show(binascii.crc32, b"x", 1.5)

# base64 in binascii
for data in [b"", b"a", b"ab", b"abc", b"abcd", bytes(range(256))]:
    enc = binascii.b2a_base64(data)
    print(enc, binascii.b2a_base64(data, newline=False), binascii.a2b_base64(enc) == data)
for text in ["YWJj", "YW Jj\n", "YQ==", "YQ", "Y", "YWJjZ", "YQ==YWJj", "YQ=x=", "=YQ==",
             "YQ===", "Y!Q==", "YQ==a", "YQ=a=", "YWJj\n", "", "====", "YW=", "YW==", "YWI=",
             "YWI", "a===", "ab=c=", "***", "YQ=\n=", b"YWJj", bytearray(b"YQ==")]:
    show(binascii.a2b_base64, text)
    show(binascii.a2b_base64, text, strict_mode=True)
show(binascii.a2b_base64, "é")
show(binascii.a2b_base64, 12)
show(binascii.b2a_base64, "abc")

# base64 module
samples = [b"", b"f", b"fo", b"foo", b"foob", b"fooba", b"foobar", b"\xfb\xff\xfe",
           bytes(range(256))]
for s in samples:
    print(base64.b64encode(s), base64.standard_b64encode(s), base64.urlsafe_b64encode(s))
    print(base64.b32encode(s), base64.b32hexencode(s), base64.b16encode(s))
    assert base64.b64decode(base64.b64encode(s)) == s
    assert base64.urlsafe_b64decode(base64.urlsafe_b64encode(s)) == s
    assert base64.b32decode(base64.b32encode(s)) == s
    assert base64.b32hexdecode(base64.b32hexencode(s)) == s
    assert base64.b16decode(base64.b16encode(s)) == s
    assert base64.decodebytes(base64.encodebytes(s)) == s
print(base64.encodebytes(bytes(range(200))))
print(base64.encodebytes(b""), base64.decodebytes(b"Zm9v\nYmFy\n"))
print(base64.b64encode(b"\xfb\xff\xfe", b"*!"), base64.b64encode(b"\xfb\xff", altchars=b"/+"))
print(base64.b64decode("+/+/"), base64.b64decode(b"-_-_", b"-_"), base64.b64decode("*!*!", "*!"))
print(base64.urlsafe_b64decode("-_+/"), base64.b64decode("ab/+", b"/+"))
print(base64.standard_b64decode("Zm9v YmFy"), base64.b64decode(bytearray(b"Zm8=")))
print(base64.b64decode(memoryview(b"Zm8=")), base64.b64decode("Zm9v\n", validate=False))
print(base64.b32decode("mzxw6===", casefold=True), base64.b32decode("MZXW6YTB"))
print(base64.b32decode("0O======", map01=b"L"), base64.b32decode("1O======", map01="I"))
print(base64.b32hexdecode("cpnmu===", casefold=True), base64.b16decode("666f6f", casefold=True))
for s in ["MZXW6===", "MZXW6YQ=", "MZXW6YTB", "MY======", "MZXQ====", ""]:
    print(base64.b32decode(s))
for f, args in [
    (base64.b64decode, ("Zm9v!",)),
    (base64.b64decode, ("Zm9v!", None, True)),
    (base64.b64decode, ("Zm9",)),
    (base64.b64decode, ("Zm9v\n",)),
    (base64.b64decode, ("Zm9v\n", None, True)),
    (base64.b64decode, ("é",)),
    (base64.b64decode, (3.5,)),
    (base64.b64encode, ("text",)),
    (base64.b32decode, ("MZXW6",)),
    (base64.b32decode, ("MZXW6=!=",)),
    (base64.b32decode, ("MZ=W6===",)),
    (base64.b32decode, ("MZXW6Y==",)),
    (base64.b32decode, ("M=======",)),
    (base64.b32decode, ("========",)),
    (base64.b32decode, ("mzxw6===",)),
    (base64.b32decode, ("01234567",)),
    (base64.b32encode, ("text",)),
    (base64.b16decode, ("666f6f",)),
    (base64.b16decode, ("66G6",)),
    (base64.b16decode, ("666",)),
    (base64.encodebytes, ("text",)),
    (base64.decodebytes, ("Zm9v",)),
]:
    show(f, *args)

# Multi-MB round trips.
big = bytes(range(256)) * 8192
enc = base64.b64encode(big)
print(len(enc), binascii.crc32(enc), base64.b64decode(enc) == big,
      base64.b64decode(enc, validate=True) == big)
print(binascii.unhexlify(binascii.hexlify(big)) == big, binascii.crc32(binascii.hexlify(big)))
print(base64.decodebytes(base64.encodebytes(big)) == big, len(base64.encodebytes(big)))
