# README row: `slice(...)` objects
# upy: TypeError can't create 'slice' instances
# upy: [1, 3]
# cpython: slice(1, 5, 2)
# cpython: [1, 3]
try:
    print(slice(1, 5, 2))
except Exception as e:
    print(type(e).__name__, e)
print([0, 1, 2, 3, 4, 5][1:5:2])
