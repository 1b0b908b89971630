# README row: `bool`
# upy: False False 2
# cpython: True True 2
print(issubclass(bool, int), isinstance(True, int), True + 1)
