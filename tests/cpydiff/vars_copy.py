# README row: instance `__dict__` / `vars(obj)`
# upy: TypeError
# upy: False
# cpython: assigned True
# cpython: True
class A:
    pass
a = A()
a.x = 1
d = vars(a)
try:
    d["y"] = 2
    print("assigned", hasattr(a, "y"))
except TypeError as e:
    print("TypeError")
print(a.__dict__ is a.__dict__)
