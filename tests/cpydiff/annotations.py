# README row: annotations
# upy: NameError name 'Later' isn't defined
# upy: {}
# (as a plug-in, where the case's body runs in a function, no annotation of a def is kept)
# upy-plugin: {}
# upy-plugin: {}
# cpython: {'x': 'Later', 'return': 'None'}
# cpython: {'x': 'int'}
from __future__ import annotations
try:
    def f(x: Later) -> None:
        pass
    print(f.__annotations__)
except NameError as e:
    print("NameError", e)
def outer():
    def inner(x: int):
        pass
    return inner.__annotations__
print(outer())
