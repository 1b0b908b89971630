# README row: ints beyond 2**53 meeting floats
# upy: True
# upy: False
# cpython: False
# cpython: False
print(float(2**63 + 2) == 2**63 + 2)
print((2**63 + 2) < 2.0**63 + 1024)
