# README row: `list[int]`, `int \| None`
# upy: <class 'list'> UnionType
# upy: TypeError issubclass() arg 2 must be a class or a tuple of classes
# cpython: list[int] UnionType
# cpython: True
print(list[int], type(int | None).__name__)
try:
    print(isinstance(None, int | None))
except TypeError as e:
    print("TypeError", e)
