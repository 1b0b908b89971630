# hashlib and hmac (native _hashlib under them), as CPython prints them.
import hashlib
import hmac

names = ["md5", "sha1", "sha224", "sha256", "sha384", "sha512"]
inputs = [b"", b"abc", b"a" * 55, b"a" * 56, b"a" * 63, b"a" * 64, b"a" * 111, b"a" * 112,
          b"a" * 127, b"a" * 128, b"a" * 129, bytes(range(256)) * 3,
          "The quick brown fox jumps over the lazy dog".encode()]
for name in names:
    for data in inputs:
        print(name, len(data), getattr(hashlib, name)(data).hexdigest())
    h = hashlib.new(name)
    print(h.name, h.digest_size, h.block_size, len(h.digest()), type(h.digest()).__name__)

# Multi-MB input, one-shot and in uneven pieces; bytearray and memoryview inputs.
big = bytes(range(251)) * 16000
for name in names:
    one = hashlib.new(name, big).hexdigest()
    h = hashlib.new(name)
    pos, step = 0, 1
    while pos < len(big):
        h.update(big[pos:pos + step])
        pos += step
        step = step * 7 % 70001 + 1
    print(name, one, one == h.hexdigest())
    print(hashlib.new(name, bytearray(big)).hexdigest() == one,
          hashlib.new(name, memoryview(big)).hexdigest() == one)

# digest() does not finalize; copy() forks the state.
for name in names:
    h = hashlib.new(name, b"hello")
    first = h.hexdigest()
    print(name, first == h.hexdigest(), h.digest().hex() == first)
    c = h.copy()
    c.update(b" world")
    h.update(b" there")
    print(c.hexdigest(), h.hexdigest(), c.name)
    print(hashlib.new(name, b"hello world").hexdigest() == c.hexdigest())

print(hashlib.new("SHA256", b"x").hexdigest(), hashlib.new("sha512").name)
print(hashlib.sha256(string=b"abc").hexdigest() == hashlib.sha256(b"abc").hexdigest())
print(hashlib.md5(b"abc", usedforsecurity=False).hexdigest())
print(sorted(n for n in names if n in hashlib.algorithms_guaranteed))
print(sorted(n for n in names if n in hashlib.algorithms_available))

def show(f, *args, **kwargs):
    try:
        print(repr(f(*args, **kwargs)))
    except Exception as e:
        print(type(e).__name__ + ":", e)

show(hashlib.md5, "text")
show(hashlib.sha256().update, "text")
show(hashlib.sha1, 123)
show(hashlib.new, "nope")
show(hashlib.new, "sha3_999", b"x")

# hmac: RFC 4231 test case 2 and friends.
print(hmac.new(b"Jefe", b"what do ya want for nothing?", "sha256").hexdigest())
print(hmac.new(b"Jefe", b"what do ya want for nothing?", hashlib.sha512).hexdigest())
print(hmac.new(b"\x0b" * 20, b"Hi There", "sha384").hexdigest())
print(hmac.new(b"\xaa" * 131, b"Test Using Larger Than Block-Size Key - Hash Key First",
               "sha256").hexdigest())
print(hmac.new(b"key", b"The quick brown fox jumps over the lazy dog", "md5").hexdigest())
print(hmac.new(b"key", b"The quick brown fox jumps over the lazy dog", "sha1").hexdigest())
print(hmac.new(bytearray(b"k"), digestmod="sha224").hexdigest())
h = hmac.new(b"secret", digestmod=hashlib.sha256)
h.update(b"part one, ")
c = h.copy()
h.update(b"part two")
c.update(b"other")
print(h.name, h.digest_size, h.block_size, h.hexdigest(), c.hexdigest())
print(h.digest() == hmac.digest(b"secret", b"part one, part two", "sha256"))
print(hmac.new(b"secret", b"part one, part two", "sha256").digest() == h.digest())
print(hmac.new(b"k", b"m", "sha512").name, hmac.new(b"k", b"m", "sha384").block_size)
show(hmac.new, "str key", b"m", "sha256")
show(hmac.new, b"k", b"m")
show(hmac.new, b"k", b"m", "nope")
show(hmac.new, b"k", "str msg", "sha256")

print(hmac.compare_digest(b"abc", b"abc"), hmac.compare_digest(b"abc", b"abd"),
      hmac.compare_digest(b"abc", b"ab"), hmac.compare_digest("abc", "abc"),
      hmac.compare_digest(bytearray(b"x"), b"x"), hmac.compare_digest("", ""))
show(hmac.compare_digest, "a", b"a")
show(hmac.compare_digest, b"a", "a")
show(hmac.compare_digest, 1, 1)
show(hmac.compare_digest, "é", "é")
