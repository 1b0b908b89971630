# README row: `math.log`/`exp`/`sin`/`cos`, float `**`
# upy: 1.47066442094735 8.16616991256765
# cpython: 1.4706644209473503 8.166169912567652
import math
print(repr(math.exp(0.3857142857142857)), repr(math.exp(2.1)))
