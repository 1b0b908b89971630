# README row: `OrderedDict.move_to_end()`, `{} == OrderedDict()`
# upy: False
# upy: False
# cpython: True
# cpython: True
from collections import OrderedDict
print(hasattr(OrderedDict(), "move_to_end"))
print({} == OrderedDict())
