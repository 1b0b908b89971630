# README row: `re` group names
# upy: True
# upy: error bad character in group name '℘' at position 4
# upy: error bad character in group name '1a' at position 4
# cpython: True
# cpython: True
# cpython: error bad character in group name '1a' at position 4
import re
for name in ("a1", "\u2118", "1a"):
    try:
        print(re.compile("(?P<%s>x)" % name).groupindex == {name: 1})
    except re.error as e:
        print("error", e)
