# JSON round trip of about 100 KB: json.loads of the text, then json.dumps of the result. The
# text is made once, outside the timed call. (Ours: the core's json, in Rust; native: the C one.)
import json


def _make(count):
    items = []
    for i in range(count):
        items.append({
            "id": i,
            "name": "item number %d" % i,
            "price": i * 0.25,
            "tags": ["tag%d" % (i % 7), "shared"],
            "active": i % 3 == 0,
            "note": None,
        })
    return json.dumps({"items": items, "count": count})


TEXT = _make(960)


def bench():
    obj = json.loads(TEXT)
    out = json.dumps(obj)
    return len(out) + len(obj["items"])
