# Programs that keep what they allocate: many live objects of mixed sizes with garbage in
# between, over several heap areas and collections. The allocator's scan hints (patches/0028,
# 0029) decide where each allocation looks for room; this checks that nothing they skip is
# lost or handed out twice: every kept object must still hold what was put in it.

def strings(n):
    out = []
    for i in range(n):
        out.append("item-%d:%s;" % (i, str(i * 7)))
    return out


def records(n):
    table = {}
    for i in range(n):
        table[i] = ("k%d-%d" % (i, i), i * 2.5, [i] * (i % 9))
    return table


def mixed(n):
    # Sizes from one block to several dozen, some freed early (list growth, str building).
    keep = []
    for i in range(n):
        size = (i * 37) % 700
        s = "x" * size + str(i)
        parts = [s[j:j + 50] for j in range(0, len(s), 50)]
        if i % 3 == 0:
            keep.append(s)
        elif i % 3 == 1:
            keep.append(tuple(parts))
        else:
            keep.append(bytearray(s.encode()))
    return keep


def check_strings(out):
    for i in range(0, len(out), 997):
        assert out[i] == "item-%d:%s;" % (i, i * 7), i
    return sum(len(s) for s in out)


def check_records(table):
    total = 0
    for i, (k, f, l) in table.items():
        assert k == "k%d-%d" % (i, i) and f == i * 2.5 and l == [i] * (i % 9), i
        total += len(k) + len(l)
    return total


def check_mixed(keep):
    total = 0
    for i, item in enumerate(keep):
        expected = "x" * ((i * 37) % 700) + str(i)
        if isinstance(item, tuple):
            assert "".join(item) == expected, i
        elif isinstance(item, bytearray):
            assert item == expected.encode(), i
        else:
            assert item == expected, i
        total += len(expected)
    return total


a = strings(60000)
b = records(30000)
c = mixed(6000)
print(len(a), check_strings(a))
print(len(b), check_records(b))
print(len(c), check_mixed(c))
del a
d = strings(40000)
print(len(d), check_strings(d), check_records(b), check_mixed(c))

# A growing buffer (io.StringIO, print to it, str % building), patches/0033: many small
# writes, the text intact.
import io
buf = io.StringIO()
for i in range(20000):
    buf.write("line %d\n" % i)
    if i % 1000 == 0:
        print("marker", i, file=buf)
text = buf.getvalue()
print(len(text), text.count("\n"), text[:20].split("\n"), text[-30:].split("\n"))
