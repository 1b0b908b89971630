# Gaps the differential tests found (tests/differential.rs), printed as CPython prints them.
print(repr(0.937), 813.9916, -550.18, 5e-324, 1e16, 1e15, 1e-4, 1e-5, 0.1 + 0.2)
print(950918439944140.0 / 0.6810919125475559, 2.5e-7, -0.0, float("1_000.25"))
print("%.6f" % 1e22, "%.3e" % 12345.678, "%g" % 1e-5, "%g" % 123456789.0, "%.10g" % (1 / 3))
print(format(3.14159, ".2f"), format("ab", ">5"), format(42, "08b"), format(1234567, ","))
print("%5s|%-5s|" % ("Σ", "中文"), "{:>6}|{:^7}|".format("ßé", "😀"))
print("ab".ljust(5, "*"), "ab".rjust(5), "Σ".center(6, "·"), "-42".zfill(6), b"7".zfill(3))
print((1, 2, 3, 4, 5)[::2], (1, 2, 3)[::-1], bytearray(b"hello")[::-2], bytearray(b"abc")[5:0:-1])
print("σς".islower(), "ΣΑ".isupper(), "4cΣa".islower(), "abc".islower(), "ABC1".isupper())
try:
    "x".center(4, "ab")
except TypeError as e:
    print("TypeError", e)
print(round(2.675, 2), round(0.125, 2), round(-2.675, 2), round(1234.5678, -2), round(25.0, -1), round(35.5, -1))
