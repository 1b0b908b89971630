# Allocation-heavy work with long-lived structures: collections run mid-script at safe
# points, and every result must still be right (compared with CPython).


class Node:
    def __init__(self, key, value):
        self.key = key
        self.value = value
        self.children = []


def build_tree(depth, prefix):
    node = Node(prefix, [prefix] * depth)
    if depth:
        for i in range(3):
            node.children.append(build_tree(depth - 1, prefix + str(i)))
    return node


def checksum(node):
    total = len(node.key) + len(node.value)
    for child in node.children:
        total += checksum(child)
    return total


keep = {}
total = 0
for round_ in range(40):
    tree = build_tree(5, "r%d-" % round_)
    total += checksum(tree)
    garbage = [str(i) * 5 for i in range(2000)]
    mapping = {s: len(s) for s in garbage}
    total += sum(mapping.values())
    if round_ % 4 == 0:
        keep[round_] = tree
    words = " ".join(garbage[:500]).split(" ")
    total += len(words)

print("total", total)
print("kept", sorted(keep), [checksum(t) for k, t in sorted(keep.items())])


def pipeline(n):
    for i in range(n):
        yield {"id": i, "tags": ["t%d" % (i % 7)] * (i % 4), "name": "item-%d" % i}


acc = {}
for record in pipeline(20000):
    for tag in record["tags"]:
        acc[tag] = acc.get(tag, 0) + len(record["name"])
print("tags", sorted(acc.items()))

strings = []
for i in range(3000):
    s = "".join(chr(97 + (i * j) % 26) for j in range(20))
    if i % 10 == 0:
        strings.append(s)
print("strings", len(strings), strings[:3], strings[-1])
