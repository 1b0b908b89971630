# Recursive calls: Python-to-Python calls and returns, small-int arithmetic and compares.


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def bench():
    return fib(25)  # 242,785 calls
