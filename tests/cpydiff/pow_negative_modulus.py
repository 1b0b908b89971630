# README row: `pow(a, b, m)` with `m < 0`
# upy: 4 4
# cpython: -1 -3
print(pow(3, 2, -5), pow(2, 5, -7))
