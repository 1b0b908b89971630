# README row: `re` captures in possessive repeats
# upy: (?:(a)|b)*+c (0, 3) [(0, 1)]
# upy: (?:(a)|(b))*+ (0, 2) [(0, 1), (1, 2)]
# upy: (a|ab)*+c None None
# upy: ((a)|b)++ (0, 2) [(1, 2), (0, 1)]
# cpython: (?:(a)|b)*+c (0, 3) [(1, 1)]
# cpython: (?:(a)|(b))*+ (0, 2) [(1, 1), (1, 2)]
# cpython: (a|ab)*+c None None
# cpython: ((a)|b)++ (0, 2) [(1, 2), (1, 1)]
import re
for pattern, s in [(r"(?:(a)|b)*+c", "abc"), (r"(?:(a)|(b))*+", "ab"), (r"(a|ab)*+c", "abac"), (r"((a)|b)++", "ab")]:
    m = re.match(pattern, s)
    print(pattern, m and m.span(), m and [m.span(i) for i in range(1, (m.re.groups or 0) + 1)])
