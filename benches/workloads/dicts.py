# Dict-heavy code: counting with get(), setdefault(), membership, items() iteration, a
# comprehension, record-like dicts with string keys read and updated. Dicts stay small
# (hundreds of keys); the large-dict curve is dict_scale.py's.
VOCAB = ["w%d" % i for i in range(300)]
SEQ = [VOCAB[(i * 7919) % 300] for i in range(3000)]


def bench():
    total = 0
    for r in range(8):
        counts = {}
        for w in SEQ:
            counts[w] = counts.get(w, 0) + 1
        by_count = {}
        for k, v in counts.items():
            by_count.setdefault(v, []).append(k)
        index = {k: i for i, k in enumerate(VOCAB)}
        for k in VOCAB[::3]:
            if k in counts:
                total += index[k]
        rec = {"id": r, "name": "record", "tags": [], "hits": 0, "misses": 0}
        for i in range(1000):
            if i % 3:
                rec["hits"] += 1
            else:
                rec["misses"] += 1
            if "name" in rec and rec["id"] == r:
                total += 1
        total += len(by_count) + rec["hits"] - rec["misses"] + len(counts)
    return total
