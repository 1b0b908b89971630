# README row: argument-count errors of `binascii` functions
# upy: function missing 1 required positional arguments
# cpython: hexlify() missing required argument 'data' (pos 1)
import binascii
try:
    binascii.hexlify()
except TypeError as e:
    print(e)
