# README row: `re` with `pos > endpos`
# upy: None None
# upy: None
# cpython: <re.Match object; span=(2, 2), match=''> None
# cpython: <re.Match object; span=(2, 2), match=''>
import re
p = re.compile(r"\b|$")
print(p.match("abc", 2, 1), p.fullmatch("abc", 3, 1))
p = re.compile(r"")
print(p.match("abc", 2, 1))
