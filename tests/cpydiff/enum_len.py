# README row: enum
# upy: RED 2 ['RED', 'GREEN']
# upy: TypeError
# cpython: RED 2 ['RED', 'GREEN']
# cpython: 2
from enum import Enum
class Color(Enum):
    RED = 1
    GREEN = 2
print(Color(1).name, Color["GREEN"].value, [c.name for c in Color])
try:
    print(len(Color))
except TypeError as e:
    print("TypeError")
