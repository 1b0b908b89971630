# README row: deep recursion
# upy: RuntimeError pystack exhausted
# cpython: RecursionError maximum recursion depth exceeded
def down(n):
    return down(n + 1)
try:
    down(0)
except RuntimeError as e:
    print(type(e).__name__, e)
