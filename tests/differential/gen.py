"""Random cases for tests/differential.rs, with CPython (which runs this) as the oracle.

    python3 gen.py exprs SEED COUNT   a script: `check(i, lambda: EXPR)` per case; it prints
                                      `i repr(value)` or `i raises ExceptionType`
    python3 gen.py json SEED COUNT    JSON lines {"variant", "input", "expected"}: a document
                                      as text, and what CPython's json.dumps(json.loads(text))
                                      gives for it (variant "plain" or "sorted-indented")

The expressions stay within what we document as CPython's behaviour (README, "Differences
from CPython"): arithmetic on ints of any size and on floats, str/bytes/list/tuple methods, and
slicing. Left out, as documented differences: ints beyond 2**53 meeting floats (converted with
up to an ulp of error, and compared after conversion), pow() with a negative modulus, and
float powers, which come from musl's libm rather than the C library CPython uses.
"""

import json
import random
import sys

# Text with ASCII, Latin-1, Greek, CJK, an emoji, whitespace and the separators the methods use.
ALPHABET = "abcxyzABCXYZ 0123456789 ,.-_é ßΣσ 中文 😀\t"


def rand_int(r):
    kind = r.randrange(5)
    if kind == 0:
        return r.randint(-20, 20)
    if kind == 1:  # around the small-int and machine-word edges
        edge = r.choice([2**30, 2**31, 2**32, 2**62, 2**63, 2**64])
        return r.choice([1, -1]) * (edge + r.randint(-2, 2))
    if kind == 2:
        return r.randint(-(10**9), 10**9)
    digits = r.randint(10, 120)
    return r.choice([1, -1]) * r.randrange(10 ** (digits - 1), 10**digits)


def rand_float(r):
    kind = r.randrange(6)
    if kind == 0:
        return round(r.uniform(-1000, 1000), r.randint(0, 6))
    if kind == 1:
        return r.uniform(-1, 1) * 10 ** r.randint(-300, 300)
    if kind == 2:
        return float(r.randint(-(2**53), 2**53))
    if kind == 3:
        return r.choice([0.0, -0.0, 0.1, 0.5, 1.5, 2.5, 1e16, 1e-7, 5e-324, 1.7976931348623157e308])
    if kind == 4:
        return r.randint(1, 999) / r.choice([3, 7, 10, 1000])
    return r.random()


def rand_str(r, max_len=12):
    return "".join(r.choice(ALPHABET) for _ in range(r.randint(0, max_len)))


def float_safe_int(r):
    """An int that converts to float exactly."""
    return r.randint(-(2**53), 2**53) if r.random() < 0.5 else r.randint(-1000, 1000)


def num(r):
    return repr(float_safe_int(r)) if r.random() < 0.6 else repr(rand_float(r))


def int_expr(r):
    a, b = rand_int(r), rand_int(r)
    small = r.randint(0, 40)
    return r.choice([
        f"({a}) + ({b})", f"({a}) - ({b})", f"({a}) * ({b})",
        f"({a}) // ({b})", f"({a}) % ({b})", f"divmod({a}, {b})",
        f"({a}) ** {small % 12}", f"({a}) << {small}", f"({a}) >> {small}",
        f"({a}) & ({b})", f"({a}) | ({b})", f"({a}) ^ ({b})", f"~({a})", f"-({a})",
        f"abs({a})", f"pow({a}, {small}, {abs(b) or 7})", f"({a}) < ({b})", f"({a}) == ({b})",
        f"int(str({a}))", f"str({a})", f"hex({a})", f"bin({a} % 100000)", f"oct({a})",
        f"int({str(a)!r}, 10)", f"int({hex(a)!r}, 16)", f"({a}) // ({small} or 1) * ({b})",
        f"max({a}, {b}, {small})", f"sum([{a}, {b}, {small}])", f"hash({a}) == hash({a})",
        f"({float_safe_int(r)}) * 1.5", f"float({float_safe_int(r)}) == {float_safe_int(r)}",
    ])


def float_expr(r):
    a, b = num(r), num(r)
    return r.choice([
        f"{a} + {b}", f"{a} - {b}", f"{a} * {b}", f"{a} / {b}", f"{a} // {b}", f"{a} % {b}",
        f"abs({a})", f"-({a})", f"{a} < {b}", f"{a} == {b}",
        f"int({rand_float(r)!r})", f"float({repr(rand_float(r))!r})", f"float({str(float_safe_int(r))!r})",
        f"repr({rand_float(r)!r})", f"str({rand_float(r)!r})", f"{rand_float(r)!r}",
        f"round({rand_float(r)!r})", f"round({rand_float(r)!r}, {r.randint(-4, 8)})",
        f"min({a}, {b})", f"divmod({a}, {b})",
        f"'%.6f' % ({a})", f"'%g' % ({a})", f"'%e' % ({a})", f"format({a}, '.3f')",
    ])


STR_METHODS = [
    "upper()", "lower()", "strip()", "lstrip()", "rstrip()", "strip({c!r})", "split()",
    "split({c!r})", "split({c!r}, {k})", "rsplit({c!r}, {k})", "replace({c!r}, {d!r})",
    "replace({c!r}, {d!r}, {k})", "find({c!r})", "rfind({c!r})", "index({c!r})", "count({c!r})",
    "startswith({c!r})", "endswith({c!r})", "center({w})", "center({w}, {f!r})", "ljust({w})",
    "rjust({w}, {f!r})", "zfill({w})", "partition({c!r})", "rpartition({c!r})", "isdigit()",
    "isalpha()", "isspace()", "isupper()", "islower()", "encode()", "encode().decode()",
    "join({lst!r})", "splitlines()", "format()",
]


def slice_of(r):
    def bound():
        return r.choice(["", str(r.randint(-15, 15))])
    step = r.choice(["", "", str(r.choice([-3, -2, -1, 1, 2, 3, 5]))])
    return f"[{bound()}:{bound()}" + (f":{step}" if step else "") + "]"


def str_expr(r):
    s = rand_str(r)
    method = r.choice(STR_METHODS).format(
        c=r.choice([rand_str(r, 2), " ", ",", "a", "é"]) or "x",
        d=rand_str(r, 3),
        k=r.randint(-1, 3),
        w=r.randint(0, 20),
        f=r.choice(ALPHABET.replace("\t", "")),
        lst=[rand_str(r, 4) for _ in range(r.randint(0, 4))],
    )
    seq = r.choice([
        repr(s), repr(s.encode()), repr(list(range(r.randint(0, 12)))),
        repr(tuple(rand_str(r, 2) for _ in range(r.randint(0, 6)))), f"bytearray({s.encode()!r})",
    ])
    return r.choice([
        f"{s!r}.{method}", f"{seq}{slice_of(r)}", f"{seq}[{r.randint(-15, 15)}]",
        f"{s!r} * {r.randint(-1, 3)}", f"{s!r} + {rand_str(r)!r}", f"{rand_str(r, 2)!r} in {s!r}",
        f"sorted({s!r})", f"list(reversed({s!r}))", f"[ord(ch) for ch in {s!r}]",
        f"{s!r} < {rand_str(r)!r}", f"len({s.encode()!r})", f"{s.encode()!r}.decode()",
        f"{s!r}.encode(){slice_of(r)}", f"'%s|%r|%5s' % ({s!r}, {s!r}, {s[:3]!r})",
        f"format({s!r}, '>{r.randint(0, 15)}')", f"str({seq})", f"repr({s!r})",
    ])


def exprs(seed, count):
    r = random.Random(seed)
    print(f"# seed {seed}")
    print("def check(i, f):")
    print("    try:")
    print("        value = f()")
    print("    except Exception as e:")
    print("        print(i, 'raises', type(e).__name__)")
    print("    else:")
    print("        print(i, repr(value))")
    for i in range(count):
        expr = r.choice([int_expr, float_expr, str_expr])(r)
        print(f"check({i}, lambda: {expr})")


def rand_json(r, depth=0):
    kind = r.randrange(8 if depth < 5 else 6)
    if kind == 0:
        return rand_int(r)
    if kind == 1:
        f = rand_float(r)
        return f if f == f and abs(f) != float("inf") else 0.5
    if kind == 2:
        return "".join(r.choice(ALPHABET + '"\\/\n\r\b\f\x00\x1f\x7f\u2028') for _ in range(r.randint(0, 10)))
    if kind == 3:
        return r.choice([True, False, None])
    if kind in (4, 5):
        return rand_str(r, 6)
    if kind == 6:
        return [rand_json(r, depth + 1) for _ in range(r.randint(0, 5))]
    return {rand_str(r, 5): rand_json(r, depth + 1) for _ in range(r.randint(0, 5))}


def json_cases(seed, count):
    r = random.Random(seed)
    for _ in range(count):
        doc = rand_json(r)
        text = json.dumps(
            doc,
            ensure_ascii=r.random() < 0.5,
            indent=r.choice([None, None, 0, 2, "\t"]),
            separators=r.choice([None, (",", ":"), (" , ", " : ")]),
        )
        variant = r.choice(["plain", "sorted-indented"])
        value = json.loads(text)
        if variant == "plain":
            expected = json.dumps(value)
        else:
            expected = json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False)
        print(json.dumps({"variant": variant, "input": text, "expected": expected}))


if __name__ == "__main__":
    mode, seed, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    {"exprs": exprs, "json": json_cases}[mode](seed, count)
