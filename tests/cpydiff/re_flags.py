# README row: `re` flags
# upy: 2 24
# cpython: re.IGNORECASE re.MULTILINE|re.DOTALL
import re
print(re.I, re.M | re.S)
