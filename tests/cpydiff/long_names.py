# README row: names longer than 255 bytes (attributes, keywords; e.g. a JSON key given to `extism.input(SomeDataclass)`)
# upy: RuntimeError name too long
# upy: RuntimeError name too long
# cpython: 1
# cpython: 1
class A:
    pass
name = "a" * 300
try:
    setattr(A, name, 1)
    print(getattr(A, name))
except RuntimeError as e:
    print("RuntimeError", e)
def f(**kw):
    return len(kw)
try:
    print(f(**{name: 1}))
except RuntimeError as e:
    print("RuntimeError", e)
