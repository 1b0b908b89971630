# README row: `hashlib.algorithms_available`
# upy: True False False
# cpython: True True True
import hashlib
six = {"md5", "sha1", "sha224", "sha256", "sha384", "sha512"}
print(six <= hashlib.algorithms_available, "blake2b" in hashlib.algorithms_available, "sha3_256" in hashlib.algorithms_available)
