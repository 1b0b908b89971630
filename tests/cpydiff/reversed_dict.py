# README row: `reversed(dict)`, `OrderedDict.move_to_end()`, `{} == OrderedDict()`
# upy: missing
# upy: missing
# upy: False
# upy: False
# cpython: True
# cpython: True
# cpython: True
# cpython: True
from collections import OrderedDict
for d in ({"a": 1, "b": 2}, {0: "a", 1: "b"}):
    try:
        print(list(reversed(d)) == list(d)[::-1])
    except Exception:
        print("missing")
print(hasattr(OrderedDict(), "move_to_end"))
print({} == OrderedDict())
