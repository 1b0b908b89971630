# Objects made while the heap grows by new areas must all survive the collections that run
# meanwhile. A sweep bug freed a just-added area whose only live object sat in its first
# block (build.rs PATCHES, gc.c): the objects made right after each growth were lost.

makers = [
    ("tuple", lambda i: (i,)),
    ("pair", lambda i: (i, -i)),
    ("list", lambda i: [i]),
    ("float", lambda i: float(i)),
    ("bytes", lambda i: bytes([i % 256]) * 3),
    ("str", lambda i: "s" + str(i)),
    ("dict", lambda i: {i: i}),
]
for name, make in makers:
    kept = []
    for i in range(25000):
        kept.append(make(i))
    bad = [i for i in range(25000) if kept[i] != make(i)]
    print(name, len(kept), len(bad), bad[:3])

# Growth while a big structure is half built, then dropped, then built again.
for round in range(2):
    table = {}
    for i in range(15000):
        table["k" + str(i)] = (i, str(i))
    print(round, len(table), all(table["k" + str(i)] == (i, str(i)) for i in range(15000)))
    table = None
