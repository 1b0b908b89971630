# Interned strings (qstrs) are found through a hash index (src/port/qstr_index.rs) that grows
# while a plug-in runs. The same text must always be the same qstr: interned strs compare by id.


class Bag:
    pass


bag = Bag()
N = 6000  # several times the index's size at start-up: it grows while this runs
for i in range(N):
    setattr(bag, "name_%d" % i, i)  # interns each new name
print("getattr:", all(getattr(bag, "name_" + str(i)) == i for i in range(0, N, 7)))
print("hasattr missing:", hasattr(bag, "name_%d" % N))

# The same text made in different ways compares equal and hashes alike.
made = ["".join(["na", "me_", str(i)]) for i in range(0, N, 97)]
print("equal:", all(m == "name_%s" % m[5:] for m in made))
d = {m: len(m) for m in made}
print("dict:", all(d["name_" + m[5:]] == len(m) for m in made))
print("attrs:", sorted(k for k in dir(bag) if k.startswith("name_59"))[:5])

# Characters: each one iterated becomes a qstr; core names and new text look alike.
text = "Lorem ipsum — dolor sit amet, ĉapelo 😀 print len"
chars = [c for c in text]
print("chars:", len(chars), chars.count("o"), "".join(chars) == text)
words = text.split()
print("words:", [w for w in words if w in ("print", "len", "amet,", "😀")])
print("builtins by made name:", getattr(__import__("builtins"), "le" + "n")("abc"))

# Long names: the index also knows which lengths some qstr has, and skips hashing other
# lengths; names at and past 255 bytes are checked through its longest length. (MicroPython
# limits names to 255 bytes, so the longest goes through a dict key instead.)
for n in (31, 32, 200, 254, 255):
    name = "n" * n
    setattr(bag, name, n)
    print(n, getattr(bag, "".join(["n"] * n)), hasattr(bag, "m" * n))
long_key = "k" * 300
d = {long_key: 1}
print("long key:", d["".join(["k"] * 300)], ("k" * 299) in d)
