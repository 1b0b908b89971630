# README row: `ascii()`
# upy: NameError name 'ascii' isn't defined
# cpython: '\xe9'
try:
    print(ascii("é"))
except NameError as e:
    print("NameError", e)
