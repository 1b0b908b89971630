# README row: nesting depth of data for `repr`, `==`, `<`, `hash`, `json.dumps`
# upy: RuntimeError maximum recursion depth exceeded
# cpython: 1602
v = []
for _ in range(800):
    v = [v]
try:
    print(len(repr(v)))
except RuntimeError as e:
    print("RuntimeError", e)
