# README row: dunder methods of builtin types (`"s".__len__()`)
# upy: AttributeError
# upy: AttributeError
# upy: AttributeError
# cpython: 1
# cpython: 1
# cpython: 3
for f in (lambda: "s".__len__(), lambda: [1].__len__(), lambda: (1).__add__(2)):
    try:
        print(f())
    except AttributeError as e:
        print("AttributeError")
